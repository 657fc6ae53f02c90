// The meetings module's helpers shared by its capability files (records, attachments,
// compliance, planning, ledger, rules, stats): loading a meeting in the caller's scope, an
// organization's lifetime, its district, and the facts bookkeeping (Track, SumOf). Internal to
// the module: other modules use service/meeting_service.h.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/meetings.h"
#include "index/facts.h"
#include "index/org_tree.h"
#include "platform/error.h"
#include "service/context.h"
#include "service/meeting_service.h"
#include "store/meeting_repo.h"

namespace jiceng::meetings {

tl::unexpected<Error> MeetingNotFound();

// An organization meets while it exists: from the day it was founded (founded_on) to the
// day it was dissolved (dissolved_on), both inclusive — a meeting dated outside is refused
// (422 on `field`), whichever path it comes in by (record, plan, edit, demo).
Status CheckLifetime(const index::OrgNode& org, const std::string& local_date, const char* field);

// The district-level organization above `org_id` (itself included), if any.
std::optional<int64_t> RegionOf(const index::OrgTree::Snapshot& tree, int64_t org_id);

// Loads a meeting the caller may work on (`permission` on its organization).
Result<store::MeetingRecord> Load(const Context& ctx, store::Tx& tx, const domain::Principal& who,
                                  int64_t id, domain::Permission permission);

// A meeting type's slot (domain::MeetingType; -1: unknown).
int TypeSlot(const std::string& code);

// Each type's measure in the facts (index/facts.h) by slot (-1 for none).
std::vector<facts::MeasureId> TypeMeasures(const Context& ctx);

// In a write's transaction: the old record's numbers out of the facts, the new one's in.
void Track(const Context& ctx, store::Tx& tx, const store::MeetingRecord* before,
           const store::MeetingRecord& after);

// The dashboard's numbers of a subtree and period from the facts: meetings (all types),
// first-agenda-item sessions, person-times and the readings' sessions and time.
struct Sums {
  StatCounts total;
  std::map<int32_t, StatCounts> by_month;
};
Sums SumOf(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
           const index::OrgNode& root, const domain::Period& period);

}  // namespace jiceng::meetings
