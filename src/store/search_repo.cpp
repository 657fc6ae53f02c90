#include "store/search_repo.h"

#include <algorithm>

namespace jiceng::store {
namespace {

// A query hitting more documents than this ranks only its newest this many (ranking every
// hit of a word found in most documents costs more than the 50 ms a search may take).
constexpr int64_t kRankedHits = 2000;

constexpr Query kFindDoc{"find_search_doc",
                         "SELECT id FROM search_docs WHERE kind = ?1 AND ref_id = ?2"};
constexpr Query kDeleteDoc{"delete_search_doc", "DELETE FROM search_docs WHERE id = ?1"};
constexpr Query kDeleteFts{"delete_search_fts", "DELETE FROM search_fts WHERE rowid = ?1"};
constexpr Query kInsertDocSqlite{
    "insert_search_doc",
    "INSERT INTO search_docs (kind, ref_id, org_id, title, tags, dated, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
constexpr Query kInsertFts{"insert_search_fts",
                           "INSERT INTO search_fts (rowid, words, grams, pinyin) "
                           "VALUES (?1, ?2, ?3, ?4)"};
constexpr Query kInsertDocPostgres{
    "insert_search_doc_pg",
    "INSERT INTO search_docs (kind, ref_id, org_id, title, tags, dated, body, tsv) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(?8 AS tsvector))"};

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

// The tsvector of a document: words weight A, grams B, pinyin C, positions in order
// (PostgreSQL keeps a weight per position; positions past 16,383 share the last one).
std::string PgVector(const text::Tokens& t) {
  std::string out;
  int pos = 0;
  auto add = [&](const std::string& list, char weight) {
    ForEachToken(list, [&](std::string_view tok) {
      pos = std::min(pos + 1, 16383);
      if (!out.empty()) out.push_back(' ');
      out += PgLexeme(tok) + ":" + std::to_string(pos) + weight;
    });
  };
  add(t.words, 'A');
  add(t.grams, 'B');
  add(t.pinyin, 'C');
  return out;
}

// The match expression: every gram (and lone-character prefix) of the query, or all of its
// words, or — for a query of Latin letters — every term as a pinyin prefix. The words
// branch adds nothing to what the grams find; it is there so that whole-word hits rank
// higher (bm25 and ts_rank score every matched term of the expression).
std::string MatchExpression(const text::Query& q, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  auto term = [&](const std::string& token, const char* column, char weight, bool prefix) {
    if (pg) return PgLexeme(token) + ":" + (prefix ? "*" : "") + weight;
    std::string quoted;
    for (char c : token) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return std::string(column) + ":\"" + quoted + "\"" + (prefix ? "*" : "");
  };
  const std::string conj = pg ? " & " : " AND ", disj = pg ? " | " : " OR ";
  auto all = [&](const std::vector<std::string>& tokens, const char* column, char weight,
                 bool prefix, std::string& into) {
    for (const auto& t : tokens) {
      if (!into.empty()) into += conj;
      into += term(t, column, weight, prefix);
    }
  };
  std::string grams, words, pinyin;
  all(q.grams, "grams", 'B', false, grams);
  all(q.prefixes, "grams", 'B', true, grams);
  all(q.words, "words", 'A', false, words);
  all(q.pinyin, "pinyin", 'C', true, pinyin);
  std::string expr = "(" + grams + ")";
  if (!words.empty()) expr += disj + "(" + words + ")";
  if (!pinyin.empty()) expr += disj + "(" + pinyin + ")";
  return expr;
}

// FROM … WHERE … of a filtered search; ?1 is the match expression. On SQLite the
// full-text index leads (CROSS JOIN fixes the order): driven by the kind index instead,
// SQLite would ask the index once per document — seconds instead of milliseconds.
std::string FromWhere(const SearchFilter& f, Params& params, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  params.push_back(MatchExpression(*f.query, dialect));
  std::string sql = pg ? " FROM search_docs d LEFT JOIN orgs o ON o.id = d.org_id"
                         " WHERE d.tsv @@ CAST(?1 AS tsquery)"
                       : " FROM search_fts CROSS JOIN search_docs d ON d.id = search_fts.rowid"
                         " LEFT JOIN orgs o ON o.id = d.org_id WHERE search_fts MATCH ?1";
  auto next = [&](Value v) {
    params.push_back(std::move(v));
    return "?" + std::to_string(params.size());
  };
  if (!f.kind.empty()) sql += " AND d.kind = " + next(f.kind);
  if (!f.tag.empty()) {
    std::string n = next(f.tag);
    sql += pg ? " AND jsonb_exists(d.tags::jsonb, " + n + ")"
              : " AND EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value = " + n + ")";
  }
  if (!f.from.empty()) sql += " AND d.dated >= " + next(f.from);
  if (!f.to.empty()) sql += " AND d.dated <= " + next(f.to);
  sql += " AND (d.kind = 'material'";
  if (f.minutes_scope)
    sql += " OR " + SubtreeClause("d.org_id", "o.path", *f.minutes_scope, params, dialect);
  sql += ")";
  return sql;
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
  Params p{doc.kind, doc.ref_id, Opt(doc.org_id), doc.title, doc.tags_json, doc.dated, doc.body};
  if (tx.dialect() == Dialect::kPostgres) {
    p.push_back(PgVector(doc.tokens));
    tx.Exec(kInsertDocPostgres, p);
    return;
  }
  int64_t id = tx.FetchOne(kInsertDocSqlite, p)->Int(0);
  tx.Exec(kInsertFts, {id, doc.tokens.words, doc.tokens.grams, doc.tokens.pinyin});
}

void SearchRepository::Remove(Tx& tx, const std::string& kind, int64_t ref_id) {
  auto row = tx.FetchOne(kFindDoc, {kind, ref_id});
  if (!row) return;
  if (tx.dialect() == Dialect::kSqlite) tx.Exec(kDeleteFts, {row->Int(0)});
  tx.Exec(kDeleteDoc, {row->Int(0)});
}

SearchPage SearchRepository::Search(Tx& tx, const SearchFilter& f) {
  const bool pg = tx.dialect() == Dialect::kPostgres;
  const bool all =
      f.everything && f.kind.empty() && f.tag.empty() && f.from.empty() && f.to.empty();
  SearchPage page;
  // 1. How many: without filters from the full-text index alone.
  {
    Params params;
    std::string sql =
        all ? (pg ? "SELECT COUNT(*) FROM search_docs d WHERE d.tsv @@ CAST(?1 AS tsquery)"
                  : "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH ?1")
            : "SELECT COUNT(*)" + FromWhere(f, params, tx.dialect());
    if (all) params.push_back(MatchExpression(*f.query, tx.dialect()));
    page.total = tx.FetchOne({"count_search_docs", sql.c_str()}, params)->Int(0);
  }
  if (page.total == 0 || f.offset >= page.total) return page;
  // 2. A broad query ranks its newest kRankedHits hits: the id of the oldest of them.
  int64_t from_id = 0;
  if (page.total > kRankedHits) {
    Params params;
    std::string sql =
        all ? (pg ? "SELECT d.id FROM search_docs d WHERE d.tsv @@ CAST(?1 AS tsquery)"
                  : "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1")
            : "SELECT d.id" + FromWhere(f, params, tx.dialect());
    if (all) params.push_back(MatchExpression(*f.query, tx.dialect()));
    params.push_back(kRankedHits - 1);
    sql += std::string(all && !pg ? " ORDER BY rowid" : " ORDER BY d.id") +
           " DESC LIMIT 1 OFFSET ?" + std::to_string(params.size());
    from_id = tx.FetchOne({"search_rank_window", sql.c_str()}, params)->Int(0);
  }
  // 3. The page, best first.
  Params params;
  std::string sql;
  const char* columns = "SELECT d.kind, d.ref_id, d.org_id, d.title, d.tags, d.dated, d.body, ";
  if (all && !pg) {
    // bm25 over the index alone; the page's documents joined afterwards.
    params = {MatchExpression(*f.query, tx.dialect()), from_id};
    sql = std::string(columns) +
          "s.score FROM (SELECT rowid AS id, CAST(-bm25(search_fts, 10.0, 1.0, 2.0) * 1000000 AS "
          "INTEGER) AS score FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 ORDER BY "
          "score DESC, rowid DESC" +
          PageClause(f.limit, f.offset, params) +
          ") s JOIN search_docs d ON d.id = s.id ORDER BY s.score DESC, d.id DESC";
  } else {
    std::string where = all ? " FROM search_docs d WHERE d.tsv @@ CAST(?1 AS tsquery)"
                            : FromWhere(f, params, tx.dialect());
    if (all) params.push_back(MatchExpression(*f.query, tx.dialect()));
    params.push_back(from_id);
    where += " AND d.id >= ?" + std::to_string(params.size());
    std::string score = pg ? "CAST(ts_rank(d.tsv, CAST(?1 AS tsquery)) * 1000000 AS BIGINT)"
                           : "CAST(-bm25(search_fts, 10.0, 1.0, 2.0) * 1000000 AS INTEGER)";
    sql = columns + score + " AS score" + where + " ORDER BY score DESC, d.id DESC" +
          PageClause(f.limit, f.offset, params);
  }
  for (const auto& r : tx.Fetch({"search_docs", sql.c_str()}, params))
    page.hits.push_back(
        {r.Text(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Int(7)});
  return page;
}

}  // namespace jiceng::store
