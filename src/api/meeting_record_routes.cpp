// Meeting records over HTTP: POST/GET /api/meetings, GET/PATCH /api/meetings/{id},
// POST /api/meetings/{id}/confirm and /corrections.
#include "api/meeting_routes.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

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

}  // namespace

void RegisterMeetingRecordRoutes(Routes& routes) {
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
  routes.push_back({"GET", "/api/meetings/{id}", "meetings", "会议记录 / a meeting", GetMeeting});
  routes.push_back({"PATCH", "/api/meetings/{id}", "meetings",
                    "修改未确认的会议记录 / change an unconfirmed meeting", PatchMeeting, false,
                    false, ObjectSchema(patch_fields, {"version"})});
  routes.push_back({"POST", "/api/meetings/{id}/confirm", "meetings",
                    "书记确认会议记录 / the secretary confirms the record", ConfirmMeeting, false,
                    false, ObjectSchema({{"version", IntegerSchema()}}, {"version"})});
  routes.push_back({"POST", "/api/meetings/{id}/corrections", "meetings",
                    "追加更正 / append a correction to a confirmed record", CorrectMeeting, false,
                    false,
                    ObjectSchema({{"field", StringSchema(30)},
                                  {"value", StringSchema(20000)},
                                  {"reason", StringSchema(500)}},
                                 {"field", "value", "reason"})});
}

}  // namespace jiceng::api
