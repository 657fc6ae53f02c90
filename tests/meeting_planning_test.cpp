// Planning over HTTP on both stores: a year planned in one step and exported as
// iCalendar, and the reminders of what falls due in the next two weeks.
#include <set>

#include "meetings_fixture.h"

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
