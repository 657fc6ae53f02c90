-- Party members (and people in the development pipeline). National ID and mobile are
-- stored sealed (AES-256-GCM), with a keyed blind index for exact look-up and a masked
-- form for lists; the plaintext is never stored. `region_id` is the distribution key.
CREATE TABLE members (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  region_id {{int}},
  name TEXT NOT NULL,
  gender TEXT NOT NULL,            -- male | female
  ethnicity TEXT,
  birth_date TEXT NOT NULL,
  national_id_sealed TEXT NOT NULL,
  national_id_index TEXT NOT NULL UNIQUE,
  national_id_masked TEXT NOT NULL,
  mobile_sealed TEXT,
  mobile_index TEXT,
  mobile_masked TEXT,
  education TEXT,
  work_unit TEXT,
  shenzhen_hukou {{int}} NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  applied_on TEXT,
  activist_on TEXT,
  candidate_on TEXT,
  joined_on TEXT,
  probation_ends_on TEXT,
  probation_extended {{int}} NOT NULL DEFAULT 0,
  full_on TEXT,
  left_on TEXT,
  demo {{int}} NOT NULL DEFAULT 0,  -- 1: synthetic person made by `jiceng demo`
  created_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX members_org ON members (org_id);
CREATE INDEX members_name ON members (name);
CREATE INDEX members_mobile_index ON members (mobile_index);
CREATE INDEX members_region ON members (region_id);
