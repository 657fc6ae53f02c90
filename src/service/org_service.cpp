#include "service/org_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "platform/clock.h"
#include "service/audit_service.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::orgs {
namespace {

Status CanRead(const index::OrgTree::Snapshot& tree, const domain::Principal& who, int64_t id) {
  return domain::Authorize(who, domain::Permission::kReadOrgs, id,
                           [&](int64_t root, int64_t org) { return tree.Contains(root, org); });
}

}  // namespace

store::Subtree SubtreeOf(const Context& ctx, store::Tx& tx, const std::vector<int64_t>& roots) {
  constexpr size_t kListedOrgs = 2000;
  auto tree = ctx.orgs.snapshot();
  size_t count = 0;
  for (int64_t r : roots)
    if (const auto* n = tree->Find(r)) count += static_cast<size_t>(n->exit - n->enter);
  store::Subtree s;
  if (count > 0 && count <= kListedOrgs) {
    std::set<int64_t> ids;
    for (int64_t r : roots)
      if (const auto* n = tree->Find(r))
        for (int32_t i = n->enter; i < n->exit; ++i) ids.insert(tree->nodes[size_t(i)].id);
    s.org_ids.assign(ids.begin(), ids.end());
  } else {
    s.path_prefixes = store::OrgRepository::PathsOf(tx, roots);
  }
  return s;
}

Status Allow(const Context& ctx, const domain::Principal& who, domain::Permission permission,
             int64_t org) {
  auto tree = ctx.orgs.snapshot();
  return domain::Authorize(who, permission, org,
                           [&](int64_t root, int64_t o) { return tree->Contains(root, o); });
}

OrgView ViewOf(const index::OrgTree::Snapshot& tree, const index::OrgNode& n) {
  OrgView v;
  v.node = n;
  for (const auto* a : tree.Chain(n.id))
    if (a->id != n.id) v.ancestors.push_back(*a);
  auto kids = tree.children.find(n.id);
  v.child_count = kids == tree.children.end() ? 0 : static_cast<int64_t>(kids->second.size());
  return v;
}

void RefreshTree(const Context& ctx) {
  ctx.orgs.Refresh(
      [&] { return ctx.db.Read([](store::Tx& tx) { return store::OrgRepository::LoadAll(tx); }); });
}

Result<OrgView> Get(const Context& ctx, const domain::Principal& who, int64_t org_id) {
  auto tree = ctx.orgs.snapshot();
  JICENG_CHECK(CanRead(*tree, who, org_id));
  const auto* n = tree->Find(org_id);
  if (!n) return NotFound("组织不存在 / organization not found");
  return ViewOf(*tree, *n);
}

Result<std::vector<OrgView>> Children(const Context& ctx, const domain::Principal& who,
                                      int64_t org_id) {
  auto tree = ctx.orgs.snapshot();
  JICENG_CHECK(CanRead(*tree, who, org_id));
  std::vector<OrgView> out;
  auto kids = tree->children.find(org_id);
  if (kids != tree->children.end())
    for (int64_t id : kids->second) out.push_back(ViewOf(*tree, *tree->Find(id)));
  return out;
}

std::vector<OrgView> ScopeOf(const Context& ctx, const domain::Principal& who) {
  auto tree = ctx.orgs.snapshot();
  std::vector<OrgView> out;
  std::vector<int64_t> seen;
  for (const auto& g : who.grants) {
    if (std::find(seen.begin(), seen.end(), g.org_id) != seen.end()) continue;
    seen.push_back(g.org_id);
    if (const auto* n = tree->Find(g.org_id)) out.push_back(ViewOf(*tree, *n));
  }
  return out;
}

std::pair<int64_t, bool> EnsureRoot(const Context& ctx, const std::string& name) {
  std::pair<int64_t, bool> out{0, false};
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    if (auto root = store::OrgRepository::FindRoot(tx)) {
      out = {root->id, false};
      return {};
    }
    int64_t id =
        store::OrgRepository::Insert(tx, std::nullopt, name, "city", "440300", ctx.clock.NowMs());
    audit::Record(tx, ctx, Actor{nullptr, "cli", "cli"},
                  {"org.create", "org", id, id, std::nullopt, std::nullopt});
    out = {id, true};
    return {};
  });
  (void)done;
  RefreshTree(ctx);
  return out;
}

}  // namespace jiceng::orgs
