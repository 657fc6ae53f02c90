// The store abstraction: one interface over SQLite and PostgreSQL.
//
// SQL is written once, with `?N` placeholders, as named constants (see Query); the
// PostgreSQL driver rewrites placeholders to `$N`. Every statement is prepared and cached
// per connection. Work runs inside a transaction obtained from Database::Read or
// Database::Write; a Write commits when its function returns a value and rolls back when
// it returns an error or throws. Blocking: call these only from store threads.
//
// A Database is safe for concurrent use from many threads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "platform/error.h"

namespace jiceng::store {

enum class Dialect { kSqlite, kPostgres };

// A named SQL statement. The name shows up in logs and error messages.
struct Query {
  const char* name;
  const char* sql;
};

using Value = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return nullptr; }
inline Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  int64_t Int(size_t i) const;  // NULL → 0
  std::optional<int64_t> OptInt(size_t i) const;
  std::string Text(size_t i) const;  // NULL → ""
  std::optional<std::string> OptText(size_t i) const;
  size_t size() const { return values_.size(); }

 private:
  std::vector<Value> values_;
};

// A database error that is not the caller's fault, classified by SQLSTATE class.
class StoreError : public std::runtime_error {
 public:
  enum class Kind {
    kUniqueViolation,
    kForeignKey,
    kCheck,
    kBusy,  // a lock not granted in time (SQLite's busy timeout, PostgreSQL 55P03)
    // The transaction lost a race with a concurrent one and was aborted: PostgreSQL
    // serialization failure (40001) or deadlock (40P01), SQLite SQLITE_BUSY_SNAPSHOT (a
    // write from a stale WAL snapshot). Running the whole transaction again may succeed:
    // see Database::Write with a RetryPolicy.
    kSerialization,
    kConnection,
    kOther
  };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Files holding the store's data (a SQLite database, a backup) are readable by their owner
// only. Creates `path` empty with mode 0600 when it does not exist; with `tighten`, also
// makes an existing file 0600 — before any data is written to it. Throws StoreError.
void CreatePrivateFile(const std::string& path, bool tighten);

// What a committed write changed, for the process's caches of derived data (see
// Database::Generation).
enum class Topic { kMembers, kCenters, kCount };

// An optional text column's value: NULL for the empty string.
inline Value NullIfEmpty(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }

// A connection inside an open transaction.
class Tx {
 public:
  virtual ~Tx() = default;
  // Notes that this transaction changes `topic`: committed, it advances the topic's
  // generation.
  void Touch(Topic topic) { touched_ |= 1u << static_cast<unsigned>(topic); }
  unsigned touched() const { return touched_; }
  // The topics touched since the last call (a connection's Tx outlives its transactions).
  unsigned TakeTouched() { return std::exchange(touched_, 0u); }
  // Runs `fn` once this write transaction has committed (never when it rolls back), on the
  // committing thread, before Database::Write returns: for effects outside the store, such
  // as the audit log's checkpoint file. `fn` must not throw.
  void AfterCommit(std::function<void()> fn) { after_commit_.push_back(std::move(fn)); }
  std::vector<std::function<void()>> TakeAfterCommit() { return std::exchange(after_commit_, {}); }
  virtual std::vector<Row> Fetch(const Query& q, const Params& params = {}) = 0;
  // Streams the rows of a query whose columns are all integers (NULL reads as 0) to `fn`,
  // one row's values at a time, without building a Row per row: for scans of millions of
  // rows (the facts load at start). `fn` must not run queries on this transaction.
  virtual void ScanInts(const Query& q, const Params& params,
                        const std::function<void(const int64_t* values)>& fn) = 0;
  // Returns the number of rows changed.
  virtual int64_t Exec(const Query& q, const Params& params = {}) = 0;
  // Runs a multi-statement script without parameters (migrations only).
  virtual void ExecScript(const std::string& sql) = 0;
  // Appends `rows` (values in `columns` order) to `table` by the store's fastest path:
  // PostgreSQL's COPY, SQLite's prepared insert stepped per row. The table and column names
  // are the caller's constants, never request text. A constraint violation throws, like Exec.
  virtual void InsertRows(const char* table, const std::vector<const char*>& columns,
                          const std::vector<Params>& rows) = 0;
  virtual Dialect dialect() const = 0;

  std::optional<Row> FetchOne(const Query& q, const Params& params = {}) {
    auto rows = Fetch(q, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }

 private:
  unsigned touched_ = 0;
  std::vector<std::function<void()>> after_commit_;
};

// How hard Database::Write tries when a transaction loses a race (StoreError::Kind::
// kSerialization): up to `attempts` runs of the whole transaction, sleeping a jittered,
// doubling backoff (backoff_ms, then twice that, ... capped at max_backoff_ms; each sleep
// uniformly between half and all of it) between them. The last failure is thrown.
struct RetryPolicy {
  enum class Isolation {
    kDefault,       // PostgreSQL READ COMMITTED; SQLite is always serializable (one writer)
    kSerializable,  // PostgreSQL SERIALIZABLE: write skew (caps, bookings) aborts with 40001
  };
  int attempts = 3;
  int backoff_ms = 5;
  int max_backoff_ms = 100;
  Isolation isolation = Isolation::kDefault;
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite:PATH" or "postgresql://…" / "postgres://…" (libpq conninfo URI).
  // Throws StoreError when the store cannot be opened.
  static std::unique_ptr<Database> Open(const std::string& url, int pool_size = 4);

  virtual Dialect dialect() const = 0;
  // True when the store answers a trivial query.
  virtual bool Ping() = 0;
  // Writes a consistent copy of the whole store to `path` while it stays online.
  virtual void Backup(const std::string& path) = 0;

  // Runs `fn(Tx&)` in a read-only transaction and returns what it returns.
  template <class F>
  auto Read(F&& fn) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    if constexpr (std::is_void_v<R>) {
      RunRead([&](Tx& tx) { fn(tx); });
    } else {
      std::optional<R> out;
      RunRead([&](Tx& tx) { out.emplace(fn(tx)); });
      return std::move(*out);
    }
  }

  // Runs `fn(Tx&)`, which returns a Result<T>, in a write transaction: committed when
  // the result holds a value, rolled back on an error or an exception. One attempt: a
  // serialization failure is thrown like any StoreError.
  template <class F>
  auto Write(F&& fn) -> std::invoke_result_t<F, Tx&> {
    return WriteOnce(fn, RetryPolicy::Isolation::kDefault);
  }

  // The same, retried under `policy` when the transaction loses a race with a concurrent
  // one (StoreError::Kind::kSerialization): `fn` runs again from the start on a fresh
  // transaction, so it must not leave effects outside `tx` (assign captured results, do not
  // append to them); Tx::AfterCommit work of a failed attempt is dropped, never run. An
  // Error result or any other exception ends it at once.
  template <class F>
  auto Write(F&& fn, const RetryPolicy& policy) -> std::invoke_result_t<F, Tx&> {
    for (int attempt = 1;; ++attempt) {
      try {
        return WriteOnce(fn, policy.isolation);
      } catch (const StoreError& e) {
        if (e.kind() != StoreError::Kind::kSerialization || attempt >= policy.attempts) throw;
        PauseBeforeRetry(policy, attempt, e);
      }
    }
  }

  // How many committed writes of this process touched `topic` (Tx::Touch). A cache of
  // data derived from the topic is fresh while this is what it was *before* the cache's
  // read began: the count advances only after a commit.
  uint64_t Generation(Topic topic) const {
    return generations_[static_cast<size_t>(topic)].load(std::memory_order_acquire);
  }

 protected:
  virtual void RunRead(const std::function<void(Tx&)>& fn) = 0;
  // `fn` returns true to commit.
  virtual void RunWrite(const std::function<bool(Tx&)>& fn, RetryPolicy::Isolation isolation) = 0;

 private:
  template <class F>
  auto WriteOnce(F& fn, RetryPolicy::Isolation isolation) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    std::optional<R> out;
    unsigned touched = 0;
    std::vector<std::function<void()>> after_commit;
    RunWrite(
        [&](Tx& tx) {
          (void)tx.TakeAfterCommit();  // left behind by a transaction that threw
          (void)tx.TakeTouched();      // likewise
          out.emplace(fn(tx));
          touched = tx.TakeTouched();
          after_commit = tx.TakeAfterCommit();
          return out->has_value();
        },
        isolation);
    // Reached only when the transaction committed or rolled back as asked: a failed COMMIT
    // throws above, and its after-commit work dies with `after_commit`.
    if (out->has_value()) {
      Committed(touched);
      for (auto& f : after_commit) f();
    }
    return std::move(*out);
  }
  // Logs the lost race and sleeps the jittered backoff before attempt `attempt + 1`.
  static void PauseBeforeRetry(const RetryPolicy& policy, int attempt, const StoreError& e);

  void Committed(unsigned touched) {
    for (size_t t = 0; t < generations_.size(); ++t)
      if (touched & (1u << t)) generations_[t].fetch_add(1, std::memory_order_acq_rel);
  }
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Topic::kCount)> generations_{};
};

// Bulk loads into a big table: drops `table`'s plain indexes (not those behind constraints)
// and, on PostgreSQL, its foreign keys, returning the statements that restore them — one
// sorted index build beats a million random inserts, and re-adding a foreign key checks
// every row in one join instead of a locking look-up per row. Run the statements
// (RebuildIndexes) before commit; a rollback restores everything anyway. On SQLite readers
// never see the change (it is inside the write transaction); on PostgreSQL it holds an
// exclusive lock on the table until commit, so readers of the table wait for the load.
std::vector<std::string> DropIndexesForLoad(Tx& tx, const char* table);
void RebuildIndexes(Tx& tx, const std::vector<std::string>& statements);

// Rewrites `?N` placeholders to `$N`, leaving quoted text alone. Exposed for tests.
std::string ToPostgresPlaceholders(const std::string& sql);

}  // namespace jiceng::store
