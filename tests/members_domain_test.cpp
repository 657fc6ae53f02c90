// The membership development pipeline.
#include <gtest/gtest.h>

#include "domain/members.h"

namespace jiceng::domain {
namespace {

const std::string kToday = "2026-11-26";

Pipeline Through(std::initializer_list<std::pair<MemberStatus, const char*>> steps) {
  Pipeline p = *Apply("1995-03-15", "2019-03-01", kToday);
  for (auto [to, on] : steps) {
    auto next = Advance(p, to, on, kToday);
    EXPECT_TRUE(next) << MemberStatusCode(to) << " on " << on << ": "
                      << (next ? "" : next.error().message);
    if (next) p = *next;
  }
  return p;
}

TEST(MembersPipeline, TheRegularPath) {
  auto p = Through({{MemberStatus::kActivist, "2019-04-01"},
                    {MemberStatus::kCandidate, "2020-04-01"},
                    {MemberStatus::kProbationary, "2020-07-01"},
                    {MemberStatus::kFull, "2021-07-05"}});
  EXPECT_EQ(p.status, MemberStatus::kFull);
  EXPECT_EQ(p.joined_on, "2020-07-01");
  EXPECT_EQ(p.full_on, "2021-07-01");  // counted from the end of probation
  EXPECT_TRUE(IsMember(p.status));
}

TEST(MembersPipeline, IllegalJumpsAndEarlyStepsAreRefused) {
  Pipeline applicant = *Apply("1995-03-15", "2019-03-01", kToday);
  auto jump = Advance(applicant, MemberStatus::kFull, "2020-01-01", kToday);
  ASSERT_FALSE(jump);
  EXPECT_EQ(jump.error().code, "illegal_transition");
  EXPECT_EQ(jump.error().kind, ErrorKind::kRuleBroken);
  EXPECT_NE(jump.error().message.find("申请人"), std::string::npos);
  auto activist = *Advance(applicant, MemberStatus::kActivist, "2019-04-01", kToday);
  auto early = Advance(activist, MemberStatus::kCandidate, "2020-03-31", kToday);
  ASSERT_FALSE(early);  // one year of cultivation first
  EXPECT_NE(early.error().message.find("2020-04-01"), std::string::npos);
  EXPECT_FALSE(Advance(activist, MemberStatus::kActivist, "2019-05-01", kToday));
  EXPECT_FALSE(Advance(activist, MemberStatus::kExpelled, "2019-05-01", kToday));  // not a member
  EXPECT_FALSE(
      Advance(applicant, MemberStatus::kActivist, "2019-02-01", kToday));  // before applying
  EXPECT_FALSE(Advance(applicant, MemberStatus::kActivist, "2099-01-01", kToday));  // future
  EXPECT_FALSE(Advance(applicant, MemberStatus::kActivist, "2019-13-01", kToday));  // not a date
  auto probationary = Through({{MemberStatus::kActivist, "2019-04-01"},
                               {MemberStatus::kCandidate, "2020-04-01"},
                               {MemberStatus::kProbationary, "2020-07-01"}});
  EXPECT_FALSE(Advance(probationary, MemberStatus::kFull, "2021-06-30", kToday));
  auto gone = *Advance(probationary, MemberStatus::kWithdrawn, "2021-01-01", kToday);
  EXPECT_FALSE(Advance(gone, MemberStatus::kFull, "2021-07-01", kToday));  // terminal
}

TEST(MembersPipeline, ProbationExtendsOnceBySixToTwelveMonths) {
  auto p = Through({{MemberStatus::kActivist, "2019-04-01"},
                    {MemberStatus::kCandidate, "2020-04-01"},
                    {MemberStatus::kProbationary, "2020-07-01"}});
  EXPECT_FALSE(ExtendProbation(p, 3));
  EXPECT_FALSE(ExtendProbation(p, 13));
  auto extended = *ExtendProbation(p, 6);
  EXPECT_EQ(extended.probation_ends_on, "2022-01-01");
  EXPECT_FALSE(ExtendProbation(extended, 6));  // only once
  EXPECT_FALSE(Advance(extended, MemberStatus::kFull, "2021-07-01", kToday));
  auto full = *Advance(extended, MemberStatus::kFull, "2022-01-10", kToday);
  EXPECT_EQ(full.full_on, "2022-01-01");
}

TEST(MembersPipeline, ApplicantsMustBeEighteen) {
  EXPECT_TRUE(Apply("2000-06-01", "2018-06-01", kToday));
  auto young = Apply("2000-06-01", "2018-05-31", kToday);
  ASSERT_FALSE(young);
  EXPECT_EQ(young.error().code, "too_young");
  EXPECT_FALSE(Apply("2000-06-01", "2099-01-01", kToday));
}

TEST(MembersPipeline, LeavingAndDeath) {
  auto full = Through({{MemberStatus::kActivist, "2019-04-01"},
                       {MemberStatus::kCandidate, "2020-04-01"},
                       {MemberStatus::kProbationary, "2020-07-01"},
                       {MemberStatus::kFull, "2021-07-01"}});
  EXPECT_EQ(Advance(full, MemberStatus::kTransferredOut, "2023-01-01", kToday)->left_on,
            "2023-01-01");
  EXPECT_TRUE(Advance(full, MemberStatus::kExpelled, "2023-01-01", kToday));
  EXPECT_TRUE(Advance(full, MemberStatus::kDeceased, "2023-01-01", kToday));
  Pipeline applicant = *Apply("1995-03-15", "2019-03-01", kToday);
  EXPECT_TRUE(Advance(applicant, MemberStatus::kDeceased, "2020-01-01", kToday));
  EXPECT_FALSE(Advance(applicant, MemberStatus::kTransferredOut, "2020-01-01", kToday));
}

TEST(MembersPipeline, CodesNamesAndCalendar) {
  for (const char* code : {"applicant", "activist", "candidate", "probationary", "full",
                           "transferred_out", "deceased", "expelled", "withdrawn"})
    EXPECT_EQ(MemberStatusCode(*ParseMemberStatus(code)), code);
  EXPECT_FALSE(ParseMemberStatus("emperor"));
  // The import template's 人员类别.
  EXPECT_EQ(MemberStatusFromTemplateName("申请人"), MemberStatus::kApplicant);
  EXPECT_EQ(MemberStatusFromTemplateName("积极分子"), MemberStatus::kActivist);
  EXPECT_EQ(MemberStatusFromTemplateName("发展对象"), MemberStatus::kCandidate);
  EXPECT_EQ(MemberStatusFromTemplateName("预备党员"), MemberStatus::kProbationary);
  EXPECT_EQ(MemberStatusFromTemplateName("正式党员"), MemberStatus::kFull);
  EXPECT_FALSE(MemberStatusFromTemplateName("已去世"));
  EXPECT_EQ(AddYears("2020-02-29", 1), "2021-02-28");
  EXPECT_EQ(AddYears("2020-02-29", 4), "2024-02-29");
  EXPECT_EQ(AddMonths("2021-08-31", 6), "2022-02-28");
  EXPECT_EQ(AddMonths("2021-12-15", 1), "2022-01-15");
}

}  // namespace
}  // namespace jiceng::domain
