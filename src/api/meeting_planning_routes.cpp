// Planning over HTTP: POST /api/orgs/{id}/schedule (a year from the rhythm),
// GET /api/orgs/{id}/schedule.ics (iCalendar) and GET /api/orgs/{id}/reminders.
#include "api/meeting_routes.h"
#include "api/schema.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

const std::shared_ptr<const Fields>& PlanFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("year", 2000, 2999, "年份无效 / invalid year").Required()});
  return fields;
}

Result<http::Response> PlanYear(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, PlanFields()));
  JICENG_TRY(made,
             meetings::PlanYear(c.svc.ctx, c.actor(), id, static_cast<int>(body.Int("year"))));
  json items = json::array();
  for (const auto& m : made) items.push_back(MeetingJson(c, m, false));
  return Json(ListBody(items, static_cast<int64_t>(items.size())), 201);
}

Result<http::Response> OrgCalendar(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(year, YearParam(c));
  JICENG_TRY(ics, meetings::Calendar(c.svc.ctx, *c.who, id, year));
  return Download("组织生活-" + std::to_string(year) + ".ics", "text/calendar; charset=utf-8",
                  std::move(ics));
}

Result<http::Response> OrgReminders(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(days, c.Int("days"));
  JICENG_TRY(list, meetings::Reminders(c.svc.ctx, *c.who, id, static_cast<int>(days.value_or(14))));
  json items = json::array();
  for (const auto& r : list)
    items.push_back({{"kind", r.kind},
                     {"org_id", r.org_id},
                     {"org_name", r.org_name},
                     {"type", r.type},
                     {"type_name", TypeName(r.type)},
                     {"date", r.date},
                     {"meeting_id", OptId(r.meeting_id)},
                     {"title", OptText(r.title)}});
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

void RegisterMeetingPlanningRoutes(Routes& routes) {
  using namespace schema;
  json reminder = Ref("Reminder", Obj({{"kind", Enum({"planned", "due"})},
                                       {"org_id", Int()},
                                       {"org_name", Str()},
                                       {"type", Enum(MeetingTypeCodes())},
                                       {"type_name", Str()},
                                       {"date", Date()},
                                       {"meeting_id", Null(Int())},
                                       {"title", Null(Str())}}));
  routes.push_back({"POST", "/api/orgs/{id}/schedule", "meetings",
                    "按规则一键生成全年计划 / plan a year from the rules", PlanYear});
  routes.back().Id("planMeetingYear").Body(PlanFields()).Returns(MeetingPageSchema(), 201);
  routes.push_back({"GET",
                    "/api/orgs/{id}/schedule.ics",
                    "meetings",
                    "组织生活日历（iCalendar）/ the year's meetings as iCalendar",
                    OrgCalendar,
                    false,
                    false,
                    nullptr,
                    {Field::Int("year", 2000, 2999).Required()}});
  routes.back().Id("getMeetingCalendar").ReturnsFile(kCalendarMedia);
  routes.push_back({"GET",
                    "/api/orgs/{id}/reminders",
                    "meetings",
                    "近期待办（默认14天）/ what is due in the next days",
                    OrgReminders,
                    false,
                    false,
                    nullptr,
                    {Field::Int("days").Doc("天数，默认14 / days ahead, 14 by default")}});
  routes.back().Id("listReminders").Returns(Ref("ReminderPage", Page(reminder)));
}

}  // namespace jiceng::api
