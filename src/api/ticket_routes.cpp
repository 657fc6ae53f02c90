// One-window tickets (一窗受理, issue 15): staff record requests at a center and work them
// from a queue; residents ask online and rate the answer.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/ticket_service.h"

namespace jiceng::api {
namespace {

// An organization's name, or null for none or one no longer in the tree.
json TicketOrgName(const index::OrgTree::Snapshot& tree, std::optional<int64_t> id) {
  const auto* n = id ? tree.Find(*id) : nullptr;
  return n ? json(n->name) : json(nullptr);
}

json TicketJson(const store::TicketRecord& t, int64_t now, const index::OrgTree::Snapshot& tree) {
  return {{"id", t.id},
          {"center_id", t.center_id},
          {"center_name", t.center_name},
          {"org_id", t.org_id},
          {"assigned_org_id", t.assigned_org_id},
          {"assigned_org_name", TicketOrgName(tree, t.assigned_org_id)},
          {"channel", t.channel},
          {"category", t.category},
          {"title", t.title},
          {"description", t.description},
          {"contact_name", t.contact_name},
          {"contact_phone", OptText(t.contact_phone_masked)},
          {"status", t.status},
          {"overdue", tickets::Overdue(t, now)},
          {"due_at", FormatShanghai(t.due_at)},
          {"resolution", OptText(t.resolution)},
          {"resolved_at", TimeJson(t.resolved_at)},
          {"rating", OptId(t.rating)},
          {"rating_comment", OptText(t.rating_comment)},
          {"created_at", FormatShanghai(t.created_at)},
          {"version", t.version}};
}

Result<http::Response> TicketViewJson(Call& c, const tickets::TicketView& v, int status = 200) {
  const auto tree = c.svc.ctx.orgs.snapshot();
  json out = TicketJson(v.ticket, c.svc.ctx.clock.NowMs(), *tree);
  out["units"] = v.units;
  json events = json::array();
  // The requester reads where the ticket went, not which staff account moved it.
  const bool requester = c.who && c.who->user_id == v.ticket.requester_user_id;
  for (const auto& e : v.events) {
    const bool own = e.actor_user_id && c.who && *e.actor_user_id == c.who->user_id;
    events.push_back({{"at", FormatShanghai(e.at)},
                      {"kind", e.kind},
                      {"actor", requester && !own ? std::string() : e.actor_name},
                      {"from_org_id", OptId(e.from_org_id)},
                      {"from_org_name", TicketOrgName(*tree, e.from_org_id)},
                      {"to_org_id", OptId(e.to_org_id)},
                      {"to_org_name", TicketOrgName(*tree, e.to_org_id)},
                      {"note", e.note}});
  }
  out["events"] = events;
  return Json(out, status);
}

const std::shared_ptr<const Fields>& TicketRecordFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Enum("channel", {"walk_in", "phone"}).Required().Doc("窗口或电话 / walk-in or phone"),
      Field::Enum("category", {"party", "government", "public", "convenience"}).Required(),
      Field::String("title", 100).Required(), Field::String("description", 2000),
      Field::String("contact_name", 50),
      Field::String("contact_phone", 20).Doc("手机号，加密存储 / mobile, sealed at rest"),
      Field::Array("unit_ids", Field::Int("unit_ids"),
                   "unit_ids 须为组织 id 数组 / unit_ids: organization ids", 10)
          .Doc("承办单位，第一个先办 / the units, the first holds it"),
      Field::String("due_at", 40).Doc("办结时限，ISO 8601；默认按类别 / due time")});
  return fields;
}

Result<http::Response> RecordTicket(Call& c) {
  JICENG_TRY(center, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, TicketRecordFields()));
  tickets::NewTicket in;
  in.center_id = center;
  in.channel = body.Str("channel");
  in.category = body.Str("category");
  in.title = body.Str("title");
  in.description = body.Str("description");
  in.contact_name = body.Str("contact_name");
  in.contact_phone = body.Str("contact_phone");
  in.unit_ids = body.Ints("unit_ids");
  if (auto due = body.OptStr("due_at"); due && !due->empty()) {
    int64_t at = 0;
    if (!ParseIsoTime(*due, &at)) return BadInput("due_at", "due_at 应为 ISO 8601 / ISO 8601");
    in.due_at = at;
  }
  JICENG_TRY(v, tickets::Record(c.svc.ctx, c.actor(), std::move(in)));
  return TicketViewJson(c, v, 201);
}

const std::shared_ptr<const Fields>& TicketRequestFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("center_id").Required(),
             Field::Enum("category", {"party", "government", "public", "convenience"}).Required(),
             Field::String("title", 100).Required(), Field::String("description", 2000)});
  return fields;
}

Result<http::Response> RequestTicket(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, TicketRequestFields()));
  tickets::NewTicket in;
  in.center_id = body.Int("center_id");
  in.category = body.Str("category");
  in.title = body.Str("title");
  in.description = body.Str("description");
  in.contact_name = c.who->display_name;
  JICENG_TRY(v, tickets::Request(c.svc.ctx, c.actor(), std::move(in)));
  return TicketViewJson(c, v, 201);
}

Result<http::Response> GetTicket(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(v, tickets::Get(c.svc.ctx, *c.who, id));
  return TicketViewJson(c, v);
}

const std::shared_ptr<const Fields>& TicketTransferFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("to_org_id").Required(), Field::String("note", 500)});
  return fields;
}

Result<http::Response> TransferTicket(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, TicketTransferFields()));
  JICENG_TRY(v,
             tickets::Transfer(c.svc.ctx, c.actor(), id, body.Int("to_org_id"), body.Str("note")));
  return TicketViewJson(c, v);
}

const std::shared_ptr<const Fields>& TicketNoteFields() {
  static const auto fields =
      std::make_shared<const Fields>(Fields{Field::String("note", 500).Required()});
  return fields;
}

Result<http::Response> NoteTicket(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, TicketNoteFields()));
  JICENG_TRY(v, tickets::Note(c.svc.ctx, c.actor(), id, body.Str("note")));
  return TicketViewJson(c, v);
}

const std::shared_ptr<const Fields>& TicketResolveFields() {
  static const auto fields =
      std::make_shared<const Fields>(Fields{Field::String("resolution", 1000).Required()});
  return fields;
}

Result<http::Response> ResolveTicket(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, TicketResolveFields()));
  JICENG_TRY(v, tickets::Resolve(c.svc.ctx, c.actor(), id, body.Str("resolution")));
  return TicketViewJson(c, v);
}

const std::shared_ptr<const Fields>& TicketRateFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("rating", 1, 5, "评价为 1–5 分 / rating is 1–5").Required(),
             Field::String("comment", 500)});
  return fields;
}

Result<http::Response> RateTicket(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, TicketRateFields()));
  JICENG_TRY(v, tickets::Rate(c.svc.ctx, c.actor(), id, body.Int("rating"), body.Str("comment")));
  return TicketViewJson(c, v);
}

Result<http::Response> RevealTicketPhone(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(phone, tickets::RevealPhone(c.svc.ctx, c.actor(), id));
  return Json({{"contact_phone", phone}});
}

Result<http::Response> TicketListPage(Call& c, const tickets::Queue& q) {
  const auto tree = c.svc.ctx.orgs.snapshot();
  const int64_t now = c.svc.ctx.clock.NowMs();
  json items = json::array();
  for (const auto& t : q.items) items.push_back(TicketJson(t, now, *tree));
  return Json(ListBody(items, q.total));
}

Result<http::Response> TicketQueue(Call& c) {
  JICENG_TRY(org, c.Int("org"));
  JICENG_TRY(status, c.Text("status"));
  JICENG_TRY(paging, ParsePaging(c.req));
  if (!org) return BadInput("org", "须指定组织 / org is required");
  JICENG_TRY(q, tickets::QueueOf(c.svc.ctx, *c.who, *org, status, c.Flag("overdue"), paging.page,
                                 paging.size));
  return TicketListPage(c, q);
}

Result<http::Response> MyTickets(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  return TicketListPage(c, tickets::Mine(c.svc.ctx, *c.who, paging.page, paging.size));
}

json TicketSchema(bool detail) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> props = {
      {"id", Int()},
      {"center_id", Int()},
      {"center_name", Str()},
      {"org_id", Int()},
      {"assigned_org_id", Int()},
      {"assigned_org_name", Null(Str())},
      {"channel", Enum({"walk_in", "phone", "online"})},
      {"category", Enum({"party", "government", "public", "convenience"})},
      {"title", Str()},
      {"description", Str()},
      {"contact_name", Str()},
      {"contact_phone", Null(Str())},
      {"status", Enum({"open", "resolved"})},
      {"overdue", Bool()},
      {"due_at", DateTime()},
      {"resolution", Null(Str())},
      {"resolved_at", Null(DateTime())},
      {"rating", Null(Int())},
      {"rating_comment", Null(Str())},
      {"created_at", DateTime()},
      {"version", Int()}};
  if (detail) {
    props.push_back({"units", ArrayOf(Int())});
    props.push_back({"events", ArrayOf(Obj({{"at", DateTime()},
                                            {"kind", Str()},
                                            {"actor", Str()},  // "" for the requester
                                            {"from_org_id", Null(Int())},
                                            {"from_org_name", Null(Str())},
                                            {"to_org_id", Null(Int())},
                                            {"to_org_name", Null(Str())},
                                            {"note", Str()}}))});
  }
  return Obj(props);
}

void RegisterTicketRoutes(Routes& routes) {
  using namespace schema;
  json detail = Ref("Ticket", TicketSchema(true));
  routes.push_back({"POST", "/api/centers/{id}/tickets", "tickets",
                    "窗口或电话受理（中心工作人员）/ record a walk-in or phone request",
                    RecordTicket});
  routes.back().Id("recordTicket").Body(TicketRecordFields()).Returns(detail, 201);
  routes.push_back(
      {"POST", "/api/tickets", "tickets", "网上提交诉求 / an online request", RequestTicket});
  routes.back().Id("requestTicket").Body(TicketRequestFields()).Returns(Ref("Ticket"), 201);
  routes.push_back({"GET",
                    "/api/tickets",
                    "tickets",
                    "工单队列（到期先办；超期上报管理组织）/ the queue, soonest due first",
                    TicketQueue,
                    false,
                    false,
                    nullptr,
                    {Field::Int("org", 1, INT64_MAX).Doc("组织（必填）/ the organization"),
                     Field::Enum("status", {"open", "resolved"}).Strict(),
                     Field::Enum("overdue", {"0", "1"}).Doc("1：仅超期 / overdue only"),
                     Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back()
      .Id("listTickets")
      .Returns(Ref("TicketList", Page(Ref("TicketSummary", TicketSchema(false)))));
  routes.push_back({"GET",
                    "/api/tickets/mine",
                    "tickets",
                    "我的诉求 / my requests",
                    MyTickets,
                    false,
                    false,
                    nullptr,
                    {Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listMyTickets").Returns(Ref("TicketList"));
  routes.push_back({"GET", "/api/tickets/{id}", "tickets",
                    "工单详情与流转记录 / a ticket and "
                    "its trail",
                    GetTicket});
  routes.back().Id("getTicket").Returns(Ref("Ticket"));
  routes.push_back({"POST", "/api/tickets/{id}/transfer", "tickets",
                    "转办到其他单位 / transfer to another unit", TransferTicket});
  routes.back()
      .Id("transferTicket")
      .Body(TicketTransferFields())
      .Returns(Ref("Ticket"))
      .Errors({409});
  routes.push_back(
      {"POST", "/api/tickets/{id}/notes", "tickets", "办理记录 / add a note", NoteTicket});
  routes.back().Id("noteTicket").Body(TicketNoteFields()).Returns(Ref("Ticket"));
  routes.push_back(
      {"POST", "/api/tickets/{id}/resolve", "tickets", "办结 / resolve", ResolveTicket});
  routes.back().Id("resolveTicket").Body(TicketResolveFields()).Returns(Ref("Ticket"));
  routes.push_back(
      {"POST", "/api/tickets/{id}/rating", "tickets", "满意度评价 / rate the answer", RateTicket});
  routes.back().Id("rateTicket").Body(TicketRateFields()).Returns(Ref("Ticket")).Errors({409});
  routes.push_back({"POST", "/api/tickets/{id}/reveal-phone", "tickets",
                    "查看完整联系电话（留痕）/ reveal the contact number (audited)",
                    RevealTicketPhone});
  routes.back().Id("revealTicketPhone").Returns(Obj({{"contact_phone", Str()}}));
}

}  // namespace

// The tickets module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module TicketsModule() {
  Module m;
  m.name = "tickets";
  m.summary = "一窗受理 / one-window tickets";
  m.routes = RegisterTicketRoutes;
  m.facts = tickets::DeclareFacts;
  return m;
}

}  // namespace jiceng::api
