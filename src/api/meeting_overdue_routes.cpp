// The workbench over HTTP: GET /api/orgs/{id}/overdue (what is overdue below and the
// organization's own overdue and due meetings) and supervision reminders (督办提醒):
// POST/GET /api/orgs/{id}/supervisions and POST /api/supervisions/{id}/read. Not to be
// confused with GET /api/orgs/{id}/reminders (meeting_planning_routes.cpp), which lists the
// planned and due meetings of the next days.
#include "api/meeting_routes.h"
#include "api/schema.h"
#include "platform/clock.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

json MissedJson(const meetings::MissedMeeting& m) {
  return {{"type", m.type},
          {"type_name", TypeName(m.type)},
          {"period", m.period.label},
          {"deadline", m.deadline}};
}

Result<http::Response> OrgOverdue(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(r, meetings::OverdueOf(c.svc.ctx, *c.who, id, paging.page, paging.size));
  json items = json::array();
  for (const auto& o : r.items) {
    json types = json::array(), names = json::array();
    for (const auto& t : o.types) {
      types.push_back(t);
      names.push_back(TypeName(t));
    }
    items.push_back({{"org_id", o.org_id},
                     {"org_name", o.org_name},
                     {"org_kind", o.org_kind},
                     {"parent_name", OptText(o.parent_name)},
                     {"overdue", o.overdue},
                     {"types", types},
                     {"type_names", names},
                     {"oldest_deadline", o.oldest_deadline},
                     {"supervised_at",
                      o.supervised_at ? json(FormatShanghai(*o.supervised_at)) : json(nullptr)}});
  }
  json own_overdue = json::array(), own_due = json::array();
  for (const auto& m : r.own_overdue) own_overdue.push_back(MissedJson(m));
  for (const auto& m : r.own_due) own_due.push_back(MissedJson(m));
  return Json({{"today", r.today},
               {"since", r.since},
               {"has_children", r.has_children},
               {"own", {{"overdue", own_overdue}, {"due", own_due}}},
               {"items", items},
               {"total", r.total},
               {"overdue_total", r.overdue_total}});
}

json SupervisionJson(const meetings::Supervision& s) {
  const auto& r = s.record;
  json items = json::parse(r.items_json, nullptr, false);
  if (!items.is_array()) items = json::array();
  for (auto& i : items)
    if (i.is_object() && i.contains("type") && i["type"].is_string())
      i["type_name"] = TypeName(i["type"].get<std::string>());
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"org_name", s.org_name},
          {"from_org_id", r.from_org_id},
          {"from_org_name", s.from_org_name},
          {"sender_name", OptText(r.sender_name)},
          {"items", items},
          {"message", OptText(r.message)},
          {"created_at", FormatShanghai(r.created_at)},
          {"read_at", r.read_at ? json(FormatShanghai(*r.read_at)) : json(nullptr)},
          {"may_mark_read", s.may_mark_read}};
}

const std::shared_ptr<const Fields>& SupervisionFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("message", meetings::kMaxSupervisionMessage)
                 .Doc("留言，最多200字 / a short message, at most 200 characters")});
  return fields;
}

Result<http::Response> Supervise(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, SupervisionFields()));
  JICENG_TRY(made, meetings::Supervise(c.svc.ctx, c.actor(), id, body.Str("message")));
  return Json(SupervisionJson(made), 201);
}

Result<http::Response> OrgSupervisions(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(list, meetings::SupervisionsOf(c.svc.ctx, *c.who, id, c.Flag("unread"), paging.page,
                                            paging.size));
  json items = json::array();
  for (const auto& s : list.items) items.push_back(SupervisionJson(s));
  return Json(ListBody(items, list.total));
}

Result<http::Response> MarkRead(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(s, meetings::MarkSupervisionRead(c.svc.ctx, c.actor(), id));
  return Json(SupervisionJson(s));
}

}  // namespace

void RegisterMeetingOverdueRoutes(Routes& routes) {
  using namespace schema;
  json missed = Ref("MissedMeeting", Obj({{"type", Enum(MeetingTypeCodes())},
                                          {"type_name", Str()},
                                          {"period", Str()},
                                          {"deadline", Date()}}));
  json overdue_org = Ref("OverdueOrg", Obj({{"org_id", Int()},
                                            {"org_name", Str()},
                                            {"org_kind", Enum(OrgKindCodes())},
                                            {"parent_name", Null(Str())},
                                            {"overdue", Int()},
                                            {"types", ArrayOf(Enum(MeetingTypeCodes()))},
                                            {"type_names", ArrayOf(Str())},
                                            {"oldest_deadline", Date()},
                                            {"supervised_at", Null(DateTime())}}));
  json overdue =
      Ref("Overdue", Obj({{"today", Date()},
                          {"since", Date()},
                          {"has_children", Bool()},
                          {"own", Obj({{"overdue", ArrayOf(missed)}, {"due", ArrayOf(missed)}})},
                          {"items", ArrayOf(overdue_org)},
                          {"total", Int()},
                          {"overdue_total", Int()}}));
  json supervision =
      Ref("Supervision", Obj({{"id", Int()},
                              {"org_id", Int()},
                              {"org_name", Str()},
                              {"from_org_id", Int()},
                              {"from_org_name", Str()},
                              {"sender_name", Null(Str())},
                              {"items", ArrayOf(Obj({{"type", Enum(MeetingTypeCodes())},
                                                     {"type_name", Str()},
                                                     {"period", Str()},
                                                     {"deadline", Date()}}))},
                              {"message", Null(Str())},
                              {"created_at", DateTime()},
                              {"read_at", Null(DateTime())},
                              {"may_mark_read", Bool()}}));
  routes.push_back({"GET",
                    "/api/orgs/{id}/overdue",
                    "meetings",
                    "逾期与待开会议（本年度）/ overdue meetings below, oldest first, and the "
                    "organization's own overdue and due ones this year",
                    OrgOverdue,
                    false,
                    false,
                    nullptr,
                    {Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("getOverdue").Returns(overdue);
  routes.push_back({"POST", "/api/orgs/{id}/supervisions", "meetings",
                    "督办提醒：提醒下级组织开会 / remind an organization below of its overdue "
                    "meetings",
                    Supervise});
  routes.back()
      .Id("createSupervision")
      .Body(SupervisionFields())
      .Returns(supervision, 201)
      .Errors({409});
  routes.push_back({"GET",
                    "/api/orgs/{id}/supervisions",
                    "meetings",
                    "收到的督办提醒 / supervision reminders the organization received",
                    OrgSupervisions,
                    false,
                    false,
                    nullptr,
                    {Field::Enum("unread", {"0", "1"}).Doc("1：只列未读 / 1: unread only"),
                     Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listSupervisions").Returns(Ref("SupervisionPage", Page(supervision)));
  routes.push_back({"POST", "/api/supervisions/{id}/read", "meetings",
                    "督办提醒标为已读 / mark a supervision reminder read", MarkRead});
  routes.back().Id("markSupervisionRead").Returns(supervision);
}

}  // namespace jiceng::api
