// Synthetic organizational life for demonstrations and benchmarks: `years` years of
// meetings up to today for every organization the rules apply to (most rhythm periods
// held, some missed), attendance of up to 15 members each (present, excused with a reason,
// absent — a few members always absent), first agenda items studying one of the generated
// study materials, minutes for about `minutes` of the meetings, all searchable, and a
// few members reading the studied material again in the days after (study records).
// Deterministic for a seed. Does nothing when meetings exist. Meetings are written in
// batches, each its own transaction (an interrupted run keeps the batches it finished).
#pragma once

#include <cstdint>

#include "platform/error.h"
#include "service/context.h"

namespace jiceng::meetings {

struct DemoMeetings {
  int64_t meetings = 0, attendance = 0, materials = 0, documents = 0, readings = 0;
  bool skipped = false;  // meetings were already there
};

Result<DemoMeetings> SeedDemoMeetings(const Context& ctx, int years, int64_t minutes,
                                      uint64_t seed);

}  // namespace jiceng::meetings
