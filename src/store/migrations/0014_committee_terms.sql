-- Committees as the party's rules have them: the reason a seat is held by someone who is
-- not a registered full member of the organization (e.g. a part-time member from a unit in
-- the area), and each committee's term (届): elected on, for how many years, and the day
-- it expires (derived when written, kept for the re-election (换届) list).
ALTER TABLE org_committee ADD COLUMN reason TEXT;

CREATE TABLE org_committee_terms (
  org_id {{int}} PRIMARY KEY REFERENCES orgs(id),
  elected_on TEXT NOT NULL,
  term_years {{int}} NOT NULL,
  expires_on TEXT NOT NULL  -- elected_on + term_years (29 February + 1 year: 28 February)
) {{strict}};
CREATE INDEX org_committee_terms_expires ON org_committee_terms (expires_on);
