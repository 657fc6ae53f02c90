#include "store/search_repo.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace jiceng::store {
namespace {

// A query hitting more documents than this ranks only its newest this many (ranking every
// hit of a word found in most documents costs more than the 50 ms a search may take).
constexpr int64_t kRankedHits = 2000;

constexpr Query kFindDoc{"find_search_doc",
                         "SELECT id FROM search_docs WHERE kind = ?1 AND ref_id = ?2"};
constexpr Query kDeleteDoc{"delete_search_doc", "DELETE FROM search_docs WHERE id = ?1"};
constexpr Query kDeleteFts{"delete_search_fts", "DELETE FROM search_fts WHERE rowid = ?1"};
constexpr Query kInsertDoc{
    "insert_search_doc",
    "INSERT INTO search_docs (kind, ref_id, org_id, title, tags, dated, body, facets) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"};
constexpr Query kInsertFts{"insert_search_fts",
                           "INSERT INTO search_fts (rowid, words, grams, pinyin, facets) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)"};
constexpr Query kInsertVector{"insert_search_vector",
                              "INSERT INTO search_vectors (id, tsv) VALUES (?1, CAST(?2 AS "
                              "tsvector))"};
constexpr Query kOrgPath{"search_org_path", "SELECT path FROM orgs WHERE id = ?1"};

// Splits a space-separated token list.
template <typename F>
void ForEachToken(const std::string& list, F&& f) {
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(' ', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) f(std::string_view(list).substr(start, end - start));
    start = end + 1;
  }
}

// A lexeme quoted for tsvector/tsquery input. Tokens hold letters and digits only; quotes
// and backslashes are escaped all the same.
std::string PgLexeme(std::string_view token) {
  std::string out = "'";
  for (char c : token) {
    if (c == '\'' || c == '\\') out.push_back(c == '\'' ? '\'' : '\\');
    out.push_back(c);
  }
  return out + "'";
}

// PostgreSQL keeps one tsvector per document; pinyin and facet tokens are put in lexeme
// namespaces of their own (the analyzer's tokens are letters and digits only), so that a
// query names what it wants without weight labels — labels cannot be answered from the GIN
// index and force a recheck of every hit's vector.
constexpr std::string_view kPinyinNamespace = "_", kFacetNamespace = "#";

// The tsvector of a document: words weight A, grams B, pinyin C, facets D (the weights
// rank: whole words above grams); positions in order (PostgreSQL keeps a weight per
// position; positions past 16,383 share the last one).
std::string PgVector(const text::Tokens& t, const std::string& facets) {
  std::string out;
  int pos = 0;
  auto add = [&](const std::string& list, std::string_view space, char weight) {
    ForEachToken(list, [&](std::string_view tok) {
      pos = std::min(pos + 1, 16383);
      if (!out.empty()) out.push_back(' ');
      out += PgLexeme(std::string(space) + std::string(tok)) + ":" + std::to_string(pos) + weight;
    });
  };
  add(t.words, "", 'A');
  add(t.grams, "", 'B');
  add(t.pinyin, kPinyinNamespace, 'C');
  add(facets, kFacetNamespace, 'D');
  return out;
}

// Facet tokens: what a search filters by without leaving the full-text index — the kind
// ("kminutes"), each tag ("t" + its letters and digits, normalized), and for minutes the
// organization and every ancestor ("o" + id, from its materialized path "/1/5/23/").
std::string FacetTag(const std::string& tag) { return "t" + text::Compact(tag); }

std::string Facets(const SearchDoc& doc, const std::string& path) {
  std::string out = "k" + doc.kind;
  auto tags = nlohmann::json::parse(doc.tags_json, nullptr, false);
  if (tags.is_array())
    for (const auto& t : tags)
      if (t.is_string()) out += " " + FacetTag(t.get<std::string>());
  for (size_t at = 0; at < path.size();) {
    size_t slash = std::min(path.find('/', at), path.size());
    if (slash > at) out += " o" + path.substr(at, slash - at);
    at = slash + 1;
  }
  return out;
}

// The match expression: every gram (and lone-character prefix) of the query, or all of its
// words, or — for a query of Latin letters — every term as a pinyin prefix. The words
// branch adds nothing to what the grams find; it is there so that whole-word hits rank
// higher (bm25 and ts_rank score every matched term of the expression).
std::string MatchExpression(const text::Query& q, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  auto term = [&](const std::string& token, const char* column, std::string_view space,
                  bool prefix) {
    if (pg) return PgLexeme(std::string(space) + token) + (prefix ? ":*" : "");
    std::string quoted;
    for (char c : token) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return std::string(column) + ":\"" + quoted + "\"" + (prefix ? "*" : "");
  };
  const std::string conj = pg ? " & " : " AND ", disj = pg ? " | " : " OR ";
  auto all = [&](const std::vector<std::string>& tokens, const char* column, std::string_view space,
                 bool prefix, std::string& into) {
    for (const auto& t : tokens) {
      if (!into.empty()) into += conj;
      into += term(t, column, space, prefix);
    }
  };
  std::string grams, words, pinyin;
  all(q.grams, "grams", "", false, grams);
  all(q.prefixes, "grams", "", true, grams);
  all(q.words, "words", "", false, words);
  all(q.pinyin, "pinyin", kPinyinNamespace, true, pinyin);
  std::string expr = "(" + grams + ")";
  if (!words.empty()) expr += disj + "(" + words + ")";
  if (!pinyin.empty()) expr += disj + "(" + pinyin + ")";
  return expr;
}

// The match expression with the filters the facets answer: kind, tag and scope (materials,
// or minutes of an organization under one of the caller's roots).
std::string FilteredMatch(const SearchFilter& f, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  auto facet = [&](const std::string& token) {
    return pg ? PgLexeme(std::string(kFacetNamespace) + token) : "facets:\"" + token + "\"";
  };
  const std::string conj = pg ? " & " : " AND ", disj = pg ? " | " : " OR ";
  std::string expr = "(" + MatchExpression(*f.query, dialect) + ")";
  if (!f.kind.empty()) expr += conj + facet("k" + f.kind);
  if (!f.tag.empty()) expr += conj + facet(FacetTag(f.tag));
  if (!f.everything) {
    std::string scope = facet("kmaterial");
    for (int64_t root : f.scope_roots) scope += disj + facet("o" + std::to_string(root));
    expr += conj + "(" + scope + ")";
  }
  return expr;
}

// The latest corrected value of `field`, else `value`.
std::string Corrected(const MeetingRecord& m, const char* field, const std::string& value) {
  const std::string* v = &value;
  for (const auto& c : m.corrections)
    if (c.field == field) v = &c.value;
  return *v;
}

}  // namespace

SearchDoc MaterialDoc(const MaterialRecord& m) {
  SearchDoc doc;
  doc.kind = "material";
  doc.ref_id = m.id;
  doc.title = m.title;
  doc.tags_json = m.tags_json;
  doc.dated = m.published_on;
  doc.body = m.body;
  doc.tokens = text::Analyze(m.title + "\n" + m.source + "\n" + m.body, false);
  doc.tokens.pinyin = text::Analyze(m.title, true).pinyin;
  return doc;
}

std::optional<SearchDoc> MeetingDoc(const MeetingRecord& m) {
  std::string body;
  for (auto [field, value] :
       {std::pair{"first_topic.notes", &m.first_topic_notes}, std::pair{"minutes", &m.minutes},
        std::pair{"decisions", &m.decisions}}) {
    std::string v = Corrected(m, field, *value);
    if (!v.empty()) body += (body.empty() ? "" : "\n") + v;
  }
  if (body.empty()) return std::nullopt;
  SearchDoc doc;
  doc.kind = "minutes";
  doc.ref_id = m.id;
  doc.org_id = m.org_id;
  doc.title = Corrected(m, "title", m.title);
  doc.dated = m.held_on;
  doc.body = std::move(body);
  doc.tokens = text::Analyze(doc.title + "\n" + doc.body, false);
  doc.tokens.pinyin = text::Analyze(doc.title, true).pinyin;
  return doc;
}

void SearchRepository::Backfill(Tx& tx) {
  for (const auto& r : tx.Fetch({"materials_to_index", "SELECT id FROM materials ORDER BY id"}))
    Put(tx, MaterialDoc(*MaterialRepository::FindById(tx, r.Int(0))));
  for (const auto& r : tx.Fetch({"meetings_to_index",
                                 "SELECT id FROM meetings WHERE COALESCE(minutes, '') <> '' OR "
                                 "COALESCE(decisions, '') <> '' OR "
                                 "COALESCE(first_topic_notes, '') <> '' ORDER BY id"}))
    if (auto doc = MeetingDoc(*MeetingRepository::FindById(tx, r.Int(0)))) Put(tx, *doc);
}

void SearchRepository::Put(Tx& tx, const SearchDoc& doc) {
  Remove(tx, doc.kind, doc.ref_id);
  std::string path;
  if (doc.org_id)
    if (auto r = tx.FetchOne(kOrgPath, {*doc.org_id})) path = r->Text(0);
  const std::string facets = Facets(doc, path);
  Params p{doc.kind,      doc.ref_id, Opt(doc.org_id), doc.title,
           doc.tags_json, doc.dated,  doc.body,        facets};
  int64_t id = tx.FetchOne(kInsertDoc, p)->Int(0);
  if (tx.dialect() == Dialect::kPostgres)
    tx.Exec(kInsertVector, {id, PgVector(doc.tokens, facets)});
  else
    tx.Exec(kInsertFts, {id, doc.tokens.words, doc.tokens.grams, doc.tokens.pinyin, facets});
}

void SearchRepository::MoveFacets(Tx& tx, const std::string& path_prefix) {
  Params params;
  std::string sql =
      "SELECT d.id, d.kind, d.tags, o.path, d.facets FROM search_docs d JOIN orgs o ON o.id = "
      "d.org_id WHERE " +
      PathPrefixClause("o.path", {path_prefix}, params, tx.dialect());
  for (const auto& r : tx.Fetch({"search_docs_under", sql.c_str()}, params)) {
    SearchDoc doc;
    doc.kind = r.Text(1);
    doc.tags_json = r.Text(2);
    doc.org_id = 0;
    const std::string facets = Facets(doc, r.Text(3));
    if (tx.dialect() == Dialect::kPostgres) {
      // Old facet lexemes out, new ones in; the text's lexemes stay.
      std::string old = "{";
      ForEachToken(r.Text(4), [&](std::string_view t) {
        old += (old.size() > 1 ? "," : "") + std::string(kFacetNamespace) + std::string(t);
      });
      tx.Exec({"move_search_facets_pg",
               "UPDATE search_vectors SET tsv = ts_delete(tsv, CAST(?2 AS text[])) || CAST(?3 AS "
               "tsvector) WHERE id = ?1"},
              {r.Int(0), old + "}", PgVector({}, facets)});
      tx.Exec({"move_search_facets", "UPDATE search_docs SET facets = ?2 WHERE id = ?1"},
              {r.Int(0), facets});
      continue;
    }
    auto fts = tx.FetchOne(
        {"search_fts_tokens", "SELECT words, grams, pinyin FROM search_fts WHERE rowid = ?1"},
        {r.Int(0)});
    tx.Exec(kDeleteFts, {r.Int(0)});
    tx.Exec(kInsertFts, {r.Int(0), fts->Text(0), fts->Text(1), fts->Text(2), facets});
    tx.Exec({"move_search_facets", "UPDATE search_docs SET facets = ?2 WHERE id = ?1"},
            {r.Int(0), facets});
  }
}

void SearchRepository::Remove(Tx& tx, const std::string& kind, int64_t ref_id) {
  auto row = tx.FetchOne(kFindDoc, {kind, ref_id});
  if (!row) return;
  if (tx.dialect() == Dialect::kSqlite) tx.Exec(kDeleteFts, {row->Int(0)});
  tx.Exec(kDeleteDoc, {row->Int(0)});
}

SearchPage SearchRepository::Search(Tx& tx, const SearchFilter& f) {
  const bool pg = tx.dialect() == Dialect::kPostgres;
  // Everything but dates is in the match expression (facets); dates need the documents.
  const bool dated = !f.from.empty() || !f.to.empty();
  const std::string match = FilteredMatch(f, tx.dialect());
  // PostgreSQL counts and windows over the narrow vectors table (exact GIN matches, no
  // document read); SQLite over the FTS index.
  std::string from_where =
      pg      ? (dated ? " FROM search_vectors v JOIN search_docs d ON d.id = v.id WHERE v.tsv @@ "
                         "CAST(?1 AS tsquery)"
                       : " FROM search_vectors v WHERE v.tsv @@ CAST(?1 AS tsquery)")
      : dated ? " FROM search_fts CROSS JOIN search_docs d ON d.id = search_fts.rowid WHERE "
                "search_fts MATCH ?1"
              : " FROM search_fts WHERE search_fts MATCH ?1";
  const std::string id = pg ? "v.id" : dated ? "d.id" : "search_fts.rowid";
  Params base{match};
  if (!f.from.empty()) {
    base.push_back(f.from);
    from_where += " AND d.dated >= ?" + std::to_string(base.size());
  }
  if (!f.to.empty()) {
    base.push_back(f.to);
    from_where += " AND d.dated <= ?" + std::to_string(base.size());
  }
  SearchPage page;
  // A word most documents contain looks cheaper to PostgreSQL's planner by a scan of every
  // vector (or of the ids, newest first, checking each vector) than by the GIN index; but the
  // index answers these queries exactly, without reading a single vector. For the count and
  // the window, the planner is told so (for this transaction only).
  if (pg)
    tx.Fetch({dated ? "search_plan_dated" : "search_plan",
              dated ? "SELECT set_config('enable_seqscan', 'off', true)"
                    : "SELECT set_config('enable_seqscan', 'off', true), "
                      "set_config('enable_indexscan', 'off', true)"});
  page.total =
      tx.FetchOne({"count_search_docs", ("SELECT COUNT(*)" + from_where).c_str()}, base)->Int(0);
  if (page.total == 0 || f.offset >= page.total) return page;
  // A broad query ranks its newest kRankedHits hits: the id of the oldest of them.
  int64_t from_id = 0;
  if (page.total > kRankedHits) {
    Params params = base;
    params.push_back(kRankedHits - 1);
    std::string sql = "SELECT " + id + from_where + " ORDER BY " + id + " DESC LIMIT 1 OFFSET ?" +
                      std::to_string(params.size());
    from_id = tx.FetchOne({"search_rank_window", sql.c_str()}, params)->Int(0);
  }
  if (pg && !dated)  // the page's documents are joined by their primary key
    tx.Fetch({"search_plan_page", "SELECT set_config('enable_indexscan', 'on', true)"});
  // The page, best first: ranked over the index alone, the page's documents joined after.
  Params params = base;
  params.push_back(from_id);
  const std::string from_id_param = "?" + std::to_string(params.size());
  std::string score = pg ? "CAST(ts_rank(v.tsv, CAST(?1 AS tsquery)) * 1000000 AS BIGINT)"
                         : "CAST(-bm25(search_fts, 10.0, 1.0, 2.0, 0.0) * 1000000 AS INTEGER)";
  std::string ranked = "SELECT " + id + " AS id, " + score + " AS score" + from_where + " AND " +
                       id + " >= " + from_id_param + " ORDER BY score DESC, " + id + " DESC";
  ranked += PageClause(f.limit, f.offset, params);
  std::string sql =
      "SELECT d.kind, d.ref_id, d.org_id, d.title, d.tags, d.dated, substr(d.body, 1, " +
      std::to_string(text::kMaxAnalyzedCodePoints) + "), s.score FROM (" + ranked +
      ") s JOIN search_docs d ON d.id = s.id ORDER BY s.score DESC, d.id DESC";
  for (const auto& r : tx.Fetch({"search_docs", sql.c_str()}, params))
    page.hits.push_back(
        {r.Text(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7)});
  return page;
}

}  // namespace jiceng::store
