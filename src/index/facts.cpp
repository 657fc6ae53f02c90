#include "index/facts.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace jiceng::facts {

int32_t MonthIndex(std::string_view d) {
  if (d.size() < 7 || d[4] != '-') return 0;
  int32_t year = 0, month = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (d[i] < '0' || d[i] > '9') return 0;
    year = year * 10 + (d[i] - '0');
  }
  for (size_t i = 5; i < 7; ++i) {
    if (d[i] < '0' || d[i] > '9') return 0;
    month = month * 10 + (d[i] - '0');
  }
  if (month < 1 || month > 12) return 0;
  return year * 12 + month - 1;
}

std::string MonthLabel(int32_t month) {
  char label[24];
  std::snprintf(label, sizeof label, "%04d-%02d", month / 12 % 10000, month % 12 + 1);
  return label;
}

MeasureId Registry::Declare(const std::string& module, const std::string& name) {
  if (auto it = by_name_.find(name); it != by_name_.end()) return it->second;
  auto id = static_cast<MeasureId>(measures_.size());
  measures_.push_back({module, name});
  by_name_.emplace(name, id);
  return id;
}

void Registry::SetRecount(const std::string& module, Recount recount) {
  for (auto& [m, r] : recounts_)
    if (m == module) {
      r = std::move(recount);
      return;
    }
  recounts_.emplace_back(module, std::move(recount));
}

std::optional<MeasureId> Registry::Find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<std::string, Recount>> Registry::Recounts() const { return recounts_; }

void Registry::SetStoreId(MeasureId id, int64_t store_id) {
  by_store_id_.erase(measures_.at(id).store_id);
  measures_.at(id).store_id = store_id;
  by_store_id_[store_id] = id;
}

std::optional<MeasureId> Registry::FromStoreId(int64_t store_id) const {
  auto it = by_store_id_.find(store_id);
  if (it == by_store_id_.end()) return std::nullopt;
  return it->second;
}

void Index::SetLoader(std::function<void()> load) {
  std::lock_guard lock(mutex_);
  loader_ = std::move(load);
}

uint64_t Index::Ticket() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void Index::Apply(uint64_t ticket, const std::vector<Fact>& delta) {
  std::lock_guard lock(mutex_);
  if (ticket != epoch_) return;  // taken before the load in progress (or done): in it
  if (state_ == State::kLoaded) {
    for (const auto& f : delta) AddLocked(f);
  } else {
    // Idle or failed: the next load reads it from the store; loading: kept until installed.
    if (state_ == State::kLoading) pending_.insert(pending_.end(), delta.begin(), delta.end());
  }
}

uint64_t Index::BeginLoad() {
  std::lock_guard lock(mutex_);
  ++epoch_;
  state_ = State::kLoading;
  pending_.clear();
  return epoch_;
}

void Index::Batch::Add(int64_t org_id, int32_t month, MeasureId measure, int64_t value) {
  if (value == 0 || measure < 0 || static_cast<size_t>(measure) >= measures_) return;
  if (!last_ || month != last_month_) {
    last_ = &months_[month];
    last_month_ = month;
    if (last_->size() < measures_) last_->resize(measures_);
  }
  Column& c = (*last_)[measure];
  if (!c.orgs.empty() && c.orgs.back() >= org_id) {
    if (c.orgs.back() == org_id) {
      if ((c.values.back() += value) == 0) zeros_ = true;  // several facts for one cell
      return;
    }
    unordered_ = true;
  }
  c.orgs.push_back(org_id);
  c.values.push_back(value);
  ++size_;
}

void Index::Batch::Finish() {
  if (!unordered_ && !zeros_) return;
  for (auto& [_, month] : months_)
    for (auto& c : month) {
      if (unordered_ && !std::is_sorted(c.orgs.begin(), c.orgs.end())) {
        std::vector<std::pair<int64_t, int64_t>> cells;
        cells.reserve(c.orgs.size());
        for (size_t i = 0; i < c.orgs.size(); ++i) cells.emplace_back(c.orgs[i], c.values[i]);
        std::stable_sort(cells.begin(), cells.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        c.orgs.clear();
        c.values.clear();
        for (const auto& [org, value] : cells)
          if (!c.orgs.empty() && c.orgs.back() == org)
            c.values.back() += value;
          else
            c.orgs.push_back(org), c.values.push_back(value);
      }
      // Sums of zero (a record in and out) hold nothing.
      size_t kept = 0;
      for (size_t i = 0; i < c.orgs.size(); ++i)
        if (c.values[i] != 0) c.orgs[kept] = c.orgs[i], c.values[kept++] = c.values[i];
      size_ -= c.orgs.size() - kept;
      c.orgs.resize(kept);
      c.values.resize(kept);
    }
  unordered_ = zeros_ = false;
}

void Index::FinishLoad(uint64_t ticket, Batch batch, double seconds) {
  batch.Finish();
  {
    std::lock_guard lock(mutex_);
    if (ticket != epoch_) return;  // a later load replaces this one
    months_ = std::move(batch.months_);
    for (const auto& f : pending_) AddLocked(f);
    pending_.clear();
    pending_.shrink_to_fit();
    state_ = State::kLoaded;
    load_seconds_ = seconds;
    error_.clear();
  }
  loaded_cv_.notify_all();
}

void Index::FinishLoad(uint64_t ticket, const std::vector<Fact>& facts, double seconds) {
  Batch batch(registry_.size());
  for (const auto& f : facts) batch.Add(f);
  FinishLoad(ticket, std::move(batch), seconds);
}

void Index::FailLoad(const std::string& error) {
  {
    std::lock_guard lock(mutex_);
    state_ = State::kFailed;
    error_ = error;
    pending_.clear();
  }
  loaded_cv_.notify_all();
}

void Index::WaitLoaded() {
  std::function<void()> load;
  {
    std::unique_lock lock(mutex_);
    loaded_cv_.wait(lock, [&] { return state_ != State::kLoading; });
    if (state_ == State::kLoaded) return;
    load = loader_;
  }
  if (!load) throw std::runtime_error("facts: no loader");
  load();  // BeginLoad … FinishLoad, or FailLoad
  std::unique_lock lock(mutex_);
  loaded_cv_.wait(lock, [&] { return state_ != State::kLoading; });
  if (state_ != State::kLoaded) throw std::runtime_error("facts: load failed: " + error_);
}

Index::State Index::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

double Index::load_seconds() const {
  std::lock_guard lock(mutex_);
  return load_seconds_;
}

std::string Index::last_error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

size_t Index::cells() const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& [_, month] : months_)
    for (const auto& c : month) n += c.orgs.size();
  return n;
}

std::vector<std::string> Index::Loading() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  if (state_ != State::kLoaded) out.push_back("facts");
  out.insert(out.end(), loading_.begin(), loading_.end());
  return out;
}

void Index::MarkLoading(const std::string& what, bool loading) {
  std::lock_guard lock(mutex_);
  std::erase(loading_, what);
  if (loading) loading_.push_back(what);
}

void Index::SetRebuildSeconds(double seconds) {
  std::lock_guard lock(mutex_);
  rebuild_seconds_ = seconds;
}

double Index::rebuild_seconds() const {
  std::lock_guard lock(mutex_);
  return rebuild_seconds_;
}

Index::Column* Index::ColumnLocked(int32_t month, MeasureId measure) {
  auto it = months_.find(month);
  if (it == months_.end() || static_cast<size_t>(measure) >= it->second.size()) return nullptr;
  return &it->second[measure];
}

void Index::AddLocked(const Fact& f) {
  if (f.value == 0 || f.measure < 0 || static_cast<size_t>(f.measure) >= registry_.size()) return;
  auto& month = months_[f.month];
  if (month.size() < registry_.size()) month.resize(registry_.size());
  Column& c = month[f.measure];
  auto it = std::lower_bound(c.orgs.begin(), c.orgs.end(), f.org_id);
  auto i = it - c.orgs.begin();
  if (it == c.orgs.end() || *it != f.org_id) {
    c.orgs.insert(it, f.org_id);
    c.values.insert(c.values.begin() + i, f.value);
  } else if ((c.values[i] += f.value) == 0) {
    c.orgs.erase(it);
    c.values.erase(c.values.begin() + i);
  }
  c.built = false;  // running totals rebuilt on the next question
}

void Index::UseTreeLocked(const std::shared_ptr<const index::OrgTree::Snapshot>& tree) {
  if (tree == tree_) return;
  tree_ = tree;  // positions changed: every column's running totals are stale
  // Organization ids are a sequence: a vector by id (when not too sparse) spares a hash
  // lookup per cell when a load's millions of cells are first placed in pre-order.
  position_by_id_.clear();
  if (!tree) return;
  int64_t max_id = 0;
  for (const auto& n : tree->nodes) max_id = std::max(max_id, n.id);
  if (max_id < 4 * static_cast<int64_t>(tree->nodes.size()) + 1024) {
    position_by_id_.assign(static_cast<size_t>(max_id) + 1, -1);
    for (const auto& n : tree->nodes) position_by_id_[static_cast<size_t>(n.id)] = n.enter;
  }
  for (auto& [_, month] : months_)
    for (auto& c : month) c.built = false;
}

int32_t Index::PositionLocked(int64_t org_id) const {
  if (!position_by_id_.empty())
    return org_id >= 0 && static_cast<size_t>(org_id) < position_by_id_.size()
               ? position_by_id_[static_cast<size_t>(org_id)]
               : -1;
  auto p = tree_->position.find(org_id);
  return p == tree_->position.end() ? -1 : p->second;
}

void Index::BuildLocked(Column& c) {
  if (c.built) return;
  std::vector<std::pair<int32_t, int64_t>> rows;
  rows.reserve(c.orgs.size());
  for (size_t i = 0; i < c.orgs.size(); ++i)
    if (const int32_t p = PositionLocked(c.orgs[i]); p >= 0) rows.emplace_back(p, c.values[i]);
  std::sort(rows.begin(), rows.end());
  c.positions.resize(rows.size());
  c.cum.resize(rows.size() + 1);
  c.cum[0] = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    c.positions[i] = rows[i].first;
    c.cum[i + 1] = c.cum[i] + rows[i].second;
  }
  c.built = true;
}

void Index::Prepare(const std::shared_ptr<const index::OrgTree::Snapshot>& tree) {
  std::vector<int32_t> months;
  {
    std::lock_guard lock(mutex_);
    if (state_ != State::kLoaded) return;
    for (const auto& [m, _] : months_) months.push_back(m);
  }
  // A month at a time, newest first (the likeliest questions): questions in between take
  // the lock and build what they need themselves.
  bool first = true;
  for (auto m = months.rbegin(); m != months.rend(); ++m) {
    std::lock_guard lock(mutex_);
    if (first) UseTreeLocked(tree);
    if (tree_ != tree) return;  // a question brought a newer tree: it builds for that one
    first = false;
    auto it = months_.find(*m);
    if (it == months_.end()) continue;
    for (auto& c : it->second) BuildLocked(c);
  }
}

Index::Answer Index::Sum(const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
                         const index::OrgNode& root, int32_t from_month, int32_t to_month,
                         std::span<const MeasureId> measures) {
  WaitLoaded();
  std::lock_guard lock(mutex_);
  UseTreeLocked(tree);
  Answer out;
  out.total.assign(measures.size(), 0);
  for (auto it = months_.lower_bound(from_month); it != months_.end() && it->first < to_month;
       ++it) {
    std::vector<int64_t> values(measures.size(), 0);
    bool any = false;
    for (size_t k = 0; k < measures.size(); ++k) {
      const MeasureId m = measures[k];
      if (m < 0 || static_cast<size_t>(m) >= it->second.size()) continue;
      Column& c = it->second[m];
      if (c.orgs.empty()) continue;
      BuildLocked(c);
      auto lo = std::lower_bound(c.positions.begin(), c.positions.end(), root.enter);
      auto hi = std::lower_bound(lo, c.positions.end(), root.exit);
      if (lo == hi) continue;
      values[k] = c.cum[hi - c.positions.begin()] - c.cum[lo - c.positions.begin()];
      out.total[k] += values[k];
      any = any || values[k] != 0;
    }
    if (any) out.by_month.emplace(it->first, std::move(values));
  }
  return out;
}

int64_t Index::Total(const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
                     const index::OrgNode& root, int32_t from_month, int32_t to_month,
                     MeasureId measure) {
  const MeasureId one[] = {measure};
  return Sum(tree, root, from_month, to_month, one).total[0];
}

Index::View::View(Index& index, int32_t from_month, int32_t to_month,
                  std::vector<MeasureId> measures)
    : from_(from_month),
      months_(static_cast<size_t>(std::max(0, to_month - from_month))),
      measures_(std::move(measures)) {
  columns_.assign(measures_.size() * months_, nullptr);
  for (size_t k = 0; k < measures_.size(); ++k)
    for (size_t i = 0; i < months_; ++i) {
      Column* c = index.ColumnLocked(from_ + static_cast<int32_t>(i), measures_[k]);
      if (!c || c->orgs.empty()) continue;
      index.BuildLocked(*c);  // Read holds the lock
      columns_[k * months_ + i] = c;
    }
  cursor_.assign(columns_.size(), 0);
  cached_.assign(columns_.size(), 0);
  cached_ready_.assign(measures_.size(), 0);
}

int64_t Index::View::Of(const index::OrgNode& org, size_t k, int32_t from_month,
                        int32_t to_month) const {
  if (k >= measures_.size()) return 0;
  if (org.enter != cached_position_) {
    cached_position_ = org.enter;
    std::fill(cached_ready_.begin(), cached_ready_.end(), 0);
  }
  if (!cached_ready_[k]) {
    cached_ready_[k] = 1;
    for (size_t i = 0; i < months_; ++i) {
      const size_t slot = k * months_ + i;
      cached_[slot] = 0;
      const Column* c = columns_[slot];
      if (!c) continue;
      const auto& pos = c->positions;
      size_t& at = cursor_[slot];
      // Forward a few steps (a pre-order walk), else search (a jump, or backwards).
      if (at > 0 && pos[at - 1] >= org.enter) at = 0;
      for (int steps = 0; at < pos.size() && pos[at] < org.enter && steps < 8; ++steps) ++at;
      if (at < pos.size() && pos[at] < org.enter)
        at = std::lower_bound(pos.begin() + static_cast<std::ptrdiff_t>(at), pos.end(), org.enter) -
             pos.begin();
      if (at < pos.size() && pos[at] == org.enter) cached_[slot] = c->cum[at + 1] - c->cum[at];
    }
  }
  int64_t n = 0;
  const int32_t lo = std::max(from_month, from_),
                hi = std::min(to_month, from_ + static_cast<int32_t>(months_));
  for (int32_t m = lo; m < hi; ++m) n += cached_[k * months_ + static_cast<size_t>(m - from_)];
  return n;
}

}  // namespace jiceng::facts
