// Organizational life: /api/meetings…, /api/materials…, /api/orgs/{id}/compliance.
// Just over 700 lines, most of them the route table; issue 13's module descriptor replaces
// that table with declarations, which is where this file splits.
#include "api/route.h"
#include "domain/meetings.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/tabular.h"
#include "service/export_service.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

std::string_view TypeName(const std::string& code) {
  auto t = domain::ParseMeetingType(code);
  return t ? domain::MeetingTypeName(*t) : std::string_view();
}

std::string StateName(const std::string& state) {
  if (state == "planned") return "计划中";
  if (state == "held") return "已召开";
  if (state == "recorded") return "已记录";
  if (state == "confirmed") return "已确认";
  return state;
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

Result<http::Response> AddAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(name, QueryText(c.req, "name", 200));
  if (name.empty()) return BadInput("name", "缺少文件名 / name (the file name) is required");
  JICENG_TRY(a, meetings::AddAttachment(c.svc.ctx, c.actor(), id, name, c.req.body));
  return Json(AttachmentJson(a), 201);
}

// Before the file is received: the meeting is in scope, open, and the file not too large.
Status MayAttach(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  return meetings::CheckAttachable(c.svc.ctx, c.actor(), id, c.req.content_length);
}

Result<http::Response> GetAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(aid, PathId(c.req, "aid"));
  JICENG_TRY(file, meetings::GetAttachment(c.svc.ctx, *c.who, id, aid));
  return Download(file.record.name, file.record.content_type, std::move(file.bytes));
}

Result<http::Response> DeleteAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(aid, PathId(c.req, "aid"));
  JICENG_CHECK(meetings::RemoveAttachment(c.svc.ctx, c.actor(), id, aid));
  http::Response res;
  res.status = 204;
  return res;
}

json MaterialJson(const store::MaterialRecord& m, bool full) {
  json j = {{"id", m.id},
            {"title", m.title},
            {"source", OptText(m.source)},
            {"published_on", OptText(m.published_on)},
            {"tags", json::parse(m.tags_json, nullptr, false)}};
  if (full) j["body"] = m.body;
  return j;
}

Result<std::vector<std::string>> StringList(const json& body, const char* field, size_t max_chars) {
  std::vector<std::string> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  if (!body[field].is_array())
    return BadInput(field, std::string(field) + " 须为数组 / must be an array");
  for (const auto& item : body[field]) {
    if (!item.is_string())
      return BadInput(field, std::string(field) + " 的每一项须为文本 / items must be strings");
    json wrapper = {{"v", item}};
    JICENG_TRY(v, RequireString(wrapper, "v", max_chars));
    out.push_back(v);
  }
  return out;
}

Result<std::vector<int64_t>> IdList(const json& body, const char* field) {
  std::vector<int64_t> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  if (!body[field].is_array())
    return BadInput(field, std::string(field) + " 须为数组 / must be an array");
  for (const auto& item : body[field]) {
    if (!item.is_number_integer() || item.get<int64_t>() <= 0)
      return BadInput(field, std::string(field) + " 的每一项须为正整数 / items must be ids");
    out.push_back(item.get<int64_t>());
  }
  return out;
}

Result<std::vector<meetings::AttendanceInput>> AttendanceList(const json& body) {
  std::vector<meetings::AttendanceInput> out;
  if (!body.contains("attendance") || body["attendance"].is_null()) return out;
  if (!body["attendance"].is_array())
    return BadInput("attendance", "attendance 须为数组 / attendance must be an array");
  for (const auto& item : body["attendance"]) {
    if (!item.is_object())
      return BadInput("attendance", "每位出席者须为对象 / each attendee is an object");
    JICENG_TRY(member, RequireInt(item, "member_id"));
    JICENG_TRY(status, RequireString(item, "status", 10));
    JICENG_TRY(reason, OptionalString(item, "reason", 200));
    out.push_back({member, status, reason.value_or("")});
  }
  return out;
}

// The first agenda item: {"material_ids": [...], "leader", "notes"}.
Result<json> FirstTopic(const json& body) {
  if (!body.contains("first_topic") || body["first_topic"].is_null()) return json::object();
  if (!body["first_topic"].is_object())
    return BadInput("first_topic", "first_topic 须为对象 / first_topic must be an object");
  return body["first_topic"];
}

Result<http::Response> CreateMeeting(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  meetings::MeetingInput in;
  JICENG_TRY(org, RequireInt(body, "org_id"));
  JICENG_TRY(type, RequireString(body, "type", 30));
  JICENG_TRY(title, RequireString(body, "title", 200));
  JICENG_TRY(held_at, RequireString(body, "held_at", 40));
  JICENG_TRY(state, OptionalString(body, "state", 20));
  JICENG_TRY(place, OptionalString(body, "place", 200));
  JICENG_TRY(url, OptionalString(body, "online_url", 500));
  JICENG_TRY(host, OptionalString(body, "host", 50));
  JICENG_TRY(recorder, OptionalString(body, "recorder", 50));
  JICENG_TRY(agenda, StringList(body, "agenda", 200));
  JICENG_TRY(topic, FirstTopic(body));
  JICENG_TRY(materials, IdList(topic, "material_ids"));
  JICENG_TRY(leader, OptionalString(topic, "leader", 50));
  JICENG_TRY(notes, OptionalString(topic, "notes", 5000));
  JICENG_TRY(minutes, OptionalString(body, "minutes", 20000));
  JICENG_TRY(decisions, OptionalString(body, "decisions", 5000));
  JICENG_TRY(attendance, AttendanceList(body));
  in.org_id = org;
  in.type = type;
  in.title = title;
  in.held_at = held_at;
  in.state = state;
  in.place = place.value_or("");
  in.online_url = url.value_or("");
  in.host = host.value_or("");
  in.recorder = recorder.value_or("");
  in.agenda = agenda;
  in.material_ids = materials;
  in.first_topic_leader = leader.value_or("");
  in.first_topic_notes = notes.value_or("");
  in.minutes = minutes.value_or("");
  in.decisions = decisions.value_or("");
  in.attendance = attendance;
  JICENG_TRY(m, meetings::Create(c.svc.ctx, c.actor(), in));
  return Json(MeetingJson(c, m, true), 201);
}

Result<http::Response> GetMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(m, meetings::Get(c.svc.ctx, *c.who, id));
  return Json(MeetingJson(c, m, true));
}

Result<http::Response> ListMeetings(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  meetings::Query q;
  JICENG_TRY(org, QueryInt(c.req, "org"));
  JICENG_TRY(type, QueryText(c.req, "type", 30));
  JICENG_TRY(from, QueryText(c.req, "from", 10));
  JICENG_TRY(to, QueryText(c.req, "to", 10));
  q.org = org;
  q.type = type;
  q.from = from;
  q.to = to;
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, meetings::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& m : page.items) items.push_back(MeetingJson(c, m, false));
  return Json(ListBody(items, page.total));
}

Result<http::Response> PatchMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  meetings::MeetingPatch p;
  JICENG_TRY(version, RequireInt(body, "version"));
  p.version = version;
  JICENG_TRY(title, OptionalString(body, "title", 200));
  JICENG_TRY(held_at, OptionalString(body, "held_at", 40));
  JICENG_TRY(state, OptionalString(body, "state", 20));
  JICENG_TRY(place, OptionalString(body, "place", 200));
  JICENG_TRY(url, OptionalString(body, "online_url", 500));
  JICENG_TRY(host, OptionalString(body, "host", 50));
  JICENG_TRY(recorder, OptionalString(body, "recorder", 50));
  JICENG_TRY(minutes, OptionalString(body, "minutes", 20000));
  JICENG_TRY(decisions, OptionalString(body, "decisions", 5000));
  p.title = title;
  p.held_at = held_at;
  p.state = state;
  p.place = place;
  p.online_url = url;
  p.host = host;
  p.recorder = recorder;
  p.minutes = minutes;
  p.decisions = decisions;
  if (body.contains("agenda")) {
    JICENG_TRY(agenda, StringList(body, "agenda", 200));
    p.agenda = agenda;
  }
  if (body.contains("first_topic")) {
    JICENG_TRY(topic, FirstTopic(body));
    JICENG_TRY(materials, IdList(topic, "material_ids"));
    JICENG_TRY(leader, OptionalString(topic, "leader", 50));
    JICENG_TRY(notes, OptionalString(topic, "notes", 5000));
    if (topic.contains("material_ids")) p.material_ids = materials;
    p.first_topic_leader = leader;
    p.first_topic_notes = notes;
  }
  if (body.contains("attendance")) {
    JICENG_TRY(attendance, AttendanceList(body));
    p.attendance = attendance;
  }
  JICENG_TRY(m, meetings::Update(c.svc.ctx, c.actor(), id, p));
  return Json(MeetingJson(c, m, true));
}

Result<http::Response> ConfirmMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(m, meetings::Confirm(c.svc.ctx, c.actor(), id, version));
  return Json(MeetingJson(c, m, true));
}

Result<http::Response> CorrectMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(field, RequireString(body, "field", 30));
  JICENG_TRY(value, RequireString(body, "value", 20000));
  JICENG_TRY(reason, RequireString(body, "reason", 500));
  JICENG_TRY(m, meetings::Correct(c.svc.ctx, c.actor(), id, field, value, reason));
  return Json(MeetingJson(c, m, true), 201);
}

Result<http::Response> CreateMaterial(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  meetings::MaterialInput in;
  JICENG_TRY(title, RequireString(body, "title", 200));
  JICENG_TRY(source, OptionalString(body, "source", 200));
  JICENG_TRY(published, OptionalString(body, "published_on", 10));
  JICENG_TRY(text, RequireString(body, "body", 200000));
  JICENG_TRY(tags, StringList(body, "tags", 30));
  in.title = title;
  in.source = source.value_or("");
  in.published_on = published.value_or("");
  in.body = text;
  in.tags = tags;
  JICENG_TRY(m, meetings::CreateMaterial(c.svc.ctx, c.actor(), in));
  return Json(MaterialJson(m, true), 201);
}

Result<http::Response> GetMaterial(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(m, meetings::GetMaterial(c.svc.ctx, id));
  return Json(MaterialJson(m, true));
}

Result<http::Response> ListMaterials(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  store::MaterialSearch s;
  JICENG_TRY(q, QueryText(c.req, "q", 100));
  JICENG_TRY(tag, QueryText(c.req, "tag", 30));
  s.text = q;
  s.tag = tag;
  s.limit = paging.size;
  s.offset = (paging.page - 1) * paging.size;
  JICENG_TRY(page, meetings::SearchMaterials(c.svc.ctx, s));
  json items = json::array();
  for (const auto& m : page.items) items.push_back(MaterialJson(m, false));
  return Json(ListBody(items, page.total));
}

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
  JICENG_TRY(period, QueryText(c.req, "period", 10));
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

Result<http::Response> OrgCompliance(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(period, QueryText(c.req, "period", 10));
  if (period.empty())
    return BadInput("period", "缺少期间 / period is required (2024, 2024Q3, 2024-07)");
  JICENG_TRY(group, QueryText(c.req, "group", 10));
  if (!group.empty() && group != "children")
    return BadInput("group", "group 只能为 children / group may only be children");
  JICENG_TRY(type, QueryText(c.req, "type", 30));
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

Result<int> YearParam(Call& c) {
  JICENG_TRY(year, QueryInt(c.req, "year"));
  if (!year || *year < 2000 || *year > 2999)
    return BadInput("year", "缺少或无效的年份 / year is required (e.g. 2025)");
  return static_cast<int>(*year);
}

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

// The ledger in the layout organizations hand to inspectors: one line per meeting.
Result<http::Response> OrgLedger(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(year, YearParam(c));
  JICENG_TRY(ledger, meetings::LedgerOf(c.svc.ctx, c.actor(), id, year));
  const auto tree = c.svc.ctx.orgs.snapshot();
  Table table{{"序号", "组织", "会议类型", "会议名称", "召开时间", "地点", "主持人", "记录人",
               "第一议题（学习内容）", "应到", "实到", "请假", "缺席", "出席率", "状态"}};
  int64_t n = 0;
  for (const auto& r : ledger.rows) {
    const auto& m = r.meeting;
    const auto* org = tree->Find(m.org_id);
    std::string materials;
    for (const auto& title : r.materials) materials += (materials.empty() ? "" : "；") + title;
    char rate[16] = "";
    if (r.listed)
      std::snprintf(rate, sizeof rate, "%.1f%%", 100.0 * double(r.present) / double(r.listed));
    table.push_back({std::to_string(++n), org ? org->name : "", std::string(TypeName(m.type)),
                     m.title, FormatShanghai(m.held_at).substr(0, 16), m.place, m.host, m.recorder,
                     materials, std::to_string(r.listed), std::to_string(r.present),
                     std::to_string(r.excused), std::to_string(r.absent), rate,
                     StateName(m.state)});
  }
  JICENG_TRY(file, exports::Render(table, ledger.org_name + "组织生活台账" + std::to_string(year),
                                   exports::Format::kXlsx));
  return Download(file.name, file.content_type, std::move(file.bytes));
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

json RulesJson(const std::vector<store::RuleRecord>& rules) {
  json items = json::array();
  for (const auto& r : rules)
    items.push_back({{"org_kind", r.org_kind},
                     {"type", r.type},
                     {"frequency", r.frequency},
                     {"min_full_members", r.min_full_members}});
  return ListBody(items, static_cast<int64_t>(items.size()));
}

Result<http::Response> GetRules(Call& c) {
  JICENG_TRY(rules, meetings::Rules(c.svc.ctx));
  return Json(RulesJson(rules));
}

Result<http::Response> PutRules(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  if (!body.contains("rules") || !body["rules"].is_array())
    return BadInput("rules", "rules 须为数组 / rules must be an array");
  std::vector<store::RuleRecord> rules;
  for (const auto& item : body["rules"]) {
    if (!item.is_object()) return BadInput("rules", "每条规则须为对象 / each rule is an object");
    JICENG_TRY(kind, RequireString(item, "org_kind", 30));
    JICENG_TRY(type, RequireString(item, "type", 30));
    JICENG_TRY(frequency, RequireString(item, "frequency", 20));
    JICENG_TRY(min, OptionalInt(item, "min_full_members"));
    rules.push_back({kind, type, frequency, min.value_or(0)});
  }
  JICENG_TRY(saved, meetings::ReplaceRules(c.svc.ctx, c.actor(), rules));
  return Json(RulesJson(saved));
}

Result<http::Response> MeetingTypes(Call&) {
  json items = json::array();
  for (auto t : domain::AllMeetingTypes())
    items.push_back({{"code", domain::MeetingTypeCode(t)},
                     {"name", domain::MeetingTypeName(t)},
                     {"first_topic", domain::NeedsFirstTopic(t)}});
  json rules = json::array();
  for (const auto& r : domain::DefaultMeetingRules())
    rules.push_back({{"org_kind", r.org_kind},
                     {"type", domain::MeetingTypeCode(r.type)},
                     {"frequency", domain::FrequencyCode(r.frequency)},
                     {"min_full_members", r.min_full_members}});
  return Json({{"types", items}, {"default_rules", rules}});
}

}  // namespace

// A meeting type's code, listed for OpenAPI (domain::AllMeetingTypes).
static json MeetingTypeSchema() {
  json s = StringSchema(30);
  s["enum"] = json::array();
  for (auto t : domain::AllMeetingTypes()) s["enum"].push_back(domain::MeetingTypeCode(t));
  return s;
}

void RegisterMeetingRoutes(Routes& routes) {
  json attendee = ObjectSchema(
      {{"member_id", IntegerSchema()}, {"status", StringSchema(10)}, {"reason", StringSchema(200)}},
      {"member_id", "status"});
  json topic = ObjectSchema({{"material_ids", {{"type", "array"}, {"items", IntegerSchema()}}},
                             {"leader", StringSchema(50)},
                             {"notes", StringSchema(5000)}},
                            {});
  std::vector<std::pair<std::string, json>> fields = {
      {"title", StringSchema(200)},
      {"held_at", StringSchema(40)},
      {"state", StringSchema(20)},
      {"place", StringSchema(200)},
      {"online_url", StringSchema(500)},
      {"host", StringSchema(50)},
      {"recorder", StringSchema(50)},
      {"agenda", {{"type", "array"}, {"items", StringSchema(200)}}},
      {"first_topic", topic},
      {"minutes", StringSchema(20000)},
      {"decisions", StringSchema(5000)},
      {"attendance", {{"type", "array"}, {"items", attendee}}}};
  auto create_fields = fields;
  create_fields.push_back({"org_id", IntegerSchema()});
  create_fields.push_back({"type", MeetingTypeSchema()});
  auto patch_fields = fields;
  patch_fields.push_back({"version", IntegerSchema()});
  routes.push_back({"POST", "/api/meetings", "meetings",
                    "记录或计划会议 / record or plan a meeting", CreateMeeting, false, false,
                    ObjectSchema(create_fields, {"org_id", "type", "title", "held_at"})});
  routes.push_back({"GET",
                    "/api/meetings",
                    "meetings",
                    "会议列表 / meetings",
                    ListMeetings,
                    false,
                    false,
                    nullptr,
                    {"org", "type", "from", "to", "page", "size"}});
  routes.push_back({"GET", "/api/meetings/types", "meetings",
                    "会议类型与默认频次 / meeting types and default rhythm", MeetingTypes, false,
                    true});
  routes.push_back({"GET", "/api/meetings/rules", "meetings",
                    "各类组织的会议频次规则 / the required rhythm", GetRules});
  routes.push_back({"PUT", "/api/meetings/rules", "meetings",
                    "设置会议频次规则（整体替换）/ set the rhythm as a whole", PutRules, false,
                    false,
                    ObjectSchema({{"rules",
                                   {{"type", "array"},
                                    {"items", ObjectSchema({{"org_kind", StringSchema(30)},
                                                            {"type", MeetingTypeSchema()},
                                                            {"frequency", StringSchema(20)},
                                                            {"min_full_members", IntegerSchema()}},
                                                           {"org_kind", "type", "frequency"})}}}},
                                 {"rules"})});
  routes.push_back({"GET", "/api/meetings/{id}", "meetings", "会议记录 / a meeting", GetMeeting});
  routes.push_back({"PATCH", "/api/meetings/{id}", "meetings",
                    "修改未确认的会议记录 / change an unconfirmed meeting", PatchMeeting, false,
                    false, ObjectSchema(patch_fields, {"version"})});
  routes.push_back({"POST", "/api/meetings/{id}/confirm", "meetings",
                    "书记确认会议记录 / the secretary confirms the record", ConfirmMeeting, false,
                    false, ObjectSchema({{"version", IntegerSchema()}}, {"version"})});
  routes.push_back({"POST",
                    "/api/meetings/{id}/attachments",
                    "meetings",
                    "上传附件（照片、PDF、Office 文件；请求体为文件本身）/ attach a file (the body "
                    "is the file)",
                    AddAttachment,
                    false,
                    false,
                    nullptr,
                    {"name"},
                    /*upload=*/true,
                    MayAttach});
  routes.push_back({"GET", "/api/meetings/{id}/attachments/{aid}", "meetings",
                    "下载附件 / an attachment", GetAttachment});
  routes.push_back({"DELETE", "/api/meetings/{id}/attachments/{aid}", "meetings",
                    "删除附件（未确认的记录）/ remove an attachment", DeleteAttachment});
  routes.push_back({"POST", "/api/meetings/{id}/corrections", "meetings",
                    "追加更正 / append a correction to a confirmed record", CorrectMeeting, false,
                    false,
                    ObjectSchema({{"field", StringSchema(30)},
                                  {"value", StringSchema(20000)},
                                  {"reason", StringSchema(500)}},
                                 {"field", "value", "reason"})});
  routes.push_back({"POST", "/api/materials", "materials", "添加学习材料 / add a study material",
                    CreateMaterial, false, false,
                    ObjectSchema({{"title", StringSchema(200)},
                                  {"source", StringSchema(200)},
                                  {"published_on", StringSchema(10)},
                                  {"body", StringSchema(200000)},
                                  {"tags", {{"type", "array"}, {"items", StringSchema(30)}}}},
                                 {"title", "body"})});
  routes.push_back({"GET",
                    "/api/materials",
                    "materials",
                    "学习材料 / study materials",
                    ListMaterials,
                    false,
                    false,
                    nullptr,
                    {"q", "tag", "page", "size"}});
  routes.push_back(
      {"GET", "/api/materials/{id}", "materials", "学习材料全文 / a study material", GetMaterial});
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
                    "/api/orgs/{id}/ledger.xlsx",
                    "meetings",
                    "组织生活台账（Excel）/ the ledger of the year's meetings",
                    OrgLedger,
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
  routes.push_back({"GET",
                    "/api/orgs/{id}/compliance",
                    "meetings",
                    "组织生活落实情况 / compliance of the subtree for a period",
                    OrgCompliance,
                    false,
                    false,
                    nullptr,
                    {"period", "group", "type", "page", "size"}});
  routes.push_back({"GET",
                    "/api/orgs/{id}/meeting-stats",
                    "meetings",
                    "组织生活统计：会议、第一议题、参会人次 / meetings, first-agenda-item "
                    "sessions and person-times of the subtree, per month",
                    OrgMeetingStats,
                    false,
                    false,
                    nullptr,
                    {"period"}});
}

}  // namespace jiceng::api
