// Facts by organization and month, for every module (docs/ARCHITECTURE.md, "Facts"): each
// module declares its measures by name in one place (a `DeclareFacts(facts::Registry&)`
// function) — meetings by type, person-times present, reading seconds, later check-ins,
// bookings or money in fen — and the index keeps, per calendar month (Asia/Shanghai) and
// measure, an int64 sum per organization. "This subtree, this period" is then a range sum
// over the pre-order positions [enter, exit) of the org tree: two binary searches per month
// and measure, whatever the module.
//
// Each (month, measure) column keeps its organizations sorted by id (for deltas) and —
// built on the first question after a change — by pre-order position with running totals.
// Walks of the tree in pre-order (compliance) read a set of measures per organization and
// month through a View whose cursors move forward through the columns.
//
// Life cycle: the store keeps the same sums in a table (org_month_facts, updated in the
// transaction of each write); at start a background thread loads them (BeginLoad /
// FinishLoad) and /readyz reports "facts" until then; a question asked before waits for
// the load (WaitLoaded). Writers take a Ticket inside their transaction, after writing
// their facts to the table, and Apply the same delta after commit: a delta whose ticket
// predates the load in progress is already in what the load reads and is dropped; one
// taken after is kept until the load is installed. (The load takes the table's write lock
// before it reads, so every writer is wholly before or wholly after it.) Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/org_tree.h"

namespace jiceng::store {
class Tx;
}

namespace jiceng::facts {

using MeasureId = int32_t;

// "2024-07-15" (or "2024-07") → 2024 × 12 + 6; 0 when not a date.
int32_t MonthIndex(std::string_view local_date);
// 2024 × 12 + 6 → "2024-07".
std::string MonthLabel(int32_t month);
// The store's month column: 2024 × 12 + 6 ↔ 202407.
inline int32_t StoredMonth(int32_t month) { return month / 12 * 100 + month % 12 + 1; }
inline int32_t FromStoredMonth(int32_t yyyymm) { return yyyymm / 100 * 12 + yyyymm % 100 - 1; }

// One measure's value for one organization and month: a record's contribution (a delta:
// negative to take a record out) or a sum.
struct Fact {
  int64_t org_id = 0;
  int32_t month = 0;  // MonthIndex
  MeasureId measure = 0;
  int64_t value = 0;
  bool operator==(const Fact&) const = default;
};

// How a module recounts its measures from its own tables (GROUP BY), for rebuilds of the
// store's table: facts in any order, several for one cell are summed.
using Recount = std::function<std::vector<Fact>(store::Tx&)>;

// The measures, declared once at start by each module (before any load).
class Registry {
 public:
  // Declares `name` (e.g. "meetings.theme_day") for `module`; the same name twice is the
  // same measure.
  MeasureId Declare(const std::string& module, const std::string& name);
  // How `module` recounts its measures (one per module; a later call replaces it).
  void SetRecount(const std::string& module, Recount recount);

  std::optional<MeasureId> Find(std::string_view name) const;
  const std::string& Name(MeasureId id) const { return measures_.at(id).name; }
  const std::string& ModuleOf(MeasureId id) const { return measures_.at(id).module; }
  size_t size() const { return measures_.size(); }
  // Modules with their recount, in declaration order.
  std::vector<std::pair<std::string, Recount>> Recounts() const;

  // The store's id of each measure (fact_measures), bound at start.
  void SetStoreId(MeasureId id, int64_t store_id);
  int64_t StoreId(MeasureId id) const { return measures_.at(id).store_id; }
  std::optional<MeasureId> FromStoreId(int64_t store_id) const;

 private:
  struct Measure {
    std::string module, name;
    int64_t store_id = 0;
  };
  std::unordered_map<int64_t, MeasureId> by_store_id_;
  std::vector<Measure> measures_;
  std::unordered_map<std::string, MeasureId> by_name_;
  std::vector<std::pair<std::string, Recount>> recounts_;
};

class Index {
 private:
  struct Column {
    std::vector<int64_t> orgs;  // ascending
    std::vector<int64_t> values;
    // For tree_: positions ascending and running totals (cum[i]: entries before i).
    std::vector<int32_t> positions;
    std::vector<int64_t> cum;
    bool built = false;
  };
  using Month = std::vector<Column>;  // by MeasureId

 public:
  enum class State { kIdle, kLoading, kLoaded, kFailed };

  Registry& registry() { return registry_; }
  const Registry& registry() const { return registry_; }

  // How to load when a question comes before any load began (tools, tests without a
  // server): run on the asking thread.
  void SetLoader(std::function<void()> load);

  // Taken by a writer inside its transaction, after its facts were written to the store.
  uint64_t Ticket() const;
  // A committed change (deltas), with the writer's ticket.
  void Apply(uint64_t ticket, const std::vector<Fact>& delta);

  // A load begins: returns its ticket (writers from now on are kept for it). Call with the
  // store's facts table locked against writers, before reading it.
  uint64_t BeginLoad();
  // What a load read, gathered outside the index's lock straight into the index's columns
  // (a city's 12 M sums in a few hundred MB, no intermediate copy). Fastest when added in
  // organization order, as the store's table is read; any order is accepted (sorted when
  // installed), and several sums for one cell are added up.
  class Batch {
   public:
    explicit Batch(size_t measures) : measures_(measures) {}
    void Add(int64_t org_id, int32_t month, MeasureId measure, int64_t value);
    void Add(const Fact& f) { Add(f.org_id, f.month, f.measure, f.value); }
    size_t size() const { return size_; }

   private:
    friend class Index;
    void Finish();  // sorts columns added out of order, sums duplicates, drops zeros
    size_t measures_;
    std::map<int32_t, Month> months_;
    int32_t last_month_ = 0;
    Month* last_ = nullptr;
    bool unordered_ = false, zeros_ = false;
    size_t size_ = 0;
  };
  // Installs what the load read, and the deltas committed since BeginLoad. A later load
  // replaces it.
  void FinishLoad(uint64_t ticket, Batch batch, double seconds);
  void FinishLoad(uint64_t ticket, const std::vector<Fact>& facts, double seconds);
  void FailLoad(const std::string& error);
  // Until loaded: runs the loader when none began (or the last failed), else waits.
  void WaitLoaded();

  State state() const;
  double load_seconds() const;
  std::string last_error() const;
  // Organizations × months × measures held (nonzero).
  size_t cells() const;
  // What is loading for /readyz: "facts" until loaded, and the tasks marked (e.g. the
  // full-member history compliance reads), in the order marked.
  std::vector<std::string> Loading() const;
  void MarkLoading(const std::string& what, bool loading);
  // Seconds the last recount of stale measures took (0: none).
  void SetRebuildSeconds(double seconds);
  double rebuild_seconds() const;

  // Sums of `measures` over `root`'s subtree in `tree`, months [from, to); and per month
  // (months with any of them nonzero).
  struct Answer {
    std::vector<int64_t> total;  // by position in `measures`
    std::map<int32_t, std::vector<int64_t>> by_month;
  };
  Answer Sum(const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
             const index::OrgNode& root, int32_t from_month, int32_t to_month,
             std::span<const MeasureId> measures);
  // One measure's total (the common case).
  int64_t Total(const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
                const index::OrgNode& root, int32_t from_month, int32_t to_month,
                MeasureId measure);

  // Per-organization values of a set of measures within a window of months, read under
  // the lock (see Read). Made for walks of the tree in pre-order: each (month, measure)
  // keeps a cursor into its positions, so a walk of the whole city reads every column once
  // in order instead of searching it per organization.
  class View {
   public:
    // `org`'s own value (not its subtree's) of measures[k] in months [from, to) (clipped
    // to the window).
    int64_t Of(const index::OrgNode& org, size_t k, int32_t from_month, int32_t to_month) const;

   private:
    friend class Index;
    View(Index& index, int32_t from_month, int32_t to_month, std::vector<MeasureId> measures);
    int32_t from_ = 0;
    size_t months_ = 0;
    std::vector<MeasureId> measures_;
    // [k * months_ + i]: measure k's column in month from_ + i (null when empty).
    std::vector<const Column*> columns_;
    mutable std::vector<size_t> cursor_;  // same layout: into the column's positions
    mutable int32_t cached_position_ = -1;
    mutable std::vector<int64_t> cached_;     // same layout: the cached org's values
    mutable std::vector<char> cached_ready_;  // per k
  };
  // Calls fn(view) for months [from, to) of the organizations in `tree` with the lock
  // held; returns what fn returns. Waits for the load.
  template <class F>
  auto Read(const std::shared_ptr<const index::OrgTree::Snapshot>& tree, int32_t from_month,
            int32_t to_month, std::vector<MeasureId> measures, F&& fn) {
    WaitLoaded();
    std::lock_guard lock(mutex_);
    UseTreeLocked(tree);
    const View view(*this, from_month, to_month, std::move(measures));
    return fn(view);
  }

  // Builds every column's running totals for `tree` now (after a load, in the background,
  // so that the first questions do not).
  void Prepare(const std::shared_ptr<const index::OrgTree::Snapshot>& tree);

 private:
  void UseTreeLocked(const std::shared_ptr<const index::OrgTree::Snapshot>& tree);
  void BuildLocked(Column& c);
  void AddLocked(const Fact& f);
  int32_t PositionLocked(int64_t org_id) const;  // in tree_, -1 when not in it
  Column* ColumnLocked(int32_t month, MeasureId measure);

  Registry registry_;
  mutable std::mutex mutex_;
  std::condition_variable loaded_cv_;
  std::function<void()> loader_;
  State state_ = State::kIdle;
  uint64_t epoch_ = 0;         // BeginLoad's count; a ticket is the epoch it was taken in
  std::vector<Fact> pending_;  // deltas of the current epoch while it loads
  double load_seconds_ = 0, rebuild_seconds_ = 0;
  std::vector<std::string> loading_;
  std::string error_;
  std::map<int32_t, Month> months_;
  std::shared_ptr<const index::OrgTree::Snapshot> tree_;  // the tree the totals are for
  std::vector<int32_t> position_by_id_;  // tree_'s positions by organization id, when dense
};

}  // namespace jiceng::facts
