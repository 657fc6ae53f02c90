#include "index/meeting_stats.h"

#include <algorithm>

namespace jiceng::index {
namespace {

bool ByOrg(int64_t org_id, const auto& cell) { return org_id < cell.org_id; }

}  // namespace

MeetingCounts& MeetingCounts::operator+=(const MeetingCounts& o) {
  meetings += o.meetings;
  first_topic += o.first_topic;
  present += o.present;
  excused += o.excused;
  absent += o.absent;
  readings += o.readings;
  reading_seconds += o.reading_seconds;
  return *this;
}

MeetingCounts& MeetingCounts::operator-=(const MeetingCounts& o) {
  meetings -= o.meetings;
  first_topic -= o.first_topic;
  present -= o.present;
  excused -= o.excused;
  absent -= o.absent;
  readings -= o.readings;
  reading_seconds -= o.reading_seconds;
  return *this;
}

int32_t MonthIndex(const std::string& local_date) {
  if (local_date.size() < 7) return 0;
  return std::stoi(local_date.substr(0, 4)) * 12 + std::stoi(local_date.substr(5, 2)) - 1;
}

bool MeetingStats::Cell::Empty() const {
  return std::all_of(std::begin(counts), std::end(counts), [](int32_t c) { return c == 0; }) &&
         std::all_of(by_type.begin(), by_type.end(), [](uint16_t c) { return c == 0; });
}

void MeetingStats::AddLoader(Loader loader) {
  std::lock_guard lock(mutex_);
  loaders_.push_back(std::move(loader));
}

void MeetingStats::AddLocked(const MeetingMonthFact& f, int sign) {
  auto& cells = months_[f.month].cells;
  auto it = std::lower_bound(cells.begin(), cells.end(), f.org_id,
                             [](const Cell& c, int64_t id) { return c.org_id < id; });
  if (it == cells.end() || it->org_id != f.org_id) {
    it = cells.insert(it, Cell{});
    it->org_id = f.org_id;
  }
  const int64_t add[7] = {f.counts.meetings,       f.counts.first_topic, f.counts.present,
                          f.counts.excused,        f.counts.absent,      f.counts.readings,
                          f.counts.reading_seconds};
  for (int i = 0; i < 7; ++i) it->counts[i] += static_cast<int32_t>(sign * add[i]);
  if (f.type >= 0 && f.type < kMeetingTypeSlots)
    it->by_type[f.type] = static_cast<uint16_t>(it->by_type[f.type] + sign * f.counts.meetings);
  if (it->Empty()) cells.erase(it);
  months_[f.month].built = false;  // running totals rebuilt on the next question
}

void MeetingStats::LoadLocked() {
  months_.clear();
  std::vector<MeetingMonthFact> facts;
  for (const auto& loader : loaders_) {
    auto more = loader();
    facts.insert(facts.end(), more.begin(), more.end());
  }
  // Sorted by (month, org): cells are appended in order instead of inserted.
  std::sort(facts.begin(), facts.end(), [](const auto& a, const auto& b) {
    return a.month != b.month ? a.month < b.month : a.org_id < b.org_id;
  });
  for (const auto& f : facts) {
    auto& cells = months_[f.month].cells;
    if (cells.empty() || cells.back().org_id != f.org_id) {
      cells.push_back(Cell{});
      cells.back().org_id = f.org_id;
    }
    AddLocked(f, +1);
  }
  loaded_ = true;
}

void MeetingStats::Apply(const MeetingMonthFact& fact, int sign) {
  std::lock_guard lock(mutex_);
  if (!loaded_) return;  // the load reads it from the store
  AddLocked(fact, sign);
}

void MeetingStats::EnsureLoaded() {
  std::lock_guard lock(mutex_);
  if (!loaded_) LoadLocked();
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
  Answer out;
  for (auto it = months_.lower_bound(from_month); it != months_.end() && it->first < to_month;
       ++it) {
    Month& m = it->second;
    if (!m.built) {
      std::vector<std::pair<int32_t, const Cell*>> rows;
      rows.reserve(m.cells.size());
      for (const auto& c : m.cells)
        if (auto p = tree->position.find(c.org_id); p != tree->position.end())
          rows.emplace_back(p->second, &c);
      std::sort(rows.begin(), rows.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      m.positions.clear();
      m.cum.assign(1, MeetingCounts{});
      for (const auto& [pos, c] : rows) {
        m.positions.push_back(pos);
        MeetingCounts next = m.cum.back();
        next += {c->counts[0], c->counts[1], c->counts[2], c->counts[3],
                 c->counts[4], c->counts[5], c->counts[6]};
        m.cum.push_back(next);
      }
      m.built = true;
    }
    auto lo = std::lower_bound(m.positions.begin(), m.positions.end(), root.enter);
    auto hi = std::lower_bound(m.positions.begin(), m.positions.end(), root.exit);
    if (lo == hi) continue;
    MeetingCounts c = m.cum[hi - m.positions.begin()];
    c -= m.cum[lo - m.positions.begin()];
    out.total += c;
    out.by_month[it->first] = c;
  }
  return out;
}

MeetingStats::View::View(const MeetingStats& stats, int32_t from_month, int32_t to_month)
    : from_(from_month) {
  for (int32_t m = from_month; m < to_month; ++m) {
    auto it = stats.months_.find(m);
    months_.push_back(it == stats.months_.end() ? nullptr : &it->second);
  }
}

int64_t MeetingStats::View::Held(int64_t org_id, int type, int32_t from_month,
                                 int32_t to_month) const {
  if (type < 0 || type >= kMeetingTypeSlots) return 0;
  if (org_id != cached_org_) {
    cached_org_ = org_id;
    cached_.assign(months_.size(), nullptr);
    for (size_t i = 0; i < months_.size(); ++i) {
      if (!months_[i]) continue;
      const auto& cells = months_[i]->cells;
      auto it = std::upper_bound(cells.begin(), cells.end(), org_id,
                                 [](int64_t id, const Cell& c) { return ByOrg(id, c); });
      if (it != cells.begin() && (--it)->org_id == org_id) cached_[i] = &*it;
    }
  }
  int64_t n = 0;
  int32_t lo = std::max(from_month, from_),
          hi = std::min(to_month, from_ + static_cast<int32_t>(cached_.size()));
  for (int32_t m = lo; m < hi; ++m)
    if (const Cell* c = cached_[m - from_]) n += c->by_type[type];
  return n;
}

}  // namespace jiceng::index
