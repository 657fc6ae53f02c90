#include "domain/committees.h"

namespace jiceng::domain {
namespace {

constexpr int64_t kBranchCommitteeFrom = 7;  // 支部工作条例 第六章: 有正式党员7人以上
constexpr int64_t kMinCommittee = 3;  // 支部委员会由3至5人组成，一般不超过7人
constexpr int64_t kMaxBranchCommittee = 7;
// 总支部委员会: 一般设委员5至7人，最多不超过9人 (the Central Organization Department's
// figures for the number of seats of basic-level organizations).
constexpr int64_t kMaxGeneralBranchCommittee = 9;
constexpr int64_t kMaxCommittee = 31;  // the largest party committees

tl::unexpected<Error> Rule(const char* code, const char* message) {
  return Fail(ErrorKind::kRuleBroken, code, message, "seats");
}

}  // namespace

CommitteeLevel CommitteeLevelOf(OrgKind kind) {
  switch (kind) {
    case OrgKind::kGroup:
      return CommitteeLevel::kNone;
    case OrgKind::kBranch:
    case OrgKind::kJointBranch:
      return CommitteeLevel::kBranch;
    case OrgKind::kGeneralBranch:
      return CommitteeLevel::kGeneralBranch;
    case OrgKind::kCity:
    case OrgKind::kDistrict:
    case OrgKind::kFunctionalArea:  // a working committee where a district stands
    case OrgKind::kStreet:
      return CommitteeLevel::kLocal;
    default:
      return CommitteeLevel::kPrimary;
  }
}

Status CheckCommittee(OrgKind kind, int64_t full_members, const std::vector<SeatShape>& seats) {
  auto level = CommitteeLevelOf(kind);
  if (seats.empty()) return {};  // none recorded (vacant, or not yet entered)
  // 党小组 elect a group leader (党小组组长), not a committee.
  if (level == CommitteeLevel::kNone)
    return Rule("no_committee", "党小组不设委员会 / a party group has no committee");
  int64_t size = static_cast<int64_t>(seats.size());
  int64_t secretaries = 0, deputies = 0, members = 0;
  for (const auto& s : seats) {
    secretaries += s.seat == "secretary";
    deputies += s.seat == "deputy_secretary";
    members += s.seat == "member";
  }
  // 支部工作条例 第六章: 党支部委员会设书记 (one) … 正式党员不足7人的党支部，设1名书记 —
  // every committee, and every branch without one, has exactly one secretary.
  if (secretaries != 1)
    return Rule("one_secretary", "须有且只有一名书记 / a committee has exactly one secretary");
  // 党章 第三十条: committees are elected by the members; the seats are held by full members
  // of the organization (党章 第七条: probationary members cannot be elected). Anyone else
  // (e.g. a part-time member from a unit in the area, 兼职委员) is named with the reason.
  for (const auto& s : seats)
    if (!s.full_member && !s.has_reason)
      return Fail(ErrorKind::kRuleBroken, "seat_reason_required",
                  "委员须为本组织正式党员，否则须说明理由 / a seat is held by a full member of the "
                  "organization, or named with the reason",
                  "reason");
  switch (level) {
    case CommitteeLevel::kBranch:
      if (full_members < kBranchCommitteeFrom) {
        // 支部工作条例 第六章: 正式党员不足7人的党支部，设1名书记，必要时可以设1名副书记 —
        // no committee.
        if (members > 0 || deputies > 1)
          return Rule("no_committee",
                      "正式党员不足7人的党支部不设支部委员会，设1名书记，必要时可以设1名副书记 / "
                      "a branch with fewer than 7 full members has no committee: one secretary "
                      "and at most one deputy");
        return {};
      }
      // 支部工作条例 第六章: 有正式党员7人以上的党支部，应当设立党支部委员会。党支部委员会
      // 由3至5人组成，一般不超过7人 … 必要时可以设1名副书记.
      if (size < kMinCommittee || size > kMaxBranchCommittee)
        return Rule("committee_size",
                    "正式党员7人以上的党支部应当设立支部委员会，由3至7人组成 / a branch with 7 "
                    "or more full members has a committee of 3 to 7 seats");
      if (size % 2 == 0)
        return Rule("committee_odd",
                    "委员会委员人数应为单数 / a committee has an odd number "
                    "of seats");
      if (deputies > 1)
        return Rule("one_deputy",
                    "党支部最多设1名副书记 / a branch has at most one deputy secretary");
      return {};
    case CommitteeLevel::kGeneralBranch:
    case CommitteeLevel::kPrimary: {
      int64_t max =
          level == CommitteeLevel::kGeneralBranch ? kMaxGeneralBranchCommittee : kMaxCommittee;
      if (size < kMinCommittee || size > max)
        return Rule("committee_size",
                    level == CommitteeLevel::kGeneralBranch
                        ? "总支部委员会由3至9人组成 / a general branch committee has 3 to 9 seats"
                        : "委员会至少3人 / a committee has at least 3 seats");
      if (size % 2 == 0)
        return Rule("committee_odd",
                    "委员会委员人数应为单数 / a committee has an odd number "
                    "of seats");
      return {};
    }
    default:
      if (size > kMaxCommittee) return Rule("committee_size", "委员过多 / too many seats");
      return {};
  }
}

Status CheckTermYears(OrgKind kind, int64_t years) {
  switch (CommitteeLevelOf(kind)) {
    case CommitteeLevel::kNone:
      return Fail(ErrorKind::kRuleBroken, "no_committee",
                  "党小组不设委员会 / a party group has no committee", "term_years");
    case CommitteeLevel::kBranch:
    case CommitteeLevel::kGeneralBranch:
      // 党章 第三十一条: 总支部委员会、支部委员会每届任期三年至五年; 支部工作条例 第六章:
      // 村、社区 5 years, other branches as a rule 3 — a branch term is 3 or 5 years.
      if (years == 3 || years == 5) return {};
      return Fail(ErrorKind::kRuleBroken, "term_years",
                  "党支部、党总支委员会每届任期3年或者5年 / a branch or general branch "
                  "committee serves 3 or 5 years",
                  "term_years");
    default:
      // 党的基层委员会每届任期5年 (党和国家机关基层组织工作条例 第五条; 党章 第三十一条
      // bounds it at 3 to 5); local committees serve 5 years (党章 第四章).
      if (years == 5) return {};
      return Fail(ErrorKind::kRuleBroken, "term_years",
                  "党的基层委员会每届任期5年 / a party committee serves 5 years", "term_years");
  }
}

std::optional<SizeFlag> SizeFlagOf(OrgKind kind, int64_t full_members, int64_t members) {
  auto level = CommitteeLevelOf(kind);
  if (level != CommitteeLevel::kBranch && level != CommitteeLevel::kGeneralBranch)
    return std::nullopt;
  // 党员100人以上的，设立党的基层委员会 (党和国家机关基层组织工作条例 第五条): a branch or
  // general branch over 100 members should become a primary committee.
  if (members > 100) return SizeFlag::kShouldBePrimaryCommittee;
  if (level == CommitteeLevel::kBranch) {
    // 支部工作条例 第四条: 党支部党员人数一般不超过50人; 机关基层组织工作条例 第六条: 党员
    // 50人以上、100人以下的，设立党的总支部委员会 — a branch over 50 should become one.
    if (members > 50) return SizeFlag::kShouldBeGeneralBranch;
    // 党章 第三十条, 支部工作条例 第四条: 凡是有正式党员3人以上的，都应当成立党支部 — a branch with
    // fewer than 3 full members falls short of it (its members join a joint branch).
    if (full_members < 3) return SizeFlag::kBranchUnderThree;
  }
  return std::nullopt;
}

const char* SizeFlagCode(SizeFlag flag) {
  switch (flag) {
    case SizeFlag::kBranchUnderThree:
      return "branch_under_three";
    case SizeFlag::kShouldBeGeneralBranch:
      return "should_be_general_branch";
    case SizeFlag::kShouldBePrimaryCommittee:
      return "should_be_primary_committee";
  }
  return "";
}

const char* SizeFlagName(SizeFlag flag) {
  switch (flag) {
    case SizeFlag::kBranchUnderThree:
      return "正式党员不足3人";
    case SizeFlag::kShouldBeGeneralBranch:
      return "党员超过50人，应设立党总支";
    case SizeFlag::kShouldBePrimaryCommittee:
      return "党员超过100人，应设立基层党委";
  }
  return "";
}

}  // namespace jiceng::domain
