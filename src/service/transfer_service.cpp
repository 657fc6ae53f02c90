#include "service/transfer_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/members.h"
#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/org_repo.h"

namespace jiceng::transfers {
namespace {

using domain::Permission;

tl::unexpected<Error> TransferNotFound() { return NotFound("转接记录不存在 / transfer not found"); }

std::string Snapshot(const store::TransferRecord& t) {
  return nlohmann::json{{"member_id", t.member_id},
                        {"from_org_id", t.from_org_id},
                        {"to_org_id", t.to_org_id},
                        {"status", t.status},
                        {"version", t.version}}
      .dump();
}

bool IsBranch(const std::string& kind) {
  auto k = domain::ParseOrgKind(kind);
  return k && domain::HoldsMembers(*k);
}

}  // namespace

Result<store::TransferRecord> Request(const Context& ctx, const Actor& actor, int64_t member_id,
                                      int64_t to_org_id, const std::string& reason) {
  JICENG_CHECK(ValidateText(reason, "reason", 200, false));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::TransferRecord> {
    auto member = store::MemberRepository::FindById(tx, member_id);
    if (!member) return NotFound("党员不存在 / member not found");
    if (auto s = orgs::Allow(ctx, *actor.principal, Permission::kManageMembers, member->org_id);
        !s) {
      if (s.error().kind == ErrorKind::kNotFound) return NotFound("党员不存在 / member not found");
      return tl::unexpected(s.error());
    }
    auto status = domain::ParseMemberStatus(member->status);
    if (!status ||
        static_cast<int>(*status) >= static_cast<int>(domain::MemberStatus::kTransferredOut))
      return Fail(ErrorKind::kRuleBroken, "member_inactive",
                  "该人员已转出、去世或出党，不能转接 / this person can no longer be transferred",
                  "member_id");
    // The receiving organization may be anywhere in the city: the sending side names it.
    auto to = store::OrgRepository::FindById(tx, to_org_id);
    if (!to) return BadInput("to_org_id", "接收组织不存在 / receiving organization not found");
    if (to->status != "active" || !IsBranch(to->kind))
      return Fail(ErrorKind::kRuleBroken, "not_a_branch",
                  "接收组织须为在册的党支部（或联合支部、党总支）/ the receiving side must be an "
                  "active branch",
                  "to_org_id");
    if (to->id == member->org_id)
      return Fail(ErrorKind::kRuleBroken, "same_org",
                  "接收组织与现所在组织相同 / the member is already there", "to_org_id");
    store::TransferRecord t;
    t.member_id = member_id;
    t.from_org_id = member->org_id;
    t.to_org_id = to_org_id;
    t.reason = reason;
    t.requested_by = actor.principal->user_id;
    t.requested_at = ctx.clock.NowMs();
    auto id = store::TransferRepository::Insert(tx, t);
    if (!id)
      return Fail(ErrorKind::kConflict, "transfer_open",
                  "该党员已有未办结的转接 / this member already has a transfer in progress",
                  "member_id");
    auto saved = *store::TransferRepository::FindById(tx, *id);
    audit::Record(
        tx, ctx, actor,
        {"transfer.request", "transfer", *id, t.from_org_id, std::nullopt, Snapshot(saved)});
    return saved;
  });
}

Result<store::TransferRecord> Decide(const Context& ctx, const Actor& actor, int64_t id,
                                     int64_t version, const std::string& action,
                                     const std::string& note) {
  JICENG_CHECK(ValidateText(note, "note", 200, false));
  struct Step {
    const char* action;
    const char* from;
    const char* to;
    bool receiving_side;
  };
  static constexpr Step kSteps[] = {{"approve", "requested", "approved", true},
                                    {"reject", "requested", "rejected", true},
                                    {"complete", "approved", "completed", true},
                                    {"cancel", "requested", "cancelled", false}};
  const Step* step = nullptr;
  for (const auto& s : kSteps)
    if (action == s.action) step = &s;
  if (!step) return BadInput("action", "未知的操作 / unknown action");
  if (action == "reject" && note.empty())
    return BadInput("note", "退回须说明理由 / a rejection needs a reason");
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::TransferRecord> {
    auto t = store::TransferRepository::FindById(tx, id);
    if (!t) return TransferNotFound();
    int64_t side = step->receiving_side ? t->to_org_id : t->from_org_id;
    if (auto s = orgs::Allow(ctx, *actor.principal, Permission::kManageMembers, side); !s) {
      // The other side sees the transfer but may not take this step: 403, not 404.
      int64_t other = step->receiving_side ? t->from_org_id : t->to_org_id;
      if (s.error().kind == ErrorKind::kNotFound &&
          !orgs::Allow(ctx, *actor.principal, Permission::kManageMembers, other))
        return TransferNotFound();
      return Forbidden(step->receiving_side
                           ? "只有接收方可以办理此步骤 / only the receiving side may do this"
                           : "只有转出方可以撤回 / only the sending side may cancel");
    }
    if (t->status != step->from)
      return Fail(ErrorKind::kRuleBroken, "illegal_transition",
                  "当前状态（" + t->status + "）不能" + action + " / a " + t->status +
                      " transfer cannot be " + step->to,
                  "action");
    int64_t now = ctx.clock.NowMs();
    if (!store::TransferRepository::SetStatus(tx, id, version, step->from, step->to,
                                              actor.principal->user_id, note, now))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "转接记录已被他人处理，请刷新 / changed by someone else; reload", "version");
    if (action == "complete") {
      // The one moment the member's organization changes.
      auto member = *store::MemberRepository::FindById(tx, t->member_id);
      if (member.org_id != t->from_org_id)
        return Fail(ErrorKind::kConflict, "member_moved",
                    "党员所在组织已变化 / the member's organization changed meanwhile");
      member.org_id = t->to_org_id;
      if (!store::MemberRepository::Update(tx, member, member.version))
        return Fail(ErrorKind::kConflict, "version_conflict",
                    "党员信息已被他人修改 / the member changed meanwhile; retry");
    }
    auto after = *store::TransferRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {std::string("transfer.") + step->action, "transfer", id, side, Snapshot(*t),
                   Snapshot(after)});
    return after;
  });
}

Result<std::vector<store::TransferRecord>> ForMember(const Context& ctx,
                                                     const domain::Principal& who,
                                                     int64_t member_id) {
  return ctx.db.Read([&](store::Tx& tx) -> Result<std::vector<store::TransferRecord>> {
    auto member = store::MemberRepository::FindById(tx, member_id);
    if (!member) return NotFound("党员不存在 / member not found");
    auto list = store::TransferRepository::ForMember(tx, member_id);
    // Visible to whoever manages the member now, or either side of one of its transfers.
    bool visible = bool(orgs::Allow(ctx, who, Permission::kManageMembers, member->org_id));
    for (const auto& t : list)
      visible = visible || orgs::Allow(ctx, who, Permission::kManageMembers, t.to_org_id) ||
                orgs::Allow(ctx, who, Permission::kManageMembers, t.from_org_id);
    if (!visible) return NotFound("党员不存在 / member not found");
    return list;
  });
}

Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q) {
  auto roots = domain::ScopeRoots(who, Permission::kManageMembers);
  if (roots.empty()) return Forbidden();
  if (!q.direction.empty() && q.direction != "in" && q.direction != "out")
    return BadInput("direction", "direction 只能是 in 或 out / direction is in or out");
  static const char* kStatuses[] = {"requested", "approved", "rejected", "completed", "cancelled"};
  if (!q.status.empty() &&
      std::find(std::begin(kStatuses), std::end(kStatuses), q.status) == std::end(kStatuses))
    return BadInput("status", "未知的转接状态 / unknown transfer status");
  return ctx.db.Read([&](store::Tx& tx) -> Result<Page> {
    auto prefixes = store::OrgRepository::PathsOf(tx, roots);
    store::TransferSearch s;
    if (q.direction != "out") s.to_prefixes = prefixes;
    if (q.direction != "in") s.from_prefixes = prefixes;
    s.status = q.status;
    s.limit = q.size;
    s.offset = (q.page - 1) * q.size;
    Page page;
    page.total = store::TransferRepository::Count(tx, s);
    page.items = store::TransferRepository::Search(tx, s);
    return page;
  });
}

}  // namespace jiceng::transfers
