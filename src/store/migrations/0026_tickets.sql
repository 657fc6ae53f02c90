-- Issue 15: one-window tickets (一窗受理). A request made at a center's window, by phone or
-- online is recorded once, sent to the units (organizations) that must act, tracked with a
-- due time (SLA) and a trail of events until it is resolved, and rated by the person who
-- asked. Overdue open tickets show in the queue of the center's managing organization.
CREATE TABLE tickets (
  id {{id}},
  center_id {{int}} NOT NULL REFERENCES centers(id),
  org_id {{int}} NOT NULL REFERENCES orgs(id),           -- the center's managing organization
  assigned_org_id {{int}} NOT NULL REFERENCES orgs(id),  -- the unit that holds it now
  channel TEXT NOT NULL,          -- walk_in | phone | online
  category TEXT NOT NULL,         -- party | government | public | convenience
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  requester_user_id {{int}} REFERENCES users(id),  -- online requests
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_sealed TEXT,      -- platform/pii.h; never in clear
  contact_phone_masked TEXT,
  status TEXT NOT NULL,           -- open | resolved
  due_at {{int}} NOT NULL,
  resolution TEXT,
  resolved_at {{int}},
  rating {{int}},                 -- 1–5, by the requester (or recorded by staff for a walk-in)
  rating_comment TEXT,
  rated_at {{int}},
  created_by {{int}} REFERENCES users(id),
  created_at {{int}} NOT NULL,
  updated_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX tickets_org ON tickets (org_id, created_at);
CREATE INDEX tickets_assigned ON tickets (assigned_org_id, status);
CREATE INDEX tickets_requester ON tickets (requester_user_id, created_at);
CREATE INDEX tickets_center ON tickets (center_id, created_at);

-- The trail: created, transferred, noted, resolved, rated.
CREATE TABLE ticket_events (
  id {{id}},
  ticket_id {{int}} NOT NULL REFERENCES tickets(id),
  at {{int}} NOT NULL,
  actor_user_id {{int}} REFERENCES users(id),
  kind TEXT NOT NULL,             -- create | transfer | note | resolve | rate
  from_org_id {{int}},
  to_org_id {{int}},
  note TEXT NOT NULL DEFAULT ''
) {{strict}};
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at);

-- The units a ticket must go to (all of them, in the order given).
CREATE TABLE ticket_units (
  ticket_id {{int}} NOT NULL REFERENCES tickets(id),
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  position {{int}} NOT NULL,
  PRIMARY KEY (ticket_id, org_id)
) {{strict}};
