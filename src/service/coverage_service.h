// The 1 km promise, measured (issue 15): how far people live from the nearest center in
// service, weighted by how many live there, for any organization's area — the mean, the
// share within 1,000 m, the 90th percentile — with a row per child area, the worst-served
// points for the map, and a what-if with proposed centers added.
//
// Where people live comes from population points (migration 0027): a CSV of weighted
// points loaded with `jiceng population load`, or the demo's synthetic grid.
#pragma once

#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "platform/geo.h"
#include "service/context.h"

namespace jiceng::coverage {

struct Figures {
  int64_t population = 0;
  double mean_distance_m = 0;
  double share_within_1000m = 0;  // 0–1
  double p90_m = 0;
};

struct Row {
  int64_t org_id = 0;
  std::string name;
  Figures figures;
};

struct Gap {
  geo::LatLng at;
  int64_t weight = 0;
  double distance_m = 0;
};

struct Report {
  Figures figures;             // with `added` when there are any
  Figures before;              // without them (equal to `figures` when none)
  std::vector<Row> rows;       // the organization's children that have people
  std::vector<Gap> uncovered;  // the heaviest points farther than 1 km, at most `gaps`
};

// `org_id`'s area (its subtree's points); `added`: proposed centers (GCJ-02). Readable by
// whoever may manage centers there (`centers.manage`). 404 for an unknown organization.
Result<Report> Measure(const Context& ctx, const domain::Principal& who, int64_t org_id,
                       const std::vector<geo::LatLng>& added, size_t gaps);

// Loads weighted points from CSV text — a header `lat,lng,weight,org_id` then one point a
// line, in `crs` (converted to GCJ-02) — replacing the points of the same `source`. Every
// line is checked before anything is written: 400 naming the first bad line.
struct Loaded {
  int64_t points = 0, population = 0;
};
Result<Loaded> LoadCsv(const Context& ctx, const std::string& csv, const std::string& source,
                       geo::Crs crs);

}  // namespace jiceng::coverage
