// Transfers between organizations (组织关系转接): /api/transfers… and a member's history.
#include "api/route.h"
#include "index/org_tree.h"
#include "service/transfer_service.h"

namespace jiceng::api {
namespace {

json TransferJson(Call& c, const store::TransferRecord& t) {
  auto tree = c.svc.ctx.orgs.snapshot();
  auto name = [&](int64_t id) {
    const auto* n = tree->Find(id);
    return n ? json(n->name) : json(nullptr);
  };
  return {{"id", t.id},
          {"member_id", t.member_id},
          {"member_name", t.member_name},
          {"from_org_id", t.from_org_id},
          {"from_org_name", name(t.from_org_id)},
          {"to_org_id", t.to_org_id},
          {"to_org_name", name(t.to_org_id)},
          {"status", t.status},
          {"reason", OptText(t.reason)},
          {"note", OptText(t.note)},
          {"requested_at", t.requested_at},
          {"decided_at", OptId(t.decided_at)},
          {"completed_at", OptId(t.completed_at)},
          {"version", t.version}};
}

Result<http::Response> RequestTransfer(Call& c) {
  JICENG_TRY(member, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(to, RequireInt(body, "to_org_id"));
  JICENG_TRY(reason, OptionalString(body, "reason", 200));
  JICENG_TRY(t, transfers::Request(c.svc.ctx, c.actor(), member, to, reason.value_or("")));
  return Json(TransferJson(c, t), 201);
}

Result<http::Response> MemberTransfers(Call& c) {
  JICENG_TRY(member, PathId(c.req, "id"));
  JICENG_TRY(list, transfers::ForMember(c.svc.ctx, *c.who, member));
  json items = json::array();
  for (const auto& t : list) items.push_back(TransferJson(c, t));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

Result<http::Response> ListTransfers(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  transfers::SearchQuery q;
  JICENG_TRY(direction, QueryText(c.req, "direction", 3));
  JICENG_TRY(status, QueryText(c.req, "status", 20));
  q.direction = direction;
  q.status = status;
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, transfers::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& t : page.items) items.push_back(TransferJson(c, t));
  return Json(ListBody(items, page.total));
}

RouteHandler Step(const char* action) {
  return [action](Call& c) -> Result<http::Response> {
    JICENG_TRY(id, PathId(c.req, "id"));
    JICENG_TRY(body, ParseObject(c.req));
    JICENG_TRY(version, RequireInt(body, "version"));
    JICENG_TRY(note, OptionalString(body, "note", 200));
    JICENG_TRY(t, transfers::Decide(c.svc.ctx, c.actor(), id, version, action, note.value_or("")));
    return Json(TransferJson(c, t));
  };
}

}  // namespace

void RegisterTransferRoutes(Routes& routes) {
  routes.push_back({"POST", "/api/members/{id}/transfers", "transfers",
                    "申请转接组织关系 / request a transfer", RequestTransfer, false, false,
                    ObjectSchema({{"to_org_id", IntegerSchema()}, {"reason", StringSchema(200)}},
                                 {"to_org_id"})});
  routes.push_back({"GET", "/api/members/{id}/transfers", "transfers",
                    "党员的转接记录 / a member's transfers", MemberTransfers});
  routes.push_back({"GET",
                    "/api/transfers",
                    "transfers",
                    "转入、转出的转接 / transfers in and out of scope",
                    ListTransfers,
                    false,
                    false,
                    nullptr,
                    {"direction", "status", "page", "size"}});
  json step =
      ObjectSchema({{"version", IntegerSchema()}, {"note", StringSchema(200)}}, {"version"});
  struct {
    const char* action;
    const char* summary;
  } steps[] = {{"approve", "接收方同意 / the receiving side approves"},
               {"reject", "接收方退回（须说明理由）/ the receiving side rejects, with a reason"},
               {"complete", "党员报到，转接完成 / the member reported: complete"},
               {"cancel", "转出方撤回 / the sending side cancels"}};
  for (const auto& s : steps)
    routes.push_back({"POST", std::string("/api/transfers/{id}/") + s.action, "transfers",
                      s.summary, Step(s.action), false, false, step});
}

}  // namespace jiceng::api
