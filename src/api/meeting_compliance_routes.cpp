// Compliance over HTTP: GET /api/orgs/{id}/compliance (a period, optionally one level of
// a drill-down or one meeting type).
#include "api/meeting_routes.h"
#include "api/schema.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> OrgCompliance(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(period, c.Text("period"));
  if (period.empty())
    return BadInput("period", "缺少期间 / period is required (2024, 2024Q3, 2024-07)");
  JICENG_TRY(group, c.Text("group"));
  if (!group.empty() && group != "children")
    return BadInput("group", "group 只能为 children / group may only be children");
  JICENG_TRY(type, c.Text("type"));
  meetings::ComplianceQuery q{period, group == "children", type, paging.page, paging.size};
  JICENG_TRY(r, meetings::ComplianceOf(c.svc.ctx, *c.who, id, q));
  json items = json::array();
  for (const auto& i : r.items)
    items.push_back({{"org_id", i.org_id},
                     {"org_name", i.org_name},
                     {"org_kind", i.org_kind},
                     {"type", i.type},
                     {"type_name", TypeName(i.type)},
                     {"frequency", i.frequency},
                     {"required", i.required},
                     {"held", i.held},
                     {"overdue", i.overdue}});
  int64_t listed = r.attendance.present + r.attendance.excused + r.attendance.absent;
  json body = {
      {"period", {{"label", r.period.label}, {"from", r.period.from}, {"to", r.period.to}}},
      {"items", items},
      {"total", r.items_total},
      {"summary",
       {{"required", r.required},
        {"held", r.held},
        {"overdue", r.overdue},
        {"meetings", r.meetings},
        {"first_topic_sessions", r.first_topic_sessions},
        {"attendance",
         {{"present", r.attendance.present},
          {"excused", r.attendance.excused},
          {"absent", r.attendance.absent},
          {"rate",
           listed ? json(double(r.attendance.present) / double(listed)) : json(nullptr)}}}}}};
  if (r.follow_up) {
    json follow = json::array();
    for (const auto& m : *r.follow_up)
      follow.push_back({{"member_id", m.member_id},
                        {"name", m.name},
                        {"org_id", m.org_id},
                        {"missed_on", m.missed_on}});
    body["follow_up"] = follow;
  }
  return Json(body);
}

}  // namespace

void RegisterMeetingComplianceRoutes(Routes& routes) {
  using namespace schema;
  auto frequencies = FrequencyCodes();
  frequencies.push_back("mixed");  // summed over kinds
  json item = Ref("ComplianceItem", Obj({{"org_id", Int()},
                                         {"org_name", Str()},
                                         {"org_kind", Enum(OrgKindCodes())},
                                         {"type", Enum(MeetingTypeCodes())},
                                         {"type_name", Str()},
                                         {"frequency", Enum(frequencies)},
                                         {"required", Int()},
                                         {"held", Int()},
                                         {"overdue", Int()}}));
  json compliance =
      Ref("Compliance", Obj({{"period", Obj({{"label", Str()}, {"from", Date()}, {"to", Date()}})},
                             {"items", ArrayOf(item)},
                             {"total", Int()},
                             {"summary", Obj({{"required", Int()},
                                              {"held", Int()},
                                              {"overdue", Int()},
                                              {"meetings", Int()},
                                              {"first_topic_sessions", Int()},
                                              {"attendance", Obj({{"present", Int()},
                                                                  {"excused", Int()},
                                                                  {"absent", Int()},
                                                                  {"rate", Null(Num())}})}})},
                             {"follow_up", ArrayOf(Obj({{"member_id", Int()},
                                                        {"name", Str()},
                                                        {"org_id", Int()},
                                                        {"missed_on", ArrayOf(Date())}}))}},
                            {"follow_up"}));
  routes.push_back({"GET",
                    "/api/orgs/{id}/compliance",
                    "meetings",
                    "组织生活落实情况 / compliance of the subtree for a period",
                    OrgCompliance,
                    false,
                    false,
                    nullptr,
                    {Field::String("period", 10)
                         .Required()
                         .Doc("2024、2024Q3 或 2024-07 / a year, quarter or month"),
                     Field::Enum("group", {"children"}, 10)
                         .Doc("children：按直属下级汇总 / children: one line per direct child"),
                     Field::Enum("type", MeetingTypeCodes(), 30), Field::Int("page", 1, 1'000'000),
                     Field::Int("size", 1, 200)}});
  routes.back().Id("getCompliance").Returns(compliance);
}

}  // namespace jiceng::api
