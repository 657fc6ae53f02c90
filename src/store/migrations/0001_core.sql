-- Platform core: organizations (minimal), accounts, grants, sessions, API tokens, audit.
-- Times are UTC milliseconds since the Unix epoch. Booleans are 0/1 integers.

-- The organization tree. `path` is the materialized path of ids ("/1/5/23/") so that
-- "everything under this org" is a prefix match in SQL; the in-memory index (index/)
-- answers the same question by pre-order ranges. `region_id` is the top-level region
-- (district) the org belongs to: the future distribution key.
CREATE TABLE orgs (
  id {{id}},
  parent_id {{int}} REFERENCES orgs(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  area_code TEXT,
  path TEXT NOT NULL,
  region_id {{int}},
  created_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_path ON orgs (path);

-- Accounts. `org_id` is the home organization: the security admins of its subtree manage it.
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  disabled {{int}} NOT NULL DEFAULT 0,
  failed_logins {{int}} NOT NULL DEFAULT 0,
  locked_until {{int}} NOT NULL DEFAULT 0,
  password_changed_at {{int}} NOT NULL,
  created_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX users_org ON users (org_id);

-- A role held on an organization subtree.
CREATE TABLE grants (
  id {{id}},
  user_id {{int}} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  granted_by {{int}},
  created_at {{int}} NOT NULL,
  UNIQUE (user_id, role, org_id)
) {{strict}};
CREATE INDEX grants_org ON grants (org_id);

-- Browser sessions. Only the SHA-256 of the token is stored.
CREATE TABLE sessions (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id {{int}} NOT NULL REFERENCES users(id),
  created_at {{int}} NOT NULL,
  last_seen_at {{int}} NOT NULL,
  revoked_at {{int}}
) {{strict}};
CREATE INDEX sessions_user ON sessions (user_id);

-- Bearer tokens for machine clients; they act as their user, with that user's grants.
CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  user_id {{int}} NOT NULL REFERENCES users(id),
  created_by {{int}} NOT NULL REFERENCES users(id),
  created_at {{int}} NOT NULL,
  expires_at {{int}},
  last_used_at {{int}},
  revoked_at {{int}}
) {{strict}};
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Append-only, hash-chained: hash = SHA-256(prev_hash, canonical fields); ids have no gaps.
CREATE TABLE audit_log (
  id {{id}},
  at {{int}} NOT NULL,
  actor_id {{int}},
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id {{int}},
  org_id {{int}},
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) {{strict}};
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org ON audit_log (org_id);

--@sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--@end
--@postgres
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--@end
