// The demo's area tree: Shenzhen's real divisions (demo/divisions.h) built as party
// organizations under the root, idempotently — the first step of `jiceng demo`.
#pragma once

#include <string>

#include "platform/error.h"
#include "service/context.h"

namespace jiceng::orgs {

struct DemoTree {
  // Present after seeding: 9 districts and 2 functional areas (大鹏新区, 深汕特别合作区),
  // 74 streets and 4 towns, the communities and villages; the NBS estate-level residents'
  // committees folded into their communities.
  int districts = 0, functional_areas = 0, streets = 0, towns = 0, communities = 0, villages = 0,
      estates_folded = 0;
  int added = 0;  // created by this call
};
// Builds Shenzhen's area-based party organizations under the root from the real divisions
// as the party's tree reads them (see demo/divisions.h): a district committee for each
// of the 9 districts, a working committee for each functional area (大鹏新区, 深汕特别合作区),
// a street working committee for each of the 74 streets under its district or functional
// area (葵涌, 大鹏 and 南澳 under 大鹏新区), a town committee for each of 深汕's 4 towns, a
// community committee for every community and a village organization for every village.
// Idempotent.
Result<DemoTree> SeedDemoDivisions(const Context& ctx, int64_t root_id,
                                   const std::string& divisions_dir);

}  // namespace jiceng::orgs
