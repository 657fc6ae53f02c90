// Organizational life in numbers over HTTP: GET /api/orgs/{id}/meeting-stats (the city
// dashboard: meetings, first-agenda-item sessions, person-times, per month).
#include "api/meeting_routes.h"
#include "api/schema.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

json CountsJson(const meetings::StatCounts& c) {
  int64_t listed = c.present + c.excused + c.absent;
  return {
      {"meetings", c.meetings},
      {"first_topic_sessions", c.first_topic},
      {"present", c.present},
      {"excused", c.excused},
      {"absent", c.absent},
      {"reading_sessions", c.readings},
      {"reading_minutes", c.reading_seconds / 60},
      {"attendance_rate", listed ? json(static_cast<double>(c.present) / listed) : json(nullptr)}};
}

Result<http::Response> OrgMeetingStats(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(period, c.Text("period"));
  if (period.empty())
    return BadInput("period", "缺少期间 / period is required (2024, 2024Q3, 2024-07)");
  JICENG_TRY(s, meetings::StatsOf(c.svc.ctx, *c.who, id, period));
  json months = json::array();
  for (const auto& [month, counts] : s.months) {
    json m = CountsJson(counts);
    m["month"] = month;
    months.push_back(std::move(m));
  }
  json body = CountsJson(s.total);
  body["org_id"] = id;
  body["period"] = s.period.label;
  body["months"] = std::move(months);
  return Json(body);
}

}  // namespace

void RegisterMeetingStatsRoutes(Routes& routes) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> counts = {
      {"meetings", Int()},        {"first_topic_sessions", Int()},
      {"present", Int()},         {"excused", Int()},
      {"absent", Int()},          {"reading_sessions", Int()},
      {"reading_minutes", Int()}, {"attendance_rate", Null(Num())}};
  auto month = counts;
  month.push_back({"month", Str()});
  auto total = counts;
  total.push_back({"org_id", Int()});
  total.push_back({"period", Str()});
  total.push_back({"months", ArrayOf(Ref("MonthStats", Obj(month)))});
  routes.push_back({"GET",
                    "/api/orgs/{id}/meeting-stats",
                    "meetings",
                    "组织生活统计：会议、第一议题、参会人次 / meetings, first-agenda-item "
                    "sessions and person-times of the subtree, per month",
                    OrgMeetingStats,
                    false,
                    false,
                    nullptr,
                    {Field::String("period", 10)
                         .Required()
                         .Doc("2024、2024Q3 或 2024-07 / a year, quarter or month")}});
  routes.back().Id("getMeetingStats").Returns(Ref("MeetingStats", Obj(total)));
}

}  // namespace jiceng::api
