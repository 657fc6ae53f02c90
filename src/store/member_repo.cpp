#include "store/member_repo.h"

#include <map>

#include "platform/pinyin.h"
#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define MEMBER_COLUMNS                                                                         \
  "m.id, m.org_id, m.region_id, m.name, m.gender, m.ethnicity, m.birth_date, "                 \
  "m.national_id_sealed, m.national_id_index, m.national_id_masked, m.mobile_sealed, "         \
  "m.mobile_index, m.mobile_masked, m.education, m.work_unit, m.shenzhen_hukou, m.status, "    \
  "m.applied_on, m.activist_on, m.candidate_on, m.joined_on, m.probation_ends_on, m.full_on, " \
  "m.left_on, m.probation_extended, m.created_at, m.version, m.demo, m.unit_id "

const Query kInsertMember{
    "insert_member",
    "INSERT INTO members (org_id, region_id, name, gender, ethnicity, birth_date, "
    "national_id_sealed, national_id_index, national_id_masked, mobile_sealed, mobile_index, "
    "mobile_masked, education, work_unit, shenzhen_hukou, status, applied_on, activist_on, "
    "candidate_on, joined_on, probation_ends_on, full_on, left_on, probation_extended, "
    "unit_id, created_at, demo, name_initials, name_pinyin) VALUES (?1, (SELECT region_id FROM "
    "orgs WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28) RETURNING id"};
const Query kCountInserted{
    "count_inserted_members",
    "INSERT INTO org_member_counts (org_id, status, n) VALUES (?1, ?2, ?3) ON CONFLICT (org_id, "
    "status) DO UPDATE SET n = org_member_counts.n + excluded.n"};
const Query kCountDemo{"count_demo_members", "SELECT COUNT(*) FROM members WHERE demo = 1"};
const Query kSelectMember{"select_member_by_id",
                          "SELECT " MEMBER_COLUMNS "FROM members m WHERE m.id = ?1"};
const Query kSelectByIdIndex{"select_member_by_national_id_index",
                             "SELECT id FROM members WHERE national_id_index = ?1"};
const Query kUpdateMember{
    "update_member",
    "UPDATE members SET org_id = ?3, region_id = (SELECT region_id FROM orgs WHERE id = ?3), "
    "name = ?4, gender = ?5, ethnicity = ?6, mobile_sealed = ?7, mobile_index = ?8, mobile_masked "
    "= ?9, education = ?10, work_unit = ?11, shenzhen_hukou = ?12, status = ?13, applied_on = "
    "?14, activist_on = ?15, candidate_on = ?16, joined_on = ?17, probation_ends_on = ?18, "
    "full_on = ?19, left_on = ?20, probation_extended = ?21, unit_id = ?22, name_initials = ?23, "
    "name_pinyin = ?24, version = version + 1 WHERE id = ?1 AND version = ?2"};

// The columns from mobile_sealed to unit_id, in the order both the INSERT and the UPDATE
// number them.
void AppendMutable(Params& p, const MemberRecord& m) {
  for (Value v :
       {NullIfEmpty(m.mobile_sealed), NullIfEmpty(m.mobile_index), NullIfEmpty(m.mobile_masked),
        NullIfEmpty(m.education), NullIfEmpty(m.work_unit), Value(int64_t{m.shenzhen_hukou}),
        Value(m.status), NullIfEmpty(m.applied_on), NullIfEmpty(m.activist_on),
        NullIfEmpty(m.candidate_on), NullIfEmpty(m.joined_on), NullIfEmpty(m.probation_ends_on),
        NullIfEmpty(m.full_on), NullIfEmpty(m.left_on), Value(int64_t{m.probation_extended}),
        m.unit_id ? Value(*m.unit_id) : Value(nullptr)})
    p.push_back(std::move(v));
}

MemberRecord ToMember(const Row& r) {
  MemberRecord m;
  m.id = r.Int(0);
  m.org_id = r.Int(1);
  m.region_id = r.OptInt(2);
  m.name = r.Text(3);
  m.gender = r.Text(4);
  m.ethnicity = r.Text(5);
  m.birth_date = r.Text(6);
  m.national_id_sealed = r.Text(7);
  m.national_id_index = r.Text(8);
  m.national_id_masked = r.Text(9);
  m.mobile_sealed = r.Text(10);
  m.mobile_index = r.Text(11);
  m.mobile_masked = r.Text(12);
  m.education = r.Text(13);
  m.work_unit = r.Text(14);
  m.shenzhen_hukou = r.Int(15) != 0;
  m.status = r.Text(16);
  m.applied_on = r.Text(17);
  m.activist_on = r.Text(18);
  m.candidate_on = r.Text(19);
  m.joined_on = r.Text(20);
  m.probation_ends_on = r.Text(21);
  m.full_on = r.Text(22);
  m.left_on = r.Text(23);
  m.probation_extended = r.Int(24) != 0;
  m.created_at = r.Int(25);
  m.version = r.Int(26);
  m.demo = r.Int(27) != 0;
  m.unit_id = r.OptInt(28);
  return m;
}

std::string Where(const MemberSearch& s, Params& params, Dialect dialect) {
  std::string where = " FROM members m JOIN orgs o ON o.id = m.org_id WHERE " +
                      SubtreeClause("m.org_id", "o.path", s.scope, params, dialect);
  auto add = [&](const std::string& clause, Value v) {
    params.push_back(std::move(v));
    where += " AND " + clause + std::to_string(params.size());
  };
  if (!s.national_id_index.empty()) add("m.national_id_index = ?", s.national_id_index);
  if (!s.mobile_index.empty()) add("m.mobile_index = ?", s.mobile_index);
  if (!s.name_like.empty()) {
    add("m.name LIKE ?", "%" + EscapeLike(s.name_like) + "%");
    where += " ESCAPE '\\'";
  }
  if (!s.initials.empty()) {
    // Ranges on the indexes instead of LIKE: "zs" matches the initials "zs", "zsf", … and
    // "dong" the spellings "dong", "dongxiaoming", … in both stores.
    auto range = [&](const char* column, const std::string& prefix) {
      std::string upper = prefix;
      upper.back() = static_cast<char>(upper.back() + 1);
      params.push_back(prefix);
      params.push_back(upper);
      return std::string("(") + column + " >= ?" + std::to_string(params.size() - 1) + " AND " +
             column + " < ?" + std::to_string(params.size()) + ")";
    };
    where += " AND (" + range("m.name_initials", s.initials) + " OR " +
             range("m.name_pinyin", s.initials) + ")";
  }
  if (!s.org_kind.empty()) add("o.kind = ?", s.org_kind);
  if (s.unit_id) add("m.unit_id = ?", *s.unit_id);
  if (!s.status.empty()) add("m.status = ?", s.status);
  return where;
}

}  // namespace

int64_t MemberRepository::Insert(Tx& tx, const MemberRecord& m) {
  tx.Touch(Topic::kMembers);
  Params p{m.org_id,
           m.name,
           m.gender,
           NullIfEmpty(m.ethnicity),
           m.birth_date,
           m.national_id_sealed,
           m.national_id_index,
           m.national_id_masked};
  AppendMutable(p, m);
  p.push_back(m.created_at);
  p.push_back(int64_t{m.demo});
  p.push_back(PinyinInitials(m.name, /*person_name=*/true));
  p.push_back(PinyinName(m.name));
  int64_t id = tx.FetchOne(kInsertMember, p)->Int(0);
  tx.Exec(kCountInserted, {m.org_id, m.status, int64_t{1}});
  return id;
}

std::optional<MemberRecord> MemberRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectMember, {id});
  return r ? std::optional(ToMember(*r)) : std::nullopt;
}

int64_t MemberRepository::CountDemo(Tx& tx) { return tx.FetchOne(kCountDemo)->Int(0); }

std::optional<int64_t> MemberRepository::FindIdByNationalIdIndex(Tx& tx, const std::string& index) {
  auto r = tx.FetchOne(kSelectByIdIndex, {index});
  return r ? std::optional(r->Int(0)) : std::nullopt;
}

bool MemberRepository::Update(Tx& tx, const MemberRecord& m, int64_t expected_version) {
  tx.Touch(Topic::kMembers);
  Params p{m.id, expected_version, m.org_id, m.name, m.gender, NullIfEmpty(m.ethnicity)};
  AppendMutable(p, m);
  p.push_back(PinyinInitials(m.name, /*person_name=*/true));
  p.push_back(PinyinName(m.name));
  return tx.Exec(kUpdateMember, p) == 1;
}

std::vector<MemberRecord> MemberRepository::Search(Tx& tx, const MemberSearch& s) {
  Params params;
  std::string sql = "SELECT " MEMBER_COLUMNS + Where(s, params, tx.dialect());
  // Sort keys come from a fixed list, never from the request text.
  const char* dir = s.descending ? " DESC" : "";
  std::string order = s.sort == "name"        ? "m.name_initials" + std::string(dir) + ", m.name"
                      : s.sort == "joined_on" ? "m.joined_on"
                                              : "m.id";
  sql += " ORDER BY " + order + dir + ", m.id" + dir + PageClause(s.limit, s.offset, params);
  std::vector<MemberRecord> out;
  for (const auto& r : tx.Fetch({"search_members", sql.c_str()}, params))
    out.push_back(ToMember(r));
  return out;
}

int64_t MemberRepository::Count(Tx& tx, const MemberSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + Where(s, params, tx.dialect());
  return tx.FetchOne({"count_members", sql.c_str()}, params)->Int(0);
}

std::vector<std::pair<std::string, int64_t>> MemberRepository::CountByStatus(Tx& tx,
                                                                             const Subtree& scope) {
  Params params;
  std::string sql =
      "SELECT c.status, SUM(c.n) FROM org_member_counts c JOIN orgs o ON o.id = "
      "c.org_id WHERE " +
      SubtreeClause("c.org_id", "o.path", scope, params, tx.dialect()) +
      " GROUP BY c.status HAVING SUM(c.n) > 0";
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : tx.Fetch({"member_counts_by_status", sql.c_str()}, params))
    out.emplace_back(r.Text(0), r.Int(1));
  return out;
}

// Positions in RowParams.
constexpr size_t kOrgParam = 0, kStatusParam = 15;

Params MemberRepository::RowParams(const MemberRecord& m) {
  Params p;
  p.reserve(29);
  p.emplace_back(m.org_id);
  p.push_back(Opt(m.region_id));
  p.emplace_back(m.name);
  p.emplace_back(m.gender);
  p.push_back(NullIfEmpty(m.ethnicity));
  p.emplace_back(m.birth_date);
  p.emplace_back(m.national_id_sealed);
  p.emplace_back(m.national_id_index);
  p.emplace_back(m.national_id_masked);
  AppendMutable(p, m);
  p.emplace_back(m.created_at);
  p.emplace_back(int64_t{m.demo});
  p.emplace_back(PinyinInitials(m.name, /*person_name=*/true));
  p.emplace_back(PinyinName(m.name));
  return p;
}

void MemberRepository::InsertMany(Tx& tx, const std::vector<Params>& rows, MemberCounts& counts) {
  tx.Touch(Topic::kMembers);
  static const std::vector<const char*> columns = {"org_id",
                                                   "region_id",
                                                   "name",
                                                   "gender",
                                                   "ethnicity",
                                                   "birth_date",
                                                   "national_id_sealed",
                                                   "national_id_index",
                                                   "national_id_masked",
                                                   "mobile_sealed",
                                                   "mobile_index",
                                                   "mobile_masked",
                                                   "education",
                                                   "work_unit",
                                                   "shenzhen_hukou",
                                                   "status",
                                                   "applied_on",
                                                   "activist_on",
                                                   "candidate_on",
                                                   "joined_on",
                                                   "probation_ends_on",
                                                   "full_on",
                                                   "left_on",
                                                   "probation_extended",
                                                   "unit_id",
                                                   "created_at",
                                                   "demo",
                                                   "name_initials",
                                                   "name_pinyin"};
  tx.InsertRows("members", columns, rows);
  for (const auto& row : rows)
    ++counts[{std::get<int64_t>(row[kOrgParam]), std::get<std::string>(row[kStatusParam])}];
}

void MemberRepository::AddCounts(Tx& tx, const MemberCounts& counts) {
  tx.Touch(Topic::kMembers);
  for (const auto& [key, n] : counts) tx.Exec(kCountInserted, {key.first, key.second, n});
}

std::vector<std::string> MemberRepository::BeginBulkLoad(Tx& tx, int64_t rows) {
  constexpr int64_t kBulkRows = 10000;
  if (rows < kBulkRows) return {};
  int64_t stored =
      tx.FetchOne({"count_all_members", "SELECT COALESCE(SUM(n), 0) FROM org_member_counts"})
          ->Int(0);
  if (rows <= stored) return {};
  return DropIndexesForLoad(tx, "members");
}

void MemberRepository::FinishBulkLoad(Tx& tx, const std::vector<std::string>& rebuild) {
  RebuildIndexes(tx, rebuild);
}

std::unordered_map<std::string, MemberRepository::ExistingMember>
MemberRepository::ExistingNationalIdIndexes(Tx& tx, const std::vector<std::string>& indexes) {
  std::unordered_map<std::string, ExistingMember> out;
  if (indexes.empty()) return out;
  // One parameter holding a JSON array: a statement with hundreds of parameters would be
  // re-prepared on every execution (SQLite's STAT4 re-plans for bound values).
  std::string list = "[";
  for (const auto& i : indexes) {
    if (list.size() > 1) list += ',';
    list += '"' + i + '"';  // hex digits: nothing to escape
  }
  list += ']';
  const Query q = tx.dialect() == Dialect::kPostgres
                      ? Query{"existing_national_id_indexes",
                              "SELECT national_id_index, id, org_id FROM members WHERE "
                              "national_id_index IN (SELECT json_array_elements_text(?1::json))"}
                      : Query{"existing_national_id_indexes",
                              "SELECT national_id_index, id, org_id FROM members WHERE "
                              "national_id_index IN (SELECT value FROM json_each(?1))"};
  for (const auto& r : tx.Fetch(q, {list})) out[r.Text(0)] = ExistingMember{r.Int(1), r.Int(2)};
  return out;
}

}  // namespace jiceng::store
