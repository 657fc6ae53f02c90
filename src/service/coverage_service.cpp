#include "service/coverage_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "index/org_tree.h"
#include "platform/geo_index.h"
#include "service/center_service.h"
#include "service/module_state.h"
#include "service/org_service.h"
#include "store/center_repo.h"

namespace jiceng::coverage {
namespace {

constexpr double kPromiseM = 1000;

struct PopulationCache {
  std::mutex mutex;
  uint64_t generation = ~uint64_t{0};                                 // guarded by mutex
  std::shared_ptr<const std::vector<store::PopulationPoint>> points;  // guarded by mutex
};

std::shared_ptr<const std::vector<store::PopulationPoint>> PointsOf(const Context& ctx) {
  const uint64_t generation = ctx.db.Generation(store::Topic::kCenters);
  auto load = [&] {
    return std::make_shared<const std::vector<store::PopulationPoint>>(
        ctx.db.Read([](store::Tx& tx) { return store::CenterRepository::Population(tx); }));
  };
  if (!ctx.state) return load();
  auto& cache = ctx.state->Get<PopulationCache>();
  std::lock_guard lock(cache.mutex);
  if (!cache.points || cache.generation != generation) {
    cache.points = load();
    cache.generation = generation;
  }
  return cache.points;
}

// Weighted distances → the figures.
Figures FiguresOf(std::vector<std::pair<double, int64_t>> d) {
  Figures f;
  double sum = 0;
  int64_t within = 0;
  for (const auto& [m, w] : d) {
    f.population += w;
    sum += m * static_cast<double>(w);
    if (m <= kPromiseM) within += w;
  }
  if (f.population == 0) return f;
  f.mean_distance_m = sum / static_cast<double>(f.population);
  f.share_within_1000m = static_cast<double>(within) / static_cast<double>(f.population);
  std::sort(d.begin(), d.end());
  const double target = 0.9 * static_cast<double>(f.population);
  double seen = 0;
  for (const auto& [m, w] : d) {
    seen += static_cast<double>(w);
    if (seen >= target) {
      f.p90_m = m;
      break;
    }
  }
  return f;
}

geo::LatLng FromE7(int64_t lat, int64_t lng) {
  return {static_cast<double>(lat) / 1e7, static_cast<double>(lng) / 1e7};
}

}  // namespace

Result<Report> Measure(const Context& ctx, const domain::Principal& who, int64_t org_id,
                       const std::vector<geo::LatLng>& added, size_t gaps) {
  const auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, centers::ManagePermission(), org_id));
  for (const auto& p : added)
    if (!geo::IsValid(p)) return BadInput("add", "坐标无效 / add must be LAT,LNG");
  const auto dir = centers::DirectoryOf(ctx);
  const auto points = PointsOf(ctx);
  std::vector<geo::LatLng> proposed(added.begin(), added.end());
  const geo::NearestIndex extra(proposed);

  // Which child of `org_id` each point's organization lies under (cached per organization).
  std::unordered_map<int64_t, int64_t> child_of;
  auto child = [&](int64_t org) -> int64_t {
    auto [it, fresh] = child_of.try_emplace(org, 0);
    if (fresh) {
      const auto chain = tree->Chain(org);
      for (size_t i = 0; i + 1 < chain.size(); ++i)
        if (chain[i]->id == org_id) it->second = chain[i + 1]->id;
    }
    return it->second;
  };

  std::vector<std::pair<double, int64_t>> before, after;
  std::map<int64_t, std::vector<std::pair<double, int64_t>>> by_child;
  std::vector<Gap> far;
  const auto in_service = [&](size_t i) { return !dir->entries[i].center.closed; };
  for (const auto& p : *points) {
    if (!tree->Contains(org_id, p.org_id)) continue;
    const auto at = FromE7(p.lat_e7, p.lng_e7);
    auto hit = dir->nearest->Nearest(at, 1, in_service);
    const double now_m = hit.empty() ? INFINITY : hit.front().distance_m;
    double then_m = now_m;
    if (!proposed.empty()) {
      auto h = extra.Nearest(at, 1);
      if (!h.empty()) then_m = std::min(then_m, h.front().distance_m);
    }
    before.push_back({now_m, p.weight});
    after.push_back({then_m, p.weight});
    if (int64_t c = child(p.org_id)) by_child[c].push_back({then_m, p.weight});
    if (then_m > kPromiseM) far.push_back({at, p.weight, then_m});
  }
  Report r;
  r.before = FiguresOf(std::move(before));
  r.figures = FiguresOf(std::move(after));
  for (auto& [id, d] : by_child) {
    const auto* n = tree->Find(id);
    r.rows.push_back({id, n ? n->name : "", FiguresOf(std::move(d))});
  }
  std::sort(r.rows.begin(), r.rows.end(), [](const Row& a, const Row& b) {
    return a.figures.share_within_1000m != b.figures.share_within_1000m
               ? a.figures.share_within_1000m < b.figures.share_within_1000m
               : a.org_id < b.org_id;
  });
  std::sort(far.begin(), far.end(), [](const Gap& a, const Gap& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.distance_m > b.distance_m;
  });
  if (far.size() > gaps) far.resize(gaps);
  r.uncovered = std::move(far);
  return r;
}

Result<Loaded> LoadCsv(const Context& ctx, const std::string& csv, const std::string& source,
                       geo::Crs crs) {
  std::istringstream in(csv);
  std::string line;
  std::vector<store::PopulationPoint> points;
  Loaded out;
  const auto tree = ctx.orgs.snapshot();
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a spreadsheet's BOM
      if (line != "lat,lng,weight,org_id")
        return BadInput("csv",
                        "首行应为 lat,lng,weight,org_id / the header must be "
                        "lat,lng,weight,org_id");
      continue;
    }
    if (line.empty()) continue;
    auto bad = [&](const char* why) {
      return BadInput("csv", "第 " + std::to_string(number) + " 行" + why + " / line " +
                                 std::to_string(number) + ": " + why);
    };
    double lat = NAN, lng = NAN;
    long long weight = -1, org = 0;
    char tail = 0;
    if (std::sscanf(line.c_str(), "%lf,%lf,%lld,%lld%c", &lat, &lng, &weight, &org, &tail) != 4)
      return bad("格式有误");
    if (!geo::IsValid({lat, lng})) return bad("坐标无效");
    if (weight < 0 || weight > 10'000'000) return bad("人数须在 0–10,000,000 之间");
    if (!tree->Find(org)) return bad("组织不存在");
    const auto g = geo::ToGcj02({lat, lng}, crs);
    points.push_back({org, std::llround(g.lat * 1e7), std::llround(g.lng * 1e7), weight});
    out.population += weight;
  }
  out.points = static_cast<int64_t>(points.size());
  return ctx.db.Write([&](store::Tx& tx) -> Result<Loaded> {
    store::CenterRepository::DeletePopulation(tx, source);
    store::CenterRepository::InsertPopulation(tx, points, source);
    return out;
  });
}

}  // namespace jiceng::coverage
