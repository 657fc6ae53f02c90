#include "domain/units.h"

#include <array>

namespace jiceng::domain {
namespace {

struct UnitTypeInfo {
  UnitType type;
  const char* code;
  const char* name;
};
constexpr std::array<UnitTypeInfo, 5> kUnitTypes{{{UnitType::kEnterprise, "enterprise", "企业"},
                                                  {UnitType::kSocialOrg, "social_org", "社会组织"},
                                                  {UnitType::kInternet, "internet", "互联网企业"},
                                                  {UnitType::kBuilding, "building", "商务楼宇"},
                                                  {UnitType::kPark, "park", "园区"}}};

}  // namespace

std::optional<UnitType> ParseUnitType(std::string_view code) {
  for (const auto& t : kUnitTypes)
    if (code == t.code) return t.type;
  return std::nullopt;
}
std::string_view UnitTypeCode(UnitType t) { return kUnitTypes[static_cast<size_t>(t)].code; }
std::string_view UnitTypeName(UnitType t) { return kUnitTypes[static_cast<size_t>(t)].name; }
const std::vector<UnitType>& AllUnitTypes() {
  static const std::vector<UnitType> k = [] {
    std::vector<UnitType> v;
    for (const auto& t : kUnitTypes) v.push_back(t.type);
    return v;
  }();
  return k;
}

std::optional<Coverage> ParseCoverage(std::string_view code) {
  if (code == "own") return Coverage::kOwn;
  if (code == "joint") return Coverage::kJoint;
  if (code == "none") return Coverage::kNone;
  return std::nullopt;
}
std::string_view CoverageCode(Coverage c) {
  return c == Coverage::kOwn ? "own" : c == Coverage::kJoint ? "joint" : "none";
}

bool NeedsOwnOrg(int64_t full_members, Coverage coverage) {
  return full_members >= kMembersRequiringOwnOrg && coverage != Coverage::kOwn;
}

Status ValidateCoverage(Coverage coverage, std::optional<int64_t> covering_org_id) {
  if (coverage != Coverage::kNone && !covering_org_id)
    return Fail(ErrorKind::kRuleBroken, "covering_org_required",
                "单独或联合组建须指明覆盖它的党组织 / own or joint coverage names the covering "
                "organization",
                "covering_org_id");
  if (coverage == Coverage::kNone && covering_org_id)
    return Fail(ErrorKind::kRuleBroken, "covering_org_unexpected",
                "未覆盖的单位不能指明党组织 / an uncovered unit has no covering organization",
                "covering_org_id");
  return {};
}

Status ValidateHost(UnitType unit, std::optional<UnitType> host) {
  if (!host) return {};
  if (unit == UnitType::kPark || (*host != UnitType::kPark && *host != UnitType::kBuilding) ||
      (unit == UnitType::kBuilding && *host != UnitType::kPark))
    return Fail(ErrorKind::kRuleBroken, "illegal_host",
                "单位只能位于园区或楼宇中，楼宇只能位于园区中 / units sit in a park or a building; "
                "buildings sit in parks",
                "host_unit_id");
  return {};
}

}  // namespace jiceng::domain
