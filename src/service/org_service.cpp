#include "service/org_service.h"

#include "platform/clock.h"
#include "service/audit_service.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::orgs {
namespace {

OrgView ViewOf(const index::OrgTree::Snapshot& tree, const index::OrgNode& n) {
  OrgView v;
  v.node = n;
  for (const auto* a : tree.Chain(n.id))
    if (a->id != n.id) v.ancestors.push_back(*a);
  auto kids = tree.children.find(n.id);
  v.child_count = kids == tree.children.end() ? 0 : static_cast<int64_t>(kids->second.size());
  return v;
}

Status CanRead(const index::OrgTree::Snapshot& tree, const domain::Principal& who, int64_t id) {
  return domain::Authorize(who, domain::Permission::kReadOrgs, id,
                           [&](int64_t root, int64_t org) { return tree.Contains(root, org); });
}

}  // namespace

void RefreshTree(const Context& ctx) {
  ctx.orgs.Rebuild(ctx.db.Read([](store::Tx& tx) { return store::OrgRepository::LoadAll(tx); }));
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

int SeedDemoDivisions(const Context& ctx, int64_t root_id) {
  // GB/T 2260 county-level codes of Shenzhen, and the cooperation zone (under Shanwei's
  // Haifeng county code range; the zone has no code of its own).
  static const std::pair<const char*, const char*> kDistricts[] = {
      {"中共深圳市罗湖区委", "440303"}, {"中共深圳市福田区委", "440304"},
      {"中共深圳市南山区委", "440305"}, {"中共深圳市宝安区委", "440306"},
      {"中共深圳市龙岗区委", "440307"}, {"中共深圳市盐田区委", "440308"},
      {"中共深圳市龙华区委", "440309"}, {"中共深圳市坪山区委", "440310"},
      {"中共深圳市光明区委", "440311"}, {"中共深汕特别合作区工委", "441521"},
  };
  int added = 0;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    for (const auto& [name, code] : kDistricts) {
      if (store::OrgRepository::FindChildByName(tx, root_id, name)) continue;
      int64_t id =
          store::OrgRepository::Insert(tx, root_id, name, "district", code, ctx.clock.NowMs());
      audit::Record(tx, ctx, Actor{nullptr, "demo", "demo"},
                    {"org.create", "org", id, id, std::nullopt, std::nullopt});
      ++added;
    }
    return {};
  });
  (void)done;
  RefreshTree(ctx);
  return added;
}

}  // namespace jiceng::orgs
