// Planning over HTTP: POST /api/orgs/{id}/schedule (a year from the rhythm),
// GET /api/orgs/{id}/schedule.ics (iCalendar) and GET /api/orgs/{id}/reminders.
#include "api/meeting_routes.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> PlanYear(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(year, RequireInt(body, "year"));
  if (year < 2000 || year > 2999) return BadInput("year", "年份无效 / invalid year");
  JICENG_TRY(made, meetings::PlanYear(c.svc.ctx, c.actor(), id, static_cast<int>(year)));
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
  JICENG_TRY(days, QueryInt(c.req, "days"));
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
  routes.push_back({"POST", "/api/orgs/{id}/schedule", "meetings",
                    "按规则一键生成全年计划 / plan a year from the rules", PlanYear, false, false,
                    ObjectSchema({{"year", IntegerSchema()}}, {"year"})});
  routes.push_back({"GET",
                    "/api/orgs/{id}/schedule.ics",
                    "meetings",
                    "组织生活日历（iCalendar）/ the year's meetings as iCalendar",
                    OrgCalendar,
                    false,
                    false,
                    nullptr,
                    {"year"}});
  routes.push_back({"GET",
                    "/api/orgs/{id}/reminders",
                    "meetings",
                    "近期待办（默认14天）/ what is due in the next days",
                    OrgReminders,
                    false,
                    false,
                    nullptr,
                    {"days"}});
}

}  // namespace jiceng::api
