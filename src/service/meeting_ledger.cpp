// The ledger (组织生活台账) of a subtree's meetings in a year, for inspectors; audited.
#include <nlohmann/json.hpp>

#include "service/audit_service.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {

Result<Ledger> LedgerOf(const Context& ctx, const Actor& actor, int64_t org_id, int year) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(org_id);
  if (!org) return NotFound("组织不存在 / organization not found");
  // The ledger names hosts and recorders: the members routes' rule (domain::kReadPeople).
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, domain::kReadPeople, org_id));
  if (year < 2000 || year > 2999) return BadInput("year", "年份无效 / invalid year");
  return ctx.db.Write([&](store::Tx& tx) -> Result<Ledger> {
    store::MeetingSearch s;
    s.subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    s.from = std::to_string(year) + "-01-01";
    s.to = std::to_string(year) + "-12-31";
    s.limit = kMaxLedgerRows + 1;
    Ledger out;
    out.org_name = org->name;
    out.rows = store::MeetingRepository::Ledger(tx, s);
    if (static_cast<int64_t>(out.rows.size()) > kMaxLedgerRows)
      return Fail(ErrorKind::kRuleBroken, "too_many_rows",
                  "台账超过 " + std::to_string(kMaxLedgerRows) +
                      " 条，请选择下级组织 / more than " + std::to_string(kMaxLedgerRows) +
                      " meetings: choose a lower organization");
    audit::Record(tx, ctx, actor,
                  {"meeting.export", "org", org_id, org_id, std::nullopt,
                   nlohmann::json{{"year", year}, {"rows", out.rows.size()}}.dump()});
    return out;
  });
}

}  // namespace jiceng::meetings
