#include "index/full_members.h"

#include <algorithm>
#include <iterator>
#include <limits>

namespace jiceng::index {
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

std::shared_ptr<const FullMemberHistory> FullMemberCache::FullMembersOf(
    uint64_t generation, int64_t now_ms, int64_t at_least,
    const std::function<FullMemberHistory()>& load,
    const std::function<std::string()>& fingerprint) {
  constexpr int64_t kMaxAgeMs = 60'000;
  std::shared_ptr<const FullMemberHistory> aged;  // same generation, read over a minute ago
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
  auto counts = std::make_shared<const FullMemberHistory>(load());  // not under the lock
  std::lock_guard lock(mutex_);
  full_members_ = {counts, generation, at_least, now_ms, std::move(print)};
  return counts;
}

}  // namespace jiceng::index
