// Party organizations: their kinds and which kind may stand under which (隶属 nesting).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain {

enum class OrgKind {
  kCity,            // 市委
  kDistrict,        // 区委
  kFunctionalArea,  // 功能区党工委 (大鹏新区, 深汕特别合作区)
  kStreet,          // 街道党工委
  kTown,            // 镇党委
  kCommunity,       // 社区党委
  kVillage,         // 村党组织 (a village is not a community)
  kPark,            // 园区党委
  kBuilding,        // 楼宇党委
  kIndustry,        // 行业党委 (internet industry, social organizations, …)
  kAssociation,     // 行业协会、商会党组织
  kEnterprise,      // 企业党组织
  kOrgan,           // 机关、事业单位党组织
  kGeneralBranch,   // 党总支
  kBranch,          // 党支部
  kJointBranch,     // 联合党支部
  kGroup,           // 党小组
};

std::optional<OrgKind> ParseOrgKind(std::string_view code);
std::string_view OrgKindCode(OrgKind kind);
std::string_view OrgKindName(OrgKind kind);  // zh-CN
// Party members are registered in (and transferred to) branches: a branch, joint branch
// or general branch (党支部、联合党支部、党总支).
bool HoldsMembers(OrgKind kind);
const std::vector<OrgKind>& AllOrgKinds();
// The district level of the area-based line: a district committee or a functional area's
// working committee (the region that meetings and statistics roll up to).
bool IsDistrictLevel(std::string_view kind_code);

// 422 `illegal_nesting` with the reason when `child` may not stand under `parent`
// (nullopt: at the root). `kind` of the root must be city.
Status CheckNesting(std::optional<OrgKind> parent, OrgKind child);

// 1–100 characters of well-formed UTF-8, no control characters, not blank.
Status ValidateOrgName(const std::string& name);

// "YYYY-MM-DD", a real calendar date from 1921-07-01 (the Party's founding) on.
Status ValidateDate(const std::string& date, const char* field);

}  // namespace jiceng::domain
