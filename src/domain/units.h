// Units: the non-party entities party organizations cover — enterprises, social
// organizations, internet companies, buildings and parks — and the coverage rules
// (组织覆盖 by an organization of their own or a joint one; 工作覆盖 by an instructor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain {

enum class UnitType { kEnterprise, kSocialOrg, kInternet, kBuilding, kPark };
enum class Coverage { kOwn, kJoint, kNone };

std::optional<UnitType> ParseUnitType(std::string_view code);
std::string_view UnitTypeCode(UnitType t);
std::string_view UnitTypeName(UnitType t);  // zh-CN
const std::vector<UnitType>& AllUnitTypes();
std::optional<Coverage> ParseCoverage(std::string_view code);
std::string_view CoverageCode(Coverage c);

// A unit with three or more full members and no organization of its own must set one up
// (党章: 凡是有正式党员三人以上的，都应当成立党的基层组织).
constexpr int64_t kMembersRequiringOwnOrg = 3;
bool NeedsOwnOrg(int64_t full_members, Coverage coverage);

// `own` and `joint` name the covering organization; `none` names none. A unit may sit
// only in a park or a building, and a park sits in nothing.
Status ValidateCoverage(Coverage coverage, std::optional<int64_t> covering_org_id);
Status ValidateHost(UnitType unit, std::optional<UnitType> host);

}  // namespace jiceng::domain
