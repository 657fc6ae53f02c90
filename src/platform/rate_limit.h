// In-memory counters for throttling: failures per source address, failed logins of
// usernames that have no account, ID-number probes per account. Bounded in keys so that a
// flood of distinct keys costs a fixed amount of memory; state is per process (a restart
// or another process starts from zero, which only ever makes a limit more lenient).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace jiceng {

// Events per key within a sliding window: "at most `limit` in `window_ms`".
class SlidingWindowLimiter {
 public:
  SlidingWindowLimiter(int limit, int64_t window_ms, size_t max_keys = 100'000);

  // Milliseconds until `key` is below its limit again; 0 when it is below now.
  int64_t BlockedFor(const std::string& key, int64_t now);
  // Records `n` events of `key` at `now`.
  void Add(const std::string& key, int64_t now, int n = 1);
  // Whether Add would keep `key`'s count: it is known, or the table has room once keys with
  // nothing left in the window are dropped. When it is full of active keys, Add starts over
  // (memory stays bounded) — a limit that must hold under a flood of distinct keys (codes
  // texted to a number) checks this first and refuses instead.
  bool Admits(const std::string& key, int64_t now);
  // How many more events `key` may have before it is blocked.
  int Remaining(const std::string& key, int64_t now);

 private:
  void Prune(std::deque<int64_t>& times, int64_t now) const;

  const int limit_;
  const int64_t window_ms_;
  const size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<int64_t>> events_;  // guarded by mutex_
};

// Consecutive failures per key, locking the key for `lock_ms` once they reach `attempts`
// (the same rule the store applies to real accounts, kept in memory for names that have
// none, so that both answer alike).
class LockoutTable {
 public:
  LockoutTable(int attempts, int64_t lock_ms, size_t max_keys = 10'000);

  // Milliseconds the key stays locked; 0 when it is not locked.
  int64_t LockedFor(const std::string& key, int64_t now);
  // Records a failure; true when this failure locks the key.
  bool Fail(const std::string& key, int64_t now);

 private:
  struct Entry {
    int failures = 0;
    int64_t locked_until = 0;
    int64_t last_ms = 0;
  };
  void MakeRoom(int64_t now);

  const int attempts_;
  const int64_t lock_ms_;
  const size_t max_keys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
};

}  // namespace jiceng
