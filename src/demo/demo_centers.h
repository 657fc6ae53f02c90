// Party-mass service centers for demonstrations, tests and benchmarks (issue 15), built
// on the demo's tree at the city's proportions: a center in every street, town and
// community, in every park and office building the sector seeded, a market station for
// every eighth community and a service point in every village — 1,100 or so for the
// `small` tree — with the city's service catalog, what each level offers and its opening
// plan (错时 and 延时 hours where the city keeps them). Deterministic for a seed; does
// nothing when centers exist.
//
// Locations: each district's centers lie around an approximate centre of the district (a
// few kilometres' radius, kDistricts in the .cpp), each street's around a point of its
// district, each community's, park's, building's and market's within a kilometre and a
// half of its street's point — a plausible city for the finder and the coverage maps, not
// surveyed addresses: the tree carries no boundaries, so a point can fall in a
// neighbouring street or in the bay.
#pragma once

#include <cstdint>

#include "platform/error.h"
#include "service/context.h"

namespace jiceng::centers {

struct DemoCenters {
  int centers = 0, services = 0, offerings = 0;
  bool skipped = false;  // centers were already there
};

Result<DemoCenters> SeedDemoCenters(const Context& ctx, uint64_t seed);

// Where the demo city's people live, for the coverage figures: a 250 m grid over a disc of
// 2 km around each street's center, denser towards it, each point in the area of the
// nearest community (or village) of its street, weighted so that the city has about 17.8
// million people. Does nothing when points exist.
struct DemoPopulation {
  int64_t points = 0, people = 0;
  bool skipped = false;
};
Result<DemoPopulation> SeedDemoPopulation(const Context& ctx, uint64_t seed);

}  // namespace jiceng::centers
