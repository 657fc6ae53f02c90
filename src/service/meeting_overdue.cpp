// What is overdue and due, for the workbench (OverdueOf), and supervision reminders
// (督办提醒: Supervise, SupervisionsOf, MarkSupervisionRead). Both judge by the rhythm
// (service/meeting_rhythm.h) that compliance uses, so the workbench, the compliance view and
// a reminder's contents always agree; nothing here restates a frequency.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/meeting_rhythm.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/supervision_repo.h"

namespace jiceng::meetings {

using domain::Permission;

namespace {

// The last local date of a period ("2024-09-30" for 2024Q3).
std::string LastDayOf(const domain::Period& p) {
  int64_t end = 0;
  ParseIsoTime(p.to, &end);  // Shanghai midnight
  return domain::ShanghaiDate(end - 1);
}

// Calls fn(node, rule, period, overdue) for every rhythm period of `year` that has begun by
// `today` and has no meeting of the rule's type: overdue once it has ended (its last day
// before today), due while it runs. The organizations under `root` in pre-order.
template <class F>
void ScanOwed(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
              Rhythm& rhythm, const index::OrgNode& root, const domain::Period& year,
              const std::string& today, F&& fn) {
  WithRhythm(ctx, tree, rhythm, year, [&] {
    rhythm.ForEach(
        *tree, root, year,
        [&](const index::OrgNode& node, const Rhythm::Rule& r, std::span<const Rhythm::Span> due) {
          for (const auto& d : due) {
            if (d.period.from > today) break;  // not begun (by end, ascending)
            if (rhythm.CountIn(node, r, d) > 0) continue;
            fn(node, r, d.period, d.period.to <= today);
          }
        });
  });
}

// The reminded side of a reminder: an account recording meetings in the reminded
// organization through a grant strictly below the sending organization (the sender and
// the levels above it see the reminder but do not answer it).
bool MayMarkRead(const index::OrgTree::Snapshot& tree, const domain::Principal& who,
                 const store::SupervisionRecord& s) {
  for (const auto& g : who.grants)
    if (domain::RolePermits(g.role, Permission::kRecordMeetings) &&
        tree.Contains(g.org_id, s.org_id) && g.org_id != s.from_org_id &&
        tree.Contains(s.from_org_id, g.org_id))
      return true;
  return false;
}

Supervision ViewOf(const index::OrgTree::Snapshot& tree, const domain::Principal& who,
                   store::SupervisionRecord r) {
  Supervision out;
  if (const auto* n = tree.Find(r.org_id)) out.org_name = n->name;
  if (const auto* n = tree.Find(r.from_org_id)) out.from_org_name = n->name;
  out.may_mark_read = MayMarkRead(tree, who, r);
  out.record = std::move(r);
  return out;
}

}  // namespace

Result<Overdue> OverdueOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          int64_t page, int64_t size) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  const int64_t now = ctx.clock.NowMs();
  const std::string today = domain::ShanghaiDate(now);
  JICENG_TRY(year, domain::ParsePeriod(today.substr(0, 4)));
  Overdue out;
  out.today = today;
  out.since = year.from;
  out.has_children = root->exit > root->enter + 1;
  Rhythm rhythm;
  ctx.facts.WaitLoaded();  // not from inside the read below (a load writes)
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) { rhythm = LoadRhythm(ctx, tx, members); });
  // One row per organization below that owes meetings itself — not per direct child's
  // subtree: a street or community worker follows up with the branch that has to meet, and a
  // reminder goes to it, so the list names it (with its parent for context), the longest
  // neglected first wherever it sits in the subtree.
  std::unordered_map<int64_t, size_t> row_of;
  std::vector<OverdueOrg> rows;
  ScanOwed(
      ctx, tree, rhythm, *root, year, today,
      [&](const index::OrgNode& node, const Rhythm::Rule& r, const domain::Period& period,
          bool overdue) {
        const std::string& type = r.record->type;
        if (node.id == root->id) {
          (overdue ? out.own_overdue : out.own_due).push_back({type, period, LastDayOf(period)});
          return;
        }
        if (!overdue || node.status != "active") return;
        auto [it, fresh] = row_of.try_emplace(node.id, rows.size());
        if (fresh) {
          OverdueOrg o;
          o.org_id = node.id;
          o.org_name = node.name;
          o.org_kind = node.kind;
          if (const auto* parent = tree->Find(node.parent_id)) o.parent_name = parent->name;
          rows.push_back(std::move(o));
        }
        OverdueOrg& row = rows[it->second];
        ++row.overdue;
        ++out.overdue_total;
        if (std::find(row.types.begin(), row.types.end(), type) == row.types.end())
          row.types.push_back(type);
        // Periods come in order per rule, not across rules: keep the earliest.
        std::string deadline = LastDayOf(period);
        if (row.oldest_deadline.empty() || deadline < row.oldest_deadline)
          row.oldest_deadline = std::move(deadline);
      });
  auto by_deadline = [](const MissedMeeting& a, const MissedMeeting& b) {
    return a.deadline < b.deadline;
  };
  std::stable_sort(out.own_overdue.begin(), out.own_overdue.end(), by_deadline);
  std::stable_sort(out.own_due.begin(), out.own_due.end(), by_deadline);
  // Oldest missed deadline first; then the most missed; then tree order (stable).
  std::stable_sort(rows.begin(), rows.end(), [](const OverdueOrg& a, const OverdueOrg& b) {
    if (a.oldest_deadline != b.oldest_deadline) return a.oldest_deadline < b.oldest_deadline;
    return a.overdue > b.overdue;
  });
  out.total = static_cast<int64_t>(rows.size());
  const size_t begin = static_cast<size_t>((page - 1) * size);
  for (size_t i = begin; i < rows.size() && out.items.size() < static_cast<size_t>(size); ++i)
    out.items.push_back(std::move(rows[i]));
  if (!out.items.empty()) {
    std::vector<int64_t> ids;
    for (const auto& o : out.items) ids.push_back(o.org_id);
    auto latest = ctx.db.Read([&](store::Tx& tx) {
      return store::SupervisionRepository::LatestSince(tx, ids, now - kSupervisionQuietMs);
    });
    std::unordered_map<int64_t, int64_t> at(latest.begin(), latest.end());
    for (auto& o : out.items)
      if (auto it = at.find(o.org_id); it != at.end()) o.supervised_at = it->second;
  }
  return out;
}

Result<Supervision> Supervise(const Context& ctx, const Actor& actor, int64_t org_id,
                              const std::string& message) {
  const domain::Principal& who = *actor.principal;
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(org_id);
  if (!org) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kRecordMeetings, org_id));
  if (!IsValidUtf8(message) || Utf8Length(message) > kMaxSupervisionMessage)
    return BadInput("message", "留言最多200字 / the message takes at most 200 characters");
  // The sending organization: the nearest one above the reminded organization at which the
  // caller records meetings.
  const index::OrgNode* from = nullptr;
  for (int64_t root : domain::ScopeRoots(who, Permission::kRecordMeetings)) {
    if (root == org_id || !tree->Contains(root, org_id)) continue;
    const auto* n = tree->Find(root);
    if (n && (!from || n->depth > from->depth)) from = n;
  }
  if (!from)
    return Fail(ErrorKind::kRuleBroken, "cannot_supervise_own",
                "只能督办下级组织 / only an organization below yours can be reminded");
  if (org->status != "active")
    return Fail(ErrorKind::kRuleBroken, "org_dissolved", "组织已撤销 / organization dissolved");
  const int64_t now = ctx.clock.NowMs();
  const std::string today = domain::ShanghaiDate(now);
  JICENG_TRY(year, domain::ParsePeriod(today.substr(0, 4)));
  ctx.facts.WaitLoaded();  // not from inside the transaction below (a load writes)
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  return ctx.db.Write([&](store::Tx& tx) -> Result<Supervision> {
    store::SupervisionRepository::LockOrg(tx, org_id);
    if (!store::SupervisionRepository::LatestSince(tx, {org_id}, now - kSupervisionQuietMs).empty())
      return Fail(ErrorKind::kConflict, "supervised_recently",
                  "24小时内已督办过该组织 / this organization was reminded in the last 24 hours");
    Rhythm rhythm = LoadRhythm(ctx, tx, members);
    index::OrgNode single = *org;
    single.exit = single.enter + 1;
    std::vector<MissedMeeting> missed;
    ScanOwed(ctx, tree, rhythm, single, year, today,
             [&](const index::OrgNode&, const Rhythm::Rule& r, const domain::Period& period,
                 bool overdue) {
               if (overdue) missed.push_back({r.record->type, period, LastDayOf(period)});
             });
    if (missed.empty())
      return Fail(ErrorKind::kRuleBroken, "nothing_overdue",
                  "该组织没有逾期未开的会议 / the organization has no overdue meetings");
    std::stable_sort(missed.begin(), missed.end(),
                     [](const auto& a, const auto& b) { return a.deadline < b.deadline; });
    nlohmann::json items = nlohmann::json::array();
    for (const auto& m : missed)
      items.push_back({{"type", m.type}, {"period", m.period.label}, {"deadline", m.deadline}});
    store::SupervisionRecord rec;
    rec.org_id = org_id;
    rec.region_id = RegionOf(*tree, org_id);
    rec.from_org_id = from->id;
    rec.sent_by = who.user_id;
    rec.items_json = items.dump();
    rec.message = message;
    rec.created_at = now;
    rec.id = store::SupervisionRepository::Insert(tx, rec);
    audit::Record(
        tx, ctx, actor,
        {"meeting.supervise", "org", org_id, org_id, std::nullopt,
         nlohmann::json{{"supervision_id", rec.id}, {"from_org_id", from->id}, {"overdue", items}}
             .dump()});
    auto stored = store::SupervisionRepository::FindById(tx, rec.id);
    return ViewOf(*tree, who, stored ? std::move(*stored) : rec);
  });
}

Result<SupervisionPage> SupervisionsOf(const Context& ctx, const domain::Principal& who,
                                       int64_t org_id, bool unread_only, int64_t page,
                                       int64_t size) {
  auto tree = ctx.orgs.snapshot();
  if (!tree->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  SupervisionPage out;
  ctx.db.Read([&](store::Tx& tx) {
    out.total = store::SupervisionRepository::CountOfOrg(tx, org_id, unread_only);
    for (auto& r :
         store::SupervisionRepository::OfOrg(tx, org_id, unread_only, size, (page - 1) * size))
      out.items.push_back(ViewOf(*tree, who, std::move(r)));
  });
  return out;
}

Result<Supervision> MarkSupervisionRead(const Context& ctx, const Actor& actor, int64_t id) {
  const domain::Principal& who = *actor.principal;
  auto tree = ctx.orgs.snapshot();
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<Supervision> {
    auto rec = store::SupervisionRepository::FindById(tx, id);
    if (!rec) return NotFound("督办提醒不存在 / reminder not found");
    if (auto allowed = orgs::Allow(ctx, who, Permission::kReadOrgs, rec->org_id); !allowed)
      return NotFound("督办提醒不存在 / reminder not found");
    if (!MayMarkRead(*tree, who, *rec))
      return Fail(ErrorKind::kForbidden, "not_recipient",
                  "只有被督办组织可以标记已读 / only the reminded organization marks it read");
    if (!rec->read_at && store::SupervisionRepository::MarkRead(tx, id, who.user_id, now)) {
      rec->read_at = now;
      rec->read_by = who.user_id;
    }
    return ViewOf(*tree, who, std::move(*rec));
  });
}

}  // namespace jiceng::meetings
