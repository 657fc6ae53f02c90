// Bulk import: templates (/api/imports/templates/members.csv …) and the upload itself
// (POST /api/imports/members|units?dry_run=1) with the file as the request body.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "service/export_service.h"
#include "service/import_service.h"
#include "service/member_service.h"

namespace jiceng::api {
namespace {

RouteHandler TemplateFile(imports::Kind kind, exports::Format format) {
  return [kind, format](Call&) -> Result<http::Response> {
    const char* name = kind == imports::Kind::kMembers ? "党员导入模板" : "单位导入模板";
    if (format == exports::Format::kCsv) {
      JICENG_TRY(file, exports::Render(imports::Template(kind), name, format));
      return Download(file.name, file.content_type, std::move(file.bytes));
    }
    // The XLSX template: drop-down lists and a second sheet of instructions.
    JICENG_TRY(bytes, WriteXlsxBook(imports::TemplateBook(kind)));
    return Download(std::string(name) + ".xlsx", kXlsxMedia, std::move(bytes));
  };
}

json ReportJson(const imports::Report& r) {
  json problems = json::array();
  for (const auto& p : r.problems)
    problems.push_back(
        {{"row", p.row}, {"column", p.column}, {"value", p.value}, {"message", p.message}});
  return {{"rows", r.rows},       {"rows_with_problems", r.rows_with_problems},
          {"dry_run", r.dry_run}, {"applied", r.applied},
          {"problems", problems}, {"problems_total", r.problems_total}};
}

RouteHandler Upload(imports::Kind kind) {
  return [kind](Call& c) -> Result<http::Response> {
    if (c.req.body.empty()) return BadInput("file", "请上传文件 / upload a file as the body");
    JICENG_TRY(dry, c.Text("dry_run"));
    if (!dry.empty() && dry != "0" && dry != "1")
      return BadInput("dry_run", "dry_run 只能是 0 或 1 / dry_run is 0 or 1");
    JICENG_TRY(report, imports::Run(c.svc.ctx, c.actor(), kind, c.req.body, dry == "1"));
    json body = ReportJson(report);
    if (!report.dry_run && report.problems_total > 0) {
      // Nothing was stored: the error shape, with the problems beside it.
      body["error"] = {{"code", "import_problems"},
                       {"message", "有 " + std::to_string(report.problems_total) +
                                       " 处问题，未导入任何数据 / nothing imported: fix the "
                                       "problems listed"},
                       {"field", "file"}};
      return Json(body, 422);
    }
    return Json(body);
  };
}

// Only roles that may write what a file imports reach the parser at all: 403 for everyone
// else before the body is read (members: kManageMembers; units: kManageOrgs).
AdmitCheck MayImport(imports::Kind kind) {
  return [kind](Call& c) -> Status {
    auto needed = kind == imports::Kind::kMembers ? domain::Permission::kManageMembers
                                                  : domain::Permission::kManageOrgs;
    if (!domain::HasPermission(*c.who, needed))
      return Fail(ErrorKind::kForbidden, "forbidden", "无权导入 / your roles may not import this",
                  "");
    // An account over its limit of ID-number hits outside its scope sends no file at all.
    if (kind == imports::Kind::kMembers) return members::AdmitRegistration(c.svc.ctx, c.actor());
    return {};
  };
}

}  // namespace

void RegisterImportRoutes(Routes& routes) {
  using exports::Format;
  using imports::Kind;
  using namespace schema;
  struct {
    const char* path;
    Kind kind;
    Format format;
    const char* id;
  } templates[] = {
      {"/api/imports/templates/members.csv", Kind::kMembers, Format::kCsv, "getMemberTemplateCsv"},
      {"/api/imports/templates/members.xlsx", Kind::kMembers, Format::kXlsx,
       "getMemberTemplateXlsx"},
      {"/api/imports/templates/units.csv", Kind::kUnits, Format::kCsv, "getUnitTemplateCsv"},
      {"/api/imports/templates/units.xlsx", Kind::kUnits, Format::kXlsx, "getUnitTemplateXlsx"}};
  for (const auto& t : templates) {
    routes.push_back(
        {"GET", t.path, "imports", "导入模板 / import template", TemplateFile(t.kind, t.format)});
    routes.back().Id(t.id).ReturnsFile(t.format == Format::kCsv ? kCsvMedia : kXlsxMedia);
  }
  // A dry run answers the report; a real run with problems answers 422 with the report
  // beside the error (the Error schema is open at the top for it).
  json report = Ref(
      "ImportReport",
      Obj({{"rows", Int()},
           {"dry_run", Bool()},
           {"applied", Int()},
           {"rows_with_problems", Int()},
           {"problems",
            ArrayOf(
                Obj({{"row", Int()}, {"column", Str()}, {"value", Str()}, {"message", Str()}}))},
           {"problems_total", Int()}}));
  std::vector<Field> query = {
      Field::Enum("dry_run", {"0", "1"}).Doc("1：只检查不导入 / 1: check only")};
  routes.push_back({"POST", "/api/imports/members", "imports",
                    "导入党员（CSV/XLSX 为请求体；dry_run=1 只检查）/ import members",
                    Upload(Kind::kMembers), false, false, nullptr, query,
                    /*upload=*/true, MayImport(Kind::kMembers)});
  routes.back().Id("importMembers").Returns(report).Errors({429});
  routes.push_back({"POST", "/api/imports/units", "imports",
                    "导入单位（CSV/XLSX 为请求体；dry_run=1 只检查）/ import units",
                    Upload(Kind::kUnits), false, false, nullptr, query,
                    /*upload=*/true, MayImport(Kind::kUnits)});
  routes.back().Id("importUnits").Returns(report);
}

// The imports module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module ImportsModule() {
  Module m;
  m.name = "imports";
  m.summary = "导入 / imports";
  m.routes = RegisterImportRoutes;
  return m;
}

}  // namespace jiceng::api
