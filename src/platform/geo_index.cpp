#include "platform/geo_index.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <nanoflann.hpp>
#include <numbers>

namespace jiceng::geo {
// Named, not anonymous: NearestIndex::Impl (external linkage) holds these.
namespace index_detail {

// A point on the unit sphere. The straight-line (chord) distance between two such points
// grows with the great-circle distance between them, so the k-d tree's nearest by chord are
// exactly the nearest on the sphere, anywhere on Earth.
std::array<double, 3> UnitVector(LatLng p) {
  double lat = p.lat * std::numbers::pi / 180.0, lng = p.lng * std::numbers::pi / 180.0;
  return {std::cos(lat) * std::cos(lng), std::cos(lat) * std::sin(lng), std::sin(lat)};
}

// nanoflann's view of the points.
struct Cloud {
  std::vector<std::array<double, 3>> xyz;
  size_t kdtree_get_point_count() const { return xyz.size(); }
  double kdtree_get_pt(size_t i, size_t dim) const { return xyz[i][dim]; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud,
                                                 3, size_t>;

}  // namespace index_detail

using index_detail::Cloud;
using index_detail::Tree;

struct NearestIndex::Impl {
  std::vector<LatLng> points;
  std::vector<size_t> ids;  // the tree's point i is points[ids[i]] (invalid points are left out)
  Cloud cloud;
  std::unique_ptr<Tree> tree;
};

NearestIndex::NearestIndex(std::vector<LatLng> points) : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.points = std::move(points);
  for (size_t j = 0; j < i.points.size(); ++j) {
    if (!IsValid(i.points[j])) continue;
    i.ids.push_back(j);
    i.cloud.xyz.push_back(index_detail::UnitVector(i.points[j]));
  }
  // The constructor builds the tree.
  i.tree = std::make_unique<Tree>(3, i.cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
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
  size_t n = i.ids.size();
  if (k == 0 || n == 0 || !IsValid(p)) return out;
  auto q = index_detail::UnitVector(p);
  // The tree's order is the sphere's: without a filter the k nearest are the answer; with
  // one, widen fourfold from where the last search ended until k pass or every point has been
  // seen, asking the filter once per point.
  size_t seen = 0;
  for (size_t want = std::min(n, std::max<size_t>(k, 8));; want = std::min(n, want * 4)) {
    std::vector<size_t> idx(want);
    std::vector<double> d2(want);
    size_t found = i.tree->knnSearch(q.data(), want, idx.data(), d2.data());
    for (size_t j = seen; j < found; ++j) {
      size_t id = i.ids[idx[j]];
      if (!keep || keep(id)) out.push_back({id, DistanceMeters(p, i.points[id])});
    }
    seen = found;
    if (out.size() >= k || want == n) break;
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.index < b.index;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace jiceng::geo
