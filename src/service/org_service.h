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
#include "store/scope_sql.h"

namespace jiceng::orgs {

struct OrgView {
  index::OrgNode node;
  std::vector<index::OrgNode> ancestors;  // root first, excluding the org itself
  int64_t child_count = 0;
};

// The view of `node` in `tree`: its ancestors and child count.
OrgView ViewOf(const index::OrgTree::Snapshot& tree, const index::OrgNode& node);

// Reloads the in-memory tree from the store (one refresh at a time; on a thread that pinned
// the tree for its request, the request then sees the reloaded tree: index/org_tree.h).
void RefreshTree(const Context& ctx);

// The authorization policy against the current tree: may `who` do `permission` on `org`?
// (403 without the permission anywhere, 404 outside the caller's scope.)
Status Allow(const Context& ctx, const domain::Principal& who, domain::Permission permission,
             int64_t org);

// The orgs under `roots` for a store query: by id when there are few (≤ 2,000, from the
// tree's pre-order ranges), else by their paths.
store::Subtree SubtreeOf(const Context& ctx, store::Tx& tx, const std::vector<int64_t>& roots);

Result<OrgView> Get(const Context& ctx, const domain::Principal& who, int64_t org_id);
Result<std::vector<OrgView>> Children(const Context& ctx, const domain::Principal& who,
                                      int64_t org_id);
// The orgs at which the caller holds any role: where their scope starts.
std::vector<OrgView> ScopeOf(const Context& ctx, const domain::Principal& who);

// Creates the root organization if there is none; returns its id and whether it was new.
std::pair<int64_t, bool> EnsureRoot(const Context& ctx, const std::string& name);

struct DemoTree {
  // Present after seeding: 9 districts and 2 functional areas (大鹏新区, 深汕特别合作区),
  // 74 streets and 4 towns, the communities and villages; the NBS estate-level residents'
  // committees folded into their communities.
  int districts = 0, functional_areas = 0, streets = 0, towns = 0, communities = 0, villages = 0,
      estates_folded = 0;
  int added = 0;  // created by this call
};
// Builds Shenzhen's area-based party organizations under the root from the real divisions
// as the party's tree reads them (see service/divisions.h): a district committee for each
// of the 9 districts, a working committee for each functional area (大鹏新区, 深汕特别合作区),
// a street working committee for each of the 74 streets under its district or functional
// area (葵涌, 大鹏 and 南澳 under 大鹏新区), a town committee for each of 深汕's 4 towns, a
// community committee for every community and a village organization for every village.
// Idempotent.
Result<DemoTree> SeedDemoDivisions(const Context& ctx, int64_t root_id,
                                   const std::string& divisions_dir);

}  // namespace jiceng::orgs
