-- Issue #15: residents (居民). A resident's account is a `users` row (unusable password,
-- role `resident`); this table holds what only residents have: the mobile number they
-- signed up with — sealed and blind-indexed like members' numbers (PIPL art. 51: personal
-- information is stored encrypted), never in clear — and the community they say they live
-- in, with its review by that community's staff (pending → verified / returned).
CREATE TABLE residents (
  user_id {{int}} PRIMARY KEY REFERENCES users(id),
  mobile_index TEXT NOT NULL UNIQUE,   -- HMAC blind index of the 11 digits (platform/pii.h)
  mobile_sealed TEXT NOT NULL,         -- AES-256-GCM, field "mobile"
  mobile_masked TEXT NOT NULL,         -- 138****1234
  community_id {{int}} REFERENCES orgs(id),
  region_id {{int}},                   -- the community's district (the distribution key)
  status TEXT NOT NULL DEFAULT 'none', -- none | pending | verified | returned
  reason TEXT,                         -- why it was returned
  reviewed_by {{int}},                 -- users(id)
  reviewed_at {{int}},
  created_at {{int}} NOT NULL,         -- UTC milliseconds
  updated_at {{int}} NOT NULL,
  version {{int}} NOT NULL DEFAULT 1
) {{strict}};
CREATE INDEX residents_community ON residents (community_id, status);

-- The one live one-time code per number: only its keyed hash is kept; a new code replaces
-- the row, a right answer deletes it, wrong answers count up to the limit that burns it.
CREATE TABLE resident_codes (
  mobile_index TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  created_at {{int}} NOT NULL,
  expires_at {{int}} NOT NULL,
  failures {{int}} NOT NULL DEFAULT 0
) {{strict}};
CREATE INDEX resident_codes_expiry ON resident_codes (expires_at);
