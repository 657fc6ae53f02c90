// Units (non-party entities) and their coverage: /api/units…
#include "api/route.h"
#include "domain/units.h"
#include "index/org_tree.h"
#include "service/export_service.h"
#include "service/unit_service.h"

namespace jiceng::api {
namespace {

json UnitJson(Call& c, const store::UnitRecord& u) {
  auto tree = c.svc.ctx.orgs.snapshot();
  auto org_name = [&](std::optional<int64_t> id) {
    const auto* n = id ? tree->Find(*id) : nullptr;
    return n ? json(n->name) : json(nullptr);
  };
  auto coverage = domain::ParseCoverage(u.coverage).value_or(domain::Coverage::kNone);
  return {{"id", u.id},
          {"name", u.name},
          {"credit_code", u.credit_code},
          {"type", u.type},
          {"employees", u.employees},
          {"area_code", OptText(u.area_code)},
          {"address", OptText(u.address)},
          {"host_unit_id", OptId(u.host_unit_id)},
          {"org_id", u.org_id},
          {"org_name", org_name(u.org_id)},
          {"covering_org_id", OptId(u.covering_org_id)},
          {"covering_org_name", org_name(u.covering_org_id)},
          {"coverage", u.coverage},
          {"instructor", OptText(u.instructor)},
          {"full_members", u.full_members},
          {"work_covered", coverage != domain::Coverage::kNone || !u.instructor.empty()},
          {"needs_own_org", domain::NeedsOwnOrg(u.full_members, coverage)},
          {"demo", u.demo},
          {"version", u.version}};
}

Result<units::SearchQuery> UnitQuery(Call& c) {
  units::SearchQuery q;
  JICENG_TRY(text, QueryText(c.req, "q", 100));
  JICENG_TRY(type, QueryText(c.req, "type", 20));
  JICENG_TRY(coverage, QueryText(c.req, "coverage", 10));
  JICENG_TRY(under, QueryInt(c.req, "under"));
  q.q = text;
  q.type = type;
  q.coverage = coverage;
  q.under = under;
  q.needs_org = c.req.Query("needs_org").value_or("") == "1";
  return q;
}

Result<http::Response> ListUnits(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(q, UnitQuery(c));
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, units::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& u : page.items) items.push_back(UnitJson(c, u));
  return Json(ListBody(items, page.total));
}

RouteHandler ExportUnits(exports::Format format) {
  return [format](Call& c) -> Result<http::Response> {
    JICENG_TRY(q, UnitQuery(c));
    JICENG_TRY(file, exports::Units(c.svc.ctx, c.actor(), q, format));
    return Download(file.name, file.content_type, std::move(file.bytes));
  };
}

Result<http::Response> GetUnit(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(u, units::Get(c.svc.ctx, *c.who, id));
  return Json(UnitJson(c, u));
}

Result<http::Response> CreateUnit(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  units::UnitInput in;
  JICENG_TRY(name, RequireString(body, "name", 100));
  JICENG_TRY(code, RequireString(body, "credit_code", 30));
  JICENG_TRY(type, RequireString(body, "type", 20));
  JICENG_TRY(org, RequireInt(body, "org_id"));
  JICENG_TRY(employees, OptionalInt(body, "employees"));
  JICENG_TRY(area, OptionalString(body, "area_code", 12));
  JICENG_TRY(address, OptionalString(body, "address", 200));
  JICENG_TRY(host, OptionalInt(body, "host_unit_id"));
  JICENG_TRY(covering, OptionalInt(body, "covering_org_id"));
  JICENG_TRY(coverage, OptionalString(body, "coverage", 10));
  JICENG_TRY(instructor, OptionalString(body, "instructor", 50));
  in.name = name;
  in.credit_code = code;
  in.type = type;
  in.org_id = org;
  in.employees = employees.value_or(0);
  in.area_code = area.value_or("");
  in.address = address.value_or("");
  in.host_unit_id = host;
  in.covering_org_id = covering;
  in.coverage = coverage.value_or("none");
  in.instructor = instructor.value_or("");
  JICENG_TRY(u, units::Create(c.svc.ctx, c.actor(), in));
  return Json(UnitJson(c, u), 201);
}

Result<http::Response> UpdateUnit(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  units::UnitPatch p;
  JICENG_TRY(version, RequireInt(body, "version"));
  p.version = version;
  struct Text {
    const char* name;
    std::optional<std::string>* into;
    size_t max;
  } texts[] = {{"name", &p.name, 100},          {"type", &p.type, 20},
               {"area_code", &p.area_code, 12}, {"address", &p.address, 200},
               {"coverage", &p.coverage, 10},   {"instructor", &p.instructor, 50}};
  for (auto& t : texts) {
    JICENG_TRY(v, OptionalString(body, t.name, t.max));
    *t.into = v;
  }
  JICENG_TRY(employees, OptionalInt(body, "employees"));
  JICENG_TRY(org, OptionalInt(body, "org_id"));
  JICENG_TRY(host, NullableInt(body, "host_unit_id"));
  JICENG_TRY(covering, NullableInt(body, "covering_org_id"));
  p.employees = employees;
  p.org_id = org;
  p.host_unit_id = host;
  p.covering_org_id = covering;
  JICENG_TRY(u, units::Update(c.svc.ctx, c.actor(), id, p));
  return Json(UnitJson(c, u));
}

Result<http::Response> UnitTypes(Call&) {
  json items = json::array();
  for (auto t : domain::AllUnitTypes())
    items.push_back({{"code", domain::UnitTypeCode(t)}, {"name_zh", domain::UnitTypeName(t)}});
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

void RegisterUnitRoutes(Routes& routes) {
  json unit = ObjectSchema({{"name", StringSchema(100)},
                            {"credit_code", StringSchema(18)},
                            {"type", StringSchema(20)},
                            {"org_id", IntegerSchema()},
                            {"employees", IntegerSchema()},
                            {"area_code", StringSchema(12)},
                            {"address", StringSchema(200)},
                            {"host_unit_id", IntegerSchema()},
                            {"covering_org_id", IntegerSchema()},
                            {"coverage", StringSchema(10)},
                            {"instructor", StringSchema(50)}},
                           {"name", "credit_code", "type", "org_id"});
  routes.push_back(
      {"GET", "/api/unit-types", "units", "单位类型 / unit types", UnitTypes, false, true});
  routes.push_back({"GET",
                    "/api/units",
                    "units",
                    "单位列表（覆盖情况）/ units in scope with coverage",
                    ListUnits,
                    false,
                    false,
                    nullptr,
                    {"q", "type", "coverage", "under", "needs_org", "page", "size"}});
  for (auto [path, format] : {std::pair{"/api/exports/units.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/units.xlsx", exports::Format::kXlsx}})
    routes.push_back({"GET",
                      path,
                      "units",
                      "导出单位名录 / export units",
                      ExportUnits(format),
                      false,
                      false,
                      nullptr,
                      {"q", "type", "coverage", "under", "needs_org"}});
  routes.push_back({"POST", "/api/units", "units", "登记单位 / register a unit", CreateUnit, false,
                    false, unit});
  routes.push_back({"GET", "/api/units/{id}", "units", "单位详情 / a unit", GetUnit});
  json patch = unit;
  patch["properties"]["version"] = IntegerSchema();
  patch["required"] = json::array({"version"});
  routes.push_back({"PATCH", "/api/units/{id}", "units", "修改单位 / update a unit", UpdateUnit,
                    false, false, patch});
}

}  // namespace jiceng::api
