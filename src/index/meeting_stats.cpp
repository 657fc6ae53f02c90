#include "index/meeting_stats.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace jiceng::index {
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

std::optional<int32_t> DayNumber(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
  int32_t n = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (d[i] < '0' || d[i] > '9') return std::nullopt;
    n = n * 10 + (d[i] - '0');
  }
  return n;
}

FullMemberHistory::FullMemberHistory(const std::vector<FullMemberSpan>& spans, int64_t at_least) {
  // Per organization: +n where a span begins, −n where it ends; the running sum after each
  // day's changes is the count from that day on.
  std::unordered_map<int64_t, std::vector<std::pair<int32_t, int64_t>>> changes;
  for (const auto& s : spans) {
    if (s.to_day <= s.from_day || s.n <= 0) continue;
    auto& c = changes[s.org_id];
    c.emplace_back(s.from_day, s.n);
    if (s.to_day != std::numeric_limits<int32_t>::max()) c.emplace_back(s.to_day, -s.n);
  }
  for (auto& [org, c] : changes) {
    std::sort(c.begin(), c.end());
    Steps steps;
    int64_t count = 0, most = 0;
    for (size_t i = 0; i < c.size();) {
      const int32_t day = c[i].first;
      for (; i < c.size() && c[i].first == day; ++i) count += c[i].second;
      most = std::max(most, count);
      if (steps.empty() ? count != 0 : steps.back().second != count)
        steps.emplace_back(day, static_cast<int32_t>(count));
    }
    if (most >= at_least && !steps.empty()) by_org_.emplace(org, std::move(steps));
  }
}

const FullMemberHistory::Steps* FullMemberHistory::Of(int64_t org_id) const {
  auto it = by_org_.find(org_id);
  return it == by_org_.end() ? nullptr : &it->second;
}

int64_t FullMemberHistory::At(const Steps* steps, int32_t day) {
  if (!steps) return 0;
  auto it = std::upper_bound(steps->begin(), steps->end(), day,
                             [](int32_t d, const auto& step) { return d < step.first; });
  return it == steps->begin() ? 0 : std::prev(it)->second;
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

void MeetingStats::UseTreeLocked(const std::shared_ptr<const OrgTree::Snapshot>& tree) {
  if (tree == tree_) return;
  tree_ = tree;  // positions changed: every month's running totals are stale
  for (auto& [_, m] : months_) m.built = false;
}

void MeetingStats::BuildLocked(Month& m) {
  if (m.built) return;
  std::vector<std::pair<int32_t, uint32_t>> rows;
  rows.reserve(m.cells.size());
  for (uint32_t i = 0; i < m.cells.size(); ++i)
    if (auto p = tree_->position.find(m.cells[i].org_id); p != tree_->position.end())
      rows.emplace_back(p->second, i);
  std::sort(rows.begin(), rows.end());
  m.positions.clear();
  m.types.clear();
  m.cum.assign(1, MeetingCounts{});
  for (const auto& [pos, i] : rows) {
    const auto& c = m.cells[i].counts;
    m.positions.push_back(pos);
    m.types.push_back(m.cells[i].by_type);
    MeetingCounts next = m.cum.back();
    next += {c[0], c[1], c[2], c[3], c[4], c[5], c[6]};
    m.cum.push_back(next);
  }
  m.built = true;
}

MeetingStats::Answer MeetingStats::Sum(const std::shared_ptr<const OrgTree::Snapshot>& tree,
                                       const OrgNode& root, int32_t from_month, int32_t to_month) {
  std::lock_guard lock(mutex_);
  if (!loaded_) LoadLocked();
  UseTreeLocked(tree);
  Answer out;
  for (auto it = months_.lower_bound(from_month); it != months_.end() && it->first < to_month;
       ++it) {
    Month& m = it->second;
    BuildLocked(m);
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

std::shared_ptr<const MeetingStats::FullMembers> MeetingStats::FullMembersOf(
    uint64_t generation, int64_t now_ms, int64_t at_least, const std::function<FullMembers()>& load,
    const std::function<std::string()>& fingerprint) {
  constexpr int64_t kMaxAgeMs = 60'000;
  std::shared_ptr<const FullMembers> aged;  // same generation, read over a minute ago
  std::string aged_print;
  {
    std::lock_guard lock(mutex_);
    auto& c = full_members_;
    if (c.counts && c.generation == generation && c.at_least == at_least) {
      if (now_ms >= c.read_at_ms && now_ms - c.read_at_ms < kMaxAgeMs) return c.counts;
      aged = c.counts;
      aged_print = c.fingerprint;
    }
  }
  // After a minute: reread only when the store's members look different (another process
  // wrote), which costs a few aggregate rows instead of every member.
  std::string print = fingerprint ? fingerprint() : std::string();
  if (aged && fingerprint && print == aged_print) {
    std::lock_guard lock(mutex_);
    if (full_members_.counts == aged) full_members_.read_at_ms = now_ms;
    return aged;
  }
  auto counts = std::make_shared<const FullMembers>(load());  // not under the lock
  std::lock_guard lock(mutex_);
  full_members_ = {counts, generation, at_least, now_ms, std::move(print)};
  return counts;
}

MeetingStats::View::View(MeetingStats& stats, int32_t from_month, int32_t to_month)
    : from_(from_month) {
  for (int32_t m = from_month; m < to_month; ++m) {
    auto it = stats.months_.find(m);
    if (it == stats.months_.end()) {
      months_.push_back(nullptr);
      continue;
    }
    stats.BuildLocked(it->second);  // Read holds the lock
    months_.push_back(&it->second);
  }
  cursor_.assign(months_.size(), 0);
}

int64_t MeetingStats::View::Held(const OrgNode& org, int type, int32_t from_month,
                                 int32_t to_month) const {
  if (type < 0 || type >= kMeetingTypeSlots) return 0;
  if (org.enter != cached_position_) {
    cached_position_ = org.enter;
    cached_.assign(months_.size(), nullptr);
    for (size_t i = 0; i < months_.size(); ++i) {
      if (!months_[i]) continue;
      const auto& pos = months_[i]->positions;
      size_t& c = cursor_[i];
      // Forward a few steps (a pre-order walk), else search (a jump, or backwards).
      if (c > 0 && pos[c - 1] >= org.enter) c = 0;
      for (int steps = 0; c < pos.size() && pos[c] < org.enter && steps < 8; ++steps) ++c;
      if (c < pos.size() && pos[c] < org.enter)
        c = std::lower_bound(pos.begin() + static_cast<std::ptrdiff_t>(c), pos.end(), org.enter) -
            pos.begin();
      if (c < pos.size() && pos[c] == org.enter) cached_[i] = &months_[i]->types[c];
    }
  }
  int64_t n = 0;
  int32_t lo = std::max(from_month, from_),
          hi = std::min(to_month, from_ + static_cast<int32_t>(cached_.size()));
  for (int32_t m = lo; m < hi; ++m)
    if (const auto* types = cached_[m - from_]) n += (*types)[type];
  return n;
}

}  // namespace jiceng::index
