// Members' reading of study materials (学习记录): a reader whose account is linked to their
// member record reports each reading session; the member sees their own study, the
// secretaries and higher levels see who studied how much in their subtree, and the city's
// numbers (index/facts.h: readings.sessions, readings.seconds) carry reading sessions and time
// per organization and month.
#pragma once

#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/meetings.h"
#include "index/facts.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/reading_repo.h"

namespace jiceng::readings {

// A session of the caller's member reading `material_id`, begun at `started_at` (ISO 8601
// with an offset) and lasting `seconds` so far. Reporting the same session again (same
// material and start) keeps the longer duration. 403 `no_member` when the account is not
// linked to a member record.
struct Recorded {
  store::ReadingRecord reading;
  bool created = false;
};
Result<Recorded> Record(const Context& ctx, const domain::Principal& who, int64_t material_id,
                        const std::string& started_at, int64_t seconds);

// The caller's own sessions in a period ("2024", "2024Q3", "2024-07"), newest first.
struct Mine {
  domain::Period period;
  std::vector<store::ReadingRecord> items;
  store::ReadingTotals totals;  // items_total is totals.sessions
};
Result<Mine> OfMine(const Context& ctx, const domain::Principal& who, const std::string& period,
                    int64_t page, int64_t size);

// Members who read in the subtree of `org_id` in a period, most time first (roles that
// manage members there).
struct Readers {
  domain::Period period;
  std::vector<store::MemberReading> items;
  int64_t total = 0;            // members who read
  store::ReadingTotals totals;  // sessions and seconds (materials not counted)
};
Result<Readers> ReadersOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          const std::string& period, int64_t page, int64_t size);

// Declares the readings' measures (readings.sessions, readings.seconds) and their recount
// (the module descriptor calls it once at start).
void DeclareFacts(facts::Registry& registry);

}  // namespace jiceng::readings
