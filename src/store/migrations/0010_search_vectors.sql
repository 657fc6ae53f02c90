-- PostgreSQL search keeps its tsvectors in a narrow table of their own, so that counting
-- and windowing the hits of a query reads small rows (id and a pointer to the TOASTed
-- vector) instead of the documents with their bodies; and the vectors put pinyin ("_"…)
-- and facets ("#"…) in lexeme namespaces of their own, so that a query needs no weight
-- labels — weight-labelled tsquery terms cannot be answered from the GIN index alone and
-- forced a recheck of every hit's vector. Weights stay in the vectors, for ranking. The
-- vectors are rebuilt from the materials and meetings (SearchRepository::Backfill).
-- SQLite's FTS5 table keeps its columns; nothing changes there.
--@postgres
DROP INDEX search_docs_tsv;
ALTER TABLE search_docs DROP COLUMN tsv;
CREATE TABLE search_vectors (
  id BIGINT PRIMARY KEY REFERENCES search_docs(id) ON DELETE CASCADE,
  tsv tsvector NOT NULL
);
CREATE INDEX search_vectors_tsv ON search_vectors USING gin (tsv);
--@end
