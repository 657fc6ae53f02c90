// The product's modules, in one list: the only place that changes when a module is added.
// Each entry is a module's descriptor (api/module.h); the order is the order in which their
// routes are matched and documented.
#include "api/module.h"
#include "service/search_service.h"

namespace jiceng::api {

Modules AllModules() {
  return {
      {"system",
       "健康、就绪、指标、接口文档与角色 / health, readiness, metrics, API, roles",
       {},
       RegisterSystemRoutes},
      {"auth", "登录与会话 / sign-in and sessions", {}, RegisterAuthRoutes},
      {"accounts", "账号、授权与令牌 / accounts, grants and tokens", {}, RegisterAccountRoutes},
      {"audit", "审计日志 / audit log", {}, RegisterAuditRoutes},
      {"orgs", "党组织 / party organizations", {}, RegisterOrgRoutes},
      {"members", "党员 / party members", {}, RegisterMemberRoutes},
      {"units", "单位与覆盖 / units and coverage", {}, RegisterUnitRoutes},
      {"transfers", "组织关系转接 / transfers", {}, RegisterTransferRoutes},
      {"committees", "党组织委员会 / committees", {}, RegisterCommitteeRoutes},
      {"meetings", "组织生活 / organizational life", {}, RegisterMeetingRoutes},
      {"materials", "学习材料 / study materials", {}, RegisterMaterialRoutes},
      {"search", "全文检索 / full-text search", {}, RegisterSearchRoutes, {}, search::Subscribe},
      {"readings", "学习记录 / study records", {}, RegisterReadingRoutes},
      {"imports", "导入 / imports", {}, RegisterImportRoutes},
  };
}

Routes RoutesOf(const Modules& modules) {
  Routes routes;
  for (const auto& m : modules) {
    for (const auto& p : m.permissions) domain::DefinePermission(p);
    if (m.routes) m.routes(routes);
  }
  return routes;
}

}  // namespace jiceng::api
