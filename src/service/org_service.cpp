#include "service/org_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "platform/clock.h"
#include "service/audit_service.h"
#include "service/divisions.h"
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

Result<DemoTree> SeedDemoDivisions(const Context& ctx, int64_t root_id,
                                   const std::string& divisions_dir) {
  JICENG_TRY(sz, divisions::LoadShenzhen(divisions_dir));
  DemoTree out;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    int64_t now = ctx.clock.NowMs();
    // Finds or creates one org; returns its id.
    auto ensure = [&](int64_t parent, const std::string& name, const char* kind,
                      const std::string& code) {
      if (auto existing = store::OrgRepository::FindChildByName(tx, parent, name))
        return existing->id;
      int64_t id = store::OrgRepository::Insert(tx, parent, name, kind, code, now);
      audit::Record(tx, ctx, Actor{nullptr, "demo", "demo"},
                    {"org.create", "org", id, id, std::nullopt, std::nullopt});
      ++out.added;
      return id;
    };
    // The org standing for a district or functional area (by district code or area name),
    // a street or a town (by code): (org, place name as its children's names carry it).
    std::map<std::string, std::pair<int64_t, std::string>> led;
    for (const auto& d : sz.districts) {
      led[d.code] = {ensure(root_id, "中共深圳市" + d.name + "委员会", "district", d.code),
                     "深圳市" + d.name};
      ++out.districts;
    }
    // A functional area's working committee has no county-level code of its own; its
    // streets and towns keep their real NBS codes.
    for (const auto& area : sz.functional_areas) {
      bool shenzhen = area.party_name.rfind("中共深圳市", 0) == 0;
      led[area.name] = {ensure(root_id, area.party_name, "functional_area", ""),
                        (shenzhen ? "深圳市" : "") + area.name};
      ++out.functional_areas;
    }
    auto leader = [&](const divisions::Division& d) -> const std::pair<int64_t, std::string>& {
      if (const auto* area = sz.LedBy(d.code)) return led.at(area->name);
      return led.at(d.parent);
    };
    for (const auto& s : sz.streets) {
      const auto& up = leader(s);
      led[s.code] = {ensure(up.first, "中共" + up.second + s.name + "工作委员会", "street", s.code),
                     s.name};
      ++out.streets;
    }
    for (const auto& t : sz.towns) {
      const auto& up = leader(t);
      led[t.code] = {ensure(up.first, "中共" + up.second + t.name + "委员会", "town", t.code),
                     t.name};
      ++out.towns;
    }
    // "中共XX街道XX社区委员会"; a village's "中共XX镇XX村委员会".
    for (const auto& c : sz.communities) {
      const auto& up = led.at(c.parent);
      ensure(up.first, "中共" + up.second + c.name + "委员会", "community", c.code);
      ++out.communities;
      out.estates_folded += static_cast<int>(c.folded.size());
    }
    for (const auto& v : sz.villages) {
      const auto& up = led.at(v.parent);
      ensure(up.first, "中共" + up.second + v.name + "委员会", "village", v.code);
      ++out.villages;
    }
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  RefreshTree(ctx);
  return out;
}

}  // namespace jiceng::orgs
