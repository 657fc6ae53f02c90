// Nearest service center at city scale: platform/geo_index.h's k-d tree against measuring
// every center (the baseline, in the same run). 2,300 centers (the city's count) placed at
// random over Shenzhen's extent, and a grid of ~200,000 population points over the same
// extent — the work of `GET /api/coverage` (issue 15) — then single queries for their
// latency. Prints one line per figure; `make bench-geo` builds it at -O3 and runs it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "platform/geo.h"
#include "platform/geo_index.h"

using jiceng::geo::DistanceMeters;
using jiceng::geo::LatLng;
using jiceng::geo::NearestIndex;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

size_t BruteNearest(const std::vector<LatLng>& centers, LatLng q) {
  size_t best = 0;
  double best_d = DistanceMeters(q, centers[0]);
  for (size_t i = 1; i < centers.size(); ++i) {
    double d = DistanceMeters(q, centers[i]);
    if (d < best_d) best_d = d, best = i;
  }
  return best;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  constexpr double kLat0 = 22.40, kLat1 = 22.87, kLng0 = 113.75, kLng1 = 114.65;
  std::mt19937 rng(20261207);
  std::uniform_real_distribution<double> lat(kLat0, kLat1), lng(kLng0, kLng1);
  std::vector<LatLng> centers;
  for (int i = 0; i < 2300; ++i) centers.push_back({lat(rng), lng(rng)});
  // A grid of ~200,000 points: 400 × 500 cells over the extent.
  std::vector<LatLng> grid;
  for (int r = 0; r < 400; ++r)
    for (int c = 0; c < 500; ++c)
      grid.push_back({kLat0 + (kLat1 - kLat0) * (r + 0.5) / 400, kLng0 + (kLng1 - kLng0) * (c + 0.5) / 500});

  auto t0 = Clock::now();
  NearestIndex index(centers);
  auto t1 = Clock::now();
  std::printf("build index over %zu centers: %.2f ms\n", centers.size(), Seconds(t0, t1) * 1e3);

  std::vector<double> runs_index, runs_brute;
  double sum = 0;
  size_t disagree = 0;
  for (int run = 0; run < 3; ++run) {
    auto a = Clock::now();
    for (const auto& p : grid) sum += index.Nearest(p, 1)[0].distance_m;
    auto b = Clock::now();
    runs_index.push_back(Seconds(a, b));
  }
  for (int run = 0; run < 3; ++run) {
    auto a = Clock::now();
    for (size_t i = 0; i < grid.size(); ++i) {
      size_t best = BruteNearest(centers, grid[i]);
      if (run == 0 && best != index.Nearest(grid[i], 1)[0].index) ++disagree;
    }
    auto b = Clock::now();
    runs_brute.push_back(Seconds(a, b));
  }
  double mean_m = sum / 3 / static_cast<double>(grid.size());
  std::printf("%zu grid points to their nearest center: index %.3f s, every center %.3f s "
              "(medians of 3; ratio %.0fx; mean distance %.0f m; %zu answers differ)\n",
              grid.size(), Median(runs_index), Median(runs_brute),
              Median(runs_brute) / Median(runs_index), mean_m, disagree);

  // Single questions: the latency of one nearest-5 query, with and without a filter that
  // one center in 20 passes.
  std::vector<double> one, filtered, brute_one;
  for (int n = 0; n < 20000; ++n) {
    LatLng q{lat(rng), lng(rng)};
    auto a = Clock::now();
    auto hits = index.Nearest(q, 5);
    auto b = Clock::now();
    auto rare = index.Nearest(q, 5, [](size_t i) { return i % 20 == 0; });
    auto c = Clock::now();
    size_t best = BruteNearest(centers, q);
    auto d = Clock::now();
    if (hits.empty() || rare.empty() || best != hits[0].index) return 1;
    one.push_back(Seconds(a, b) * 1e6);
    filtered.push_back(Seconds(b, c) * 1e6);
    brute_one.push_back(Seconds(c, d) * 1e6);
  }
  std::printf("one query, 5 nearest: %.1f us median; with a filter 1 in 20 passes: %.1f us; "
              "every center measured (nearest 1): %.1f us\n",
              Median(one), Median(filtered), Median(brute_one));
  return 0;
}
