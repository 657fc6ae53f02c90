-- The keyed audit chain (docs/SECURITY.md, "Audit log"). Entries that exist when this runs
-- keep their unkeyed SHA-256 hash; every entry from `keyed_from` on carries an HMAC-SHA-256
-- under the audit key, kept outside the database, and the first keyed entry's prev_hash is
-- the head of the unkeyed part. The boundary is also in every signed checkpoint, so moving it
-- here (to pass rewritten entries off as unkeyed ones) is detected by `jiceng audit verify`.
CREATE TABLE audit_chain (
  id {{int}} PRIMARY KEY CHECK (id = 1),
  keyed_from {{int}} NOT NULL CHECK (keyed_from >= 1)
) {{strict}};
INSERT INTO audit_chain (id, keyed_from) SELECT 1, COALESCE(MAX(id), 0) + 1 FROM audit_log;
--@sqlite
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
--@end
--@postgres
CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--@end
