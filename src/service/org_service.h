// Organizations as the platform core needs them: the root, reading one org with its chain
// of ancestors and its children, all within the caller's scope. The full registry
// (kinds, moves, merges, history) builds on this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "index/org_tree.h"
#include "platform/error.h"
#include "service/context.h"

namespace jiceng::orgs {

struct OrgView {
  index::OrgNode node;
  std::vector<index::OrgNode> ancestors;  // root first, excluding the org itself
  int64_t child_count = 0;
};

// Reloads the in-memory tree from the store.
void RefreshTree(const Context& ctx);

Result<OrgView> Get(const Context& ctx, const domain::Principal& who, int64_t org_id);
Result<std::vector<OrgView>> Children(const Context& ctx, const domain::Principal& who,
                                      int64_t org_id);
// The orgs at which the caller holds any role: where their scope starts.
std::vector<OrgView> ScopeOf(const Context& ctx, const domain::Principal& who);

// Creates the root organization if there is none; returns its id and whether it was new.
std::pair<int64_t, bool> EnsureRoot(const Context& ctx, const std::string& name);

// Adds the demo divisions under the root (idempotent): Shenzhen's 9 districts and the
// Shenzhen-Shanwei Special Cooperation Zone with their GB/T 2260 codes.
int SeedDemoDivisions(const Context& ctx, int64_t root_id);

}  // namespace jiceng::orgs
