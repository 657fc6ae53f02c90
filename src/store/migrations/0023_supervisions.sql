-- Issue #14: supervision reminders (督办提醒). An organization above sends one to an
-- organization below whose meetings are overdue; the reminded organization's workbench
-- lists it until its secretary marks it read. `items` keeps what was overdue when it was
-- sent (JSON: [{"type", "period", "deadline"}]), as the rhythm says (service/
-- meeting_overdue.cpp); at most one reminder per organization in 24 hours.
CREATE TABLE supervisions (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),       -- the reminded organization
  region_id {{int}},                                 -- its district (the distribution key)
  from_org_id {{int}} NOT NULL REFERENCES orgs(id),  -- the organization that reminds
  sent_by {{int}},                                   -- users(id)
  items TEXT NOT NULL DEFAULT '[]',
  message TEXT,
  created_at {{int}} NOT NULL,                       -- UTC milliseconds
  read_at {{int}},
  read_by {{int}}                                    -- users(id)
) {{strict}};
CREATE INDEX supervisions_org ON supervisions (org_id, created_at);
