// Organizational life in numbers over HTTP on both stores: the dashboard's stats follow
// every change of a meeting.
#include "meetings_fixture.h"

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
