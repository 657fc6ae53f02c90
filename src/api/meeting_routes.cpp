// Organizational life over HTTP, the meetings module's routes: the JSON of a meeting shared
// by its route files, and RegisterMeetingRoutes, which adds them in matching order (the
// literal /api/meetings/types and /rules before /api/meetings/{id}). One file per
// capability: api/meeting_record_routes.cpp, meeting_attachment_routes.cpp,
// meeting_compliance_routes.cpp, meeting_planning_routes.cpp, meeting_ledger_routes.cpp,
// meeting_rules_routes.cpp, meeting_stats_routes.cpp. The study library is
// api/material_routes.cpp.
#include "api/meeting_routes.h"
#include "api/module.h"

#include "domain/meetings.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/meeting_service.h"

namespace jiceng::api {

std::string_view TypeName(const std::string& code) {
  auto t = domain::ParseMeetingType(code);
  return t ? domain::MeetingTypeName(*t) : std::string_view();
}

json AttachmentJson(const store::AttachmentRecord& a) {
  return {{"id", a.id},
          {"name", a.name},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"url", "/api/meetings/" + std::to_string(a.meeting_id) + "/attachments/" +
                      std::to_string(a.id)},
          {"created_at", FormatShanghai(a.created_at)}};
}

json MeetingJson(Call& c, const store::MeetingRecord& m, bool full) {
  const auto* org = c.svc.ctx.orgs.snapshot()->Find(m.org_id);
  json j = {
      {"id", m.id},
      {"org_id", m.org_id},
      {"org_name", org ? json(org->name) : json(nullptr)},
      {"type", m.type},
      {"type_name", TypeName(m.type)},
      {"title", m.title},
      {"held_at", FormatShanghai(m.held_at)},
      {"held_on", m.held_on},
      {"place", OptText(m.place)},
      {"online_url", OptText(m.online_url)},
      {"host", OptText(m.host)},
      {"recorder", OptText(m.recorder)},
      {"state", m.state},
      {"confirmed_at", m.confirmed_at ? json(FormatShanghai(*m.confirmed_at)) : json(nullptr)},
      // true: the caller may not read people here — names, others' attendance and the
      // attachments are left out (a member keeps their own attendance line).
      {"people_hidden", m.people_hidden},
      {"version", m.version}};
  if (!full) return j;
  j["agenda"] = json::parse(m.agenda_json, nullptr, false);
  j["first_topic"] = {{"material_ids", m.material_ids},
                      {"leader", OptText(m.first_topic_leader)},
                      {"notes", OptText(m.first_topic_notes)}};
  j["minutes"] = OptText(m.minutes);
  j["decisions"] = OptText(m.decisions);
  json attendance = json::array();
  for (const auto& a : m.attendance)
    attendance.push_back({{"member_id", a.member_id},
                          {"name", a.member_name},
                          {"org_id", a.member_org_id},
                          {"status", a.status},
                          {"reason", OptText(a.reason)}});
  j["attendance"] = attendance;
  json corrections = json::array();
  for (const auto& x : m.corrections)
    corrections.push_back({{"id", x.id},
                           {"field", x.field},
                           {"value", x.value},
                           {"reason", x.reason},
                           {"created_by", OptId(x.created_by)},
                           {"created_at", FormatShanghai(x.created_at)}});
  j["corrections"] = corrections;
  json attachments = json::array();
  for (const auto& a : m.attachments) attachments.push_back(AttachmentJson(a));
  j["attachments"] = attachments;
  return j;
}

Result<int> YearParam(Call& c) {
  JICENG_TRY(year, QueryInt(c.req, "year"));
  if (!year || *year < 2000 || *year > 2999)
    return BadInput("year", "缺少或无效的年份 / year is required (e.g. 2025)");
  return static_cast<int>(*year);
}

json MeetingTypeSchema() {
  json s = StringSchema(30);
  s["enum"] = json::array();
  for (auto t : domain::AllMeetingTypes()) s["enum"].push_back(domain::MeetingTypeCode(t));
  return s;
}

void RegisterMeetingRoutes(Routes& routes) {
  RegisterMeetingRulesRoutes(routes);
  RegisterMeetingRecordRoutes(routes);
  RegisterMeetingAttachmentRoutes(routes);
  RegisterMeetingPlanningRoutes(routes);
  RegisterMeetingLedgerRoutes(routes);
  RegisterMeetingComplianceRoutes(routes);
  RegisterMeetingStatsRoutes(routes);
}

// The meetings module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module MeetingsModule() {
  Module m;
  m.name = "meetings";
  m.start = meetings::TrackStats;  // its numbers in the in-memory stats
  m.summary = "组织生活 / organizational life";
  m.routes = RegisterMeetingRoutes;
  return m;
}

}  // namespace jiceng::api
