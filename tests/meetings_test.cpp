// Organizational life over HTTP on both stores: recording meetings with the first agenda
// item and attendance, the rules per organization kind, immutability after confirmation,
// compliance per period in Asia/Shanghai time, the three-missed rule, and scope.
#include <fstream>
#include <set>

#include "api_fixture.h"
#include "platform/tabular.h"

namespace jiceng::testing {
namespace {

class MeetingsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    branch_ = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
    group_ = Org(branch_, "第一党小组", "group");
    other_ = Org(district_b_, "中共福田区机关第一支部委员会", "branch");
    for (int i = 0; i < 3; ++i) {
      std::string first17 = "4403051990010" + std::to_string(1 + i) + "123";
      auto made = Post("/api/members",
                       {{"org_id", branch_},
                        {"name", std::string("党员") + std::to_string(i)},
                        {"national_id", CitizenId(first17)},
                        {"status", "full"},
                        {"joined_on", "2015-07-01"},
                        {"shenzhen_hukou", true}},
                       admin_);
      ASSERT_EQ(made.status, 201) << made.body;
      members_.push_back(made.Json()["id"]);
    }
    auto material = Post("/api/materials",
                         {{"title", "在全国组织工作会议上的讲话"},
                          {"source", "人民日报"},
                          {"published_on", "2024-06-28"},
                          {"body", "加强基层党建，推进基层治理现代化。"},
                          {"tags", {"讲话", "党建"}}},
                         admin_);
    ASSERT_EQ(material.status, 201) << material.body;
    material_ = material.Json()["id"];
  }
  // An organization founded long ago, so that the rhythm applies to past periods.
  int64_t Org(int64_t parent, const std::string& name, const std::string& kind) {
    auto r =
        Post("/api/orgs",
             {{"parent_id", parent}, {"name", name}, {"kind", kind}, {"founded_on", "2020-01-01"}},
             admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  json Attendance(const std::vector<std::string>& statuses) {
    json out = json::array();
    for (size_t i = 0; i < statuses.size(); ++i) {
      json a = {{"member_id", members_[i]}, {"status", statuses[i]}};
      if (statuses[i] == "excused") a["reason"] = "出差";
      out.push_back(a);
    }
    return out;
  }
  json Meeting(const std::string& type, const std::string& held_at, int64_t org = 0) {
    return {{"org_id", org ? org : branch_},
            {"type", type},
            {"title", "2024年第三季度主题党日"},
            {"held_at", held_at},
            {"place", "党群服务中心"},
            {"agenda", {"学习讲话精神", "讨论基层治理"}},
            {"first_topic",
             {{"material_ids", {material_}}, {"leader", "王书记"}, {"notes", "逐段学习"}}},
            {"minutes", "会议学习了讲话精神。"},
            {"attendance", Attendance({"present", "present", "excused"})}};
  }
  json Compliance(int64_t org, const std::string& period, const std::string& cookie = "") {
    auto r = Get("/api/orgs/" + std::to_string(org) + "/compliance?period=" + period + "&size=200",
                 cookie.empty() ? admin_ : cookie);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  // The compliance item of (org, type), or null.
  static json Item(const json& c, int64_t org, const std::string& type) {
    for (const auto& i : c["items"])
      if (i["org_id"] == org && i["type"] == type) return i;
    return nullptr;
  }
  std::string admin_;
  int64_t branch_ = 0, group_ = 0, other_ = 0, material_ = 0;
  std::vector<int64_t> members_;
};
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
  EXPECT_EQ(Post("/api/materials", {{"title", "无正文"}}, admin_).status, 400);
  EXPECT_EQ(Post("/api/materials", {{"title", "x"}, {"body", "y"}, {"published_on", "2024-13-01"}},
                 admin_)
                .status,
            400);
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

TEST_P(MeetingsTest, CompliancePerPeriodInShanghaiTime) {
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(street_a_) + "/compliance?period=2024Q5", admin_).status,
      400);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/compliance", admin_).status, 400);
  // 23:30 on 30 June in Shanghai is still June (15:30 UTC) …
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-06-30T23:30:00+08:00"), admin_).status,
            201);
  // … and 16:30 UTC on 30 June is already 1 July in Shanghai.
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-06-30T16:30:00Z"), admin_).status,
            201);
  ASSERT_EQ(
      Post("/api/meetings", Meeting("member_meeting", "2024-09-20T15:00:00+08:00"), admin_).status,
      201);
  json june = Compliance(street_a_, "2024-06");
  EXPECT_EQ(Item(june, branch_, "theme_day")["held"], 1);
  EXPECT_EQ(Item(june, branch_, "theme_day")["overdue"], 0);
  json q3 = Compliance(street_a_, "2024Q3");
  EXPECT_EQ(q3["period"]["from"], "2024-07-01");
  EXPECT_EQ(q3["period"]["to"], "2024-10-01");
  json theme = Item(q3, branch_, "theme_day");
  EXPECT_EQ(theme["required"], 3);  // monthly
  EXPECT_EQ(theme["held"], 1);      // July only
  EXPECT_EQ(theme["overdue"], 2);   // August and September passed without one
  json member_meeting = Item(q3, branch_, "member_meeting");
  EXPECT_EQ(member_meeting["required"], 1);  // quarterly
  EXPECT_EQ(member_meeting["overdue"], 0);
  // Three full members: no branch committee, so no committee meetings are required.
  EXPECT_TRUE(Item(q3, branch_, "committee_meeting").is_null());
  EXPECT_EQ(Item(q3, group_, "group_meeting")["overdue"], 3);
  EXPECT_EQ(Item(q3, street_a_, "party_committee")["required"], 3);
  EXPECT_TRUE(Item(q3, other_, "theme_day").is_null());  // another district: not in the subtree
  // Quarterly rules fall due in the quarter's last month only; yearly ones in December.
  EXPECT_TRUE(Item(Compliance(street_a_, "2024-07"), branch_, "member_meeting").is_null());
  EXPECT_EQ(Item(Compliance(street_a_, "2024-09"), branch_, "member_meeting")["required"], 1);
  EXPECT_EQ(Item(Compliance(street_a_, "2024"), branch_, "life_meeting")["required"], 1);
  EXPECT_EQ(Item(Compliance(street_a_, "2024"), branch_, "theme_day")["required"], 12);
  EXPECT_EQ(q3["summary"]["meetings"], 2);
  EXPECT_EQ(q3["summary"]["first_topic_sessions"], 2);
  EXPECT_EQ(q3["summary"]["attendance"]["present"], 4);
  EXPECT_EQ(q3["summary"]["attendance"]["excused"], 2);
  // The same counts from the city.
  json city = Compliance(root_, "2024Q3");
  EXPECT_EQ(Item(city, branch_, "theme_day")["held"], 1);
  EXPECT_EQ(city["summary"]["meetings"], 2);
  // Four more full members make seven: the branch has a committee, whose monthly meetings
  // are due from the next question on (the counts are not kept stale in memory).
  for (int i = 0; i < 4; ++i) {
    auto made = Post("/api/members",
                     {{"org_id", branch_},
                      {"name", "新党员" + std::to_string(i)},
                      {"national_id", CitizenId("4403051991020" + std::to_string(1 + i) + "123")},
                      {"status", "full"},
                      {"joined_on", "2015-07-01"}},
                     admin_);
    ASSERT_EQ(made.status, 201) << made.body;
  }
  json committee = Item(Compliance(street_a_, "2024Q3"), branch_, "committee_meeting");
  ASSERT_FALSE(committee.is_null());
  EXPECT_EQ(committee["required"], 3);
}

TEST_P(MeetingsTest, MembersWhoMissThreeMeetingsInARowAreListedForFollowUp) {
  for (const char* when :
       {"2024-07-10T19:00:00+08:00", "2024-08-10T19:00:00+08:00", "2024-09-10T19:00:00+08:00"}) {
    json m = Meeting("theme_day", when);
    // Member 0 always absent; member 1 absent twice, excused once; member 2 present.
    m["attendance"] = Attendance(
        {"absent", std::string(when).substr(5, 2) == "08" ? "excused" : "absent", "present"});
    ASSERT_EQ(Post("/api/meetings", m, admin_).status, 201);
  }
  json c = Compliance(street_a_, "2024Q3");
  ASSERT_TRUE(c.contains("follow_up"));
  ASSERT_EQ(c["follow_up"].size(), 1u) << c["follow_up"].dump();
  EXPECT_EQ(c["follow_up"][0]["member_id"], members_[0]);
  EXPECT_EQ(c["follow_up"][0]["missed_on"][0], "2024-09-10");
  // Attending the next meeting ends it.
  json next = Meeting("theme_day", "2024-10-10T19:00:00+08:00");
  ASSERT_EQ(Post("/api/meetings", next, admin_).status, 201);
  EXPECT_EQ(Compliance(street_a_, "2024Q4")["follow_up"].size(), 0u);
  // Members' names are for those who manage members: a plain member sees the counts only.
  MakeUser("plain", "member", street_a_);
  json plain = Compliance(street_a_, "2024Q3", Login("plain", kPassword));
  EXPECT_FALSE(plain.contains("follow_up"));
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
  // Study materials are for everyone signed in; adding them for those who record meetings.
  MakeUser("plain", "member", street_a_);
  auto plain = Login("plain", kPassword);
  EXPECT_EQ(Get("/api/materials?tag=党建", plain).Json()["total"], 1);
  EXPECT_EQ(Get("/api/materials?q=基层治理", plain).Json()["total"], 1);
  EXPECT_EQ(Get("/api/materials/" + std::to_string(material_), plain).Json()["body"],
            "加强基层党建，推进基层治理现代化。");
  EXPECT_EQ(Post("/api/materials", {{"title", "x"}, {"body", "y"}}, plain).status, 403);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

// Moves the test clock to 26 November 2030, 10:00 in Shanghai (sessions expire: log in again).
void MoveTo20301126(ManualClock& clock) {
  int64_t target = 1921888800000;  // 2030-11-26T02:00:00Z
  ASSERT_GT(target, clock.NowMs());
  clock.Advance(target - clock.NowMs());
}

TEST_P(MeetingsTest, AYearPlannedInOneStepExportedAsICalendar) {
  MoveTo20301126(*clock_);
  admin_ = Login("admin", kPassword);
  std::string path = "/api/orgs/" + std::to_string(branch_) + "/schedule";
  auto plan = Post(path, {{"year", 2031}}, admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  // Member meetings 4, lectures 4, themed days 12, life meeting 1, appraisal 1 (no
  // committee meetings with three full members).
  EXPECT_EQ(plan.Json()["total"], 22);
  EXPECT_EQ(plan.Json()["items"][0]["state"], "planned");
  EXPECT_EQ(Post(path, {{"year", 2031}}, admin_).Json()["total"], 0);  // nothing twice
  EXPECT_EQ(Post(path, {{"year", 2024}}, admin_).Json()["total"], 0);  // the past is not planned
  EXPECT_EQ(Post(path, {{"year", "2031"}}, admin_).status, 400);
  auto ics = Get(path + ".ics?year=2031", admin_);
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_EQ(ics.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  size_t events = 0;
  for (size_t at = ics.body.find("BEGIN:VEVENT"); at != std::string::npos;
       at = ics.body.find("BEGIN:VEVENT", at + 1))
    ++events;
  EXPECT_EQ(events, 22u);
  EXPECT_NE(ics.body.find("SUMMARY:主题党日：主题党日（2031-01）"), std::string::npos);
  EXPECT_NE(ics.body.find("DTSTART:20310110T070000Z"), std::string::npos);  // 15:00 Shanghai
  for (size_t begin = 0, end; (end = ics.body.find("\r\n", begin)) != std::string::npos;
       begin = end + 2)
    EXPECT_LE(end - begin, 75u);  // folded lines
  EXPECT_EQ(Get(path + ".ics", admin_).status, 400);
  MakeUser("futian", "street_admin", district_b_);
  EXPECT_EQ(Post(path, {{"year", 2031}}, Login("futian", kPassword)).status, 404);
}

TEST_P(MeetingsTest, RemindersListWhatIsDueInTheNextTwoWeeks) {
  MoveTo20301126(*clock_);
  admin_ = Login("admin", kPassword);
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2030-11-20T19:00:00+08:00"), admin_).status,
            201);
  auto plan = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "member_meeting"},
                    {"title", "第四季度党员大会"},
                    {"held_at", "2030-12-05T15:00:00+08:00"}},
                   admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  auto r = Get("/api/orgs/" + std::to_string(street_a_) + "/reminders", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> got;
  json body = r.Json();
  for (const auto& i : body["items"])
    got.insert(i["kind"].get<std::string>() + " " + std::to_string(i["org_id"].get<int64_t>()) +
               " " + i["type"].get<std::string>() + " " + i["date"].get<std::string>());
  std::set<std::string> want = {"planned " + std::to_string(branch_) + " member_meeting 2030-12-05",
                                "due " + std::to_string(group_) + " group_meeting 2030-11-30",
                                "due " + std::to_string(street_a_) + " party_committee 2030-11-30"};
  EXPECT_EQ(got, want) << r.body;
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/reminders?days=0", admin_).status,
            400);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, ComplianceDrillsDownOneLevelAtATime) {
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-07-10T19:00:00+08:00"), admin_).status,
            201);
  auto r =
      Get("/api/orgs/" + std::to_string(district_a_) + "/compliance?period=2024Q3&group=children",
          admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  json c = r.Json();
  // The street stands for its whole subtree: the branch's themed day is counted there.
  json theme = Item(c, street_a_, "theme_day");
  ASSERT_FALSE(theme.is_null()) << c.dump();
  EXPECT_EQ(theme["held"], 1);
  EXPECT_EQ(theme["required"], 3);
  EXPECT_TRUE(Item(c, branch_, "theme_day").is_null());
  EXPECT_EQ(Item(c, street_a_, "party_committee")["required"], 3);
  // One type only: every row of that type, the summary unchanged.
  json only = Get("/api/orgs/" + std::to_string(district_a_) +
                      "/compliance?period=2024Q3&group=children&type=theme_day",
                  admin_)
                  .Json();
  ASSERT_EQ(only["items"].size(), 1u);
  EXPECT_EQ(only["items"][0]["org_id"], street_a_);
  EXPECT_EQ(only["summary"], c["summary"]);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(district_a_) + "/compliance?period=2024Q3&type=tea", admin_)
          .status,
      400);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_a_) + "/compliance?period=2024Q3&group=all",
                admin_)
                .status,
            400);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, TheLedgerListsTheYearsMeetingsForInspectors) {
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), admin_).status,
            201);
  ASSERT_EQ(Post("/api/meetings", Meeting("committee_meeting", "2024-03-02T09:00:00+08:00"), admin_)
                .status,
            201);
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2023-12-30T09:00:00+08:00"), admin_).status,
            201);  // another year
  auto r = Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx?year=2024", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.headers["content-disposition"].find("filename*=UTF-8''"), std::string::npos);
  auto table = ReadXlsx(r.body);
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->size(), 3u);  // header + two meetings of 2024, oldest first
  EXPECT_EQ((*table)[0][0], "序号");
  EXPECT_EQ((*table)[0][8], "第一议题（学习内容）");
  EXPECT_EQ((*table)[1][2], "支委会");
  EXPECT_EQ((*table)[1][4], "2024-03-02T09:00");
  EXPECT_EQ((*table)[2][8], "在全国组织工作会议上的讲话");
  EXPECT_EQ((*table)[2][9], "3");   // listed
  EXPECT_EQ((*table)[2][10], "2");  // present
  EXPECT_EQ((*table)[2][11], "1");  // excused
  EXPECT_EQ((*table)[2][13], "66.7%");
  EXPECT_EQ((*table)[2][14], "已记录");
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx", admin_).status, 400);
  MakeUser("futian", "street_admin", district_b_);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx?year=2024",
                Login("futian", kPassword))
                .status,
            404);
  auto audit = Get("/api/audit?action=meeting.export", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 1);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, TheRhythmIsConfigurableAtTheTop) {
  auto rules = Get("/api/meetings/rules", admin_);
  ASSERT_EQ(rules.status, 200);
  json list = rules.Json()["items"];
  ASSERT_GT(list.size(), 20u);
  // A city that holds themed days quarterly.
  for (auto& r : list)
    if (r["type"] == "theme_day") r["frequency"] = "quarterly";
  auto put = Call(
      {"PUT", "/api/meetings/rules", json{{"rules", list}}.dump(), "application/json", admin_});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Item(Compliance(street_a_, "2024Q3"), branch_, "theme_day")["required"], 1);
  // Only at the top of the tree, and only rules that make sense.
  MakeUser("nanshan", "street_admin", street_a_);
  EXPECT_EQ(Call({"PUT", "/api/meetings/rules", json{{"rules", list}}.dump(), "application/json",
                  Login("nanshan", kPassword)})
                .status,
            404);
  auto bad = [&](json rule) {
    return Call(
        {"PUT", "/api/meetings/rules", json{{"rules", {rule}}}.dump(), "application/json", admin_});
  };
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "group_meeting"}, {"frequency", "monthly"}})
                .ErrorCode(),
            "type_not_for_org");
  EXPECT_EQ(bad({{"org_kind", "palace"}, {"type", "theme_day"}, {"frequency", "monthly"}}).status,
            422);
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "theme_day"}, {"frequency", "daily"}}).status,
            400);
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "theme_day"}}).status, 400);
  EXPECT_EQ(
      Call({"PUT", "/api/meetings/rules", "{\"rules\":{}}", "application/json", admin_}).status,
      400);
  // Nothing half-written: the quarterly rule set is still in force.
  json after = Get("/api/meetings/rules", admin_).Json();
  EXPECT_EQ(after["total"], list.size());
  for (const auto& r : after["items"])
    if (r["type"] == "theme_day") {
      EXPECT_EQ(r["frequency"], "quarterly");
    }
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, StatsForTheDashboardFollowEveryChange) {
  auto stats = [&](int64_t org, const std::string& period) {
    auto r = Get("/api/orgs/" + std::to_string(org) + "/meeting-stats?period=" + period, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  };
  // Recorded before the first question: read from the store when the stats load.
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-07-15T19:30:00+08:00"), admin_).status,
            201);
  json q3 = stats(street_a_, "2024Q3");
  EXPECT_EQ(q3["meetings"], 1);
  EXPECT_EQ(q3["first_topic_sessions"], 1);
  EXPECT_EQ(q3["present"], 2);
  EXPECT_EQ(q3["excused"], 1);
  EXPECT_EQ(q3["absent"], 0);
  // Recorded after: applied as it commits, in its Shanghai month (16:30Z on 31 August is
  // 1 September in Shanghai).
  ASSERT_EQ(
      Post("/api/meetings", Meeting("committee_meeting", "2024-08-31T16:30:00Z"), admin_).status,
      201);
  auto plan = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "member_meeting"},
                    {"title", "第三季度党员大会"},
                    {"held_at", "2024-09-20T15:00:00+08:00"},
                    {"state", "planned"}},
                   admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  q3 = stats(street_a_, "2024Q3");
  EXPECT_EQ(q3["meetings"], 2);  // the plan is not a meeting yet
  EXPECT_EQ(q3["present"], 4);
  ASSERT_EQ(q3["months"].size(), 2u);
  EXPECT_EQ(q3["months"][0]["month"], "2024-07");
  EXPECT_EQ(q3["months"][1]["month"], "2024-09");
  EXPECT_EQ(q3["months"][1]["meetings"], 1);
  // The plan held: it counts from then on, with its attendance.
  json p = plan.Json();
  auto held = Patch("/api/meetings/" + std::to_string(p["id"].get<int64_t>()),
                    {{"version", p["version"]},
                     {"state", "recorded"},
                     {"first_topic", {{"material_ids", {material_}}}},
                     {"attendance", Attendance({"absent", "present", "present"})}},
                    admin_);
  ASSERT_EQ(held.status, 200) << held.body;
  q3 = stats(street_a_, "2024Q3");
  EXPECT_EQ(q3["meetings"], 3);
  EXPECT_EQ(q3["absent"], 1);
  EXPECT_EQ(q3["first_topic_sessions"], 3);
  EXPECT_EQ(stats(root_, "2024")["meetings"], 3);
  EXPECT_EQ(stats(root_, "2024-07")["meetings"], 1);
  EXPECT_EQ(stats(district_b_, "2024")["meetings"], 0);
  EXPECT_EQ(stats(street_a_, "2024Q3")["attendance_rate"].get<double>(), 6.0 / 9.0);
  // The compliance summary says the same.
  EXPECT_EQ(Compliance(street_a_, "2024Q3")["summary"]["meetings"], 3);
  // Bad input and scope.
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/meeting-stats", admin_).status, 400);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(street_a_) + "/meeting-stats?period=2024Q5", admin_).status,
      400);
  EXPECT_EQ(Get("/api/orgs/999999/meeting-stats?period=2024", admin_).status, 404);
  MakeUser("futian", "street_admin", district_b_);
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(street_a_) + "/meeting-stats?period=2024", futian).status,
      404);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, AttachmentsAreCheckedStoredOutsideTheDatabaseAndVerified) {
  auto made = Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = std::to_string(made.Json()["id"].get<int64_t>());
  auto upload = [&](const std::string& name, const std::string& bytes,
                    const std::string& cookie = "") {
    Req r;
    r.method = "POST";
    r.path = "/api/meetings/" + id + "/attachments" + (name.empty() ? "" : "?name=" + name);
    r.body = bytes;
    r.content_type = "application/octet-stream";
    r.cookie = cookie.empty() ? admin_ : cookie;
    return Call(r);
  };
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5000, '\x42');
  auto photo = upload("%E7%8E%B0%E5%9C%BA.png", png);  // 现场.png
  ASSERT_EQ(photo.status, 201) << photo.body;
  json a = photo.Json();
  EXPECT_EQ(a["name"], "现场.png");
  EXPECT_EQ(a["content_type"], "image/png");
  EXPECT_EQ(a["size"], 5008);
  EXPECT_EQ(a["sha256"].get<std::string>().size(), 64u);
  auto got = Get(a["url"], admin_);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(got.headers["content-type"], "image/png");
  // A docx is a ZIP named so; a ZIP named otherwise, text, or an executable is not taken.
  EXPECT_EQ(upload("minutes.docx", std::string("PK\x03\x04", 4) + "rest").status, 201);
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"a.zip", std::string("PK\x03\x04", 4) + "rest"},
           {"a.png", "just text pretending"},
           {"a.exe", "MZ\x90\x00 binary"}}) {
    auto r = upload(name, bytes);
    EXPECT_EQ(r.status, 415) << name;
    EXPECT_EQ(r.Json()["error"]["code"], "attachment_type") << name;
  }
  EXPECT_EQ(upload("..%2Fx.png", png).status, 400);  // a path in the name
  EXPECT_EQ(upload("", png).status, 400);            // no name
  EXPECT_EQ(upload("empty.png", "").status, 400);
  EXPECT_EQ(upload("big.pdf", "%PDF-" + std::string(20 * 1024 * 1024, 'x')).status, 413);
  // Listed on the record; others' scope sees nothing.
  auto meeting = Get("/api/meetings/" + id, admin_).Json();
  ASSERT_EQ(meeting["attachments"].size(), 2u);
  MakeUser("futian", "street_admin", district_b_);
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(Get(a["url"], futian).status, 404);
  EXPECT_EQ(upload("x.png", png, futian).status, 404);
  // A file over the 1 MiB JSON limit is admitted from its header alone: outside scope,
  // not logged in, or over 20 MB, the answer comes before a byte of the body is sent.
  auto head_only = [&](const std::string& cookie, size_t length) {
    std::string h = "POST /api/meetings/" + id +
                    "/attachments?name=a.pdf HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    "application/pdf\r\nContent-Length: " +
                    std::to_string(length) + "\r\n";
    if (!cookie.empty()) h += "Cookie: " + cookie + "\r\n";
    return SendRaw(port_, h + "\r\n", 3000);
  };
  EXPECT_EQ(head_only("", 5'000'000).status, 401);
  EXPECT_EQ(head_only(futian, 5'000'000).status, 404);
  EXPECT_EQ(head_only(admin_, 30'000'000).status, 413);
  EXPECT_EQ(head_only(admin_, 30'000'000).ErrorCode(), "attachment_too_large");
  // Bytes changed on disk are refused, not served.
  std::string sha = a["sha256"];
  {
    std::ofstream f(work_dir_ + "/attachments/" + sha.substr(0, 2) + "/" + sha,
                    std::ios::binary | std::ios::trunc);
    f << "tampered";
  }
  auto corrupt = Get(a["url"], admin_);
  EXPECT_EQ(corrupt.status, 500);
  EXPECT_EQ(corrupt.Json()["error"]["code"], "file_corrupt");
  // Removed while unconfirmed; once confirmed, attachments are part of the record.
  std::string docx_url = meeting["attachments"][1]["url"];
  EXPECT_EQ(Delete(a["url"], admin_).status, 204);
  EXPECT_EQ(Get(a["url"], admin_).status, 404);
  auto confirmed =
      Post("/api/meetings/" + id + "/confirm", {{"version", meeting["version"]}}, admin_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(upload("late.png", png).status, 409);
  EXPECT_EQ(Delete(docx_url, admin_).status, 409);
}

}  // namespace
}  // namespace jiceng::testing
