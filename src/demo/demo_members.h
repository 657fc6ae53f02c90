// Synthetic members for demonstrations and tests: a first branch under every community
// committee and `count` people spread over every branch (new-sector members linked to the
// units their branch covers), deterministic for a seed. Every person is
// flagged `demo` and carries a valid-checksum citizen ID of their district, sealed like
// real data. Idempotent: does nothing when demo members exist.
#pragma once

#include <cstdint>

#include "platform/error.h"
#include "service/context.h"

namespace jiceng::members {

struct DemoMembers {
  int branches_added = 0;
  int members_added = 0;
  int64_t members_present = 0;
};

Result<DemoMembers> SeedDemoMembers(const Context& ctx, int count, uint64_t seed);

}  // namespace jiceng::members
