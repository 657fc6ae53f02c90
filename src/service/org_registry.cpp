#include "service/org_registry.h"

#include <nlohmann/json.hpp>

#include "domain/identifiers.h"
#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/audit_service.h"
#include "service/events.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::orgs {
namespace {

using domain::Permission;

Status CanManage(const Context& ctx, const domain::Principal& who, int64_t org) {
  return orgs::Allow(ctx, who, Permission::kManageOrgs, org);
}

std::string Snapshot(const store::OrgRecord& o) {
  nlohmann::json j = {{"name", o.name},          {"kind", o.kind},       {"status", o.status},
                      {"path", o.path},          {"version", o.version}, {"address", o.address},
                      {"area_code", o.area_code}};
  j["parent_id"] = o.parent_id ? nlohmann::json(*o.parent_id) : nlohmann::json(nullptr);
  return j.dump();
}

tl::unexpected<Error> Stale() {
  return Fail(ErrorKind::kConflict, "version_conflict",
              "数据已被他人修改，请刷新后重试 / changed by someone else; reload and retry",
              "version");
}

tl::unexpected<Error> OrgNotFound() { return NotFound("组织不存在 / organization not found"); }

Result<std::string> DateOrToday(const Context& ctx, const std::string& date, const char* field) {
  std::string today = TodayInShanghai(ctx);
  if (date.empty()) return today;
  JICENG_CHECK(domain::ValidateDate(date, field));
  if (date > today)
    return Fail(ErrorKind::kRuleBroken, "future_date",
                "日期不能晚于今天 / the date cannot be in the future", field);
  return date;
}

Result<OrgView> ViewAfterChange(const Context& ctx, int64_t id) {
  RefreshTree(ctx);
  auto tree = ctx.orgs.snapshot();
  const auto* n = tree->Find(id);
  if (!n) return OrgNotFound();
  return ViewOf(*tree, *n);
}

// Loads an active org the actor may manage.
Result<store::OrgRecord> ManagedOrg(store::Tx& tx, const Context& ctx, const Actor& actor,
                                    int64_t id) {
  JICENG_CHECK(CanManage(ctx, *actor.principal, id));
  auto org = store::OrgRepository::FindById(tx, id);
  if (!org) return OrgNotFound();
  return *org;
}

// A change cannot take effect before the org's latest recorded state (its founding, or
// the last change), or the dated history would contradict itself.
Status RequireAfterHistory(store::Tx& tx, int64_t org_id, const std::string& on,
                           const char* field) {
  auto rows = store::OrgRepository::History(tx, org_id);
  if (!rows.empty() && on < rows.back().effective_on)
    return Fail(ErrorKind::kRuleBroken, "effective_before_history",
                "生效日期不能早于该组织最近一次变更（" + rows.back().effective_on +
                    "）/ the date precedes the organization's last recorded change",
                field);
  return {};
}

Status RequireActive(const store::OrgRecord& o, const char* field) {
  if (o.status != "active")
    return Fail(ErrorKind::kRuleBroken, "org_dissolved",
                "该组织已撤销 / the organization is dissolved", field);
  return {};
}

// Moves `org` (and its subtree) under `parent`: nesting, cycles, paths, regions, history.
Status MoveUnder(store::Tx& tx, const Context& ctx, const Actor& actor, store::OrgRecord org,
                 const store::OrgRecord& parent, int64_t version, const std::string& on,
                 const char* event, const std::string& note) {
  JICENG_CHECK(RequireActive(parent, "new_parent_id"));
  JICENG_CHECK(RequireAfterHistory(tx, org.id, on, "effective_on"));
  if (parent.path.rfind(org.path, 0) == 0)
    return Fail(ErrorKind::kRuleBroken, "cycle",
                "不能移动到自身或下级组织之下 / cannot move an organization under itself or its "
                "own descendant",
                "new_parent_id");
  JICENG_CHECK(
      domain::CheckNesting(domain::ParseOrgKind(parent.kind), *domain::ParseOrgKind(org.kind)));
  std::string before = Snapshot(org);
  if (!store::OrgRepository::SetParent(tx, org.id, version, parent.id)) return Stale();
  std::string new_path = parent.path + std::to_string(org.id) + "/";
  std::optional<int64_t> region = parent.parent_id ? parent.region_id : std::optional(org.id);
  store::OrgRepository::RewriteSubtree(tx, org.path, new_path, region);
  if (ctx.events) ctx.events->Publish(tx, OrgMoved{org.id, new_path});
  auto after = *store::OrgRepository::FindById(tx, org.id);
  int64_t now = ctx.clock.NowMs();
  store::OrgRepository::AddHistory(tx, after, event, on, note, actor.principal->user_id, now);
  audit::Record(tx, ctx, actor,
                {std::string("org.") + event, "org", org.id, org.id, before, Snapshot(after)});
  return {};
}

}  // namespace

std::string TodayInShanghai(const Context& ctx) {
  return FormatShanghai(ctx.clock.NowMs()).substr(0, 10);
}

Result<OrgView> Create(const Context& ctx, const Actor& actor, const NewOrg& in) {
  JICENG_CHECK(CanManage(ctx, *actor.principal, in.parent_id));
  JICENG_CHECK(domain::ValidateOrgName(in.name));
  auto kind = domain::ParseOrgKind(in.kind);
  if (!kind)
    return Fail(ErrorKind::kRuleBroken, "unknown_kind", "未知的组织类别 / unknown kind: " + in.kind,
                "kind");
  if (!in.area_code.empty()) JICENG_CHECK(domain::ParseAreaCode(in.area_code));
  JICENG_TRY(founded, DateOrToday(ctx, in.founded_on, "founded_on"));
  if (in.address.size() > 600) return BadInput("address", "地址过长 / address too long");
  int64_t id = 0;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    auto parent = store::OrgRepository::FindById(tx, in.parent_id);
    if (!parent) return OrgNotFound();
    JICENG_CHECK(RequireActive(*parent, "parent_id"));
    JICENG_CHECK(domain::CheckNesting(domain::ParseOrgKind(parent->kind), *kind));
    if (store::OrgRepository::FindChildByName(tx, in.parent_id, in.name))
      return Fail(ErrorKind::kConflict, "duplicate_name",
                  "同一上级组织下已有同名组织 / a sibling already has this name", "name");
    id = store::OrgRepository::Insert(
        tx,
        store::NewOrgRecord{in.parent_id, in.name, in.kind, in.area_code, founded, in.address,
                            founded},
        ctx.clock.NowMs(), actor.principal->user_id);
    audit::Record(tx, ctx, actor,
                  {"org.create", "org", id, id, std::nullopt,
                   Snapshot(*store::OrgRepository::FindById(tx, id))});
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return ViewAfterChange(ctx, id);
}

Result<OrgView> Update(const Context& ctx, const Actor& actor, int64_t id, const OrgPatch& patch) {
  if (patch.name) JICENG_CHECK(domain::ValidateOrgName(*patch.name));
  if (patch.address && patch.address->size() > 600)
    return BadInput("address", "地址过长 / address too long");
  JICENG_TRY(on, DateOrToday(ctx, patch.effective_on, "effective_on"));
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(org, ManagedOrg(tx, ctx, actor, id));
    JICENG_CHECK(RequireActive(org, "id"));
    JICENG_CHECK(RequireAfterHistory(tx, id, on, "effective_on"));
    std::string name = patch.name.value_or(org.name);
    if (name != org.name && org.parent_id &&
        store::OrgRepository::FindChildByName(tx, *org.parent_id, name))
      return Fail(ErrorKind::kConflict, "duplicate_name",
                  "同一上级组织下已有同名组织 / a sibling already has this name", "name");
    if (!store::OrgRepository::Update(tx, id, patch.version, name,
                                      patch.address.value_or(org.address)))
      return Stale();
    auto after = *store::OrgRepository::FindById(tx, id);
    store::OrgRepository::AddHistory(tx, after, name != org.name ? "rename" : "update", on, "",
                                     actor.principal->user_id, ctx.clock.NowMs());
    audit::Record(tx, ctx, actor, {"org.update", "org", id, id, Snapshot(org), Snapshot(after)});
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return ViewAfterChange(ctx, id);
}

Result<OrgView> MoveOrg(const Context& ctx, const Actor& actor, int64_t id, const Move& move) {
  JICENG_TRY(on, DateOrToday(ctx, move.effective_on, "effective_on"));
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(org, ManagedOrg(tx, ctx, actor, id));
    JICENG_CHECK(RequireActive(org, "id"));
    if (!org.parent_id)
      return Fail(ErrorKind::kRuleBroken, "root_immovable",
                  "根组织不能移动 / the root cannot move");
    if (auto s = CanManage(ctx, *actor.principal, move.new_parent_id); !s) {
      if (s.error().kind == ErrorKind::kNotFound)
        return BadInput("new_parent_id",
                        "新的上级组织不存在或不在管辖范围 / new parent not in scope");
      return s;
    }
    auto parent = store::OrgRepository::FindById(tx, move.new_parent_id);
    if (!parent) return BadInput("new_parent_id", "新的上级组织不存在 / new parent not found");
    if (*org.parent_id == parent->id) return Status{};  // already there
    return MoveUnder(tx, ctx, actor, org, *parent, move.version, on, "move", "");
  });
  if (!done) return tl::unexpected(done.error());
  return ViewAfterChange(ctx, id);
}

Result<OrgView> Dissolve(const Context& ctx, const Actor& actor, int64_t id, const Dissolution& d) {
  JICENG_TRY(on, DateOrToday(ctx, d.dissolved_on, "dissolved_on"));
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(org, ManagedOrg(tx, ctx, actor, id));
    JICENG_CHECK(RequireActive(org, "id"));
    if (!org.parent_id)
      return Fail(ErrorKind::kRuleBroken, "root_permanent",
                  "根组织不能撤销 / the root cannot be dissolved");
    JICENG_CHECK(RequireAfterHistory(tx, id, on, "dissolved_on"));
    if (store::OrgRepository::CountActiveChildren(tx, id) > 0)
      return Fail(ErrorKind::kRuleBroken, "has_children",
                  "该组织仍有下级组织，请先撤销、合并或移走 / dissolve, merge or move its child "
                  "organizations first");
    if (!store::OrgRepository::Dissolve(tx, id, d.version, on)) return Stale();
    auto after = *store::OrgRepository::FindById(tx, id);
    store::OrgRepository::AddHistory(tx, after, "dissolve", on, "", actor.principal->user_id,
                                     ctx.clock.NowMs());
    audit::Record(tx, ctx, actor, {"org.dissolve", "org", id, id, Snapshot(org), Snapshot(after)});
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return ViewAfterChange(ctx, id);
}

Result<OrgView> MergeInto(const Context& ctx, const Actor& actor, int64_t id, const Merge& m) {
  JICENG_TRY(on, DateOrToday(ctx, m.effective_on, "effective_on"));
  if (m.into_id == id)
    return Fail(ErrorKind::kRuleBroken, "merge_self", "不能与自身合并 / cannot merge into itself",
                "into_id");
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(from, ManagedOrg(tx, ctx, actor, id));
    JICENG_CHECK(RequireActive(from, "id"));
    if (!from.parent_id)
      return Fail(ErrorKind::kRuleBroken, "root_permanent",
                  "根组织不能被合并 / the root cannot merge");
    if (auto s = CanManage(ctx, *actor.principal, m.into_id); !s) {
      if (s.error().kind == ErrorKind::kNotFound)
        return BadInput("into_id", "合并目标不存在或不在管辖范围 / target not in scope");
      return s;
    }
    auto into = store::OrgRepository::FindById(tx, m.into_id);
    if (!into) return BadInput("into_id", "合并目标不存在 / target not found");
    JICENG_CHECK(RequireActive(*into, "into_id"));
    if (into->path.rfind(from.path, 0) == 0)
      return Fail(ErrorKind::kRuleBroken, "cycle",
                  "不能合并到自身的下级组织 / cannot merge into a descendant", "into_id");
    JICENG_CHECK(RequireAfterHistory(tx, id, on, "effective_on"));
    std::string note = "merged into " + std::to_string(into->id);
    for (const auto& child : store::OrgRepository::ActiveChildren(tx, id))
      JICENG_CHECK(MoveUnder(tx, ctx, actor, child, *into, child.version, on, "move", note));
    if (!store::OrgRepository::Dissolve(tx, id, m.version, on)) return Stale();
    auto after = *store::OrgRepository::FindById(tx, id);
    store::OrgRepository::AddHistory(tx, after, "merge", on, note, actor.principal->user_id,
                                     ctx.clock.NowMs());
    audit::Record(tx, ctx, actor, {"org.merge", "org", id, id, Snapshot(from), Snapshot(after)});
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return ViewAfterChange(ctx, id);
}

Result<SearchPage> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q) {
  auto roots = domain::ScopeRoots(who, Permission::kReadOrgs);
  if (roots.empty()) return Forbidden();
  if (!q.kind.empty() && !domain::ParseOrgKind(q.kind))
    return BadInput("kind", "未知的组织类别 / unknown kind");
  if (q.under) {
    auto tree = ctx.orgs.snapshot();
    JICENG_CHECK(domain::Authorize(who, Permission::kReadOrgs, *q.under,
                                   [&](int64_t r, int64_t o) { return tree->Contains(r, o); }));
    roots = {*q.under};
  }
  return ctx.db.Read([&](store::Tx& tx) -> Result<SearchPage> {
    store::OrgSearch s;
    s.path_prefixes = store::OrgRepository::PathsOf(tx, roots);
    s.q = q.q;
    s.kind = q.kind;
    s.include_dissolved = q.include_dissolved;
    s.limit = q.size;
    s.offset = (q.page - 1) * q.size;
    SearchPage page;
    page.total = store::OrgRepository::Count(tx, s);
    page.items = store::OrgRepository::Search(tx, s);
    return page;
  });
}

Result<std::vector<store::OrgHistoryRow>> History(const Context& ctx, const domain::Principal& who,
                                                  int64_t id) {
  JICENG_TRY(view, Get(ctx, who, id));
  return ctx.db.Read([&](store::Tx& tx) { return store::OrgRepository::History(tx, id); });
}

Result<std::vector<store::OrgHistoryRow>> ChildrenAsOf(const Context& ctx,
                                                       const domain::Principal& who, int64_t id,
                                                       const std::string& date) {
  JICENG_CHECK(domain::ValidateDate(date, "as_of"));
  JICENG_TRY(view, Get(ctx, who, id));
  return ctx.db.Read(
      [&](store::Tx& tx) { return store::OrgRepository::ChildrenAsOf(tx, id, date); });
}

}  // namespace jiceng::orgs
