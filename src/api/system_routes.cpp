// Health, readiness, metrics, the OpenAPI document and the role catalogue.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "http/metrics.h"
#include "http/router.h"
#include "index/facts.h"
#include "service/facts_service.h"
#include "store/db.h"

namespace jiceng::api {
namespace {

Result<http::Response> Healthz(Call&) { return Json({{"status", "ok"}}); }

Result<http::Response> Readyz(Call& c) {
  if (!c.svc.ctx.db.Ping())
    return Fail(ErrorKind::kUnavailable, "store_unavailable", "数据库不可达 / store unreachable");
  // What loads in the background at start (the facts, the full-member history): 503 with
  // the list until done; questions that need them meanwhile wait for them.
  auto loading = c.svc.ctx.facts.Loading();
  if (!loading.empty()) {
    auto r = Json({{"status", "loading"}, {"loading", loading}});
    r.status = 503;
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  return Json({{"status", "ready"}});
}

Result<http::Response> MetricsText(Call& c) {
  http::Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = c.svc.metrics.Render() + facts::MetricsText(c.svc.ctx);
  return r;
}

Result<http::Response> OpenApi(Call& c) {
  http::Response r;
  r.body = c.svc.openapi();
  return r;
}

Result<http::Response> Roles(Call&) {
  static const std::map<std::string_view, std::pair<const char*, const char*>> kNames = {
      {"city_admin", {"市级管理员", "City administrator"}},
      {"district_admin", {"区级管理员", "District administrator"}},
      {"street_admin", {"街道管理员", "Street administrator"}},
      {"community_admin", {"社区管理员", "Community administrator"}},
      {"branch_secretary", {"支部书记", "Branch secretary"}},
      {"member", {"党员", "Party member"}},
      {"resident", {"居民", "Resident"}},
      {"security_admin", {"安全管理员", "Security administrator"}},
      {"auditor", {"安全审计员", "Auditor"}},
      {"pii_exporter", {"个人信息导出授权", "Personal-data export grant"}},
  };
  json items = json::array();
  for (auto role : domain::AllRoles()) {
    auto code = domain::RoleCode(role);
    const char* cls = domain::ClassOf(role) == domain::RoleClass::kSecurity ? "security"
                      : domain::ClassOf(role) == domain::RoleClass::kAudit  ? "audit"
                                                                            : "business";
    items.push_back({{"code", code},
                     {"name_zh", kNames.at(code).first},
                     {"name_en", kNames.at(code).second},
                     {"class", cls}});
  }
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

void RegisterSystemRoutes(Routes& routes) {
  using namespace schema;
  routes.push_back({"GET", "/healthz", "system", "存活检查 / liveness", Healthz, true, true});
  routes.back().Id("healthz").Returns(Obj({{"status", Enum({"ok"})}}));
  routes.push_back(
      {"GET", "/readyz", "system",
       "就绪检查（数据库可达、数据加载完毕）/ readiness: store reachable, in-memory data loaded",
       Readyz, true});
  routes.back().Id("readyz").Returns(Obj({{"status", Enum({"ready"})}})).Errors({503});
  routes.push_back({"GET", "/metrics", "system", "Prometheus 指标 / Prometheus metrics",
                    MetricsText, true, true});
  routes.back().Id("metrics").ReturnsFile("text/plain");
  routes.push_back({"GET", "/api/openapi.json", "system", "OpenAPI 3.0 文档 / API description",
                    OpenApi, true, true});
  routes.back()
      .Id("getOpenApi")
      .Returns({{"type", "object"}, {"description", "OpenAPI 3.0 文档 / this document"}});
  routes.push_back(
      {"GET", "/api/roles", "system", "角色列表 / role catalogue", Roles, false, true});
  std::vector<std::string_view> roles;
  for (auto role : domain::AllRoles()) roles.push_back(domain::RoleCode(role));
  routes.back()
      .Id("listRoles")
      .Returns(Ref("RolePage",
                   Page(Ref("Role", Obj({{"code", Enum(roles)},
                                         {"name_zh", Str()},
                                         {"name_en", Str()},
                                         {"class", Enum({"business", "security", "audit"})}})))));
  routes.back().errors = {401};
  routes.back().no_default_errors = true;
}

json ObjectSchema(std::vector<std::pair<std::string, json>> properties,
                  std::vector<std::string> required) {
  json props = json::object();
  for (auto& [k, v] : properties) props[k] = std::move(v);
  json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", true}};
  if (!required.empty()) s["required"] = required;
  return s;
}
json StringSchema(int max_length) { return {{"type", "string"}, {"maxLength", max_length}}; }
json IntegerSchema() { return {{"type", "integer"}, {"format", "int64"}}; }
json BooleanSchema() { return {{"type", "boolean"}}; }

// The system module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module SystemModule() {
  Module m;
  m.name = "system";
  m.summary = "健康、就绪、指标、接口文档与角色 / health, readiness, metrics, API document, roles";
  m.routes = RegisterSystemRoutes;
  return m;
}

}  // namespace jiceng::api
