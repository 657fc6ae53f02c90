#include "store/unit_repo.h"

#include "domain/units.h"
#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define UNIT_COLUMNS                                                                           \
  "u.id, u.name, u.credit_code, u.type, u.employees, u.area_code, u.address, u.host_unit_id, " \
  "u.org_id, u.covering_org_id, u.coverage, u.instructor, u.full_members, u.demo, "            \
  "u.created_at, u.version "

const Query kInsertUnit{
    "insert_unit",
    "INSERT INTO units (name, credit_code, type, employees, area_code, address, host_unit_id, "
    "org_id, covering_org_id, coverage, instructor, demo, created_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id"};
const Query kSelectUnit{"select_unit", "SELECT " UNIT_COLUMNS "FROM units u WHERE u.id = ?1"};
const Query kSelectUnitByCode{"select_unit_by_code", "SELECT id FROM units WHERE credit_code = ?1"};
const Query kUpdateUnit{
    "update_unit",
    "UPDATE units SET name = ?3, type = ?4, employees = ?5, area_code = ?6, address = ?7, "
    "host_unit_id = ?8, org_id = ?9, covering_org_id = ?10, coverage = ?11, instructor = ?12, "
    "version = version + 1 WHERE id = ?1 AND version = ?2"};

UnitRecord ToUnit(const Row& r) {
  UnitRecord u;
  u.id = r.Int(0);
  u.name = r.Text(1);
  u.credit_code = r.Text(2);
  u.type = r.Text(3);
  u.employees = r.Int(4);
  u.area_code = r.Text(5);
  u.address = r.Text(6);
  u.host_unit_id = r.OptInt(7);
  u.org_id = r.Int(8);
  u.covering_org_id = r.OptInt(9);
  u.coverage = r.Text(10);
  u.instructor = r.Text(11);
  u.full_members = r.Int(12);
  u.demo = r.Int(13) != 0;
  u.created_at = r.Int(14);
  u.version = r.Int(15);
  return u;
}

std::string Where(const UnitSearch& s, Params& params, Dialect dialect) {
  std::string where = " FROM units u JOIN orgs o ON o.id = u.org_id WHERE " +
                      SubtreeClause("u.org_id", "o.path", s.scope, params, dialect);
  auto add = [&](const std::string& clause, Value v) {
    params.push_back(std::move(v));
    where += " AND " + clause + std::to_string(params.size());
  };
  if (!s.q.empty()) {
    params.push_back("%" + EscapeLike(s.q) + "%");
    params.push_back(s.q);
    where += " AND (u.name LIKE ?" + std::to_string(params.size() - 1) +
             " ESCAPE '\\' OR u.credit_code = ?" + std::to_string(params.size()) + ")";
  }
  if (!s.type.empty()) add("u.type = ?", s.type);
  if (!s.coverage.empty()) add("u.coverage = ?", s.coverage);
  if (s.needs_org) {
    add("u.full_members >= ?", domain::kMembersRequiringOwnOrg);
    where += " AND u.coverage <> 'own'";
  }
  return where;
}

}  // namespace

int64_t UnitRepository::Insert(Tx& tx, const UnitRecord& u) {
  return tx
      .FetchOne(kInsertUnit,
                {u.name, u.credit_code, u.type, u.employees, NullIfEmpty(u.area_code),
                 NullIfEmpty(u.address), Opt(u.host_unit_id), u.org_id, Opt(u.covering_org_id),
                 u.coverage, NullIfEmpty(u.instructor), int64_t{u.demo}, u.created_at})
      ->Int(0);
}

std::optional<UnitRecord> UnitRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectUnit, {id});
  return r ? std::optional(ToUnit(*r)) : std::nullopt;
}

std::optional<int64_t> UnitRepository::FindIdByCreditCode(Tx& tx, const std::string& code) {
  auto r = tx.FetchOne(kSelectUnitByCode, {code});
  return r ? std::optional(r->Int(0)) : std::nullopt;
}

bool UnitRepository::Update(Tx& tx, const UnitRecord& u, int64_t expected_version) {
  return tx.Exec(kUpdateUnit,
                 {u.id, expected_version, u.name, u.type, u.employees, NullIfEmpty(u.area_code),
                  NullIfEmpty(u.address), Opt(u.host_unit_id), u.org_id, Opt(u.covering_org_id),
                  u.coverage, NullIfEmpty(u.instructor)}) == 1;
}

std::vector<UnitRecord> UnitRepository::Search(Tx& tx, const UnitSearch& s) {
  Params params;
  std::string sql = "SELECT " UNIT_COLUMNS + Where(s, params, tx.dialect());
  sql += " ORDER BY u.id" + PageClause(s.limit, s.offset, params);
  std::vector<UnitRecord> out;
  for (const auto& r : tx.Fetch({"search_units", sql.c_str()}, params)) out.push_back(ToUnit(r));
  return out;
}

int64_t UnitRepository::Count(Tx& tx, const UnitSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + Where(s, params, tx.dialect());
  return tx.FetchOne({"count_units", sql.c_str()}, params)->Int(0);
}

std::vector<CoverageRow> UnitRepository::Coverage(Tx& tx, const Subtree& scope) {
  Params params;
  std::string sql =
      "SELECT u.type, u.coverage, CASE WHEN u.instructor IS NULL THEN 0 ELSE 1 END, COUNT(*) "
      "FROM units u JOIN orgs o ON o.id = u.org_id WHERE " +
      SubtreeClause("u.org_id", "o.path", scope, params, tx.dialect()) + " GROUP BY 1, 2, 3";
  std::vector<CoverageRow> out;
  for (const auto& r : tx.Fetch({"unit_coverage", sql.c_str()}, params))
    out.push_back({r.Text(0), r.Text(1), r.Int(2) != 0, r.Int(3)});
  return out;
}

}  // namespace jiceng::store
