-- Facts by organization and month for every module (docs/ARCHITECTURE.md, "Facts"): the
-- sum of each measure per organization and month (YYYYMM, Asia/Shanghai), kept by the
-- application in the transaction of every write that changes it, so that a start loads
-- about one row per (organization, month, measure) into the in-memory index instead of
-- grouping the source tables (meetings, 50 M attendance rows at city scale). A measure is
-- `built` once its sums were recounted from its module's tables: a store that existed
-- before a measure (or this table) is recounted once, in the background, at the next start
-- (or by `jiceng facts rebuild`). No foreign key and no second index: every write adds to
-- a few rows by their key, and a rebuild appends millions in key order.
CREATE TABLE fact_measures (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  built {{int}} NOT NULL DEFAULT 0
) {{strict}};
--@sqlite
CREATE TABLE org_month_facts (
  org_id INTEGER NOT NULL,
  month INTEGER NOT NULL,
  measure_id INTEGER NOT NULL,  -- fact_measures(id)
  value INTEGER NOT NULL,
  PRIMARY KEY (org_id, month, measure_id)
) STRICT, WITHOUT ROWID;
--@end
--@postgres
CREATE TABLE org_month_facts (
  org_id BIGINT NOT NULL,
  month BIGINT NOT NULL,
  measure_id BIGINT NOT NULL,  -- fact_measures(id)
  value BIGINT NOT NULL,
  PRIMARY KEY (org_id, month, measure_id)
);
--@end
