// Organizational life in numbers (the city dashboard): the in-memory stats of meetings per
// organization, month and type (index/meeting_stats.h) — loaded from the store on first
// use, kept current after each committed change (Track), summed for a subtree (StatsOf).
#include <cstdio>

#include "service/meeting_internal.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {
namespace {

using domain::Permission;

// What a meeting adds to the in-memory stats: nothing while planned.
index::MeetingMonthFact FactOf(const store::MeetingRecord& m) {
  index::MeetingMonthFact f{m.org_id, index::MonthIndex(m.held_on), TypeSlot(m.type), {}};
  if (m.state == "planned") return f;
  f.counts.meetings = 1;
  f.counts.first_topic = m.material_ids.empty() ? 0 : 1;
  for (const auto& a : m.attendance)
    ++(a.status == "present"   ? f.counts.present
       : a.status == "excused" ? f.counts.excused
                               : f.counts.absent);
  return f;
}

}  // namespace

int TypeSlot(const std::string& code) {
  auto t = domain::ParseMeetingType(code);
  return t ? static_cast<int>(*t) : -1;
}

void Track(const Context& ctx, const store::MeetingRecord* before,
           const store::MeetingRecord& after) {
  if (before) ctx.meeting_stats.Apply(FactOf(*before), -1);
  ctx.meeting_stats.Apply(FactOf(after), +1);
}

void TrackStats(const Context& ctx) {
  ctx.meeting_stats.AddLoader([&ctx] {
    std::vector<index::MeetingMonthFact> out;
    for (const auto& c :
         ctx.db.Read([](store::Tx& tx) { return store::MeetingRepository::MonthlyCounts(tx); }))
      out.push_back({c.org_id,
                     index::MonthIndex(c.month),
                     TypeSlot(c.type),
                     {c.meetings, c.first_topic, c.present, c.excused, c.absent, 0, 0}});
    return out;
  });
}

Result<Stats> StatsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& period_text) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  JICENG_TRY(period, domain::ParsePeriod(period_text));
  auto answer = ctx.meeting_stats.Sum(tree, *root, index::MonthIndex(period.from),
                                      index::MonthIndex(period.to));
  Stats out;
  out.period = period;
  out.total = answer.total;
  for (const auto& [month, counts] : answer.by_month) {
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", month / 12 % 10000, month % 12 + 1);
    out.months.emplace_back(label, counts);
  }
  return out;
}

}  // namespace jiceng::meetings
