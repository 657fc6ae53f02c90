// Nearest points on the map: a k-d tree (nanoflann) over the points as unit vectors, whose
// straight-line distances order them exactly as great-circle distances do. Built once for a
// set of points (service centers, venues) and read by any number of threads; rebuild to
// change the set.
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

  // Points that are not IsValid are never found.
  explicit NearestIndex(std::vector<LatLng> points);
  ~NearestIndex();
  NearestIndex(const NearestIndex&) = delete;
  NearestIndex& operator=(const NearestIndex&) = delete;

  size_t size() const;

  // The `k` points nearest to `p`, nearest first; none for an invalid `p`.
  std::vector<Hit> Nearest(LatLng p, size_t k) const;
  // The `k` nearest points for which `keep(index)` holds, nearest first: the search widens
  // until it has them or has seen every point, asking `keep` once per point.
  std::vector<Hit> Nearest(LatLng p, size_t k, const std::function<bool(size_t)>& keep) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiceng::geo
