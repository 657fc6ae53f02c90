// SQL for the facts table (org_month_facts): per organization, month and measure, the sum
// every module keeps up to date in the transaction of each write, so that a start reads
// about one row per (organization, month, measure) instead of grouping the source tables
// (docs/ARCHITECTURE.md, "Facts"). Measures are named in fact_measures; `built` says the
// table holds a measure's sums (a measure new to the store is recounted once).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct FactRow {
  int64_t org_id = 0;
  int64_t month = 0;  // YYYYMM
  int64_t measure_id = 0;
  int64_t value = 0;
};

class FactsRepository {
 public:
  // The store's ids of those of `names` it has.
  static std::unordered_map<std::string, int64_t> FindMeasures(
      Tx& tx, const std::vector<std::string>& names);
  // The store's ids of `names`, adding the missing ones (not built).
  static std::unordered_map<std::string, int64_t> BindMeasures(
      Tx& tx, const std::vector<std::string>& names);
  // The names among `names` whose sums the table does not hold.
  static std::vector<std::string> Unbuilt(Tx& tx, const std::vector<std::string>& names);
  // Adds the deltas to the sums (several rows for one cell are fine).
  static void Add(Tx& tx, const std::vector<FactRow>& rows);
  // Keeps writers of the table out until this transaction ends (PostgreSQL; a SQLite
  // write transaction already does).
  static void LockAgainstWriters(Tx& tx);
  // Every nonzero sum, each to `fn`, streamed in one scan of the table: in key order on
  // SQLite (a WITHOUT ROWID table), in the heap's order on PostgreSQL (mostly key order:
  // recounts append in key order; later cells come after).
  static void Load(Tx& tx, const std::function<void(const FactRow&)>& fn);
  // Replaces the sums of `measure_ids` with `rows` (the measures' recount) and marks them
  // built.
  static void Replace(Tx& tx, const std::vector<int64_t>& measure_ids, std::vector<FactRow> rows);
  // Marks every measure stale: the next start recounts them (after bulk writes by tools
  // that do not recount).
  static void MarkAllStale(Tx& tx);
};

}  // namespace jiceng::store
