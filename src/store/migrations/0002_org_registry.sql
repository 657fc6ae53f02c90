-- Organization registry: lifecycle and a dated history of every change, so that the tree
-- can be read as it stood on any day.

ALTER TABLE orgs ADD COLUMN status TEXT NOT NULL DEFAULT 'active';  -- active | dissolved
ALTER TABLE orgs ADD COLUMN founded_on TEXT;                       -- YYYY-MM-DD, Shanghai
ALTER TABLE orgs ADD COLUMN dissolved_on TEXT;
ALTER TABLE orgs ADD COLUMN address TEXT;
CREATE INDEX orgs_name ON orgs (name);
CREATE INDEX orgs_kind ON orgs (kind);

-- One row per change, holding the org's state from `effective_on` (a Shanghai calendar
-- date) on. The state on day D is the row with the greatest (effective_on, id) not after D.
CREATE TABLE org_history (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  effective_on TEXT NOT NULL,
  event TEXT NOT NULL,  -- create | rename | update | move | dissolve | merge
  parent_id {{int}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  actor_id {{int}},
  recorded_at {{int}} NOT NULL
) {{strict}};
CREATE INDEX org_history_org ON org_history (org_id, effective_on, id);
CREATE INDEX org_history_parent ON org_history (parent_id, effective_on);

-- Orgs that existed before this migration: founding date unknown, taken as 2000-01-01.
INSERT INTO org_history (org_id, effective_on, event, parent_id, name, kind, status, recorded_at)
SELECT id, '2000-01-01', 'create', parent_id, name, kind, 'active', created_at FROM orgs;
