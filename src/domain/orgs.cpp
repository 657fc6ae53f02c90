#include "domain/orgs.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "platform/clock.h"
#include "platform/utf8.h"

namespace jiceng::domain {
namespace {

struct KindInfo {
  OrgKind kind;
  std::string_view code;
  std::string_view name;
};

constexpr std::array<KindInfo, 17> kKinds{{
    {OrgKind::kCity, "city", "市委"},
    {OrgKind::kDistrict, "district", "区委"},
    {OrgKind::kFunctionalArea, "functional_area", "功能区党工委"},
    {OrgKind::kStreet, "street", "街道党工委"},
    {OrgKind::kTown, "town", "镇党委"},
    {OrgKind::kCommunity, "community", "社区党委"},
    {OrgKind::kVillage, "village", "村党组织"},
    {OrgKind::kPark, "park", "园区党委"},
    {OrgKind::kBuilding, "building", "楼宇党委"},
    {OrgKind::kIndustry, "industry", "行业党委"},
    {OrgKind::kAssociation, "association", "协会商会党组织"},
    {OrgKind::kEnterprise, "enterprise", "企业党组织"},
    {OrgKind::kOrgan, "organ", "机关事业单位党组织"},
    {OrgKind::kGeneralBranch, "general_branch", "党总支"},
    {OrgKind::kBranch, "branch", "党支部"},
    {OrgKind::kJointBranch, "joint_branch", "联合党支部"},
    {OrgKind::kGroup, "group", "党小组"},
}};

const KindInfo& Info(OrgKind k) {
  return *std::find_if(kKinds.begin(), kKinds.end(), [&](auto& i) { return i.kind == k; });
}

using K = OrgKind;
// Committees that can hold general branches and branches directly.
constexpr std::array<K, 13> kCommittees{
    K::kCity,        K::kDistrict,   K::kFunctionalArea, K::kStreet,   K::kTown,
    K::kCommunity,   K::kVillage,    K::kPark,           K::kBuilding, K::kIndustry,
    K::kAssociation, K::kEnterprise, K::kOrgan};

// The kinds each kind may stand under. Area-based line: city → district or functional
// area → street/town → community or village (a functional area stands where a district
// does and leads what a district leads); new-sector line: parks, buildings, industry
// committees, associations and enterprises at the levels that manage them (small
// enterprises fall back to their community or village, 兜底管理); branches under any
// committee; groups under branches.
std::vector<K> ParentsOf(K child) {
  switch (child) {
    case K::kCity:
      return {};
    case K::kDistrict:
    case K::kFunctionalArea:
      return {K::kCity};
    case K::kStreet:
    case K::kTown:
      return {K::kDistrict, K::kFunctionalArea};
    case K::kCommunity:
    case K::kVillage:
      return {K::kStreet, K::kTown};
    case K::kPark:
      return {K::kCity, K::kDistrict, K::kFunctionalArea, K::kStreet, K::kTown, K::kIndustry};
    case K::kBuilding:
      return {K::kDistrict, K::kFunctionalArea, K::kStreet, K::kTown, K::kCommunity};
    case K::kIndustry:
      return {K::kCity, K::kDistrict, K::kFunctionalArea};
    case K::kAssociation:
      return {K::kCity, K::kDistrict, K::kFunctionalArea, K::kStreet, K::kIndustry};
    case K::kEnterprise:
      return {K::kCity,     K::kDistrict,  K::kFunctionalArea, K::kStreet,
              K::kTown,     K::kCommunity, K::kVillage,        K::kPark,
              K::kBuilding, K::kIndustry,  K::kAssociation};
    case K::kOrgan:
      return {K::kCity, K::kDistrict, K::kFunctionalArea, K::kStreet, K::kTown};
    case K::kGeneralBranch:
      return {kCommittees.begin(), kCommittees.end()};
    case K::kBranch:
    case K::kJointBranch: {
      std::vector<K> v(kCommittees.begin(), kCommittees.end());
      v.push_back(K::kGeneralBranch);
      return v;
    }
    case K::kGroup:
      return {K::kBranch, K::kJointBranch};
  }
  return {};
}

}  // namespace

std::optional<OrgKind> ParseOrgKind(std::string_view code) {
  for (const auto& k : kKinds)
    if (k.code == code) return k.kind;
  return std::nullopt;
}
std::string_view OrgKindCode(OrgKind kind) { return Info(kind).code; }
std::string_view OrgKindName(OrgKind kind) { return Info(kind).name; }

const std::vector<OrgKind>& AllOrgKinds() {
  static const std::vector<OrgKind> all = [] {
    std::vector<OrgKind> v;
    for (const auto& k : kKinds) v.push_back(k.kind);
    return v;
  }();
  return all;
}

Status CheckNesting(std::optional<OrgKind> parent, OrgKind child) {
  if (!parent) {
    if (child == K::kCity) return {};
    return Fail(ErrorKind::kRuleBroken, "illegal_nesting",
                "只有市委可以作为根组织 / only a city committee can be the root", "parent_id");
  }
  auto allowed = ParentsOf(child);
  if (std::find(allowed.begin(), allowed.end(), *parent) != allowed.end()) return {};
  std::string why = "「" + std::string(OrgKindName(*parent)) + "」下不能设立「" +
                    std::string(OrgKindName(child)) + "」 / a " + std::string(OrgKindCode(child)) +
                    " cannot stand under a " + std::string(OrgKindCode(*parent));
  return Fail(ErrorKind::kRuleBroken, "illegal_nesting", why, "parent_id");
}

Status ValidateOrgName(const std::string& name) {
  // The shared name rule (no control, separator or bidi characters), then the length.
  if (!IsValidUtf8(name) || HasUnsafeNameChars(name))
    return BadInput("name",
                    "组织名称含有控制字符或非法字符 / the name has control or invalid characters");
  size_t n = Utf8Length(name);
  if (n == 0 || n > 100 || name.find_first_not_of(' ') == std::string::npos)
    return BadInput("name", "组织名称应为1–100个字符 / the name must be 1–100 characters");
  return {};
}

Status ValidateDate(const std::string& date, const char* field) {
  // Digits exactly where they belong: sscanf's %d would also take "+1" or " 1" as a month.
  bool ok = date.size() == 10 && date[4] == '-' && date[7] == '-';
  for (size_t i = 0; ok && i < date.size(); ++i)
    if (i != 4 && i != 7) ok = date[i] >= '0' && date[i] <= '9';
  if (ok) {
    int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)),
        d = std::stoi(date.substr(8, 2));
    ok = m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m) && date >= "1921-07-01" && y <= 2200;
  }
  if (!ok)
    return BadInput(field, std::string("日期格式应为 YYYY-MM-DD / ") + field +
                               " must be a date YYYY-MM-DD (from 1921-07-01)");
  return {};
}

bool IsDistrictLevel(std::string_view kind_code) {
  return kind_code == OrgKindCode(OrgKind::kDistrict) ||
         kind_code == OrgKindCode(OrgKind::kFunctionalArea);
}

bool HoldsMembers(OrgKind kind) {
  return kind == OrgKind::kBranch || kind == OrgKind::kJointBranch ||
         kind == OrgKind::kGeneralBranch;
}

}  // namespace jiceng::domain
