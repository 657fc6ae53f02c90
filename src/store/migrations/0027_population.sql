-- Issue 15: where people live, for the 1 km promise (GET /api/coverage). Weighted points —
-- geocoded addresses, or a gridded population exported to points — each with the
-- organization (street or community) whose area it lies in. GCJ-02, 1e-7 degree.
CREATE TABLE population_points (
  id {{id}},
  org_id {{int}} NOT NULL REFERENCES orgs(id),
  lat_e7 {{int}} NOT NULL,
  lng_e7 {{int}} NOT NULL,
  weight {{int}} NOT NULL,   -- people
  source TEXT NOT NULL       -- the file or generator it came from
) {{strict}};
CREATE INDEX population_points_org ON population_points (org_id);
