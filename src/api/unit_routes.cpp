// Units (non-party entities) and their coverage: /api/units…
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "domain/units.h"
#include "index/org_tree.h"
#include "service/export_service.h"
#include "service/unit_service.h"

namespace jiceng::api {
namespace {

std::vector<std::string_view> TypeCodes() {
  std::vector<std::string_view> codes;
  for (auto t : domain::AllUnitTypes()) codes.push_back(domain::UnitTypeCode(t));
  return codes;
}
std::vector<std::string_view> CoverageCodes() {
  std::vector<std::string_view> codes;
  for (auto c : {domain::Coverage::kOwn, domain::Coverage::kJoint, domain::Coverage::kNone})
    codes.push_back(domain::CoverageCode(c));
  return codes;
}

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
  JICENG_TRY(text, c.Text("q"));
  JICENG_TRY(type, c.Text("type"));
  JICENG_TRY(coverage, c.Text("coverage"));
  JICENG_TRY(under, c.Int("under"));
  q.q = text;
  q.type = type;
  q.coverage = coverage;
  q.under = under;
  q.needs_org = c.Flag("needs_org");
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

const std::shared_ptr<const Fields>& CreateUnitFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::String("name", 100).Required(),
      Field::String("credit_code", 30)
          .Required()
          .Doc("统一社会信用代码 / unified social credit code"),
      Field::Enum("type", TypeCodes(), 20).Required(),
      Field::Int("org_id").Required(),
      Field::Int("employees"),
      Field::String("area_code", 12),
      Field::String("address", 200),
      Field::Int("host_unit_id"),
      Field::Int("covering_org_id"),
      Field::Enum("coverage", CoverageCodes(), 10).Doc("默认 none / default none"),
      Field::String("instructor", 50),
  });
  return fields;
}

Result<http::Response> CreateUnit(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateUnitFields()));
  units::UnitInput in;
  in.name = body.Str("name");
  in.credit_code = body.Str("credit_code");
  in.type = body.Str("type");
  in.org_id = body.Int("org_id");
  in.employees = body.OptInt("employees").value_or(0);
  in.area_code = body.Str("area_code");
  in.address = body.Str("address");
  in.host_unit_id = body.OptInt("host_unit_id");
  in.covering_org_id = body.OptInt("covering_org_id");
  in.coverage = body.OptStr("coverage").value_or("none");
  in.instructor = body.Str("instructor");
  JICENG_TRY(u, units::Create(c.svc.ctx, c.actor(), in));
  return Json(UnitJson(c, u), 201);
}

const std::shared_ptr<const Fields>& UpdateUnitFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::String("name", 100),
      Field::Enum("type", TypeCodes(), 20),
      Field::String("area_code", 12),
      Field::String("address", 200),
      Field::Enum("coverage", CoverageCodes(), 10),
      Field::String("instructor", 50),
      Field::Int("employees"),
      Field::Int("org_id"),
      Field::Int("host_unit_id").Nullable().Doc("null 清除 / null clears it"),
      Field::Int("covering_org_id").Nullable().Doc("null 清除 / null clears it"),
  });
  return fields;
}

Result<http::Response> UpdateUnit(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, UpdateUnitFields()));
  units::UnitPatch p;
  p.version = body.Int("version");
  p.name = body.OptStr("name");
  p.type = body.OptStr("type");
  p.area_code = body.OptStr("area_code");
  p.address = body.OptStr("address");
  p.coverage = body.OptStr("coverage");
  p.instructor = body.OptStr("instructor");
  p.employees = body.OptInt("employees");
  p.org_id = body.OptInt("org_id");
  p.host_unit_id = body.NullInt("host_unit_id");
  p.covering_org_id = body.NullInt("covering_org_id");
  JICENG_TRY(u, units::Update(c.svc.ctx, c.actor(), id, p));
  return Json(UnitJson(c, u));
}

Result<http::Response> UnitTypes(Call&) {
  json items = json::array();
  for (auto t : domain::AllUnitTypes())
    items.push_back({{"code", domain::UnitTypeCode(t)}, {"name_zh", domain::UnitTypeName(t)}});
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

json UnitSchema() {
  using namespace schema;
  return Ref("Unit", Obj({{"id", Int()},
                          {"name", Str()},
                          {"credit_code", Str()},
                          {"type", Enum(TypeCodes())},
                          {"employees", Int()},
                          {"area_code", Null(Str())},
                          {"address", Null(Str())},
                          {"host_unit_id", Null(Int())},
                          {"org_id", Int()},
                          {"org_name", Null(Str())},
                          {"covering_org_id", Null(Int())},
                          {"covering_org_name", Null(Str())},
                          {"coverage", Enum(CoverageCodes())},
                          {"instructor", Null(Str())},
                          {"full_members", Int()},
                          {"work_covered", Bool()},
                          {"needs_own_org", Bool()},
                          {"demo", Bool()},
                          {"version", Int()}}));
}

std::vector<Field> UnitQueryFields(bool paged) {
  std::vector<Field> q = {Field::String("q", 100), Field::Enum("type", TypeCodes(), 20),
                          Field::Enum("coverage", CoverageCodes(), 10), Field::Int("under"),
                          Field::Enum("needs_org", {"0", "1"})};
  if (paged) {
    q.push_back(Field::Int("page", 1, 1'000'000));
    q.push_back(Field::Int("size", 1, 200));
  }
  return q;
}

}  // namespace

void RegisterUnitRoutes(Routes& routes) {
  using namespace schema;
  json unit = UnitSchema();
  routes.push_back(
      {"GET", "/api/unit-types", "units", "单位类型 / unit types", UnitTypes, false, true});
  routes.back()
      .Id("listUnitTypes")
      .Returns(
          Ref("UnitTypeList",
              Page(Ref("UnitTypeInfo", Obj({{"code", Enum(TypeCodes())}, {"name_zh", Str()}})))));
  routes.back().errors = {401};
  routes.back().no_default_errors = true;
  routes.push_back({"GET", "/api/units", "units",
                    "单位列表（覆盖情况）/ units in scope with coverage", ListUnits, false, false,
                    nullptr, UnitQueryFields(true)});
  routes.back().Id("listUnits").Returns(Ref("UnitPage", Page(unit)));
  for (auto [path, format] : {std::pair{"/api/exports/units.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/units.xlsx", exports::Format::kXlsx}}) {
    routes.push_back({"GET", path, "units", "导出单位名录 / export units", ExportUnits(format),
                      false, false, nullptr, UnitQueryFields(false)});
    bool csv = format == exports::Format::kCsv;
    routes.back()
        .Id(csv ? "exportUnitsCsv" : "exportUnitsXlsx")
        .ReturnsFile(csv ? kCsvMedia : kXlsxMedia);
  }
  routes.push_back({"POST", "/api/units", "units", "登记单位 / register a unit", CreateUnit});
  routes.back().Id("createUnit").Body(CreateUnitFields()).Returns(unit, 201).Errors({409});
  routes.push_back({"GET", "/api/units/{id}", "units", "单位详情 / a unit", GetUnit});
  routes.back().Id("getUnit").Returns(unit);
  routes.push_back({"PATCH", "/api/units/{id}", "units", "修改单位 / update a unit", UpdateUnit});
  routes.back().Id("updateUnit").Body(UpdateUnitFields()).Returns(unit);
}

// The units module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module UnitsModule() {
  Module m;
  m.name = "units";
  m.summary = "单位与覆盖 / units and coverage";
  m.routes = RegisterUnitRoutes;
  return m;
}

}  // namespace jiceng::api
