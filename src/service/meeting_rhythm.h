// The rhythm of organizational life for a subtree (issue 13 split it out of the meetings
// service): which rules apply to which organization over which rhythm periods, given the
// full members it had then, and how many meetings it held (the facts, index/facts.h) or
// planned.
// Compliance (meeting_compliance.cpp) judges a period with it; planning
// (meeting_planning.cpp) fills its gaps and reminds of what falls due.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/meetings.h"
#include "index/facts.h"
#include "index/full_members.h"
#include "index/org_tree.h"
#include "service/context.h"
#include "service/meeting_internal.h"
#include "store/meeting_repo.h"

namespace jiceng::meetings {

// The rhythm of a subtree over a period: for every organization of the subtree (pre-order)
// and every rule of its kind that applies, the meetings it held (from the facts) or
// planned, and the rhythm periods falling due in the period.
struct Rhythm {
  std::vector<store::RuleRecord> rules;
  std::shared_ptr<const index::FullMemberHistory> full_members;
  const facts::Index::View* took_place = nullptr;  // meetings by type slot; set by WithRhythm
  std::map<std::pair<int64_t, std::string>, std::vector<std::string>> planned;  // sorted dates

  // A period with its months (facts::MonthIndex), worked out once.
  struct Span {
    domain::Period period;
    int32_t from_month = 0, to_month = 0;
    int32_t first_day = 0;  // index::DayNumber of the period's first day
    explicit Span(domain::Period p)
        : period(std::move(p)),
          from_month(facts::MonthIndex(period.from)),
          to_month(facts::MonthIndex(period.to)),
          first_day(index::DayNumber(period.from).value_or(0)) {}
  };
  // A rule with its meeting type's slot in the stats and the periods falling due.
  struct Rule {
    const store::RuleRecord* record;
    domain::Frequency frequency;
    int slot;
    std::vector<Span> due;  // by end, ascending
  };

  // The meetings of (org, rule's type) held or planned in a month-aligned span.
  int64_t CountIn(const index::OrgNode& org, const Rule& rule, const Span& s) const {
    int64_t n = rule.slot < 0
                    ? 0
                    : took_place->Of(org, static_cast<size_t>(rule.slot), s.from_month, s.to_month);
    if (planned.empty()) return n;
    if (auto it = planned.find({org.id, rule.record->type}); it != planned.end())
      n += std::lower_bound(it->second.begin(), it->second.end(), s.period.to) -
           std::lower_bound(it->second.begin(), it->second.end(), s.period.from);
    return n;
  }

  // Planned meetings count as meetings of their rhythm period (nothing is planned twice,
  // nothing planned is reported as due).
  void AddPlans(const std::vector<store::MeetingRecord>& meetings) {
    for (const auto& m : meetings)
      if (m.state == "planned") {
        auto& dates = planned[{m.org_id, m.type}];
        dates.insert(std::upper_bound(dates.begin(), dates.end(), m.held_on), m.held_on);
      }
  }

  // Calls fn(node, rule, due spans) for each applicable (org, rule), the organizations in
  // pre-order. The due periods of each rule are worked out once; an organization founded
  // late skips the periods that ended before it (a prefix); periods in which it was below
  // the rule's membership (a branch without a committee) are not due, but the meetings it
  // held still count.
  //
  // The membership of a period is the full members the organization had on the period's
  // first day, as they were then (full_on, left_on, completed transfers), not today's.
  // 《中国共产党支部工作条例（试行）》第六章: "有正式党员7人以上的党支部，应当设立党支部委员会"
  // — the committee is elected by the branch's member meeting once the seventh full member
  // is there, so a branch that reaches seven during a month owes committee meetings from
  // the next period on, and one that falls below seven keeps its committee (and owes its
  // meetings) for the period already begun. The first day decides, for every frequency.
  template <class F>
  void ForEach(const index::OrgTree::Snapshot& tree, const index::OrgNode& root,
               const domain::Period& period, F&& fn) const {
    std::unordered_map<std::string_view, std::vector<Rule>> by_kind;
    for (const auto& r : rules)
      if (auto frequency = domain::ParseFrequency(r.frequency)) {
        Rule rule{&r, *frequency, TypeSlot(r.type), {}};
        for (auto& d : domain::DuePeriods(*frequency, period)) rule.due.emplace_back(std::move(d));
        by_kind[r.org_kind].push_back(std::move(rule));
      }
    std::vector<Span> picked;  // due periods when membership changed within the window
    for (int32_t i = root.enter; i < root.exit; ++i) {
      const auto& node = tree.nodes[i];
      // An organization is held to the rhythm while it exists.
      bool dissolved_before =
          node.status != "active" && !node.dissolved_on.empty() && node.dissolved_on <= period.from;
      if (dissolved_before || (!node.founded_on.empty() && node.founded_on >= period.to)) continue;
      auto kind = by_kind.find(node.kind);
      if (kind == by_kind.end()) continue;
      const index::FullMemberHistory::Steps* history = nullptr;
      bool history_read = false;  // looked up when a rule of the kind asks
      for (const auto& rule : kind->second) {
        auto first = std::partition_point(rule.due.begin(), rule.due.end(), [&](const Span& d) {
          return !node.founded_on.empty() && d.period.to <= node.founded_on;
        });
        std::span<const Span> due{first, rule.due.end()};
        if (const int64_t least = rule.record->min_full_members; least > 0 && !due.empty()) {
          if (!history_read) {
            history = full_members->Of(node.id);
            history_read = true;
          }
          size_t reaching = 0;
          if (!history) {
            // never reached it
          } else if (history->back().first <= due.front().first_day) {
            // Unchanged over the window (most organizations): one count for every period.
            reaching = history->back().second >= least ? due.size() : 0;
          } else {
            for (const auto& d : due)
              reaching += index::FullMemberHistory::At(history, d.first_day) >= least;
          }
          if (reaching == 0) {
            due = {};
          } else if (reaching < due.size()) {
            picked.clear();
            for (const auto& d : due)
              if (index::FullMemberHistory::At(history, d.first_day) >= least) picked.push_back(d);
            due = picked;
          }
        }
        fn(node, rule, due);
      }
    }
  }
};

// The earliest start of a rhythm period falling due in `period`.
std::string WindowStart(const domain::Period& period);

// The rules and the full members of every organization over time (those that ever reached
// one of the rules' thresholds: branches with a committee, seven) — from memory while no
// member changed. `generation` is the store's members generation read before `tx` began.
Rhythm LoadRhythm(const Context& ctx, store::Tx& tx, uint64_t generation);

// Runs fn() with `rhythm` reading the meetings held in the months `period`'s rhythm
// periods cover (the facts' lock held meanwhile).
template <class F>
void WithRhythm(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
                Rhythm& rhythm, const domain::Period& period, F&& fn) {
  std::vector<facts::MeasureId> types = TypeMeasures(ctx);  // by slot
  ctx.facts.Read(tree, facts::MonthIndex(WindowStart(period)), facts::MonthIndex(period.to) + 1,
                 std::move(types), [&](const facts::Index::View& view) {
                   rhythm.took_place = &view;
                   fn();
                   rhythm.took_place = nullptr;
                   return 0;
                 });
}

// The local date `days` days after `now_ms`.
std::string DaysFrom(int64_t now_ms, int days);

}  // namespace jiceng::meetings
