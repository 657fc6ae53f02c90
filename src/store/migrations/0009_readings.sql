-- Study by members: an account may be linked to the member record of the person who uses
-- it (set by a security administrator), and members' reading of study materials is kept
-- per reading session — what, when, how long — feeding the statistics of their
-- organization.

ALTER TABLE users ADD COLUMN member_id {{int}} REFERENCES members(id);
-- A member record belongs to one account at most.
CREATE UNIQUE INDEX users_member ON users (member_id);

-- One row per reading session. A reader's client reports the session again while it lasts
-- (same material and start): the row keeps the longest duration reported.
CREATE TABLE material_readings (
  id {{id}},
  member_id {{int}} NOT NULL REFERENCES members(id),
  org_id {{int}} NOT NULL REFERENCES orgs(id),  -- the member's organization when read
  material_id {{int}} NOT NULL REFERENCES materials(id),
  started_at {{int}} NOT NULL,                  -- UTC ms
  read_on TEXT NOT NULL,                        -- local date (Asia/Shanghai) of the start
  seconds {{int}} NOT NULL,
  updated_at {{int}} NOT NULL,
  UNIQUE (member_id, material_id, started_at)
) {{strict}};
CREATE INDEX material_readings_member ON material_readings (member_id, started_at);
CREATE INDEX material_readings_org ON material_readings (org_id, read_on);
CREATE INDEX material_readings_material ON material_readings (material_id);
