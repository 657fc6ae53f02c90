#include "service/unit_service.h"

#include <nlohmann/json.hpp>

#include "domain/identifiers.h"
#include "domain/units.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::units {
namespace {

using domain::Permission;

Status InScope(const Context& ctx, const Actor& actor, Permission p, int64_t org) {
  if (!ctx.orgs.snapshot()->Find(org)) return NotFound("组织不存在 / organization not found");
  if (!actor.principal) return {};  // CLI: the operator of the database
  return orgs::Allow(ctx, *actor.principal, p, org);
}

std::string Snapshot(const store::UnitRecord& u) {
  return nlohmann::json{
      {"name", u.name},         {"credit_code", u.credit_code},
      {"type", u.type},         {"org_id", u.org_id},
      {"coverage", u.coverage}, {"covering_org_id", u.covering_org_id ? *u.covering_org_id : 0},
      {"version", u.version}}
      .dump();
}

// Every rule a unit's state must satisfy, for both creation and update.
Status Validate(store::Tx& tx, const Context& ctx, const Actor& actor, store::UnitRecord& u) {
  JICENG_CHECK(ValidateName(u.name, "name", 100, true));
  JICENG_CHECK(ValidateName(u.address, "address", 200, false));
  JICENG_CHECK(ValidateName(u.instructor, "instructor", 50, false));
  auto type = domain::ParseUnitType(u.type);
  if (!type) return BadInput("type", "未知的单位类型 / unknown unit type");
  auto coverage = domain::ParseCoverage(u.coverage);
  if (!coverage) return BadInput("coverage", "覆盖方式须为 own、joint 或 none / unknown coverage");
  if (u.employees < 0 || u.employees > 10'000'000)
    return BadInput("employees", "从业人数无效 / invalid number of employees");
  if (!u.area_code.empty()) JICENG_CHECK(domain::ParseAreaCode(u.area_code).transform([](auto) {}));
  JICENG_CHECK(domain::ValidateCoverage(*coverage, u.covering_org_id));
  JICENG_CHECK(InScope(ctx, actor, Permission::kManageOrgs, u.org_id));
  if (u.covering_org_id)
    JICENG_CHECK(InScope(ctx, actor, Permission::kManageOrgs, *u.covering_org_id));
  std::optional<domain::UnitType> host_type;
  if (u.host_unit_id) {
    auto host = store::UnitRepository::FindById(tx, *u.host_unit_id);
    if (!host || host->id == u.id)
      return BadInput("host_unit_id", "所在园区或楼宇不存在 / host unit not found");
    JICENG_CHECK(InScope(ctx, actor, Permission::kReadOrgs, host->org_id));
    host_type = domain::ParseUnitType(host->type);
  }
  return domain::ValidateHost(*type, host_type);
}

}  // namespace

Result<store::UnitRecord> CreateInTx(store::Tx& tx, const Context& ctx, const Actor& actor,
                                     const UnitInput& in) {
  store::UnitRecord u;
  JICENG_TRY(code, domain::ParseCreditCode(in.credit_code));
  u.name = in.name;
  u.credit_code = code;
  u.type = in.type;
  u.employees = in.employees;
  u.area_code = in.area_code;
  u.address = in.address;
  u.host_unit_id = in.host_unit_id;
  u.org_id = in.org_id;
  u.covering_org_id = in.covering_org_id;
  u.coverage = in.coverage.empty() ? "none" : in.coverage;
  u.instructor = in.instructor;
  u.created_at = ctx.clock.NowMs();
  JICENG_CHECK(Validate(tx, ctx, actor, u));
  if (store::UnitRepository::FindIdByCreditCode(tx, u.credit_code))
    return Fail(ErrorKind::kConflict, "duplicate_credit_code",
                "统一社会信用代码已登记 / this credit code is already registered", "credit_code");
  u.id = store::UnitRepository::Insert(tx, u);
  audit::Record(tx, ctx, actor, {"unit.create", "unit", u.id, u.org_id, std::nullopt, Snapshot(u)});
  return u;
}

Result<store::UnitRecord> Create(const Context& ctx, const Actor& actor, const UnitInput& in) {
  return ctx.db.Write([&](store::Tx& tx) { return CreateInTx(tx, ctx, actor, in); });
}

Result<store::UnitRecord> Get(const Context& ctx, const domain::Principal& who, int64_t id) {
  auto u = ctx.db.Read([&](store::Tx& tx) { return store::UnitRepository::FindById(tx, id); });
  if (!u) return NotFound("单位不存在 / unit not found");
  JICENG_CHECK(InScope(ctx, Actor{&who, ""}, Permission::kReadOrgs, u->org_id));
  return *u;
}

Result<store::UnitRecord> Update(const Context& ctx, const Actor& actor, int64_t id,
                                 const UnitPatch& p) {
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::UnitRecord> {
    auto found = store::UnitRepository::FindById(tx, id);
    if (!found) return NotFound("单位不存在 / unit not found");
    JICENG_CHECK(InScope(ctx, actor, Permission::kManageOrgs, found->org_id));
    store::UnitRecord u = *found;
    if (p.name) u.name = *p.name;
    if (p.type) u.type = *p.type;
    if (p.area_code) u.area_code = *p.area_code;
    if (p.address) u.address = *p.address;
    if (p.coverage) u.coverage = *p.coverage;
    if (p.instructor) u.instructor = *p.instructor;
    if (p.employees) u.employees = *p.employees;
    if (p.org_id) u.org_id = *p.org_id;
    if (p.host_unit_id) u.host_unit_id = *p.host_unit_id;
    if (p.covering_org_id) u.covering_org_id = *p.covering_org_id;
    JICENG_CHECK(Validate(tx, ctx, actor, u));
    if (!store::UnitRepository::Update(tx, u, p.version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "单位已被他人修改，请刷新 / the unit was changed by someone else; reload");
    auto after = *store::UnitRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {"unit.update", "unit", id, after.org_id, Snapshot(*found), Snapshot(after)});
    return after;
  });
}

Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q) {
  auto roots = domain::ScopeRoots(who, Permission::kReadOrgs);
  if (roots.empty()) return Forbidden();
  if (!q.type.empty() && !domain::ParseUnitType(q.type))
    return BadInput("type", "未知的单位类型 / unknown unit type");
  if (!q.coverage.empty() && !domain::ParseCoverage(q.coverage))
    return BadInput("coverage", "覆盖方式须为 own、joint 或 none / unknown coverage");
  if (q.under) {
    JICENG_CHECK(InScope(ctx, Actor{&who, ""}, Permission::kReadOrgs, *q.under));
    roots = {*q.under};
  }
  store::UnitSearch s;
  s.q = q.q;
  s.type = q.type;
  s.coverage = q.coverage;
  s.needs_org = q.needs_org;
  s.limit = q.size;
  s.offset = (q.page - 1) * q.size;
  return ctx.db.Read([&](store::Tx& tx) -> Result<Page> {
    s.scope = orgs::SubtreeOf(ctx, tx, roots);
    Page page;
    page.total = store::UnitRepository::Count(tx, s);
    page.items = store::UnitRepository::Search(tx, s);
    return page;
  });
}

}  // namespace jiceng::units
