#include "index/meeting_stats.h"

#include <algorithm>
#include <string>

namespace jiceng::index {

MeetingCounts& MeetingCounts::operator+=(const MeetingCounts& o) {
  meetings += o.meetings;
  first_topic += o.first_topic;
  present += o.present;
  excused += o.excused;
  absent += o.absent;
  return *this;
}

MeetingCounts& MeetingCounts::operator-=(const MeetingCounts& o) {
  meetings -= o.meetings;
  first_topic -= o.first_topic;
  present -= o.present;
  excused -= o.excused;
  absent -= o.absent;
  return *this;
}

int32_t MonthIndex(const std::string& local_date) {
  if (local_date.size() < 7) return 0;
  return std::stoi(local_date.substr(0, 4)) * 12 + std::stoi(local_date.substr(5, 2)) - 1;
}

void MeetingStats::SetLoader(Loader loader) {
  std::lock_guard lock(mutex_);
  loader_ = std::move(loader);
}

void MeetingStats::LoadLocked() {
  months_.clear();
  if (loader_)
    for (const auto& f : loader_()) months_[f.month].by_org[f.org_id] += f.counts;
  loaded_ = true;
}

void MeetingStats::Apply(const MeetingMonthFact& fact, int sign) {
  std::lock_guard lock(mutex_);
  if (!loaded_) return;  // the load reads it from the store
  auto& month = months_[fact.month];
  auto& c = month.by_org[fact.org_id];
  if (sign > 0)
    c += fact.counts;
  else
    c -= fact.counts;
  if (c == MeetingCounts{}) month.by_org.erase(fact.org_id);
  month.built = false;  // running totals rebuilt on the next question
}

void MeetingStats::Reset() {
  std::lock_guard lock(mutex_);
  loaded_ = false;
  months_.clear();
}

MeetingStats::Answer MeetingStats::Sum(const std::shared_ptr<const OrgTree::Snapshot>& tree,
                                       const OrgNode& root, int32_t from_month, int32_t to_month) {
  std::lock_guard lock(mutex_);
  if (!loaded_) LoadLocked();
  if (tree != tree_) {  // positions changed: every month's running totals are stale
    tree_ = tree;
    for (auto& [_, m] : months_) m.built = false;
  }
  const auto& position = tree->position;
  const int32_t enter = root.enter, exit = root.exit;
  Answer out;
  for (auto it = months_.lower_bound(from_month); it != months_.end() && it->first < to_month;
       ++it) {
    Month& m = it->second;
    if (!m.built) {
      std::vector<std::pair<int32_t, const MeetingCounts*>> rows;
      rows.reserve(m.by_org.size());
      for (const auto& [org, counts] : m.by_org)
        if (auto p = position.find(org); p != position.end()) rows.emplace_back(p->second, &counts);
      std::sort(rows.begin(), rows.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      m.positions.clear();
      m.cum.assign(1, MeetingCounts{});
      for (const auto& [pos, counts] : rows) {
        m.positions.push_back(pos);
        m.cum.push_back(m.cum.back());
        m.cum.back() += *counts;
      }
      m.built = true;
    }
    size_t lo = std::lower_bound(m.positions.begin(), m.positions.end(), enter) - m.positions.begin();
    size_t hi = std::lower_bound(m.positions.begin(), m.positions.end(), exit) - m.positions.begin();
    if (lo == hi) continue;
    MeetingCounts c = m.cum[hi];
    c -= m.cum[lo];
    out.total += c;
    out.by_month[it->first] = c;
  }
  return out;
}

}  // namespace jiceng::index
