-- Issue 15: photos of a center (its front door, the hall), shown to residents. The bytes are
-- kept outside the database by their SHA-256 (platform/file_store.h), as meeting attachments.
CREATE TABLE center_photos (
  id {{id}},
  center_id {{int}} NOT NULL REFERENCES centers(id),
  sha256 TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size {{int}} NOT NULL,
  created_by {{int}} REFERENCES users(id),
  created_at {{int}} NOT NULL
) {{strict}};
CREATE INDEX center_photos_center ON center_photos (center_id, id);
