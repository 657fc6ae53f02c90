// Full members of each organization over time, for the meeting rhythm (compliance,
// reminders, yearly plans): which organizations were big enough for a rule (a branch with
// seven full members owes committee meetings) on each period's first day. Read from the
// store once and kept while no member changed (FullMemberCache); loaded at start in the
// background with the facts (index/facts.h). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jiceng::index {

// "2024-07-15" → 20240715 (ordered as the dates are); nullopt when not a date.
std::optional<int32_t> DayNumber(const std::string& local_date);

// Full members of one organization from `from_day` up to `to_day` (exclusive; DayNumber
// values, 0 and INT32_MAX for open ends): `n` people with the same history.
struct FullMemberSpan {
  int64_t org_id = 0;
  int32_t from_day = 0, to_day = 0;
  int64_t n = 1;
};

// Full members of each organization as it changed over time, for the organizations whose
// count ever reached `at_least` (the others count 0 throughout).
class FullMemberHistory {
 public:
  FullMemberHistory() = default;
  FullMemberHistory(const std::vector<FullMemberSpan>& spans, int64_t at_least);
  // (day, count from that day on), ascending; null when the organization never reached
  // `at_least`.
  using Steps = std::vector<std::pair<int32_t, int32_t>>;
  const Steps* Of(int64_t org_id) const;
  static int64_t At(const Steps* steps, int32_t day);
  int64_t At(int64_t org_id, int32_t day) const { return At(Of(org_id), day); }

 private:
  std::unordered_map<int64_t, Steps> by_org_;
};

class FullMemberCache {
 public:
  // Full members per organization over time (those whose count ever reached the rules'
  // least membership), read through `load` again when `generation` (the store's members
  // generation, taken before the caller's read began) moved or after a minute (writes by
  // other processes, e.g. `jiceng import`) — unless `fingerprint` (a cheap summary of the
  // store's members, taken with the load) is what it was.
  std::shared_ptr<const FullMemberHistory> FullMembersOf(
      uint64_t generation, int64_t now_ms, int64_t at_least,
      const std::function<FullMemberHistory()>& load,
      const std::function<std::string()>& fingerprint = {});

 private:
  std::mutex mutex_;
  struct {
    std::shared_ptr<const FullMemberHistory> counts;
    uint64_t generation = 0;
    int64_t at_least = 0, read_at_ms = 0;
    std::string fingerprint;
  } full_members_;
};

}  // namespace jiceng::index
