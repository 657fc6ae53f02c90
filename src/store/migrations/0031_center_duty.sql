-- Issue 15: who is on duty at a center on a day (值班安排): the duty leader, the window
-- staff, the social worker — names and posts in the order the center lists them, shown to
-- residents on the center's page (names only, as centers post their duty boards).
CREATE TABLE center_duty (
  center_id {{int}} NOT NULL REFERENCES centers(id),
  day TEXT NOT NULL,           -- YYYY-MM-DD, Shanghai
  position {{int}} NOT NULL,   -- order on the day's list, from 0
  name TEXT NOT NULL,
  post TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (center_id, day, position)
) {{strict}};
