// The party's rules for committees and organization size, without a store: the 7-member
// rule, seat counts by kind, term years, and the size flags at their boundaries.
#include <gtest/gtest.h>

#include "domain/committees.h"

namespace jiceng::domain {
namespace {

std::vector<SeatShape> Seats(int deputies, int members) {
  std::vector<SeatShape> out{{"secretary", true, false}};
  for (int i = 0; i < deputies; ++i) out.push_back({"deputy_secretary", true, false});
  for (int i = 0; i < members; ++i) out.push_back({"member", true, false});
  return out;
}

std::string Code(const Status& s) { return s ? "" : s.error().code; }

TEST(Committees, SevenMemberRuleForBranches) {
  for (auto kind : {OrgKind::kBranch, OrgKind::kJointBranch}) {
    EXPECT_EQ(Code(CheckCommittee(kind, 6, Seats(0, 0))), "");
    EXPECT_EQ(Code(CheckCommittee(kind, 6, Seats(1, 0))), "");
    EXPECT_EQ(Code(CheckCommittee(kind, 6, Seats(2, 0))), "no_committee");
    EXPECT_EQ(Code(CheckCommittee(kind, 6, Seats(0, 2))), "no_committee");
    EXPECT_EQ(Code(CheckCommittee(kind, 7, Seats(0, 2))), "");
    EXPECT_EQ(Code(CheckCommittee(kind, 7, Seats(1, 0))), "committee_size");
    EXPECT_EQ(Code(CheckCommittee(kind, 7, Seats(0, 3))), "committee_odd");
    EXPECT_EQ(Code(CheckCommittee(kind, 7, Seats(1, 5))), "");
    EXPECT_EQ(Code(CheckCommittee(kind, 40, Seats(0, 8))), "committee_size");
    EXPECT_EQ(Code(CheckCommittee(kind, 7, Seats(2, 2))), "one_deputy");
  }
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kBranch, 7, {})), "");
  auto none = Seats(0, 2);
  none[0].seat = "member";
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kBranch, 7, none)), "one_secretary");
  auto named = Seats(0, 2);
  named[2].full_member = false;
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kBranch, 7, named)), "seat_reason_required");
  named[2].has_reason = true;
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kBranch, 7, named)), "");
}

TEST(Committees, OtherKinds) {
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kGroup, 9, Seats(0, 0))), "no_committee");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kGeneralBranch, 0, Seats(1, 7))), "");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kGeneralBranch, 0, Seats(1, 9))), "committee_size");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kCommunity, 0, Seats(1, 1))), "");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kCommunity, 0, Seats(1, 2))), "committee_odd");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kCommunity, 0, Seats(0, 1))), "committee_size");
  EXPECT_EQ(Code(CheckCommittee(OrgKind::kDistrict, 0, Seats(1, 2))), "");
}

TEST(Committees, TermYears) {
  EXPECT_TRUE(CheckTermYears(OrgKind::kBranch, 3));
  EXPECT_TRUE(CheckTermYears(OrgKind::kBranch, 5));
  EXPECT_TRUE(CheckTermYears(OrgKind::kGeneralBranch, 3));
  EXPECT_EQ(Code(CheckTermYears(OrgKind::kBranch, 4)), "term_years");
  EXPECT_TRUE(CheckTermYears(OrgKind::kCommunity, 5));
  EXPECT_EQ(Code(CheckTermYears(OrgKind::kCommunity, 3)), "term_years");
  EXPECT_EQ(Code(CheckTermYears(OrgKind::kGroup, 3)), "no_committee");
}

TEST(Committees, SizeFlagBoundaries) {
  auto flag = [](OrgKind kind, int64_t full, int64_t members) -> std::string {
    auto f = SizeFlagOf(kind, full, members);
    return f ? SizeFlagCode(*f) : "";
  };
  EXPECT_EQ(flag(OrgKind::kBranch, 2, 2), "branch_under_three");
  EXPECT_EQ(flag(OrgKind::kBranch, 2, 5), "branch_under_three");  // probationary do not count
  EXPECT_EQ(flag(OrgKind::kBranch, 3, 3), "");
  EXPECT_EQ(flag(OrgKind::kJointBranch, 0, 0), "branch_under_three");
  EXPECT_EQ(flag(OrgKind::kBranch, 50, 50), "");
  EXPECT_EQ(flag(OrgKind::kBranch, 40, 51), "should_be_general_branch");
  EXPECT_EQ(flag(OrgKind::kBranch, 100, 100), "should_be_general_branch");
  EXPECT_EQ(flag(OrgKind::kBranch, 101, 101), "should_be_primary_committee");
  EXPECT_EQ(flag(OrgKind::kGeneralBranch, 0, 100), "");
  EXPECT_EQ(flag(OrgKind::kGeneralBranch, 0, 101), "should_be_primary_committee");
  EXPECT_EQ(flag(OrgKind::kCommunity, 0, 5000), "");
}

}  // namespace
}  // namespace jiceng::domain
