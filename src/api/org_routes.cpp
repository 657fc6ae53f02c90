// GET /api/orgs/{id}, GET /api/orgs/{id}/children — the minimal org reads of the core.
#include "api/route.h"
#include "api/views.h"
#include "service/org_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> GetOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(view, orgs::Get(c.svc.ctx, *c.who, id));
  return Json(OrgJson(view));
}

Result<http::Response> Children(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(kids, orgs::Children(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& k : kids) items.push_back(OrgJson(k));
  return Json(ListBody(items, static_cast<int64_t>(kids.size())));
}

}  // namespace

void RegisterOrgRoutes(Routes& routes) {
  routes.push_back({"GET", "/api/orgs/{id}", "orgs", "组织详情（含上级链）/ an organization",
                    GetOrg, false, true});
  routes.push_back({"GET", "/api/orgs/{id}/children", "orgs", "下级组织 / child organizations",
                    Children, false, true});
}

}  // namespace jiceng::api
