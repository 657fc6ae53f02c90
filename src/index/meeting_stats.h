// Organizational life in numbers for any subtree and period, from memory: per organization
// and calendar month (Asia/Shanghai), the meetings that took place (also by type), the
// sessions whose first agenda item studied a material, person-times present, excused and
// absent, and members' reading sessions of study materials with their duration.
//
// Each month keeps its organizations sorted by id, and — built on the first question after
// a change — by pre-order position with running totals, so a subtree (one contiguous range
// [enter, exit) of the org tree) costs two binary searches per month: the city's root over
// a year is 24 searches, not a scan of 400,000 meetings and 4 million attendance rows.
// Compliance reads the meetings by type per organization and month through a View.
//
// Loaded from the store on first use (each module adds a loader for its facts: meetings,
// readings); services apply each committed change as a delta (the old record's fact out,
// the new one's in). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/org_tree.h"

namespace jiceng::index {

constexpr int kMeetingTypeSlots = 9;  // domain::MeetingType values

struct MeetingCounts {
  int64_t meetings = 0, first_topic = 0, present = 0, excused = 0, absent = 0;
  int64_t readings = 0, reading_seconds = 0;  // members' reading sessions, their duration
  MeetingCounts& operator+=(const MeetingCounts& o);
  MeetingCounts& operator-=(const MeetingCounts& o);
  bool operator==(const MeetingCounts&) const = default;
};

// Meetings of one type (`type`: a domain::MeetingType value; −1 for facts that are not
// meetings, such as readings) of one organization in one month (`month`: year × 12 +
// month − 1) — one record, or a sum read from the store.
struct MeetingMonthFact {
  int64_t org_id = 0;
  int32_t month = 0;
  int type = 0;
  MeetingCounts counts;
};

// "2024-07-15" → 2024 × 12 + 6.
int32_t MonthIndex(const std::string& local_date);

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

class MeetingStats {
 private:
  struct Cell {
    int64_t org_id = 0;
    int32_t counts[7] = {};  // MeetingCounts' fields in order
    std::array<uint16_t, kMeetingTypeSlots> by_type = {};
    bool Empty() const;
  };
  struct Month {
    std::vector<Cell> cells;  // by org id
    // For the tree in tree_: positions ascending, the meetings by type at each (a copy in
    // pre-order: a walk of the tree reads memory in order), and running totals (cum[i]:
    // cells before i).
    std::vector<int32_t> positions;
    std::vector<std::array<uint16_t, kMeetingTypeSlots>> types;  // each cell's by_type
    std::vector<MeetingCounts> cum;
    bool built = false;
  };

 public:
  using Loader = std::function<std::vector<MeetingMonthFact>()>;
  // One way to read facts from the store; all are called on first use, and after Reset.
  void AddLoader(Loader loader);
  // A committed change: `sign` +1 adds the fact, −1 takes it out. Ignored until loaded.
  void Apply(const MeetingMonthFact& fact, int sign);
  // Forget everything; the next question reloads (after bulk changes).
  void Reset();
  // Loads now if not loaded (before a store transaction that will ask: the load reads the
  // store itself).
  void EnsureLoaded();

  // Totals of `root`'s subtree in `tree` over months [from, to); and per month.
  struct Answer {
    MeetingCounts total;
    std::map<int32_t, MeetingCounts> by_month;  // months with anything
  };
  Answer Sum(const std::shared_ptr<const OrgTree::Snapshot>& tree, const OrgNode& root,
             int32_t from_month, int32_t to_month);

  // The rhythm's other input, kept here with the numbers it is read with: full members per
  // organization over time (those whose count ever reached the rules' least membership),
  // read through `load` again when `generation` (the store's members generation, taken
  // before the caller's read began) moved or after a minute (writes by other processes,
  // e.g. `jiceng import`) — unless `fingerprint` (a cheap summary of the store's members,
  // taken with the load) is what it was.
  using FullMembers = FullMemberHistory;
  std::shared_ptr<const FullMembers> FullMembersOf(
      uint64_t generation, int64_t now_ms, int64_t at_least,
      const std::function<FullMembers()>& load,
      const std::function<std::string()>& fingerprint = {});

  // Meetings by organization, type and month within a window of months, read under the
  // lock (see Read). Made for walks of the tree in pre-order (compliance): each month keeps
  // a cursor into its cells in pre-order, so a walk of the whole city reads every month's
  // cells once, in order, instead of searching them per organization.
  class View {
   public:
    // Meetings of `type` held by `org` in months [from, to) (clipped to the window).
    int64_t Held(const OrgNode& org, int type, int32_t from_month, int32_t to_month) const;

   private:
    friend class MeetingStats;
    View(MeetingStats& stats, int32_t from_month, int32_t to_month);
    std::vector<const Month*> months_;  // one per month of the window, null when empty
    int32_t from_ = 0;
    mutable int32_t cached_position_ = -1;
    mutable std::vector<size_t> cursor_;  // per month: into positions
    // The cached organization's meetings by type per month.
    mutable std::vector<const std::array<uint16_t, kMeetingTypeSlots>*> cached_;
  };
  // Calls fn(view) for months [from, to) of the organizations in `tree`, with the lock
  // held; returns what fn returns.
  template <class F>
  auto Read(const std::shared_ptr<const OrgTree::Snapshot>& tree, int32_t from_month,
            int32_t to_month, F&& fn) {
    std::lock_guard lock(mutex_);
    if (!loaded_) LoadLocked();
    UseTreeLocked(tree);
    const View view(*this, from_month, to_month);
    return fn(view);
  }

 private:
  void LoadLocked();
  // Running totals and pre-order for `tree` (stale ones are rebuilt when next read).
  void UseTreeLocked(const std::shared_ptr<const OrgTree::Snapshot>& tree);
  void BuildLocked(Month& m);
  void AddLocked(const MeetingMonthFact& fact, int sign);
  std::mutex mutex_;
  std::vector<Loader> loaders_;
  bool loaded_ = false;
  std::map<int32_t, Month> months_;
  std::shared_ptr<const OrgTree::Snapshot> tree_;  // the tree the running totals are for
  struct {
    std::shared_ptr<const FullMembers> counts;
    uint64_t generation = 0;
    int64_t at_least = 0, read_at_ms = 0;
    std::string fingerprint;
  } full_members_;
};

}  // namespace jiceng::index
