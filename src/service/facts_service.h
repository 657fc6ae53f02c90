// The facts index's use cases over the store (docs/ARCHITECTURE.md, "Facts"): binding the
// declared measures to the store, recording a write's deltas in its transaction, the
// background load at start (recounting measures the table does not hold yet), and the
// rebuild behind `jiceng facts rebuild` and bulk loads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/facts.h"

namespace jiceng {
struct Context;
}

namespace jiceng::facts {

// Binds every declared measure to its row in fact_measures (adding new ones) and sets the
// index's loader. Once at start, after the modules declared their measures.
void Bind(const Context& ctx);

// Adds `delta` (a write's facts: the new record's in, the old one's out, as negative
// values) to the store's sums in `tx` and, once `tx` commits, to the index.
void Record(const Context& ctx, store::Tx& tx, const std::vector<Fact>& delta);

// Loads the index from the store, first recounting the measures the table does not hold
// (a store made before them); builds the running totals for today's tree. Errors are
// reported to the index (FailLoad) and logged, not thrown.
void Load(const Context& ctx);

struct RebuildReport {
  std::vector<std::string> modules;  // recounted
  int64_t rows = 0;                  // sums written
  double seconds = 0;
};
// Recounts every module's measures from its tables into the store's table (one
// transaction), then reloads the index if it was loaded. For bulk loads (demo, import)
// and `jiceng facts rebuild`.
RebuildReport Rebuild(const Context& ctx);

// Prometheus lines: jiceng_facts_loaded, jiceng_facts_load_seconds, jiceng_facts_cells,
// jiceng_facts_rebuild_seconds.
std::string MetricsText(const Context& ctx);

}  // namespace jiceng::facts
