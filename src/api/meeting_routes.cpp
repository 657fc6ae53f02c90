// Organizational life over HTTP, the meetings module's routes: the JSON of a meeting shared
// by its route files, and RegisterMeetingRoutes, which adds them in matching order (the
// literal /api/meetings/types and /rules before /api/meetings/{id}). One file per
// capability: api/meeting_record_routes.cpp, meeting_attachment_routes.cpp,
// meeting_compliance_routes.cpp, meeting_planning_routes.cpp, meeting_ledger_routes.cpp,
// meeting_rules_routes.cpp, meeting_stats_routes.cpp. The study library is
// api/material_routes.cpp.
#include "api/meeting_routes.h"
#include "api/module.h"

#include "api/schema.h"
#include "domain/meetings.h"
#include "domain/orgs.h"
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
  JICENG_TRY(year, c.Int("year"));
  if (!year || *year < 2000 || *year > 2999)
    return BadInput("year", "缺少或无效的年份 / year is required (e.g. 2025)");
  return static_cast<int>(*year);
}

std::vector<std::string_view> MeetingTypeCodes() {
  std::vector<std::string_view> out;
  for (auto t : domain::AllMeetingTypes()) out.push_back(domain::MeetingTypeCode(t));
  return out;
}

std::vector<std::string_view> FrequencyCodes() {
  using F = domain::Frequency;
  return {domain::FrequencyCode(F::kMonthly), domain::FrequencyCode(F::kQuarterly),
          domain::FrequencyCode(F::kYearly)};
}

std::vector<std::string_view> AttendanceCodes() {
  using A = domain::Attendance;
  return {domain::AttendanceCode(A::kPresent), domain::AttendanceCode(A::kExcused),
          domain::AttendanceCode(A::kAbsent), domain::AttendanceCode(A::kAttending)};
}

std::vector<std::string_view> OrgKindCodes() {
  std::vector<std::string_view> out;
  for (auto k : domain::AllOrgKinds()) out.push_back(domain::OrgKindCode(k));
  return out;
}

std::vector<std::string_view> MeetingStateCodes() {
  using S = domain::MeetingState;
  return {domain::MeetingStateCode(S::kPlanned), domain::MeetingStateCode(S::kHeld),
          domain::MeetingStateCode(S::kRecorded), domain::MeetingStateCode(S::kConfirmed)};
}

namespace {

// The properties every meeting has, listed or full (MeetingJson's first part).
std::vector<std::pair<std::string, json>> SummaryProps() {
  using namespace schema;
  return {{"id", Int()},
          {"org_id", Int()},
          {"org_name", Null(Str())},
          {"type", Enum(MeetingTypeCodes())},
          {"type_name", Str()},
          {"title", Str()},
          {"held_at", DateTime()},
          {"held_on", Date()},
          {"place", Null(Str())},
          {"online_url", Null(Str())},
          {"host", Null(Str())},
          {"recorder", Null(Str())},
          {"state", Enum(MeetingStateCodes())},
          {"confirmed_at", Null(DateTime())},
          {"people_hidden", Bool()},
          {"version", Int()}};
}

}  // namespace

json AttachmentSchema() {
  using namespace schema;
  return Ref("Attachment", Obj({{"id", Int()},
                                {"name", Str()},
                                {"content_type", Str()},
                                {"size", Int()},
                                {"sha256", Str()},
                                {"url", Str()},
                                {"created_at", DateTime()}}));
}

json MeetingSummarySchema() { return schema::Ref("MeetingSummary", schema::Obj(SummaryProps())); }

json MeetingSchema() {
  using namespace schema;
  auto props = SummaryProps();
  props.push_back({"agenda", ArrayOf(Str())});
  props.push_back(
      {"first_topic",
       Obj({{"material_ids", ArrayOf(Int())}, {"leader", Null(Str())}, {"notes", Null(Str())}})});
  props.push_back({"minutes", Null(Str())});
  props.push_back({"decisions", Null(Str())});
  props.push_back(
      {"attendance", ArrayOf(Ref("AttendanceLine", Obj({{"member_id", Int()},
                                                        {"name", Str()},
                                                        {"org_id", Int()},
                                                        {"status", Enum(AttendanceCodes())},
                                                        {"reason", Null(Str())}})))});
  props.push_back({"corrections", ArrayOf(Ref("Correction", Obj({{"id", Int()},
                                                                 {"field", Str()},
                                                                 {"value", Str()},
                                                                 {"reason", Str()},
                                                                 {"created_by", Null(Int())},
                                                                 {"created_at", DateTime()}})))});
  props.push_back({"attachments", ArrayOf(AttachmentSchema())});
  return Ref("Meeting", Obj(std::move(props)));
}

json MeetingPageSchema() {
  return schema::Ref("MeetingPage", schema::Page(MeetingSummarySchema()));
}

void RegisterMeetingRoutes(Routes& routes) {
  RegisterMeetingRulesRoutes(routes);
  RegisterMeetingRecordRoutes(routes);
  RegisterMeetingAttachmentRoutes(routes);
  RegisterMeetingPlanningRoutes(routes);
  RegisterMeetingLedgerRoutes(routes);
  RegisterMeetingComplianceRoutes(routes);
  RegisterMeetingStatsRoutes(routes);
  RegisterMeetingOverdueRoutes(routes);
}

// The meetings module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module MeetingsModule() {
  Module m;
  m.name = "meetings";
  m.facts = meetings::DeclareFacts;  // its measures by organization and month
  m.summary = "组织生活 / organizational life";
  m.routes = RegisterMeetingRoutes;
  return m;
}

}  // namespace jiceng::api
