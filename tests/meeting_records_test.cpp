// Meeting records over HTTP on both stores: recording a meeting with the first agenda item
// and attendance, the rules per organization kind and bad input, immutability after
// confirmation with corrections appended, and scope.
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "meetings_fixture.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

JICENG_API_TEST_SUITE(MeetingsTest);

TEST_P(MeetingsTest, ASecretaryRecordsAMeetingWithItsFirstAgendaItemAndAttendance) {
  MakeUser("secretary", "branch_secretary", branch_);
  auto secretary = Login("secretary", kPassword);
  auto made = Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), secretary);
  ASSERT_EQ(made.status, 201) << made.body;
  json m = made.Json();
  EXPECT_EQ(m["state"], "recorded");  // attendance and minutes: a record, not a plan
  EXPECT_EQ(m["held_on"], "2024-08-15");
  EXPECT_EQ(m["held_at"], "2024-08-15T19:30:00.000+08:00");
  EXPECT_EQ(m["type_name"], "主题党日");
  EXPECT_EQ(m["first_topic"]["material_ids"], json({material_}));
  EXPECT_EQ(m["agenda"][1], "讨论基层治理");
  ASSERT_EQ(m["attendance"].size(), 3u);
  std::set<std::string> statuses;
  for (const auto& a : m["attendance"]) statuses.insert(a["status"].get<std::string>());
  EXPECT_EQ(statuses, (std::set<std::string>{"present", "excused"}));
  auto got = Get("/api/meetings/" + std::to_string(m["id"].get<int64_t>()), secretary);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.Json()["minutes"], "会议学习了讲话精神。");
  auto list = Get("/api/meetings?org=" + std::to_string(branch_) +
                      "&type=theme_day&from=2024-08-01&to=2024-08-15",
                  secretary);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(Get("/api/meetings?from=2024-08-16", secretary).Json()["total"], 0);
  // A meeting ahead is a plan.
  auto plan = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "member_meeting"},
                    {"title", "党员大会"},
                    {"held_at", "2099-01-10T15:00:00+08:00"}},
                   secretary);
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(plan.Json()["state"], "planned");
  auto audit = Get("/api/audit?action=meeting.create", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 2);
}

TEST_P(MeetingsTest, RulesPerKindFirstTopicAndBadInput) {
  auto post = [&](const json& body) { return Post("/api/meetings", body, admin_); };
  // Groups hold group meetings; branches do not.
  EXPECT_EQ(post(Meeting("group_meeting", "2024-08-15T19:30:00+08:00")).ErrorCode(),
            "type_not_for_org");
  EXPECT_EQ(post(Meeting("group_meeting", "2024-08-15T19:30:00+08:00", group_)).status, 201);
  EXPECT_EQ(post(Meeting("party_committee", "2024-08-15T19:30:00+08:00")).ErrorCode(),
            "type_not_for_org");
  EXPECT_EQ(post(Meeting("party_committee", "2024-08-15T19:30:00+08:00", street_a_)).status, 201);
  EXPECT_EQ(post(Meeting("tea_party", "2024-08-15T19:30:00+08:00")).ErrorCode(), "unknown_type");
  // The first agenda item studies something.
  json no_study = Meeting("committee_meeting", "2024-08-15T19:30:00+08:00");
  no_study["first_topic"]["material_ids"] = json::array();
  EXPECT_EQ(post(no_study).ErrorCode(), "first_topic_required");
  json unknown_material = Meeting("committee_meeting", "2024-08-15T19:30:00+08:00");
  unknown_material["first_topic"]["material_ids"] = {material_ + 1000};
  EXPECT_EQ(post(unknown_material).ErrorCode(), "unknown_material");
  // The yearly organizational-life meeting follows its own agenda.
  json life = Meeting("life_meeting", "2024-12-20T14:00:00+08:00");
  life.erase("first_topic");
  EXPECT_EQ(post(life).status, 201);
  // Attendance.
  json excused = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  excused["attendance"][2].erase("reason");
  EXPECT_EQ(post(excused).status, 400);
  json twice = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  twice["attendance"][1]["member_id"] = members_[0];
  EXPECT_EQ(post(twice).status, 400);
  json stranger = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  stranger["attendance"][0]["member_id"] = 999999;
  EXPECT_EQ(post(stranger).ErrorCode(), "unknown_member");
  json wrong_status = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  wrong_status["attendance"][0]["status"] = "asleep";
  EXPECT_EQ(post(wrong_status).status, 400);
  // Time: with an offset, not in the future when held.
  EXPECT_EQ(post(Meeting("theme_day", "2024-08-15 19:30")).status, 400);
  EXPECT_EQ(post(Meeting("theme_day", "2024-08-15")).status, 400);
  EXPECT_EQ(post(Meeting("theme_day", "2099-08-15T19:30:00+08:00")).status, 422);  // recorded
  // Malformed, wrongly typed, hostile.
  EXPECT_EQ(Call({"POST", "/api/meetings", "{\"org_id\":", "application/json", admin_}).status,
            400);
  json wrong_type = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  wrong_type["org_id"] = "branch";
  EXPECT_EQ(post(wrong_type).status, 400);
  json missing = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  missing.erase("title");
  EXPECT_EQ(post(missing).status, 400);
  json agenda = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  agenda["agenda"] = "学习";
  EXPECT_EQ(post(agenda).status, 400);
  // The declared body keeps the readers' messages: each shape names its field.
  for (const auto& [key, value, message] : std::vector<std::tuple<std::string, json, std::string>>{
           {"agenda", {"学习", 1}, "agenda"},
           {"attendance", "全体", "attendance 须为数组"},
           {"attendance", {1}, "每位出席者须为对象"},
           {"first_topic", json::array(), "first_topic 须为对象"}}) {
    json bad = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
    bad[key] = value;
    auto r = post(bad);
    EXPECT_EQ(r.status, 400) << key;
    EXPECT_EQ(r.Json()["error"]["field"], key) << r.body;
    EXPECT_NE(r.Json()["error"]["message"].get<std::string>().find(message), std::string::npos)
        << r.body;
  }
  json ids = Meeting("committee_meeting", "2024-08-15T19:30:00+08:00");
  ids["first_topic"]["material_ids"] = {0};
  EXPECT_EQ(post(ids).Json()["error"]["field"], "material_ids");
  json url = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  url["online_url"] = "javascript:alert(1)";
  EXPECT_EQ(post(url).status, 400);
  EXPECT_EQ(Call({"POST", "/api/meetings", "{\"title\":\"\xff\xfe\"}", "application/json", admin_})
                .status,
            400);
  json hostile = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  hostile["title"] = "'; DROP TABLE meetings; -- <script>";
  auto stored = post(hostile);
  ASSERT_EQ(stored.status, 201);
  EXPECT_EQ(stored.Json()["title"], "'; DROP TABLE meetings; -- <script>");
}

TEST_P(MeetingsTest, ConfirmedRecordsAreImmutableAndCorrectionsAreAppended) {
  auto made =
      Post("/api/meetings", Meeting("committee_meeting", "2024-08-15T19:30:00+08:00"), admin_)
          .Json();
  std::string path = "/api/meetings/" + std::to_string(made["id"].get<int64_t>());
  auto edited =
      Patch(path, {{"version", made["version"]}, {"minutes", "补充了讨论内容。"}}, admin_);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Patch(path, {{"version", made["version"]}, {"minutes", "过期版本"}}, admin_).status,
            409);  // stale version
  int64_t version = edited.Json()["version"];
  auto confirmed = Post(path + "/confirm", {{"version", version}}, admin_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.Json()["state"], "confirmed");
  EXPECT_FALSE(confirmed.Json()["confirmed_at"].is_null());
  int64_t v2 = confirmed.Json()["version"];
  auto refused = Patch(path, {{"version", v2}, {"minutes", "改写"}}, admin_);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.ErrorCode(), "meeting_confirmed");
  EXPECT_EQ(Post(path + "/confirm", {{"version", v2}}, admin_).ErrorCode(), "meeting_confirmed");
  auto corrected =
      Post(path + "/corrections",
           {{"field", "minutes"}, {"value", "更正：补记一项决定。"}, {"reason", "漏记"}}, admin_);
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  json c = corrected.Json();
  EXPECT_EQ(c["minutes"], "补充了讨论内容。");  // the record itself stays as confirmed
  ASSERT_EQ(c["corrections"].size(), 1u);
  EXPECT_EQ(c["corrections"][0]["reason"], "漏记");
  EXPECT_EQ(Post(path + "/corrections", {{"field", "minutes"}, {"value", "x"}}, admin_).status,
            400);
  EXPECT_EQ(
      Post(path + "/corrections", {{"field", "state"}, {"value", "x"}, {"reason", "y"}}, admin_)
          .status,
      400);
  // A held meeting without a record cannot be confirmed; unconfirmed ones are edited, not
  // corrected.
  auto bare = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "lecture"},
                    {"title", "党课"},
                    {"held_at", "2024-09-01T09:00:00+08:00"}},
                   admin_)
                  .Json();
  EXPECT_EQ(bare["state"], "held");
  std::string bare_path = "/api/meetings/" + std::to_string(bare["id"].get<int64_t>());
  EXPECT_EQ(Post(bare_path + "/confirm", {{"version", bare["version"]}}, admin_).ErrorCode(),
            "not_recorded");
  EXPECT_EQ(Post(bare_path + "/corrections",
                 {{"field", "minutes"}, {"value", "x"}, {"reason", "y"}}, admin_)
                .ErrorCode(),
            "not_confirmed");
}

// Activists attend as 列席: accepted, shown, and counted in none of present, excused and
// absent, so the attendance rate is the party members' own. A party member cannot be 列席
// and an activist cannot be counted.
TEST_P(MeetingsTest, ActivistsAttendAsGuestsAndAreNotCounted) {
  auto made = Post("/api/members",
                   {{"org_id", branch_},
                    {"name", "积极分子甲"},
                    {"national_id", CitizenId("44030519950505123")},
                    {"status", "activist"},
                    {"applied_on", "2023-03-01"},
                    {"activist_on", "2023-09-01"}},
                   admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t activist = made.Json()["id"];
  json body = Meeting("theme_day", "2024-08-15T19:30:00+08:00");
  body["attendance"].push_back({{"member_id", activist}, {"status", "attending"}});
  auto saved = Post("/api/meetings", body, admin_);
  ASSERT_EQ(saved.status, 201) << saved.body;
  int attending = 0;
  const json lines = saved.Json()["attendance"];
  for (const auto& a : lines)
    if (a["member_id"] == activist && a["status"] == "attending") ++attending;
  EXPECT_EQ(attending, 1);
  json q3 = Compliance(street_a_, "2024Q3")["summary"]["attendance"];
  EXPECT_EQ(q3["present"], 2);
  EXPECT_EQ(q3["excused"], 1);
  EXPECT_EQ(q3["absent"], 0);
  EXPECT_DOUBLE_EQ(q3["rate"].get<double>(), 2.0 / 3.0);  // the activist is not in it
  auto stats = Get("/api/orgs/" + std::to_string(branch_) + "/meeting-stats?period=2024Q3", admin_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json()["present"], 2);
  EXPECT_EQ(stats.Json()["absent"], 0);

  // A full member as 列席, an activist as present: refused, saying why.
  json member_guest = Meeting("committee_meeting", "2024-08-16T19:30:00+08:00");
  member_guest["attendance"][0]["status"] = "attending";
  auto refused = Post("/api/meetings", member_guest, admin_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.ErrorCode(), "attendance_not_allowed");
  EXPECT_EQ(refused.Json()["error"]["field"], "attendance.status");
  EXPECT_NE(refused.Json()["error"]["message"].get<std::string>().find("不能列席"),
            std::string::npos);
  json counted = Meeting("committee_meeting", "2024-08-16T19:30:00+08:00");
  counted["attendance"].push_back({{"member_id", activist}, {"status", "present"}});
  EXPECT_EQ(Post("/api/meetings", counted, admin_).ErrorCode(), "attendance_not_allowed");

  // The activist joins the party later (written straight to the store: the pipeline's own
  // rules are the members suite's). The meeting's 列席 line was right when it was entered,
  // so the unconfirmed record can still be edited; a new 列席 line for them cannot be added.
  ASSERT_TRUE(runtime_->db()
                  .Write([&](store::Tx& tx) -> Status {
                    tx.ExecScript("UPDATE members SET status = 'probationary' WHERE id = " +
                                  std::to_string(activist));
                    return {};
                  })
                  .has_value());
  const std::string path = "/api/meetings/" + saved.Json()["id"].dump();
  auto retitled = Patch(path,
                        {{"version", saved.Json()["version"]},
                         {"title", "八月主题党日（补记）"},
                         {"attendance", saved.Json()["attendance"]}},
                        admin_);
  EXPECT_EQ(retitled.status, 200) << retitled.body;
  json later = Meeting("theme_day", "2024-09-15T19:30:00+08:00");
  later["attendance"].push_back({{"member_id", activist}, {"status", "attending"}});
  EXPECT_EQ(Post("/api/meetings", later, admin_).ErrorCode(), "attendance_not_allowed");
}

// A second held meeting of a type in its rhythm period (theme days: monthly) asks for
// confirmation; with it, it is recorded. Another month, or a plan, is no duplicate.
TEST_P(MeetingsTest, ASecondMeetingInThePeriodAsksForConfirmation) {
  auto first = Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), admin_);
  ASSERT_EQ(first.status, 201) << first.body;
  const int64_t id = first.Json()["id"];
  json again = Meeting("theme_day", "2024-08-28T19:30:00+08:00");
  auto asked = Post("/api/meetings", again, admin_);
  EXPECT_EQ(asked.status, 409);
  EXPECT_EQ(asked.ErrorCode(), "duplicate_in_period");
  EXPECT_NE(asked.Json()["error"]["message"].get<std::string>().find("#" + std::to_string(id)),
            std::string::npos);
  EXPECT_EQ(Get("/api/meetings?org=" + std::to_string(branch_), admin_).Json()["total"], 1);
  again["confirm_duplicate"] = true;
  EXPECT_EQ(Post("/api/meetings", again, admin_).status, 201);
  EXPECT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-09-02T19:30:00+08:00"), admin_).status,
            201);
  EXPECT_EQ(Post("/api/meetings",
                 {{"org_id", branch_},
                  {"type", "theme_day"},
                  {"title", "九月主题党日（计划）"},
                  {"held_at", "2099-09-20T15:00:00+08:00"}},
                 admin_)
                .status,
            201);

  // Edits too: a plan in September becoming a meeting held asks (September has one), and
  // so does moving August's first meeting into September; a move within August does not.
  auto plan = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "theme_day"},
                    {"title", "九月第二次主题党日"},
                    {"state", "planned"},
                    {"held_at", "2024-09-25T15:00:00+08:00"}},
                   admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const std::string plan_path = "/api/meetings/" + plan.Json()["id"].dump();
  json held = {{"version", plan.Json()["version"]}, {"state", "held"}};
  auto plan_asked = Patch(plan_path, held, admin_);
  EXPECT_EQ(plan_asked.status, 409) << plan_asked.body;
  EXPECT_EQ(plan_asked.ErrorCode(), "duplicate_in_period");
  EXPECT_EQ(Get(plan_path, admin_).Json()["state"], "planned");  // nothing changed
  held["confirm_duplicate"] = true;
  EXPECT_EQ(Patch(plan_path, held, admin_).status, 200);
  const std::string first_path = "/api/meetings/" + std::to_string(id);
  auto moved = Patch(
      first_path, {{"version", first.Json()["version"]}, {"held_at", "2024-09-10T19:30:00+08:00"}},
      admin_);
  EXPECT_EQ(moved.ErrorCode(), "duplicate_in_period") << moved.body;
  EXPECT_EQ(Patch(first_path,
                  {{"version", first.Json()["version"]}, {"held_at", "2024-08-20T19:30:00+08:00"}},
                  admin_)
                .status,
            200);
}

TEST_P(MeetingsTest, Scope) {
  auto mine =
      Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00", other_), admin_);
  ASSERT_EQ(mine.status, 201);
  std::string path = "/api/meetings/" + std::to_string(mine.Json()["id"].get<int64_t>());
  MakeUser("nanshan", "street_admin", street_a_);
  auto street = Login("nanshan", kPassword);
  EXPECT_EQ(Get(path, street).status, 404);
  EXPECT_EQ(Patch(path, {{"version", 1}, {"title", "x"}}, street).status, 404);
  EXPECT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00", other_), street)
                .status,
            404);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(district_b_) + "/compliance?period=2024", street).status,
      404);
  EXPECT_EQ(Get("/api/meetings", street).Json()["total"], 0);
  EXPECT_EQ(Get("/api/meetings?org=" + std::to_string(other_), street).status, 404);
  EXPECT_EQ(Get("/api/meetings").status, 401);
}

}  // namespace
}  // namespace jiceng::testing
