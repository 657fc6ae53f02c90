-- Two more kinds of search facets, so that the full-text index answers every filter alone:
-- a document's dates — day, month, year and decade ("dd20240114 dm202401 dy2024 dx202") —
-- make a date range a union of a few facets instead of a join to the documents; and, in
-- PostgreSQL, its id's bucket of 4,096 ("#b" + id / 4096), by which a search finds its
-- newest hits among the newest documents without reading a vector to decide (see
-- SearchRepository::Search). Documents indexed afresh already have them.
UPDATE search_docs SET facets = facets || ' dd' || replace(dated, '-', '') || ' dm' ||
  substr(dated, 1, 4) || substr(dated, 6, 2) || ' dy' || substr(dated, 1, 4) || ' dx' ||
  substr(dated, 1, 3)
WHERE length(dated) = 10 AND ' ' || facets NOT LIKE '% dd%';
--@sqlite
UPDATE search_fts SET facets = (SELECT d.facets FROM search_docs d WHERE d.id = search_fts.rowid);
--@postgres
UPDATE search_vectors v SET tsv = v.tsv || array_to_tsvector(ARRAY['#b' || (v.id / 4096)]) ||
  CASE WHEN length(d.dated) = 10 THEN array_to_tsvector(ARRAY['#dd' || replace(d.dated, '-', ''),
    '#dm' || substr(d.dated, 1, 4) || substr(d.dated, 6, 2), '#dy' || substr(d.dated, 1, 4),
    '#dx' || substr(d.dated, 1, 3)]) ELSE ''::tsvector END
FROM search_docs d WHERE d.id = v.id;
--@end
