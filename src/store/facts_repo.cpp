#include "store/facts_repo.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace jiceng::store {
namespace {

const Query kFindMeasure{"find_fact_measure",
                         "SELECT id, built FROM fact_measures WHERE name = ?1"};
const Query kInsertMeasure{"insert_fact_measure",
                           "INSERT INTO fact_measures (name, built) VALUES (?1, 0) RETURNING id"};
const Query kAdd{"add_fact",
                 "INSERT INTO org_month_facts (org_id, month, measure_id, value) VALUES (?1, ?2, "
                 "?3, ?4) ON CONFLICT (org_id, month, measure_id) DO UPDATE SET value = "
                 "org_month_facts.value + excluded.value"};
const Query kLock{"lock_org_month_facts", "LOCK TABLE org_month_facts IN EXCLUSIVE MODE"};
const Query kLoad{"load_org_month_facts",
                  "SELECT org_id, month, measure_id, value FROM org_month_facts WHERE value <> 0"};
const Query kMarkBuilt{"mark_fact_measure_built",
                       "UPDATE fact_measures SET built = 1 WHERE id = ?1"};
const Query kMarkAllStale{"mark_fact_measures_stale", "UPDATE fact_measures SET built = 0"};

}  // namespace

std::unordered_map<std::string, int64_t> FactsRepository::FindMeasures(
    Tx& tx, const std::vector<std::string>& names) {
  std::unordered_map<std::string, int64_t> out;
  for (const auto& name : names)
    if (auto r = tx.FetchOne(kFindMeasure, {name})) out[name] = r->Int(0);
  return out;
}

std::unordered_map<std::string, int64_t> FactsRepository::BindMeasures(
    Tx& tx, const std::vector<std::string>& names) {
  std::unordered_map<std::string, int64_t> out;
  for (const auto& name : names) {
    if (auto r = tx.FetchOne(kFindMeasure, {name})) {
      out[name] = r->Int(0);
      continue;
    }
    out[name] = tx.FetchOne(kInsertMeasure, {name})->Int(0);
  }
  return out;
}

std::vector<std::string> FactsRepository::Unbuilt(Tx& tx, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& name : names) {
    auto r = tx.FetchOne(kFindMeasure, {name});
    if (!r || r->Int(1) == 0) out.push_back(name);
  }
  return out;
}

void FactsRepository::Add(Tx& tx, const std::vector<FactRow>& rows) {
  for (const auto& r : rows)
    if (r.value != 0) tx.Exec(kAdd, {r.org_id, r.month, r.measure_id, r.value});
}

void FactsRepository::LockAgainstWriters(Tx& tx) {
  if (tx.dialect() == Dialect::kPostgres) tx.Exec(kLock);
}

void FactsRepository::Load(Tx& tx, const std::function<void(const FactRow&)>& fn) {
  tx.ScanInts(kLoad, {}, [&](const int64_t* v) { fn({v[0], v[1], v[2], v[3]}); });
}

void FactsRepository::Replace(Tx& tx, const std::vector<int64_t>& measure_ids,
                              std::vector<FactRow> rows) {
  if (measure_ids.empty()) return;
  // One pass over the table for all of them (the table has no index by measure).
  std::string del = "DELETE FROM org_month_facts WHERE measure_id IN (";
  for (size_t i = 0; i < measure_ids.size(); ++i)
    del += (i ? ", " : "") + std::to_string(measure_ids[i]);
  del += ")";
  tx.Exec({"delete_measures_facts", del.c_str()});
  // Summed per cell and in key order: one row each, appended to the key's B-tree in order.
  std::sort(rows.begin(), rows.end(), [](const FactRow& a, const FactRow& b) {
    return std::tie(a.org_id, a.month, a.measure_id) < std::tie(b.org_id, b.month, b.measure_id);
  });
  std::vector<Params> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size();) {
    FactRow sum = rows[i];
    for (++i; i < rows.size() && rows[i].org_id == sum.org_id && rows[i].month == sum.month &&
              rows[i].measure_id == sum.measure_id;
         ++i)
      sum.value += rows[i].value;
    if (sum.value != 0) out.push_back({sum.org_id, sum.month, sum.measure_id, sum.value});
    if (out.size() == 100'000) {
      tx.InsertRows("org_month_facts", {"org_id", "month", "measure_id", "value"}, out);
      out.clear();
    }
  }
  if (!out.empty())
    tx.InsertRows("org_month_facts", {"org_id", "month", "measure_id", "value"}, out);
  for (int64_t id : measure_ids) tx.Exec(kMarkBuilt, {id});
}

void FactsRepository::MarkAllStale(Tx& tx) { tx.Exec(kMarkAllStale); }

}  // namespace jiceng::store
