// Compliance over HTTP on both stores: per period in Asia/Shanghai time, the three-missed
// rule for follow-up, and the drill-down one level at a time.
#include "meetings_fixture.h"

namespace jiceng::testing {
namespace {

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
