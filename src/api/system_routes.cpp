// Health, readiness, metrics, the OpenAPI document and the role catalogue.
#include "api/route.h"
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
  routes.push_back({"GET", "/healthz", "system", "存活检查 / liveness", Healthz, true, true});
  routes.push_back(
      {"GET", "/readyz", "system",
       "就绪检查（数据库可达、数据加载完毕）/ readiness: store reachable, in-memory data loaded",
       Readyz, true});
  routes.push_back({"GET", "/metrics", "system", "Prometheus 指标 / Prometheus metrics",
                    MetricsText, true, true});
  routes.push_back({"GET", "/api/openapi.json", "system", "OpenAPI 3.0 文档 / API description",
                    OpenApi, true, true});
  routes.push_back(
      {"GET", "/api/roles", "system", "角色列表 / role catalogue", Roles, false, true});
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

Routes AllRoutes() {
  Routes routes;
  RegisterSystemRoutes(routes);
  RegisterAuthRoutes(routes);
  RegisterAccountRoutes(routes);
  RegisterAuditRoutes(routes);
  RegisterOrgRoutes(routes);
  RegisterMemberRoutes(routes);
  RegisterUnitRoutes(routes);
  RegisterTransferRoutes(routes);
  RegisterCommitteeRoutes(routes);
  RegisterMeetingRoutes(routes);
  RegisterSearchRoutes(routes);
  RegisterReadingRoutes(routes);
  RegisterImportRoutes(routes);
  return routes;
}

json OpenApiDocument(const Routes& routes) {
  json error_schema = ObjectSchema({{"error", ObjectSchema({{"code", StringSchema()},
                                                            {"message", StringSchema(1000)},
                                                            {"field", StringSchema()}},
                                                           {"code", "message"})}},
                                   {"error"});
  json paths = json::object();
  for (const auto& r : routes) {
    std::string path = r.pattern;
    json op = {
        {"summary", r.summary}, {"tags", {r.tag}}, {"operationId", r.method + " " + r.pattern}};
    json params = json::array();
    for (auto seg : http::SplitPath(r.pattern)) {
      if (seg.size() > 2 && seg.front() == '{')
        params.push_back({{"name", std::string(seg.substr(1, seg.size() - 2))},
                          {"in", "path"},
                          {"required", true},
                          {"schema", IntegerSchema()}});
    }
    for (const auto& q : r.query)
      params.push_back(
          {{"name", q}, {"in", "query"}, {"required", false}, {"schema", StringSchema()}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.request_schema.is_null())
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", r.request_schema}}}}}};
    op["responses"] = {
        {"200", {{"description", "OK"}}},
        {"default",
         {{"description", "错误 / error"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    if (r.public_route) {
      op["security"] = json::array();
    }
    std::string method = r.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[path][method] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Jiceng 基层 API"},
        {"version", JICENG_VERSION},
        {"description",
         "智慧党建与基层治理平台 / smart party-building and grassroots governance"}}},
      {"paths", paths},
      {"components",
       {{"schemas", {{"Error", error_schema}}},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "jiceng_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
      {"security", json::array({{{"session", json::array()}}, {{"bearer", json::array()}}})},
  };
}

}  // namespace jiceng::api
