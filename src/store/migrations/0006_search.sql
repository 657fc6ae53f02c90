-- Full-text search over study materials and meeting minutes (DESIGN.md "Chinese text").
-- The application analyzes the text (platform/chinese_text.h) and stores its tokens:
-- SQLite in an FTS5 table (columns words, grams, pinyin; ranked by bm25), PostgreSQL in a
-- tsvector (words weight A, grams B, pinyin C, facets D; ranked by ts_rank) with a GIN index.
CREATE TABLE search_docs (
  id {{id}},
  kind TEXT NOT NULL,   -- material | minutes
  ref_id {{int}} NOT NULL,
  org_id {{int}},       -- minutes: the meeting's organization; materials: none (one library)
  title TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  dated TEXT,           -- material: published_on; minutes: the meeting's local date
  body TEXT NOT NULL,   -- the indexed text, for snippets
  facets TEXT NOT NULL, -- filter tokens: kind, tags, the organization and its ancestors
  UNIQUE (kind, ref_id)
) {{strict}};
CREATE INDEX search_docs_org ON search_docs (org_id);
--@sqlite
CREATE VIRTUAL TABLE search_fts USING fts5(words, grams, pinyin, facets, tokenize = 'unicode61 remove_diacritics 0');
--@postgres
ALTER TABLE search_docs ADD COLUMN tsv tsvector NOT NULL;
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);
--@end
