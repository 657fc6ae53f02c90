// Synthetic new-sector organizations and units for demonstrations, tests and benchmarks,
// built on the real area tree (see divisions.h), deterministic for a seed: industry
// committees under each district (internet industry, social organizations), parks with
// their enterprises, 20+-floor office buildings with a joint branch for their tenants,
// associations, internet companies, more branches and party groups under communities, and
// uncovered units (some with a party-building instructor). Every unit carries a
// valid-checksum unified social credit code and is flagged demo. Idempotent.
#pragma once

#include <cstdint>
#include <string_view>

#include "platform/error.h"
#include "service/context.h"

namespace jiceng::demo {

struct Plan {
  int parks_per_street = 1;
  int firms_per_park = 3;
  int buildings_per_street = 1;
  int tenants_per_building = 4;
  int associations_per_district = 3;
  int internet_firms_per_district = 5;
  int branches_per_community = 1;  // including the first
  int groups_per_branch = 1;       // under each community branch
  int uncovered_per_street = 3;
  int64_t members = 10'000;
};

// `small` ≈ 3,500 organizations and 10,000 members (builds in seconds; tests, make run);
// `city` ≈ 40,000 organizations and 1,000,000 members (benchmarks).
Result<Plan> PlanFor(std::string_view scale);

struct Sector {
  int orgs_added = 0;
  int units_added = 0;
};

Result<Sector> SeedSector(const Context& ctx, const Plan& plan, uint64_t seed);

}  // namespace jiceng::demo
