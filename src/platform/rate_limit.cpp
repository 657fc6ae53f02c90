#include "platform/rate_limit.h"

#include <algorithm>
#include <iterator>

namespace jiceng {

SlidingWindowLimiter::SlidingWindowLimiter(int limit, int64_t window_ms, size_t max_keys)
    : limit_(std::max(1, limit)), window_ms_(window_ms), max_keys_(max_keys) {}

void SlidingWindowLimiter::Prune(std::deque<int64_t>& times, int64_t now) const {
  while (!times.empty() && times.front() <= now - window_ms_) times.pop_front();
}

int64_t SlidingWindowLimiter::BlockedFor(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  Prune(it->second, now);
  auto& times = it->second;
  if (static_cast<int>(times.size()) < limit_) return 0;
  // Blocked until enough of the oldest events leave the window to fall below the limit.
  int64_t frees_at = times[times.size() - static_cast<size_t>(limit_)] + window_ms_;
  return std::max<int64_t>(1, frees_at - now);
}

int SlidingWindowLimiter::Remaining(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(key);
  if (it == events_.end()) return limit_;
  Prune(it->second, now);
  return std::max(0, limit_ - static_cast<int>(it->second.size()));
}

bool SlidingWindowLimiter::Admits(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  if (events_.size() < max_keys_ || events_.count(key)) return true;
  for (auto it = events_.begin(); it != events_.end();) {
    Prune(it->second, now);
    it = it->second.empty() ? events_.erase(it) : std::next(it);
  }
  return events_.size() < max_keys_;
}

void SlidingWindowLimiter::Add(const std::string& key, int64_t now, int n) {
  std::lock_guard lock(mutex_);
  if (events_.size() >= max_keys_ && !events_.count(key)) {
    // Drop keys with nothing left in the window; when every key is still active, drop all
    // (a flood of distinct keys must not grow memory; the limit per key then restarts).
    for (auto it = events_.begin(); it != events_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() >= max_keys_) events_.clear();
  }
  auto& times = events_[key];
  Prune(times, now);
  for (int i = 0; i < n; ++i) times.push_back(now);
  // Only the newest `limit_` events decide when the key is free again.
  while (static_cast<int>(times.size()) > limit_) times.pop_front();
}

LockoutTable::LockoutTable(int attempts, int64_t lock_ms, size_t max_keys)
    : attempts_(std::max(1, attempts)), lock_ms_(lock_ms), max_keys_(max_keys) {}

int64_t LockoutTable::LockedFor(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

void LockoutTable::MakeRoom(int64_t now) {
  // Locks that ended are forgotten first, then every key that is not locked; a table full
  // of live locks is cleared (those names have no account: nothing real is unlocked).
  std::erase_if(entries_, [&](const auto& kv) {
    return kv.second.locked_until != 0 && kv.second.locked_until <= now;
  });
  if (entries_.size() >= max_keys_)
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.locked_until <= now; });
  if (entries_.size() >= max_keys_) entries_.clear();
}

bool LockoutTable::Fail(const std::string& key, int64_t now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_keys_ && !entries_.count(key)) MakeRoom(now);
  Entry& e = entries_[key];
  if (e.locked_until != 0 && e.locked_until <= now) e = Entry{};  // a lock that ended
  e.last_ms = now;
  if (++e.failures < attempts_) return false;
  e.failures = 0;
  e.locked_until = now + lock_ms_;
  return true;
}

}  // namespace jiceng
