#include "service/facts_service.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "platform/error.h"
#include "service/context.h"
#include "store/db.h"
#include "store/facts_repo.h"

namespace jiceng::facts {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> Names(const Registry& r) {
  std::vector<std::string> out;
  for (size_t i = 0; i < r.size(); ++i) out.push_back(r.Name(static_cast<MeasureId>(i)));
  return out;
}

// Recounts `modules` (all when empty) into the table, in `tx`; returns the rows written.
int64_t RecountInto(const Registry& registry, store::Tx& tx, const std::set<std::string>& modules,
                    std::vector<std::string>* done) {
  int64_t rows = 0;
  for (const auto& [module, recount] : registry.Recounts()) {
    if (!modules.empty() && !modules.count(module)) continue;
    std::vector<int64_t> ids;
    for (size_t i = 0; i < registry.size(); ++i)
      if (registry.ModuleOf(static_cast<MeasureId>(i)) == module)
        ids.push_back(registry.StoreId(static_cast<MeasureId>(i)));
    std::vector<store::FactRow> out;
    for (const auto& f : recount(tx))
      out.push_back({f.org_id, StoredMonth(f.month), registry.StoreId(f.measure), f.value});
    rows += static_cast<int64_t>(out.size());
    store::FactsRepository::Replace(tx, ids, std::move(out));
    if (done) done->push_back(module);
  }
  return rows;
}

}  // namespace

void Bind(const Context& ctx) {
  auto& registry = ctx.facts.registry();
  // A read when every measure has its row (every start but the first): tools started while
  // a server loads do not queue behind its write lock.
  const auto names = Names(registry);
  Result<std::unordered_map<std::string, int64_t>> ids =
      ctx.db.Read([&](store::Tx& tx) { return store::FactsRepository::FindMeasures(tx, names); });
  if (ids->size() < names.size())
    ids = ctx.db.Write([&](store::Tx& tx) -> Result<std::unordered_map<std::string, int64_t>> {
      return store::FactsRepository::BindMeasures(tx, names);
    });
  if (!ids) throw std::runtime_error("facts: " + ids.error().message);
  for (size_t i = 0; i < registry.size(); ++i) {
    auto id = static_cast<MeasureId>(i);
    registry.SetStoreId(id, ids->at(registry.Name(id)));
  }
  ctx.facts.SetLoader([&ctx] { Load(ctx); });
}

void Record(const Context& ctx, store::Tx& tx, const std::vector<Fact>& changes) {
  const auto& registry = ctx.facts.registry();
  // Netted per cell: a record out and back in unchanged (a confirmation) writes nothing.
  std::map<std::tuple<int64_t, int32_t, MeasureId>, int64_t> net;
  for (const auto& f : changes) net[{f.org_id, f.month, f.measure}] += f.value;
  std::vector<Fact> delta;
  std::vector<store::FactRow> rows;
  for (const auto& [key, value] : net) {
    if (value == 0) continue;
    const auto& [org, month, measure] = key;
    delta.push_back({org, month, measure, value});
    rows.push_back({org, StoredMonth(month), registry.StoreId(measure), value});
  }
  if (rows.empty()) return;
  store::FactsRepository::Add(tx, rows);
  // After the table's rows are written (on PostgreSQL their lock is held until commit): a
  // load that begins later waits for this transaction and reads its sums.
  const uint64_t ticket = ctx.facts.Ticket();
  tx.AfterCommit([&index = ctx.facts, ticket, delta] { index.Apply(ticket, delta); });
}

void Load(const Context& ctx) {
  auto& index = ctx.facts;
  const auto& registry = index.registry();
  const auto start = std::chrono::steady_clock::now();
  try {
    uint64_t ticket = 0;
    Index::Batch facts(registry.size());
    auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
      // Writers of the table wait for this transaction: each is wholly before the load
      // (its sums read here, its after-commit delta dropped) or after (its delta kept).
      store::FactsRepository::LockAgainstWriters(tx);
      ticket = index.BeginLoad();
      std::set<std::string> stale;
      for (const auto& name : store::FactsRepository::Unbuilt(tx, Names(registry)))
        stale.insert(registry.ModuleOf(*registry.Find(name)));
      if (!stale.empty()) {
        const auto began = std::chrono::steady_clock::now();
        std::vector<std::string> modules;
        int64_t rows = RecountInto(registry, tx, stale, &modules);
        index.SetRebuildSeconds(SecondsSince(began));
        std::string names;
        for (const auto& m : modules) names += (names.empty() ? "" : ", ") + m;
        spdlog::info("facts: recounted {} sums of {} in {:.1f} s", rows, names,
                     SecondsSince(began));
      }
      // One streamed scan of the table straight into the index's columns.
      std::vector<MeasureId> by_store_id;  // the store's measure ids are small
      for (size_t i = 0; i < registry.size(); ++i) {
        const auto id = static_cast<size_t>(registry.StoreId(static_cast<MeasureId>(i)));
        if (by_store_id.size() <= id) by_store_id.resize(id + 1, -1);
        by_store_id[id] = static_cast<MeasureId>(i);
      }
      store::FactsRepository::Load(tx, [&](const store::FactRow& r) {
        const auto id = static_cast<size_t>(r.measure_id);
        if (id < by_store_id.size() && by_store_id[id] >= 0)
          facts.Add(r.org_id, FromStoredMonth(static_cast<int32_t>(r.month)), by_store_id[id],
                    r.value);
      });
      return {};
    });
    if (!done) throw std::runtime_error(done.error().message);
    const size_t n = facts.size();
    const double loaded = SecondsSince(start);
    index.FinishLoad(ticket, std::move(facts), loaded);
    // Questions are answered from here on; the running totals they have not built yet are
    // built now, newest month first.
    index.Prepare(ctx.orgs.snapshot());
    spdlog::info("facts: loaded {} sums in {:.2f} s (running totals {:.2f} s later)", n, loaded,
                 SecondsSince(start) - loaded);
  } catch (const std::exception& e) {
    spdlog::error("facts: load failed: {}", e.what());
    index.FailLoad(e.what());
  }
}

RebuildReport Rebuild(const Context& ctx) {
  RebuildReport out;
  const auto start = std::chrono::steady_clock::now();
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    store::FactsRepository::LockAgainstWriters(tx);
    out.rows = RecountInto(ctx.facts.registry(), tx, {}, &out.modules);
    return {};
  });
  if (!done) throw std::runtime_error(done.error().message);
  out.seconds = SecondsSince(start);
  ctx.facts.SetRebuildSeconds(out.seconds);
  if (ctx.facts.state() != Index::State::kIdle) Load(ctx);
  return out;
}

std::string MetricsText(const Context& ctx) {
  const auto& index = ctx.facts;
  const bool loaded = index.state() == Index::State::kLoaded;
  char out[768];
  std::snprintf(out, sizeof out,
                "# HELP jiceng_facts_loaded Whether the facts index is loaded (1) or loading (0).\n"
                "# TYPE jiceng_facts_loaded gauge\njiceng_facts_loaded %d\n"
                "# HELP jiceng_facts_load_seconds Seconds the last load of the facts took.\n"
                "# TYPE jiceng_facts_load_seconds gauge\njiceng_facts_load_seconds %.3f\n"
                "# HELP jiceng_facts_rebuild_seconds Seconds the last recount of the facts "
                "table took.\n"
                "# TYPE jiceng_facts_rebuild_seconds gauge\njiceng_facts_rebuild_seconds %.3f\n"
                "# HELP jiceng_facts_cells Organization-month-measure sums held in memory.\n"
                "# TYPE jiceng_facts_cells gauge\njiceng_facts_cells %zu\n",
                loaded ? 1 : 0, index.load_seconds(), index.rebuild_seconds(),
                loaded ? index.cells() : size_t{0});
  return out;
}

}  // namespace jiceng::facts
