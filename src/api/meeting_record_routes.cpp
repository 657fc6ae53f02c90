// Meeting records over HTTP: POST/GET /api/meetings, GET/PATCH /api/meetings/{id},
// POST /api/meetings/{id}/confirm and /corrections.
#include <cstdint>

#include "api/meeting_routes.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

// The parts a create and a patch share, each as its own declaration (the checks run in
// the order the readers ran before the declarations).
Field Agenda() {
  return Field::Array("agenda", Field::String("agenda", 200), "agenda 须为数组 / must be an array")
      .ItemMessage("agenda 的每一项须为文本 / items must be strings");
}

// The first agenda item: {"material_ids": [...], "leader", "notes"}.
Field FirstTopic() {
  return Field::Object(
      "first_topic",
      {Field::Array("material_ids",
                    Field::Int("material_ids", 1, INT64_MAX,
                               "material_ids 的每一项须为正整数 / items must be ids"),
                    "material_ids 须为数组 / must be an array")
           .ItemMessage("material_ids 的每一项须为正整数 / items must be ids"),
       Field::String("leader", 50), Field::String("notes", 5000)},
      "first_topic 须为对象 / first_topic must be an object");
}

Field Attendance() {
  return Field::Array("attendance",
                      Field::Object("attendance",
                                    {Field::Int("member_id").Required(),
                                     Field::Enum("status", AttendanceCodes(), 10).Required(),
                                     Field::String("reason", 200)},
                                    "每位出席者须为对象 / each attendee is an object"),
                      "attendance 须为数组 / attendance must be an array")
      .ItemMessage("每位出席者须为对象 / each attendee is an object");
}

Field State() { return Field::Enum("state", MeetingStateCodes(), 20); }

Field ConfirmDuplicate() {
  return Field::Bool("confirm_duplicate")
      .Doc("本期已有同类会议时仍要记录 / record a second meeting of the type in its period");
}

const std::shared_ptr<const Fields>& CreateMeetingFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("org_id").Required(), Field::Enum("type", MeetingTypeCodes(), 30).Required(),
      Field::String("title", 200).Required(),
      Field::String("held_at", 40)
          .Required()
          .Doc("召开时间（上海时间）/ when, Asia/Shanghai: YYYY-MM-DD HH:MM"),
      State(), Field::String("place", 200), Field::String("online_url", 500),
      Field::String("host", 50), Field::String("recorder", 50), Agenda(), FirstTopic(),
      Field::String("minutes", 20000), Field::String("decisions", 5000), Attendance(),
      ConfirmDuplicate()});
  return fields;
}

const std::shared_ptr<const Fields>& PatchFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(), Field::String("title", 200), Field::String("held_at", 40),
      State(), Field::String("place", 200), Field::String("online_url", 500),
      Field::String("host", 50), Field::String("recorder", 50), Field::String("minutes", 20000),
      Field::String("decisions", 5000), Agenda(), FirstTopic(), Attendance(), ConfirmDuplicate()});
  return fields;
}

const std::shared_ptr<const Fields>& ConfirmFields() {
  static const auto fields =
      std::make_shared<const Fields>(Fields{Field::Int("version").Required()});
  return fields;
}

const std::shared_ptr<const Fields>& CorrectionFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("field", 30).Required().Doc("更正的字段 / the field corrected"),
             Field::String("value", 20000).Required(), Field::String("reason", 500).Required()});
  return fields;
}

std::vector<meetings::AttendanceInput> AttendanceList(const Parsed& body) {
  std::vector<meetings::AttendanceInput> out;
  for (const auto& item : body.Objects("attendance"))
    out.push_back({item.Int("member_id"), item.Str("status"), item.Str("reason")});
  return out;
}

Result<http::Response> CreateMeeting(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateMeetingFields()));
  meetings::MeetingInput in;
  in.org_id = body.Int("org_id");
  in.type = body.Str("type");
  in.title = body.Str("title");
  in.held_at = body.Str("held_at");
  in.state = body.OptStr("state");
  in.place = body.Str("place");
  in.online_url = body.Str("online_url");
  in.host = body.Str("host");
  in.recorder = body.Str("recorder");
  in.agenda = body.Strs("agenda");
  if (auto topic = body.Object("first_topic")) {
    in.material_ids = topic->Ints("material_ids");
    in.first_topic_leader = topic->Str("leader");
    in.first_topic_notes = topic->Str("notes");
  }
  in.minutes = body.Str("minutes");
  in.decisions = body.Str("decisions");
  in.attendance = AttendanceList(body);
  in.confirm_duplicate = body.OptBool("confirm_duplicate").value_or(false);
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
  JICENG_TRY(org, c.Int("org"));
  JICENG_TRY(type, c.Text("type"));
  JICENG_TRY(from, c.Text("from"));
  JICENG_TRY(to, c.Text("to"));
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
  JICENG_TRY(body, ParseBody(c.req, PatchFields()));
  meetings::MeetingPatch p;
  p.version = body.Int("version");
  p.title = body.OptStr("title");
  p.held_at = body.OptStr("held_at");
  p.state = body.OptStr("state");
  p.place = body.OptStr("place");
  p.online_url = body.OptStr("online_url");
  p.host = body.OptStr("host");
  p.recorder = body.OptStr("recorder");
  p.minutes = body.OptStr("minutes");
  p.decisions = body.OptStr("decisions");
  if (body.Has("agenda")) p.agenda = body.Strs("agenda");
  if (auto topic = body.Object("first_topic")) {
    if (topic->Has("material_ids")) p.material_ids = topic->Ints("material_ids");
    p.first_topic_leader = topic->OptStr("leader");
    p.first_topic_notes = topic->OptStr("notes");
  }
  if (body.Has("attendance")) p.attendance = AttendanceList(body);
  p.confirm_duplicate = body.OptBool("confirm_duplicate").value_or(false);
  JICENG_TRY(m, meetings::Update(c.svc.ctx, c.actor(), id, p));
  return Json(MeetingJson(c, m, true));
}

Result<http::Response> ConfirmMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, ConfirmFields()));
  JICENG_TRY(m, meetings::Confirm(c.svc.ctx, c.actor(), id, body.Int("version")));
  return Json(MeetingJson(c, m, true));
}

Result<http::Response> CorrectMeeting(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, CorrectionFields()));
  JICENG_TRY(m, meetings::Correct(c.svc.ctx, c.actor(), id, body.Str("field"), body.Str("value"),
                                  body.Str("reason")));
  return Json(MeetingJson(c, m, true), 201);
}

}  // namespace

void RegisterMeetingRecordRoutes(Routes& routes) {
  routes.push_back({"POST", "/api/meetings", "meetings",
                    "记录或计划会议 / record or plan a meeting", CreateMeeting});
  routes.back()
      .Id("createMeeting")
      .Body(CreateMeetingFields())
      .Returns(MeetingSchema(), 201)
      .Errors({409});  // duplicate_in_period: a second one in the period, unconfirmed
  routes.push_back(
      {"GET",
       "/api/meetings",
       "meetings",
       "会议列表 / meetings",
       ListMeetings,
       false,
       false,
       nullptr,
       {Field::Int("org").Doc("组织及其下级 / an organization and its subtree"),
        Field::Enum("type", MeetingTypeCodes(), 30), Field::Date("from"), Field::Date("to"),
        Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listMeetings").Returns(MeetingPageSchema());
  routes.push_back({"GET", "/api/meetings/{id}", "meetings", "会议记录 / a meeting", GetMeeting});
  routes.back().Id("getMeeting").Returns(MeetingSchema());
  routes.push_back({"PATCH", "/api/meetings/{id}", "meetings",
                    "修改未确认的会议记录 / change an unconfirmed meeting", PatchMeeting});
  routes.back().Id("updateMeeting").Body(PatchFields()).Returns(MeetingSchema());
  routes.push_back({"POST", "/api/meetings/{id}/confirm", "meetings",
                    "书记确认会议记录 / the secretary confirms the record", ConfirmMeeting});
  routes.back().Id("confirmMeeting").Body(ConfirmFields()).Returns(MeetingSchema());
  routes.push_back({"POST", "/api/meetings/{id}/corrections", "meetings",
                    "追加更正 / append a correction to a confirmed record", CorrectMeeting});
  routes.back().Id("correctMeeting").Body(CorrectionFields()).Returns(MeetingSchema(), 201);
}

}  // namespace jiceng::api
