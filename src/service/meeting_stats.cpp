// Organizational life in numbers (the city dashboard) from the facts (index/facts.h): the
// meetings' measures declared by name (DeclareFacts), kept in each write's transaction
// (Track), summed for a subtree and period with the readings' (SumOf, StatsOf).
#include "service/facts_service.h"
#include "service/meeting_internal.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {
namespace {

using domain::Permission;

// The meetings' measures (DeclareFacts): "meetings.<type>" for each type (the slot order of
// domain::MeetingType), then these.
constexpr const char* kFirstTopic = "meetings.first_topic";
constexpr const char* kPresent = "meetings.present";
constexpr const char* kExcused = "meetings.excused";
constexpr const char* kAbsent = "meetings.absent";

std::string TypeMeasure(std::string_view code) { return "meetings." + std::string(code); }

facts::MeasureId Measure(const Context& ctx, const char* name) {
  return *ctx.facts.registry().Find(name);
}

// What a meeting adds to the facts (`sign` −1: takes it out): nothing while planned.
void AddFacts(const Context& ctx, const store::MeetingRecord& m, int sign,
              std::vector<facts::Fact>& out) {
  if (m.state == "planned") return;
  const int32_t month = facts::MonthIndex(m.held_on);
  auto add = [&](facts::MeasureId measure, int64_t n) {
    if (n) out.push_back({m.org_id, month, measure, sign * n});
  };
  if (auto type = ctx.facts.registry().Find(TypeMeasure(m.type))) add(*type, 1);
  add(Measure(ctx, kFirstTopic), m.material_ids.empty() ? 0 : 1);
  int64_t present = 0, excused = 0, absent = 0;
  // Those attending as 列席 (not party members) are in none of the three: the attendance
  // rate counts party members only.
  for (const auto& a : m.attendance)
    if (a.status != "attending")
      ++(a.status == "present" ? present : a.status == "excused" ? excused : absent);
  add(Measure(ctx, kPresent), present);
  add(Measure(ctx, kExcused), excused);
  add(Measure(ctx, kAbsent), absent);
}

}  // namespace

int TypeSlot(const std::string& code) {
  auto t = domain::ParseMeetingType(code);
  return t ? static_cast<int>(*t) : -1;
}

std::vector<facts::MeasureId> TypeMeasures(const Context& ctx) {
  std::vector<facts::MeasureId> out;
  for (auto t : domain::AllMeetingTypes()) {
    auto m = ctx.facts.registry().Find(TypeMeasure(domain::MeetingTypeCode(t)));
    size_t slot = static_cast<size_t>(t);
    if (out.size() <= slot) out.resize(slot + 1, -1);
    out[slot] = m ? *m : -1;
  }
  return out;
}

void Track(const Context& ctx, store::Tx& tx, const store::MeetingRecord* before,
           const store::MeetingRecord& after) {
  std::vector<facts::Fact> delta;
  if (before) AddFacts(ctx, *before, -1, delta);
  AddFacts(ctx, after, +1, delta);
  facts::Record(ctx, tx, delta);
}

Sums SumOf(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
           const index::OrgNode& root, const domain::Period& period) {
  std::vector<facts::MeasureId> measures;
  for (auto m : TypeMeasures(ctx))
    if (m >= 0) measures.push_back(m);
  const size_t types = measures.size();
  for (const char* name :
       {kFirstTopic, kPresent, kExcused, kAbsent, "readings.sessions", "readings.seconds"}) {
    auto m = ctx.facts.registry().Find(name);
    measures.push_back(m ? *m : -1);
  }
  auto answer = ctx.facts.Sum(tree, root, facts::MonthIndex(period.from),
                              facts::MonthIndex(period.to), measures);
  auto counts = [&](const std::vector<int64_t>& v) {
    StatCounts c;
    for (size_t k = 0; k < types; ++k) c.meetings += v[k];
    c.first_topic = v[types];
    c.present = v[types + 1];
    c.excused = v[types + 2];
    c.absent = v[types + 3];
    c.readings = v[types + 4];
    c.reading_seconds = v[types + 5];
    return c;
  };
  Sums out;
  out.total = counts(answer.total);
  for (const auto& [month, v] : answer.by_month) out.by_month.emplace(month, counts(v));
  return out;
}

void DeclareFacts(facts::Registry& registry) {
  std::vector<facts::MeasureId> by_slot;
  for (auto t : domain::AllMeetingTypes()) {
    size_t slot = static_cast<size_t>(t);
    if (by_slot.size() <= slot) by_slot.resize(slot + 1, -1);
    by_slot[slot] = registry.Declare("meetings", TypeMeasure(domain::MeetingTypeCode(t)));
  }
  const facts::MeasureId first_topic = registry.Declare("meetings", kFirstTopic),
                         present = registry.Declare("meetings", kPresent),
                         excused = registry.Declare("meetings", kExcused),
                         absent = registry.Declare("meetings", kAbsent);
  registry.SetRecount("meetings", [=](store::Tx& tx) {
    std::vector<facts::Fact> out;
    for (const auto& c : store::MeetingRepository::MonthlyCounts(tx)) {
      const int32_t month = facts::MonthIndex(c.month);
      auto add = [&](facts::MeasureId measure, int64_t n) {
        if (n && measure >= 0) out.push_back({c.org_id, month, measure, n});
      };
      const int slot = TypeSlot(c.type);
      add(slot >= 0 && static_cast<size_t>(slot) < by_slot.size() ? by_slot[slot] : -1, c.meetings);
      add(first_topic, c.first_topic);
      add(present, c.present);
      add(excused, c.excused);
      add(absent, c.absent);
    }
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
  Stats out;
  out.period = period;
  auto sums = SumOf(ctx, tree, *root, period);
  out.total = sums.total;
  for (auto& [month, counts] : sums.by_month)
    out.months.emplace_back(facts::MonthLabel(month), counts);
  return out;
}

}  // namespace jiceng::meetings
