// The membership development pipeline.
#include <gtest/gtest.h>

#include <climits>

#include "domain/members.h"
#include "domain/orgs.h"

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
  for (const char* code :
       {"applicant", "activist", "candidate", "probationary", "full", "transferred_out", "deceased",
        "expelled", "withdrawn", "probation_cancelled"})
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

// 党章 art. 7, 细则 art. 32: a probationary member who does not qualify is not expelled —
// the probationary membership is cancelled, a status of its own.
TEST(MembersPipeline, ProbationIsCancelledNotExpelled) {
  auto probationary = Through({{MemberStatus::kActivist, "2019-04-01"},
                               {MemberStatus::kCandidate, "2020-04-01"},
                               {MemberStatus::kProbationary, "2020-07-01"}});
  auto expelled = Advance(probationary, MemberStatus::kExpelled, "2021-01-01", kToday);
  ASSERT_FALSE(expelled);
  EXPECT_EQ(expelled.error().kind, ErrorKind::kRuleBroken);
  EXPECT_EQ(expelled.error().code, "illegal_transition");
  EXPECT_NE(expelled.error().message.find("取消预备党员资格"), std::string::npos);
  // During probation (a breach of discipline) or at its end.
  auto cancelled = Advance(probationary, MemberStatus::kProbationCancelled, "2021-01-01", kToday);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->status, MemberStatus::kProbationCancelled);
  EXPECT_EQ(cancelled->left_on, "2021-01-01");
  EXPECT_FALSE(IsMember(cancelled->status));
  EXPECT_FALSE(Advance(*cancelled, MemberStatus::kFull, "2021-07-01", kToday));  // terminal
  EXPECT_FALSE(Advance(probationary, MemberStatus::kProbationCancelled, "2020-06-30", kToday));
  // Only a probationary membership can be cancelled; a full member can still be expelled.
  auto full = *Advance(probationary, MemberStatus::kFull, "2021-07-01", kToday);
  EXPECT_FALSE(Advance(full, MemberStatus::kProbationCancelled, "2022-01-01", kToday));
  EXPECT_TRUE(Advance(full, MemberStatus::kExpelled, "2022-01-01", kToday));
  Pipeline applicant = *Apply("1995-03-15", "2019-03-01", kToday);
  EXPECT_FALSE(Advance(applicant, MemberStatus::kProbationCancelled, "2020-01-01", kToday));
  // Not a status to register anyone with, nor an import category.
  EXPECT_FALSE(IsRegistrable(MemberStatus::kProbationCancelled));
  EXPECT_FALSE(MemberStatusFromTemplateName("取消预备党员资格"));
  EXPECT_EQ(MemberStatusName(MemberStatus::kProbationCancelled), "取消预备党员资格");
}

// Registration applies the pipeline's date rules to the dates it is given.
Registration Person(MemberStatus status) {
  Registration r;
  r.status = status;
  r.birth_date = "1995-03-15";
  r.applied_on = "2019-03-01";
  if (status >= MemberStatus::kActivist) r.activist_on = "2019-04-01";
  if (status >= MemberStatus::kCandidate) r.candidate_on = "2020-04-01";
  if (status >= MemberStatus::kProbationary) r.joined_on = "2020-07-01";
  return r;
}

// The error's code and field, "" when registered.
std::string Refusal(const Registration& r) {
  auto p = Register(r, kToday);
  return p ? "" : p.error().code + " " + p.error().field;
}

TEST(MembersRegistration, TheRegularStagesAreAccepted) {
  for (auto s : {MemberStatus::kApplicant, MemberStatus::kActivist, MemberStatus::kCandidate,
                 MemberStatus::kProbationary, MemberStatus::kFull}) {
    auto p = Register(Person(s), kToday);
    ASSERT_TRUE(p) << MemberStatusCode(s) << ": " << p.error().message;
    EXPECT_EQ(p->status, s);
  }
  auto probationary = *Register(Person(MemberStatus::kProbationary), kToday);
  EXPECT_EQ(probationary.probation_ends_on, "2021-07-01");
  auto full = *Register(Person(MemberStatus::kFull), kToday);
  EXPECT_EQ(full.full_on, "2021-07-01");  // the day probation ended
  EXPECT_EQ(full.probation_ends_on, "2021-07-01");
  EXPECT_FALSE(full.probation_extended);
  // What the pipeline reaches by steps, registration reaches in one go.
  auto stepped = Through({{MemberStatus::kActivist, "2019-04-01"},
                          {MemberStatus::kCandidate, "2020-04-01"},
                          {MemberStatus::kProbationary, "2020-07-01"},
                          {MemberStatus::kFull, "2021-07-05"}});
  EXPECT_EQ(stepped.full_on, full.full_on);
  EXPECT_EQ(stepped.probation_ends_on, full.probation_ends_on);
  // A member of long standing: only the day they joined is known.
  Registration veteran;
  veteran.status = MemberStatus::kFull;
  veteran.birth_date = "1950-01-01";
  veteran.joined_on = "1975-07-01";
  EXPECT_EQ(Register(veteran, kToday)->full_on, "1976-07-01");
}

TEST(MembersRegistration, CandidacyAfterAYearAsActivist) {
  // 细则 art. 13: a candidate after a month as an activist is refused, as Advance refuses it.
  auto r = Person(MemberStatus::kCandidate);
  r.candidate_on = "2019-05-01";
  EXPECT_EQ(Refusal(r), "illegal_transition candidate_on");
  EXPECT_NE(Register(r, kToday).error().message.find("2020-04-01"), std::string::npos);
  r.candidate_on = "2020-03-31";  // a day short
  EXPECT_EQ(Refusal(r), "illegal_transition candidate_on");
  r.candidate_on = "2020-04-01";
  EXPECT_EQ(Refusal(r), "");
  // A probationary member whose dates are all one day.
  auto one_day = Person(MemberStatus::kProbationary);
  one_day.applied_on = one_day.activist_on = one_day.candidate_on = one_day.joined_on =
      "2020-07-01";
  EXPECT_EQ(Refusal(one_day), "illegal_transition candidate_on");
  // A full member with the activist date but not the candidate's: joining comes after
  // candidacy, so a year after activism as well.
  auto full = Person(MemberStatus::kFull);
  full.candidate_on.clear();
  full.activist_on = "2020-01-01";
  EXPECT_EQ(Refusal(full), "illegal_transition joined_on");
  full.activist_on = "2019-07-01";
  EXPECT_EQ(Refusal(full), "");
}

TEST(MembersRegistration, FullMembershipBeginsWhenProbationEnds) {
  // Three years after joining: no probation lasts that long.
  auto r = Person(MemberStatus::kFull);
  r.full_on = "2023-07-01";
  EXPECT_EQ(Refusal(r), "illegal_transition full_on");
  r.full_on = "2021-06-30";  // before probation ended
  EXPECT_EQ(Refusal(r), "illegal_transition full_on");
  r.full_on = "2021-10-01";  // an extension of three months is no extension (6–12)
  EXPECT_EQ(Refusal(r), "illegal_transition full_on");
  r.full_on = "2022-07-02";  // more than a year's extension
  EXPECT_EQ(Refusal(r), "illegal_transition full_on");
  r.full_on = "2022-01-01";  // extended by six months
  auto extended = Register(r, kToday);
  ASSERT_TRUE(extended) << extended.error().message;
  EXPECT_TRUE(extended->probation_extended);
  EXPECT_EQ(extended->probation_ends_on, "2022-01-01");
  r.full_on = "2022-07-01";  // extended by a year
  EXPECT_EQ(Refusal(r), "");
  // Probation not over yet: not a full member.
  auto recent = Person(MemberStatus::kFull);
  recent.applied_on = "2024-01-01";
  recent.activist_on = "2024-02-01";
  recent.candidate_on = "2025-03-01";
  recent.joined_on = "2026-01-10";
  EXPECT_EQ(Refusal(recent), "illegal_transition joined_on");
  recent.full_on = "2027-01-10";
  EXPECT_EQ(Refusal(recent), "future_date full_on");
}

TEST(MembersRegistration, TheDatesOfEveryStagePassed) {
  // No dates at all: the full member's joined_on is required (it used to yield a full_on
  // of "161860807-08-31" read from uninitialized memory).
  Registration bare;
  bare.status = MemberStatus::kFull;
  bare.birth_date = "1990-01-01";
  auto missing = Register(bare, kToday);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(missing.error().field, "joined_on");
  // Someone still in the pipeline carries every date behind them.
  auto candidate = Person(MemberStatus::kCandidate);
  candidate.activist_on.clear();
  EXPECT_EQ(Refusal(candidate), "invalid_field activist_on");
  auto probationary = Person(MemberStatus::kProbationary);
  probationary.applied_on.clear();
  EXPECT_EQ(Refusal(probationary), "invalid_field applied_on");
  // Dates of stages not reached, out of order, in the future, or not dates.
  auto activist = Person(MemberStatus::kActivist);
  activist.joined_on = "2020-07-01";
  EXPECT_EQ(Refusal(activist), "illegal_transition joined_on");
  activist = Person(MemberStatus::kActivist);
  activist.activist_on = "2019-02-01";
  EXPECT_EQ(Refusal(activist), "illegal_transition activist_on");
  activist = Person(MemberStatus::kActivist);
  activist.activist_on = "2027-01-01";
  EXPECT_EQ(Refusal(activist), "future_date activist_on");
  activist.activist_on = "2019-+4-01";
  EXPECT_EQ(Refusal(activist), "invalid_field activist_on");
  // 党章 art. 1: eighteen at the first date.
  auto young = Person(MemberStatus::kApplicant);
  young.birth_date = "2001-03-02";
  EXPECT_EQ(Refusal(young), "too_young applied_on");
  // A terminal status is no registration.
  auto dead = Person(MemberStatus::kFull);
  dead.status = MemberStatus::kDeceased;
  EXPECT_EQ(Refusal(dead), "invalid_status status");
  auto unborn = Person(MemberStatus::kApplicant);
  unborn.birth_date = "2027-01-01";
  EXPECT_EQ(Refusal(unborn), "invalid_field birth_date");
}

// Every date is parsed with its digits checked: nothing reads an unset variable, nothing
// overflows (under -fsanitize=undefined the old sscanf-based AddMonths aborted here).
TEST(MembersCalendar, InvalidDatesGiveNoDate) {
  EXPECT_EQ(AddYears("", 1), "");  // was "161860807-08-31" or whatever the stack held
  EXPECT_EQ(AddYears("2020", 1), "");
  EXPECT_EQ(AddYears("2020-1-1", 1), "");
  EXPECT_EQ(AddYears("2020-+1-01", 1), "");
  EXPECT_EQ(AddYears(" 2020-01-01", 1), "");
  EXPECT_EQ(AddYears("2020-02-30", 1), "");
  EXPECT_EQ(AddMonths("2020-01-31", INT_MAX), "");  // signed overflow before
  EXPECT_EQ(AddMonths("2020-01-31", INT_MIN), "");
  EXPECT_EQ(AddYears("9999-06-01", 1), "");
  EXPECT_EQ(AddYears("2020-01-31", INT_MAX), "");
  EXPECT_EQ(AddMonths("2020-01-31", -1), "2019-12-31");
  int y = 0, m = 0, d = 0;
  EXPECT_TRUE(ParseDate("2024-02-29", &y, &m, &d));
  EXPECT_EQ(y * 10000 + m * 100 + d, 20240229);
  EXPECT_FALSE(ParseDate("2023-02-29", &y, &m, &d));
  EXPECT_FALSE(ParseDate("2023-00-10", &y, &m, &d));
  EXPECT_FALSE(ParseDate("2023/01/10", &y, &m, &d));
  // The shared date validator takes digits only where digits belong.
  EXPECT_TRUE(ValidateDate("1999-01-01", "on"));
  EXPECT_FALSE(ValidateDate("1999-+1-01", "on"));
  EXPECT_FALSE(ValidateDate("1999- 1-01", "on"));
  EXPECT_FALSE(ValidateDate("1999-01-+1", "on"));
  EXPECT_FALSE(ValidateDate("+999-01-01", "on"));
}

}  // namespace
}  // namespace jiceng::domain
