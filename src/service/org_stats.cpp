#include "service/org_stats.h"

#include "domain/units.h"
#include "index/org_tree.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/org_repo.h"

namespace jiceng::orgs {

Result<SubtreeStats> Stats(const Context& ctx, const domain::Principal& who, int64_t org_id) {
  auto tree = ctx.orgs.snapshot();
  const auto* node = tree->Find(org_id);
  if (!node) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(Allow(ctx, who, domain::Permission::kReadOrgs, org_id));
  SubtreeStats s;
  s.org_id = org_id;
  // Organizations: one pass over the pre-order range of the subtree, in memory.
  for (int32_t i = node->enter; i < node->exit; ++i) {
    const auto& n = tree->nodes[static_cast<size_t>(i)];
    if (n.status == "active") ++s.orgs_by_kind[n.kind];
  }
  ctx.db.Read([&](store::Tx& tx) {
    auto prefixes = SubtreeOf(ctx, tx, {org_id});
    for (auto& [status, n] : store::MemberRepository::CountByStatus(tx, prefixes)) {
      s.members_by_status[status] = n;
      s.members += n;
    }
    std::map<std::string, CoverageByType> by_type;
    for (auto t : domain::AllUnitTypes()) {
      std::string code(domain::UnitTypeCode(t));
      by_type[code].type = code;
    }
    for (const auto& row : store::UnitRepository::Coverage(tx, prefixes)) {
      auto& c = by_type[row.type];
      c.type = row.type;
      c.units += row.units;
      if (row.coverage == "own") c.own += row.units;
      if (row.coverage == "joint") c.joint += row.units;
      if (row.coverage == "none") c.none += row.units;
      if (row.coverage != "none" || row.has_instructor) c.work_covered += row.units;
    }
    for (auto& [_, c] : by_type) s.coverage.push_back(c);
    store::UnitSearch needing;
    needing.scope = prefixes;
    needing.needs_org = true;
    needing.limit = 20;
    s.needing_own_org_total = store::UnitRepository::Count(tx, needing);
    s.needing_own_org = store::UnitRepository::Search(tx, needing);
  });
  JICENG_TRY(flags, committees::SizeFlagsOf(ctx, who, org_id, "", 1, 20));
  s.size_flags = std::move(flags);
  return s;
}

}  // namespace jiceng::orgs
