#include "platform/geo_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nanoflann.hpp>
#include <numbers>

namespace jiceng::geo {
// Named, not anonymous: NearestIndex::Impl (external linkage) holds these.
namespace index_detail {

constexpr double kMetresPerDegree = 6371008.8 * std::numbers::pi / 180.0;

struct Plane {
  double lat0 = 0, lng0 = 0, cos_lat0 = 1;
  std::array<double, 2> Project(LatLng p) const {
    return {(p.lng - lng0) * kMetresPerDegree * cos_lat0, (p.lat - lat0) * kMetresPerDegree};
  }
};

// nanoflann's view of the projected points.
struct Cloud {
  std::vector<std::array<double, 2>> xy;
  size_t kdtree_get_point_count() const { return xy.size(); }
  double kdtree_get_pt(size_t i, size_t dim) const { return xy[i][dim]; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud,
                                                 2, size_t>;

}  // namespace index_detail

using index_detail::Cloud;
using index_detail::Plane;
using index_detail::Tree;

struct NearestIndex::Impl {
  std::vector<LatLng> points;
  Plane plane;
  Cloud cloud;
  std::unique_ptr<Tree> tree;
};

NearestIndex::NearestIndex(std::vector<LatLng> points) : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.points = std::move(points);
  if (!i.points.empty()) {
    double lat = 0, lng = 0;
    for (const auto& p : i.points) {
      lat += p.lat;
      lng += p.lng;
    }
    i.plane.lat0 = lat / static_cast<double>(i.points.size());
    i.plane.lng0 = lng / static_cast<double>(i.points.size());
    i.plane.cos_lat0 = std::cos(i.plane.lat0 * std::numbers::pi / 180.0);
  }
  i.cloud.xy.reserve(i.points.size());
  for (const auto& p : i.points) i.cloud.xy.push_back(i.plane.Project(p));
  i.tree = std::make_unique<Tree>(2, i.cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  i.tree->buildIndex();
}

NearestIndex::~NearestIndex() = default;

size_t NearestIndex::size() const { return impl_->points.size(); }

std::vector<NearestIndex::Hit> NearestIndex::Nearest(LatLng p, size_t k) const {
  return Nearest(p, k, nullptr);
}

std::vector<NearestIndex::Hit> NearestIndex::Nearest(
    LatLng p, size_t k, const std::function<bool(size_t)>& keep) const {
  const auto& i = *impl_;
  std::vector<Hit> out;
  size_t n = i.points.size();
  if (k == 0 || n == 0) return out;
  auto q = i.plane.Project(p);
  // Candidates from the plane, twice as many as asked (the sphere may reorder near-ties),
  // and more when a filter drops some: widen fourfold until k pass or every point has been
  // seen.
  for (size_t want = std::min(n, std::max<size_t>(k * 2, 8));; want = std::min(n, want * 4)) {
    std::vector<size_t> idx(want);
    std::vector<double> d2(want);
    size_t found = i.tree->knnSearch(q.data(), want, idx.data(), d2.data());
    out.clear();
    for (size_t j = 0; j < found; ++j)
      if (!keep || keep(idx[j])) out.push_back({idx[j], DistanceMeters(p, i.points[idx[j]])});
    if (out.size() >= k || want == n) break;
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.index < b.index;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace jiceng::geo
