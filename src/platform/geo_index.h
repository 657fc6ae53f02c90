// Nearest points on the map: a k-d tree (nanoflann) over GCJ-02 points projected onto a
// plane, answers re-ranked by great-circle distance. Built once for a set of points
// (service centers, venues) and read by any number of threads; rebuild to change the set.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "platform/geo.h"

namespace jiceng::geo {

class NearestIndex {
 public:
  struct Hit {
    size_t index;       // into the points the index was built from
    double distance_m;  // great-circle
  };

  // The points are projected onto the plane tangent at their centre (x east, y north, in
  // metres): within a city of 100 km the projection's scale errs by under 0.1 %, and the
  // candidates it finds are measured again on the sphere.
  explicit NearestIndex(std::vector<LatLng> points);
  ~NearestIndex();
  NearestIndex(const NearestIndex&) = delete;
  NearestIndex& operator=(const NearestIndex&) = delete;

  size_t size() const;

  // The `k` points nearest to `p`, nearest first (ties by index).
  std::vector<Hit> Nearest(LatLng p, size_t k) const;
  // The `k` nearest points for which `keep(index)` holds, nearest first: the search widens
  // until it has them or has seen every point.
  std::vector<Hit> Nearest(LatLng p, size_t k, const std::function<bool(size_t)>& keep) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiceng::geo
