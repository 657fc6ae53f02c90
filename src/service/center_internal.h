// Service centers, the internals its files share (service/center_service.cpp: the directory,
// catalog, centers and calendars; service/center_bookings.cpp: bookings). Included by those
// two only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/geo_index.h"
#include "service/center_service.h"

namespace jiceng::centers {

class Directory {
 public:
  uint64_t generation = 0;
  std::vector<Entry> entries;  // by id
  std::unordered_map<int64_t, size_t> by_id;
  std::unique_ptr<geo::NearestIndex> nearest;

  const Entry* Find(int64_t id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &entries[it->second];
  }
};

namespace internal {

inline constexpr const char* kBookings = "centers.bookings";
inline constexpr const char* kVisits = "centers.visits";
inline constexpr const char* kNoShows = "centers.no_shows";

// The seats of the offering's slots on `day`, after the center's staff leave that day.
int64_t SeatsOn(store::Tx& tx, const store::CenterRecord& c, const store::OfferingRecord& o,
                int64_t day);
// A string as JSON, for the audit's before/after.
std::string JsonQuote(const std::string& s);
// The center for a change by `who`: 403 without `permission` anywhere, 404 when absent or
// outside their scope.
Result<store::CenterRecord> CenterToManage(const Context& ctx, store::Tx& tx,
                                           const domain::Principal& who, int64_t center_id,
                                           domain::Permission permission);
facts::MeasureId Measure(const Context& ctx, const char* name);
// The facts' month of an instant (its Shanghai date's).
int32_t MonthOf(int64_t utc_ms);

}  // namespace internal
}  // namespace jiceng::centers
