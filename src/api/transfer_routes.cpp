// Transfers between organizations (组织关系转接): /api/transfers… and a member's history.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
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

const std::shared_ptr<const Fields>& RequestFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("to_org_id").Required(), Field::String("reason", 200)});
  return fields;
}

Result<http::Response> RequestTransfer(Call& c) {
  JICENG_TRY(member, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, RequestFields()));
  JICENG_TRY(t, transfers::Request(c.svc.ctx, c.actor(), member, body.Int("to_org_id"),
                                   body.Str("reason")));
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
  JICENG_TRY(direction, c.Text("direction"));
  JICENG_TRY(status, c.Text("status"));
  q.direction = direction;
  q.status = status;
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, transfers::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& t : page.items) items.push_back(TransferJson(c, t));
  return Json(ListBody(items, page.total));
}

const std::shared_ptr<const Fields>& StepFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("version").Required(), Field::String("note", 200)});
  return fields;
}

RouteHandler Step(const char* action) {
  return [action](Call& c) -> Result<http::Response> {
    JICENG_TRY(id, PathId(c.req, "id"));
    JICENG_TRY(body, ParseBody(c.req, StepFields()));
    JICENG_TRY(t, transfers::Decide(c.svc.ctx, c.actor(), id, body.Int("version"), action,
                                    body.Str("note")));
    return Json(TransferJson(c, t));
  };
}

}  // namespace

void RegisterTransferRoutes(Routes& routes) {
  using namespace schema;
  json status = Enum({"requested", "approved", "rejected", "completed", "cancelled"});
  json transfer = Ref("Transfer", Obj({{"id", Int()},
                                       {"member_id", Int()},
                                       {"member_name", Str()},
                                       {"from_org_id", Int()},
                                       {"from_org_name", Null(Str())},
                                       {"to_org_id", Int()},
                                       {"to_org_name", Null(Str())},
                                       {"status", status},
                                       {"reason", Null(Str())},
                                       {"note", Null(Str())},
                                       {"requested_at", Int()},
                                       {"decided_at", Null(Int())},
                                       {"completed_at", Null(Int())},
                                       {"version", Int()}}));
  json page = Ref("TransferPage", Page(transfer));
  routes.push_back({"POST", "/api/members/{id}/transfers", "transfers",
                    "申请转接组织关系 / request a transfer", RequestTransfer});
  routes.back().Id("requestTransfer").Body(RequestFields()).Returns(transfer, 201).Errors({409});
  routes.push_back({"GET", "/api/members/{id}/transfers", "transfers",
                    "党员的转接记录 / a member's transfers", MemberTransfers});
  routes.back().Id("listMemberTransfers").Returns(page);
  routes.push_back(
      {"GET",
       "/api/transfers",
       "transfers",
       "转入、转出的转接 / transfers in and out of scope",
       ListTransfers,
       false,
       false,
       nullptr,
       {Field::Enum("direction", {"in", "out"}, 3),
        Field::Enum("status", {"requested", "approved", "rejected", "completed", "cancelled"}, 20),
        Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listTransfers").Returns(page);
  struct {
    const char* action;
    const char* id;
    const char* summary;
  } steps[] = {
      {"approve", "approveTransfer", "接收方同意 / the receiving side approves"},
      {"reject", "rejectTransfer",
       "接收方退回（须说明理由）/ the receiving side rejects, with a reason"},
      {"complete", "completeTransfer", "党员报到，转接完成 / the member reported: complete"},
      {"cancel", "cancelTransfer", "转出方撤回 / the sending side cancels"}};
  for (const auto& s : steps) {
    routes.push_back({"POST", std::string("/api/transfers/{id}/") + s.action, "transfers",
                      s.summary, Step(s.action)});
    routes.back().Id(s.id).Body(StepFields()).Returns(transfer);
  }
}

// The transfers module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module TransfersModule() {
  Module m;
  m.name = "transfers";
  m.summary = "组织关系转接 / transfers";
  m.routes = RegisterTransferRoutes;
  return m;
}

}  // namespace jiceng::api
