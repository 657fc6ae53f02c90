// Compliance of a subtree for a period (ComplianceOf): per organization and rule, the
// rhythm periods due, the meetings held and the periods overdue, summed or drilled down one
// level, with attendance and the members to follow up; and the rhythm's implementation
// (service/meeting_rhythm.h: LoadRhythm and the full members over time).
#include <algorithm>
#include <limits>
#include <map>

#include "platform/clock.h"
#include "service/meeting_rhythm.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {
namespace {

using domain::Permission;

// Where each (former) full member was when: spans of (organization, days) from the
// members' dates and their completed transfers. A member full now counts from full_on (from
// the start when it was not recorded) on; one who left, from full_on to left_on; a left
// member without both dates is not counted (as today's counts do not count them).
std::vector<index::FullMemberSpan> FullMemberSpans(
    const std::vector<store::FullMemberRow>& rows,
    const std::vector<store::CompletedTransfer>& moves) {
  constexpr int32_t kOpen = std::numeric_limits<int32_t>::max();
  std::unordered_map<int64_t, std::vector<const store::CompletedTransfer*>> moves_of;
  for (const auto& t : moves) moves_of[t.member_id].push_back(&t);  // by time already
  std::vector<index::FullMemberSpan> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    if (!r.full_now && (r.full_on.empty() || r.left_on.empty())) continue;
    const int32_t from = r.full_on.empty() ? 0 : index::DayNumber(r.full_on).value_or(0);
    const int32_t to = r.full_now ? kOpen : index::DayNumber(r.left_on).value_or(from);
    auto it = r.member_id ? moves_of.find(r.member_id) : moves_of.end();
    if (it == moves_of.end()) {
      out.push_back({r.org_id, from, to, r.n});
      continue;
    }
    // In the first transfer's sending organization until its day, then in each receiving
    // one until the next; in today's organization after the last.
    int32_t start = 0;
    const auto& list = it->second;
    for (size_t i = 0; i <= list.size(); ++i) {
      const int32_t end =
          i < list.size()
              ? index::DayNumber(domain::ShanghaiDate(list[i]->completed_at)).value_or(start)
              : kOpen;
      const int64_t org = i < list.size() ? list[i]->from_org_id : r.org_id;
      const int32_t lo = std::max(start, from), hi = std::min(end, to);
      if (lo < hi) out.push_back({org, lo, hi, 1});
      start = std::max(start, end);
    }
  }
  return out;
}

}  // namespace

// The earliest start of a rhythm period falling due in `period`.
std::string WindowStart(const domain::Period& period) {
  std::string from = period.from;
  for (auto f :
       {domain::Frequency::kMonthly, domain::Frequency::kQuarterly, domain::Frequency::kYearly})
    for (const auto& due : domain::DuePeriods(f, period)) from = std::min(from, due.from);
  return from;
}

// The rules and the full members of every organization over time (those that ever reached
// one of the rules' thresholds: branches with a committee, seven) — from memory while no
// member changed. `generation` is the store's members generation read before `tx` began.
Rhythm LoadRhythm(const Context& ctx, store::Tx& tx, uint64_t generation) {
  Rhythm r;
  r.rules = store::MeetingRepository::Rules(tx);
  int64_t least = 0;
  for (const auto& rule : r.rules)
    if (rule.min_full_members > 0)
      least = least ? std::min(least, rule.min_full_members) : rule.min_full_members;
  r.full_members = ctx.full_members.FullMembersOf(
      generation, ctx.clock.NowMs(), least,
      [&] {
        if (!least) return index::FullMemberHistory{};
        return index::FullMemberHistory(
            FullMemberSpans(store::MeetingRepository::FullMemberRows(tx),
                            store::MeetingRepository::CompletedTransfers(tx)),
            least);
      },
      [&] { return store::MeetingRepository::MembersFingerprint(tx); });
  return r;
}

void WarmUp(const Context& ctx) {
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) { (void)LoadRhythm(ctx, tx, members); });
}

std::string DaysFrom(int64_t now_ms, int days) {
  return domain::ShanghaiDate(now_ms + int64_t{days} * 86'400'000);
}

Result<Compliance> ComplianceOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                const ComplianceQuery& q) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  JICENG_TRY(period, domain::ParsePeriod(q.period));
  if (!q.type.empty() && !domain::ParseMeetingType(q.type))
    return BadInput("type", "未知的会议类型 / unknown meeting type");
  bool follow_up = static_cast<bool>(orgs::Allow(ctx, who, Permission::kManageMembers, org_id));
  std::string today = domain::ShanghaiDate(ctx.clock.NowMs());

  Compliance out;
  out.period = period;
  Rhythm rhythm;
  ctx.facts.WaitLoaded();  // not from inside the read below (a load writes)
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) {
    rhythm = LoadRhythm(ctx, tx, members);
    if (follow_up)
      out.follow_up =
          store::MeetingRepository::MissedThreeInARow(tx, orgs::SubtreeOf(ctx, tx, {org_id}), 100);
  });
  auto counts = SumOf(ctx, tree, *root, period).total;
  out.meetings = counts.meetings;
  out.first_topic_sessions = counts.first_topic;
  out.attendance = {counts.present, counts.excused, counts.absent};
  // One pass over the subtree: the totals count every (organization, rule); items are built
  // only for the page (or, per child, summed into one per child and type).
  const size_t begin = static_cast<size_t>((q.page - 1) * q.size), end = begin + q.size;
  size_t matching = 0;  // items of the requested type so far
  std::vector<ComplianceItem> items;
  // Per child: the children of the root in pre-order, each one range of positions.
  std::vector<const index::OrgNode*> tops;
  if (q.by_child) {
    if (auto kids = tree->children.find(root->id); kids != tree->children.end())
      for (int64_t id : kids->second) tops.push_back(tree->Find(id));
    std::sort(tops.begin(), tops.end(), [](auto* a, auto* b) { return a->enter < b->enter; });
  }
  std::map<std::pair<int32_t, int>, ComplianceItem> sums;  // (child's enter, type's slot)
  WithRhythm(ctx, tree, rhythm, period, [&] {
    size_t top = 0;
    const Rhythm::Span whole(period);
    rhythm.ForEach(
        *tree, *root, period,
        [&](const index::OrgNode& node, const Rhythm::Rule& r, std::span<const Rhythm::Span> due) {
          const store::RuleRecord& rule = *r.record;
          int64_t required = 0, overdue = 0;
          const int64_t held = rhythm.CountIn(node, r, whole);
          for (const auto& d : due) {
            ++required;
            if (d.period.to <= today && rhythm.CountIn(node, r, d) == 0) ++overdue;
          }
          if (required == 0 && held == 0) return;
          out.required += required;
          out.held += held;
          out.overdue += overdue;
          if (!q.type.empty() && rule.type != q.type) return;
          auto make = [&](const index::OrgNode& who) {
            ComplianceItem item;
            item.org_id = who.id;
            item.org_name = who.name;
            item.org_kind = who.kind;
            item.type = rule.type;
            item.frequency = rule.frequency;
            item.required = required;
            item.held = held;
            item.overdue = overdue;
            return item;
          };
          if (!q.by_child) {
            if (matching >= begin && matching < end) items.push_back(make(node));
            ++matching;
            return;
          }
          // The root's own items stay; the rest count for the child whose range holds
          // them.
          const index::OrgNode* owner = root;
          if (node.id != root->id) {
            while (top < tops.size() && tops[top]->exit <= node.enter) ++top;
            if (top < tops.size()) owner = tops[top];
          }
          auto [it, fresh] = sums.try_emplace({owner->enter, r.slot});
          ComplianceItem& sum = it->second;
          if (fresh) {
            sum = make(*owner);
            return;
          }
          if (sum.frequency != rule.frequency) sum.frequency = "mixed";
          sum.required += required;
          sum.held += held;
          sum.overdue += overdue;
        });
  });
  if (q.by_child) {
    matching = sums.size();
    size_t n = 0;
    for (auto& [_, item] : sums)
      if (n++ >= begin && items.size() < static_cast<size_t>(q.size))
        items.push_back(std::move(item));
  }
  out.items_total = static_cast<int64_t>(matching);
  out.items = std::move(items);
  return out;
}

}  // namespace jiceng::meetings
