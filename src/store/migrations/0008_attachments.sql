-- Attachments of meeting records (photos, PDFs, office files). The bytes live outside the
-- database, named by their SHA-256 (platform/file_store.h); a row says which meeting has
-- which file under which name.
CREATE TABLE meeting_attachments (
  id {{id}},
  meeting_id {{int}} NOT NULL REFERENCES meetings(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size {{int}} NOT NULL,
  sha256 TEXT NOT NULL,
  created_by {{int}},
  created_at {{int}} NOT NULL
) {{strict}};
CREATE INDEX meeting_attachments_meeting ON meeting_attachments (meeting_id, id);
