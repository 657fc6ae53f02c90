// The party's rules for committees (委员会) and for the size of organizations, pure.
//
// Sources (cited beside each rule in committees.cpp):
// - 中国共产党章程 (2022): 第七条 (a probationary member has no right to vote or to be
//   elected), 第三十条 (3+ full members form a basic-level organization), 第三十一条
//   (terms of basic-level committees);
// - 中国共产党支部工作条例（试行）(2018): 第四条 (3+ full members form a branch; a branch has
//   at most 50 members, as a rule) and 第六章 党支部委员会和党支部书记 (the 7-member rule,
//   3 to 5 seats and as a rule no more than 7, one secretary and at most one deputy; terms);
// - 中国共产党党和国家机关基层组织工作条例 (2019) 第五条–第七条 (100+ members: a basic-level
//   committee elected for 5 years; 50–100: a general branch; 3+: a branch).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/orgs.h"
#include "platform/error.h"

namespace jiceng::domain {

// What kind of leading body an organization of a kind elects.
enum class CommitteeLevel {
  kNone,           // 党小组: a group leader, no committee
  kBranch,         // 党支部、联合党支部: a committee from 7 full members, else a secretary
  kGeneralBranch,  // 党总支: 总支部委员会
  kPrimary,        // 基层党委 (community, town, park, building, industry, association,
                   // enterprise, organ): 党的基层委员会
  kLocal,          // 市委、区委、街道党工委: leading bodies outside these rules
};
CommitteeLevel CommitteeLevelOf(OrgKind kind);

// The shape of one seat as the rules see it.
struct SeatShape {
  std::string seat;          // secretary | deputy_secretary | member
  bool full_member = false;  // held by a registered full member of the organization
  bool has_reason = false;   // otherwise: named with the reason someone else holds it
};

// 422 with a named rule when `seats` (the whole committee; empty means none recorded) may
// not stand for an organization of `kind` with `full_members` full members of its own.
// Unknown seat codes are the caller's 400.
Status CheckCommittee(OrgKind kind, int64_t full_members, const std::vector<SeatShape>& seats);

// 422 `term_years` when a committee of `kind` may not be elected for `years`.
Status CheckTermYears(OrgKind kind, int64_t years);

// Flags on an organization's size (组织设置): nullopt when none applies.
// `full_members` counts the organization's own full members; `members` all party members
// (full and probationary) of its subtree.
enum class SizeFlag {
  kBranchUnderThree,         // a branch with fewer than 3 full members
  kShouldBeGeneralBranch,    // a branch with more than 50 members
  kShouldBePrimaryCommittee  // a branch or general branch with more than 100 members
};
std::optional<SizeFlag> SizeFlagOf(OrgKind kind, int64_t full_members, int64_t members);
const char* SizeFlagCode(SizeFlag flag);
const char* SizeFlagName(SizeFlag flag);  // zh-CN

}  // namespace jiceng::domain
