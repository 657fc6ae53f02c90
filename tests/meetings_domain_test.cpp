// The rules of organizational life that need no store: periods, due dates, who holds what.
#include <gtest/gtest.h>

#include "domain/meetings.h"

namespace jiceng::domain {
namespace {

TEST(MeetingPeriods, ParseYearQuarterMonth) {
  auto q = ParsePeriod("2024Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, "2024-10-01");
  EXPECT_EQ(q->to, "2025-01-01");
  auto m = ParsePeriod("2024-12");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->to, "2025-01-01");
  auto y = ParsePeriod("2024");
  ASSERT_TRUE(y);
  EXPECT_EQ(y->from, "2024-01-01");
  for (const char* bad : {"", "24", "2024Q0", "2024Q5", "2024-00", "2024-13", "2024-1", "20x4",
                          "2024-07-01", "1800", "２０２４"})
    EXPECT_FALSE(ParsePeriod(bad)) << bad;
}

TEST(MeetingPeriods, DueDatesFallInThePeriodTheRhythmEnds) {
  auto q3 = *ParsePeriod("2024Q3");
  EXPECT_EQ(DuePeriods(Frequency::kMonthly, q3).size(), 3u);
  ASSERT_EQ(DuePeriods(Frequency::kQuarterly, q3).size(), 1u);
  EXPECT_EQ(DuePeriods(Frequency::kQuarterly, q3)[0].label, "2024Q3");
  EXPECT_TRUE(DuePeriods(Frequency::kYearly, q3).empty());
  EXPECT_TRUE(DuePeriods(Frequency::kQuarterly, *ParsePeriod("2024-08")).empty());
  ASSERT_EQ(DuePeriods(Frequency::kYearly, *ParsePeriod("2024-12")).size(), 1u);
  EXPECT_EQ(DuePeriods(Frequency::kYearly, *ParsePeriod("2024-12"))[0].from, "2024-01-01");
  EXPECT_EQ(DuePeriods(Frequency::kMonthly, *ParsePeriod("2024")).size(), 12u);
  EXPECT_EQ(DuePeriods(Frequency::kQuarterly, *ParsePeriod("2024")).size(), 4u);
}

TEST(MeetingPeriods, ShanghaiDates) {
  // 2024-06-30T16:30:00Z is 00:30 on 1 July in Shanghai.
  EXPECT_EQ(ShanghaiDate(1719765000000), "2024-07-01");
  EXPECT_EQ(ShanghaiDate(1719765000000 - 3600000), "2024-06-30");
}

TEST(MeetingRules, WhoHoldsWhat) {
  EXPECT_TRUE(MayHold("group", MeetingType::kGroupMeeting));
  EXPECT_FALSE(MayHold("group", MeetingType::kCommitteeMeeting));
  EXPECT_FALSE(MayHold("branch", MeetingType::kGroupMeeting));
  EXPECT_TRUE(MayHold("joint_branch", MeetingType::kThemeDay));
  EXPECT_TRUE(MayHold("community", MeetingType::kPartyCommittee));
  EXPECT_FALSE(MayHold("branch", MeetingType::kPartyCommittee));
  EXPECT_TRUE(NeedsFirstTopic(MeetingType::kCommitteeMeeting));
  EXPECT_FALSE(NeedsFirstTopic(MeetingType::kLifeMeeting));
  // Every default rule names a type its organizations may hold.
  for (const auto& r : DefaultMeetingRules())
    EXPECT_TRUE(MayHold(r.org_kind, r.type)) << r.org_kind;
  for (auto t : AllMeetingTypes()) EXPECT_EQ(ParseMeetingType(MeetingTypeCode(t)), t);
}

}  // namespace
}  // namespace jiceng::domain
