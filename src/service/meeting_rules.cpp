// The required rhythm (which kinds of organization hold which meeting types how often,
// from how many full members): read by everyone signed in, replaced as a whole at the top.
#include <nlohmann/json.hpp>
#include <set>

#include "domain/orgs.h"
#include "service/audit_service.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {

using domain::Permission;

Result<std::vector<store::RuleRecord>> Rules(const Context& ctx) {
  return ctx.db.Read([&](store::Tx& tx) { return store::MeetingRepository::Rules(tx); });
}

Result<std::vector<store::RuleRecord>> ReplaceRules(const Context& ctx, const Actor& actor,
                                                    const std::vector<store::RuleRecord>& rules) {
  auto tree = ctx.orgs.snapshot();
  if (tree->nodes.empty()) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, Permission::kManageOrgs, tree->nodes.front().id));
  if (rules.size() > 500) return BadInput("rules", "规则过多 / too many rules");
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : rules) {
    auto type = domain::ParseMeetingType(r.type);
    if (!domain::ParseOrgKind(r.org_kind))
      return Fail(ErrorKind::kRuleBroken, "unknown_kind",
                  "未知的组织类别 / unknown kind: " + r.org_kind, "org_kind");
    if (!type)
      return Fail(ErrorKind::kRuleBroken, "unknown_type", "未知的会议类型 / unknown meeting type",
                  "type");
    if (!domain::MayHold(r.org_kind, *type))
      return Fail(
          ErrorKind::kRuleBroken, "type_not_for_org",
          r.org_kind + " 不召开 " + r.type + " / " + r.org_kind + " does not hold " + r.type,
          "type");
    if (!domain::ParseFrequency(r.frequency))
      return BadInput("frequency",
                      "频次须为 monthly、quarterly 或 yearly / frequency must be "
                      "monthly, quarterly or yearly");
    if (r.min_full_members < 0 || r.min_full_members > 10000)
      return BadInput("min_full_members", "人数无效 / invalid member count");
    if (!seen.insert({r.org_kind, r.type}).second)
      return BadInput("rules", "规则重复 / a rule is listed twice: " + r.org_kind + " " + r.type);
  }
  return ctx.db.Write([&](store::Tx& tx) -> Result<std::vector<store::RuleRecord>> {
    auto before = store::MeetingRepository::Rules(tx);
    store::MeetingRepository::ReplaceRules(tx, rules);
    audit::Record(tx, ctx, actor,
                  {"meeting.rules", "meeting_rules", std::nullopt, std::nullopt,
                   nlohmann::json{{"rules", before.size()}}.dump(),
                   nlohmann::json{{"rules", rules.size()}}.dump()});
    return store::MeetingRepository::Rules(tx);
  });
}

}  // namespace jiceng::meetings
