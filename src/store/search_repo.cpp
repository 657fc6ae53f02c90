#include "store/search_repo.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "platform/clock.h"

namespace jiceng::store {
namespace {

// A query hitting more documents than this ranks only its newest this many, and counts no
// further (ranking, or even counting, every hit of a word found in most documents costs more
// than the 50 ms a search may take).
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

// PostgreSQL vectors also carry their id's bucket ("b" + id / kIdBucket): a search's newest
// hits are found by the GIN index among the newest buckets' documents (migration 11).
constexpr int64_t kIdBucket = 4096;
std::string IdBucket(int64_t id) { return "b" + std::to_string(id / kIdBucket); }

// Facet tokens: what a search filters by without leaving the full-text index — the kind
// ("kminutes"), each tag ("t" + its letters and digits, normalized), and for minutes the
// organization and every ancestor ("o" + id, from its materialized path "/1/5/23/").
std::string FacetTag(const std::string& tag) { return "t" + text::Compact(tag); }

// Date facets: a document's day ("dd20240114"), month ("dm202401"), year ("dy2024") and
// decade ("dx202"), so that a date range is a union of a few facets the full-text index
// answers by itself (DateRange), like any other filter. Dates are "YYYY-MM-DD".
struct Day {
  int y = 0, m = 0, d = 0;
  auto operator<=>(const Day&) const = default;
};

std::optional<Day> ParseDay(const std::string& date) {
  Day day;
  int n = 0;
  if (date.size() != 10 ||
      std::sscanf(date.c_str(), "%4d-%2d-%2d%n", &day.y, &day.m, &day.d, &n) != 3 || n != 10)
    return std::nullopt;
  return day;
}

std::string Digits(int value, int width) {
  std::string s = std::to_string(value);
  return std::string(static_cast<size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

std::string DateFacets(const std::string& date) {
  auto day = ParseDay(date);
  if (!day) return "";
  const std::string y = Digits(day->y, 4), m = Digits(day->m, 2);
  return "dd" + y + m + Digits(day->d, 2) + " dm" + y + m + " dy" + y + " dx" + y.substr(0, 3);
}

// The facets whose documents are exactly those dated from..to (inclusive): the largest
// whole decade, year, month or day at each step.
std::vector<std::string> DateRange(Day from, Day to) {
  std::vector<std::string> out;
  for (Day at = from; at <= to;) {
    const bool year_start = at.m == 1 && at.d == 1;
    if (year_start && at.y % 10 == 0 && Day{at.y + 9, 12, 31} <= to) {
      out.push_back("dx" + Digits(at.y / 10, 3));
      at = {at.y + 10, 1, 1};
    } else if (year_start && Day{at.y, 12, 31} <= to) {
      out.push_back("dy" + Digits(at.y, 4));
      at = {at.y + 1, 1, 1};
    } else if (at.d == 1 && Day{at.y, at.m, DaysInMonth(at.y, at.m)} <= to) {
      out.push_back("dm" + Digits(at.y, 4) + Digits(at.m, 2));
      at = at.m == 12 ? Day{at.y + 1, 1, 1} : Day{at.y, at.m + 1, 1};
    } else {
      out.push_back("dd" + Digits(at.y, 4) + Digits(at.m, 2) + Digits(at.d, 2));
      at = at.d < DaysInMonth(at.y, at.m) ? Day{at.y, at.m, at.d + 1}
           : at.m == 12                   ? Day{at.y + 1, 1, 1}
                                          : Day{at.y, at.m + 1, 1};
    }
  }
  return out;
}

std::string Facets(const SearchDoc& doc, const std::string& path) {
  std::string out = "k" + doc.kind;
  if (auto dates = DateFacets(doc.dated); !dates.empty()) out += " " + dates;
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

// The match expression with the filters the facets answer: kind, tag, dates and scope
// (materials, or minutes of an organization under one of the caller's roots).
std::string FilteredMatch(const SearchFilter& f, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgres;
  auto facet = [&](const std::string& token) {
    return pg ? PgLexeme(std::string(kFacetNamespace) + token) : "facets:\"" + token + "\"";
  };
  const std::string conj = pg ? " & " : " AND ", disj = pg ? " | " : " OR ";
  std::string expr = "(" + MatchExpression(*f.query, dialect) + ")";
  if (!f.kind.empty()) expr += conj + facet("k" + f.kind);
  if (!f.tag.empty()) expr += conj + facet(FacetTag(f.tag));
  if (!f.from.empty() || !f.to.empty()) {
    // Validated dates; open ends are the first and last a document can carry.
    auto from = ParseDay(f.from.empty() ? "1921-01-01" : f.from);
    auto to = ParseDay(f.to.empty() ? "2200-12-31" : f.to);
    std::string dates;
    if (from && to)
      for (const auto& d : DateRange(*from, *to)) dates += (dates.empty() ? "" : disj) + facet(d);
    // An empty range matches nothing: a facet no document has.
    expr += conj + "(" + (dates.empty() ? facet("dnone") : dates) + ")";
  }
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
    tx.Exec(kInsertVector, {id, PgVector(doc.tokens, facets + " " + IdBucket(id))});
  else
    tx.Exec(kInsertFts, {id, doc.tokens.words, doc.tokens.grams, doc.tokens.pinyin, facets});
}

void SearchRepository::MoveFacets(Tx& tx, const std::string& path_prefix) {
  Params params;
  std::string sql =
      "SELECT d.id, d.kind, d.tags, o.path, d.facets, d.dated FROM search_docs d "
      "JOIN orgs o ON o.id = d.org_id WHERE " +
      PathPrefixClause("o.path", {path_prefix}, params, tx.dialect());
  for (const auto& r : tx.Fetch({"search_docs_under", sql.c_str()}, params)) {
    SearchDoc doc;
    doc.kind = r.Text(1);
    doc.tags_json = r.Text(2);
    doc.dated = r.OptText(5).value_or("");
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

namespace {

// The page's documents, selected as `d` beside the ranked ids `r` (id, score).
std::string PageColumns() {
  return "d.kind, d.ref_id, d.org_id, d.title, d.tags, d.dated, substr(d.body, 1, " +
         std::to_string(text::kMaxAnalyzedCodePoints) + "), r.score";
}

SearchHit HitOf(const Row& r, size_t at) {
  return {r.Text(at),     r.Int(at + 1),  r.OptInt(at + 2), r.Text(at + 3),
          r.Text(at + 4), r.Text(at + 5), r.Text(at + 6),   r.Int(at + 7)};
}

// SQLite: FTS5 walks a term's document list newest first and answers bm25 only inside its
// own query, so the window is the id of the kRankedHits-th newest hit and the page is ranked
// by FTS5 over the ids from there.
void RankSqlite(Tx& tx, const SearchFilter& f, const std::string& from_where, const Params& base,
                SearchPage& page) {
  const std::string id = "search_fts.rowid";
  int64_t from_id = 0;
  if (!page.total_exact) {
    Params params = base;
    params.push_back(kRankedHits - 1);
    std::string sql = "SELECT " + id + from_where + " ORDER BY " + id + " DESC LIMIT 1 OFFSET ?" +
                      std::to_string(params.size());
    from_id = tx.FetchOne({"search_rank_window", sql.c_str()}, params)->Int(0);
  }
  Params params = base;
  params.push_back(from_id);
  std::string ranked = "SELECT " + id +
                       " AS id, CAST(-bm25(search_fts, 10.0, 1.0, 2.0, 0.0) * 1000000 AS INTEGER) "
                       "AS score" +
                       from_where + " AND " + id + " >= ?" + std::to_string(params.size()) +
                       " ORDER BY score DESC, " + id + " DESC";
  ranked += PageClause(f.limit, f.offset, params);
  std::string sql = "SELECT " + PageColumns() + " FROM (" + ranked +
                    ") r JOIN search_docs d ON d.id = r.id ORDER BY r.score DESC, d.id DESC";
  for (const auto& r : tx.Fetch({"search_docs", sql.c_str()}, params))
    page.hits.push_back(HitOf(r, 0));
}

// PostgreSQL: the GIN index yields its hits in no order, and every hit it yields costs a
// visit to its vector's heap page (and often to its TOASTed vector), so neither the count
// nor the window walks every hit. The newest kRankedHits + 1 hits are looked for among the
// documents of the newest id buckets, matched by the GIN index like any facet, and ranked in
// the same statement: first the newest two buckets; if they hold too few hits, as many as
// the density of hits found there says should hold enough (at least twice as many), up to
// all of them — which is also when fewer hits than that are counted exactly.
void SearchPostgres(Tx& tx, const SearchFilter& f, const std::string& from_where,
                    const Params& base, SearchPage& page) {
  const int64_t newest_id =
      tx.FetchOne({"search_newest_id", "SELECT COALESCE(MAX(id), 0) FROM search_vectors"})->Int(0);
  const int64_t newest = newest_id / kIdBucket;
  // A word most documents contain looks cheaper to PostgreSQL's planner by a scan of every
  // vector (or of the ids, newest first, checking each vector) than by the GIN index; but
  // the index answers these queries exactly, without reading a vector to decide. For the
  // rest of this transaction the planner is told so (after MAX(id), which wants the index).
  tx.Fetch({"search_plan",
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"});
  // Ranked by the query's own terms: filters (facets) would only blur the score.
  const std::string terms = MatchExpression(*f.query, Dialect::kPostgres);
  for (int64_t buckets = 2;;) {
    const bool all = buckets > newest;
    Params params = base;
    params.push_back(terms);
    const std::string terms_param = "?" + std::to_string(params.size());
    std::string window = "SELECT v.id, v.tsv" + from_where;
    if (!all) {
      std::string among;
      for (int64_t b = newest; b > newest - buckets; --b)
        among += (among.empty() ? "" : " | ") +
                 PgLexeme(std::string(kFacetNamespace) + "b" + std::to_string(b));
      params.push_back(among);
      window += " AND v.tsv @@ CAST(?" + std::to_string(params.size()) + " AS tsquery)";
    }
    window += " ORDER BY v.id DESC LIMIT " + std::to_string(kRankedHits + 1);
    // Ranked only once the window holds what it should (a short one is tried again, wider).
    params.push_back(all ? 0 : kRankedHits + 1);
    std::string ranked = "SELECT id, CAST(ts_rank(tsv, CAST(" + terms_param +
                         " AS tsquery)) * 1000000 AS BIGINT) AS score FROM "
                         "(SELECT id, tsv FROM w ORDER BY id DESC LIMIT " +
                         std::to_string(kRankedHits) +
                         ") n WHERE (SELECT COUNT(*) FROM w) >= CAST(?" +
                         std::to_string(params.size()) + " AS BIGINT) ORDER BY score DESC, id DESC";
    ranked += PageClause(f.limit, f.offset, params);
    // One row at least: the window's size, with the page's documents if it has any.
    std::string sql = "WITH w AS MATERIALIZED (" + window + "), r AS (" + ranked +
                      ") SELECT c.n, " + PageColumns() +
                      " FROM (SELECT COUNT(*) AS n FROM w) c LEFT JOIN r ON true LEFT JOIN "
                      "search_docs d ON d.id = r.id ORDER BY r.score DESC, r.id DESC";
    auto rows = tx.Fetch({"search_ranked_window", sql.c_str()}, params);
    const int64_t found = rows.at(0).Int(0);
    if (found <= kRankedHits && !all) {
      // The ids the buckets cover (the newest one is partly filled).
      const double ids = static_cast<double>((buckets - 1) * kIdBucket + newest_id % kIdBucket + 1);
      buckets =
          std::max(buckets * 2, static_cast<int64_t>(static_cast<double>(kRankedHits) * 1.25 * ids /
                                                     static_cast<double>(found + 1) / kIdBucket) +
                                    1);
      continue;
    }
    page.total = std::min(found, kRankedHits);
    page.total_exact = found <= kRankedHits;
    for (const auto& r : rows)
      if (r.OptInt(2)) page.hits.push_back(HitOf(r, 1));
    return;
  }
}

}  // namespace

SearchPage SearchRepository::Search(Tx& tx, const SearchFilter& f) {
  const bool pg = tx.dialect() == Dialect::kPostgres;
  // Every filter is in the match expression (facets): the full-text index answers alone.
  const std::string from_where = pg ? " FROM search_vectors v WHERE v.tsv @@ CAST(?1 AS tsquery)"
                                    : " FROM search_fts WHERE search_fts MATCH ?1";
  const Params base{FilteredMatch(f, tx.dialect())};
  SearchPage page;
  if (pg) {
    SearchPostgres(tx, f, from_where, base, page);
    return page;
  }
  // Counted up to kRankedHits (and one more, to tell whether there are more).
  const int64_t counted =
      tx.FetchOne({"count_search_docs", ("SELECT COUNT(*) FROM (SELECT 1" + from_where + " LIMIT " +
                                         std::to_string(kRankedHits + 1) + ") s")
                                            .c_str()},
                  base)
          ->Int(0);
  page.total = std::min(counted, kRankedHits);
  page.total_exact = counted <= kRankedHits;
  if (page.total == 0 || f.offset >= page.total) return page;
  RankSqlite(tx, f, from_where, base, page);
  return page;
}

}  // namespace jiceng::store
