-- Organizational life: study materials, meetings (三会一课, committee meetings) with their
-- first agenda item, attendance and appended corrections, and the required rhythm.

-- The study library: speeches, documents, book chapters, regulations.
CREATE TABLE materials (
  id {{id}},
  title TEXT NOT NULL,
  source TEXT,
  published_on TEXT,
  body TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  created_by {{int}},
  created_at {{int}} NOT NULL
) {{strict}};
CREATE INDEX materials_published ON materials (published_on);

CREATE TABLE meetings (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  region_id {{int}},
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  held_at {{int}} NOT NULL,  -- UTC milliseconds
  held_on TEXT NOT NULL,     -- the local date in Asia/Shanghai: what periods count by
  place TEXT,
  online_url TEXT,
  host TEXT,
  recorder TEXT,
  agenda TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings, in order
  first_topic_leader TEXT,
  first_topic_notes TEXT,
  minutes TEXT,
  decisions TEXT,
  state TEXT NOT NULL,  -- planned | held | recorded | confirmed
  confirmed_by {{int}},
  confirmed_at {{int}},
  created_by {{int}},
  created_at {{int}} NOT NULL,
  updated_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX meetings_org ON meetings (org_id, held_on);
CREATE INDEX meetings_held_on ON meetings (held_on);

-- The materials studied as the first agenda item, in order.
CREATE TABLE meeting_materials (
  meeting_id {{int}} NOT NULL REFERENCES meetings(id),
  material_id {{int}} NOT NULL REFERENCES materials(id),
  position {{int}} NOT NULL,
  PRIMARY KEY (meeting_id, material_id)
) {{strict}};
CREATE INDEX meeting_materials_material ON meeting_materials (material_id);

CREATE TABLE meeting_attendance (
  meeting_id {{int}} NOT NULL REFERENCES meetings(id),
  member_id {{int}} NOT NULL REFERENCES members(id),
  status TEXT NOT NULL,  -- present | excused | absent
  reason TEXT,           -- required when excused
  PRIMARY KEY (meeting_id, member_id)
) {{strict}};
CREATE INDEX meeting_attendance_member ON meeting_attendance (member_id, meeting_id);

-- A confirmed record never changes; corrections are appended with their reason.
CREATE TABLE meeting_corrections (
  id {{id}},
  meeting_id {{int}} NOT NULL REFERENCES meetings(id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by {{int}},
  created_at {{int}} NOT NULL
) {{strict}};
CREATE INDEX meeting_corrections_meeting ON meeting_corrections (meeting_id, id);

-- The required rhythm per organization kind and meeting type (defaults seeded by the
-- application from domain::DefaultMeetingRules; a city may change them).
CREATE TABLE meeting_rules (
  org_kind TEXT NOT NULL,
  type TEXT NOT NULL,
  frequency TEXT NOT NULL,  -- monthly | quarterly | yearly
  min_full_members {{int}} NOT NULL DEFAULT 0,
  PRIMARY KEY (org_kind, type)
) {{strict}};
