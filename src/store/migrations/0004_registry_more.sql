-- Registry, continued: pinyin initials for search, committees, units and coverage,
-- transfers between organizations, and per-organization member counts kept by triggers
-- so that subtree statistics never scan the members table.

-- Pinyin initials of the name ("zsf" for 张三丰), written by the repositories.
ALTER TABLE members ADD COLUMN name_initials TEXT;
ALTER TABLE orgs ADD COLUMN name_initials TEXT;
CREATE INDEX members_initials ON members (name_initials);

-- Units: the non-party entities (enterprises, social organizations, internet companies,
-- buildings, parks) the party organizations cover. `org_id` is the organization whose
-- territory or sector the unit belongs to (its scope); `covering_org_id` the organization
-- that covers it, its own (`coverage` = own) or a joint one (joint); with none, a
-- party-building instructor may be assigned (work coverage).
CREATE TABLE units (
  id {{id}},
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,  -- GB 32100 unified social credit code
  type TEXT NOT NULL,                -- enterprise | social_org | internet | building | park
  employees {{int}} NOT NULL DEFAULT 0,
  area_code TEXT,
  address TEXT,
  host_unit_id {{int}} REFERENCES units(id),  -- the park or building it sits in
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  covering_org_id {{int}} REFERENCES orgs(id),
  coverage TEXT NOT NULL DEFAULT 'none',      -- own | joint | none
  instructor TEXT,
  full_members {{int}} NOT NULL DEFAULT 0,    -- full members working there (trigger-kept)
  demo {{int}} NOT NULL DEFAULT 0,
  created_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX units_org ON units (org_id);
CREATE INDEX units_host ON units (host_unit_id);
CREATE INDEX units_name ON units (name);

ALTER TABLE members ADD COLUMN unit_id {{int}} REFERENCES units(id);
CREATE INDEX members_unit ON members (unit_id);

-- The committee of an organization: one row per seat.
CREATE TABLE org_committee (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  seat TEXT NOT NULL,         -- secretary | deputy_secretary | member
  position {{int}} NOT NULL,  -- order within the committee
  member_id {{int}} REFERENCES members(id),
  name TEXT NOT NULL,
  part_time {{int}} NOT NULL DEFAULT 0,           -- 兼职
  non_shenzhen_hukou {{int}} NOT NULL DEFAULT 0,  -- 非深户籍
  since TEXT
) {{strict}};
CREATE INDEX org_committee_org ON org_committee (org_id, position);

-- Transfers of a member's organizational relationship (组织关系转接).
CREATE TABLE member_transfers (
  id {{id}},
  member_id {{int}} NOT NULL REFERENCES members(id),
  from_org_id {{int}} NOT NULL REFERENCES orgs(id),
  to_org_id {{int}} NOT NULL REFERENCES orgs(id),
  status TEXT NOT NULL,  -- requested | approved | rejected | completed | cancelled
  reason TEXT,
  note TEXT,             -- the receiving side's note on approval or rejection
  requested_by {{int}},
  requested_at {{int}} NOT NULL,
  decided_by {{int}},
  decided_at {{int}},
  completed_at {{int}},
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX member_transfers_member ON member_transfers (member_id, id);
CREATE INDEX member_transfers_to ON member_transfers (to_org_id, status);
CREATE INDEX member_transfers_from ON member_transfers (from_org_id, status);
-- At most one open transfer per member.
CREATE UNIQUE INDEX member_transfers_open ON member_transfers (member_id)
  WHERE status IN ('requested', 'approved');

-- Members per (organization, status). Updates and deletes keep it by triggers; inserts by
-- MemberRepository (per row, or once per organization for a multi-row insert — a trigger
-- per row was a tenth of a million-row import). Insert members only through it.
CREATE TABLE org_member_counts (
  org_id {{int}} NOT NULL,
  status TEXT NOT NULL,
  n {{int}} NOT NULL,
  PRIMARY KEY (org_id, status)
) {{strict}};
INSERT INTO org_member_counts (org_id, status, n)
SELECT org_id, status, COUNT(*) FROM members GROUP BY org_id, status;

--@sqlite
CREATE TRIGGER members_count_update AFTER UPDATE OF org_id, status ON members
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status BEGIN
  UPDATE org_member_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
  INSERT INTO org_member_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
    ON CONFLICT (org_id, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER members_count_delete AFTER DELETE ON members BEGIN
  UPDATE org_member_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
END;
CREATE TRIGGER members_unit_insert AFTER INSERT ON members
WHEN NEW.unit_id IS NOT NULL AND NEW.status = 'full' BEGIN
  UPDATE units SET full_members = full_members + 1 WHERE id = NEW.unit_id;
END;
CREATE TRIGGER members_unit_update AFTER UPDATE OF status, unit_id ON members
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.status IS NOT NEW.status BEGIN
  UPDATE units SET full_members = full_members - 1
    WHERE id = OLD.unit_id AND OLD.status = 'full';
  UPDATE units SET full_members = full_members + 1
    WHERE id = NEW.unit_id AND NEW.status = 'full';
END;
CREATE TRIGGER members_unit_delete AFTER DELETE ON members
WHEN OLD.unit_id IS NOT NULL AND OLD.status = 'full' BEGIN
  UPDATE units SET full_members = full_members - 1 WHERE id = OLD.unit_id;
END;
--@end
--@postgres
CREATE FUNCTION members_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.org_id IS NOT DISTINCT FROM NEW.org_id
     AND OLD.status IS NOT DISTINCT FROM NEW.status
     AND OLD.unit_id IS NOT DISTINCT FROM NEW.unit_id THEN
    RETURN NULL;  -- nothing counted changed
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE org_member_counts SET n = n - 1 WHERE org_id = OLD.org_id AND status = OLD.status;
    IF OLD.unit_id IS NOT NULL AND OLD.status = 'full' THEN
      UPDATE units SET full_members = full_members - 1 WHERE id = OLD.unit_id;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' THEN  -- inserts are counted by MemberRepository
    INSERT INTO org_member_counts (org_id, status, n) VALUES (NEW.org_id, NEW.status, 1)
      ON CONFLICT (org_id, status) DO UPDATE SET n = org_member_counts.n + 1;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.unit_id IS NOT NULL AND NEW.status = 'full' THEN
      UPDATE units SET full_members = full_members + 1 WHERE id = NEW.unit_id;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER members_count_change AFTER INSERT OR DELETE OR UPDATE OF org_id, status, unit_id
  ON members FOR EACH ROW EXECUTE FUNCTION members_count();
--@end

-- Name search is by substring (LIKE '%…%') or by initials, so an index on the name is never
-- used; the region index waits for the queries that distribute by region. Each costs
-- every insert (bulk imports of a million members).
DROP INDEX members_name;
DROP INDEX members_region;

-- Blind indexes are HMAC-SHA-256 truncated to 128 bits (32 hex digits): the truncation of
-- the stored 64-digit ones.
UPDATE members SET national_id_index = substr(national_id_index, 1, 32),
                   mobile_index = substr(mobile_index, 1, 32);

-- Subtree filters compare paths as byte strings (store/scope_sql.cpp): on PostgreSQL in the
-- "C" collation whatever the database's, with an index built in it.
--@postgres
CREATE INDEX orgs_path_c ON orgs (path COLLATE "C");
--@end
