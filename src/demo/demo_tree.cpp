// The demo's area tree (demo/demo_tree.h): one organization per district, functional area,
// street, town, community and village, found by name or created and audited as "demo".
#include "demo/demo_tree.h"

#include <map>

#include "demo/divisions.h"
#include "platform/clock.h"
#include "service/audit_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::orgs {

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
