// The meetings module's helpers shared by its capability files (records, attachments,
// compliance, planning, ledger, rules, stats): loading a meeting in the caller's scope, an
// organization's lifetime, its district, and the in-memory stats' bookkeeping. Internal to
// the module: other modules use service/meeting_service.h.
#pragma once

#include <optional>
#include <string>

#include "domain/access.h"
#include "index/org_tree.h"
#include "platform/error.h"
#include "service/context.h"
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

// A meeting type's slot in the in-memory stats (-1: unknown).
int TypeSlot(const std::string& code);

// After a committed change: the old record's numbers out, the new one's in.
void Track(const Context& ctx, const store::MeetingRecord* before,
           const store::MeetingRecord& after);

}  // namespace jiceng::meetings
