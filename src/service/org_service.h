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

}  // namespace jiceng::orgs
