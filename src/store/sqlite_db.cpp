#include "store/sqlite_db.h"

#include <sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace jiceng::store {
StoreError::Kind KindOfSqliteCode(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return StoreError::Kind::kUniqueViolation;
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return StoreError::Kind::kForeignKey;
      return StoreError::Kind::kCheck;
    case SQLITE_BUSY:
      // A write transaction that began reading from a WAL snapshot another connection has
      // since written past: it can never commit and must start over. (Our writes begin with
      // BEGIN IMMEDIATE, so only a deferred transaction meets it.) A plain SQLITE_BUSY has
      // already waited busy_timeout for the lock: the store is busy, not a lost race.
      if (rc == SQLITE_BUSY_SNAPSHOT) return StoreError::Kind::kSerialization;
      return StoreError::Kind::kBusy;
    case SQLITE_LOCKED:
      return StoreError::Kind::kBusy;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return StoreError::Kind::kConnection;
    default:
      return StoreError::Kind::kOther;
  }
}

namespace {

StoreError::Kind KindOf(int rc) { return KindOfSqliteCode(rc); }

// Process-wide settings, before SQLite initializes: no allocation statistics (they take a
// global mutex on every malloc, ~10% of a bulk import).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

class SqliteConnection final : public Tx {
 public:
  SqliteConnection(const std::string& path, bool read_only) {
    ConfigureSqliteOnce();
    int flags = SQLITE_OPEN_NOMUTEX |
                (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw StoreError(StoreError::Kind::kConnection, "cannot open " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
    if (!read_only) ExecScript("PRAGMA journal_mode=WAL");
    ExecScript("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;");
    // SQLite's default page cache (2 MiB) makes a bulk import or a city-scale scan spill to
    // pread/pwrite; a larger cache per connection (a cap, not an allocation: up to 1 GiB for
    // the one writer, whose random index inserts at city scale need it) and memory-mapped
    // reads keep the working set in memory.
    ExecScript(read_only ? "PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;"
                         : "PRAGMA cache_size=-1048576; PRAGMA mmap_size=1073741824;");
  }
  ~SqliteConnection() override {
    for (auto& [_, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  sqlite3* handle() { return db_; }

  std::vector<Row> Fetch(const Query& q, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(q, params);
    std::vector<Row> rows;
    int cols = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> values;
      values.reserve(cols);
      for (int i = 0; i < cols; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i)));
            break;
          default: {
            auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            values.emplace_back(std::string(p, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    Finish(stmt, rc, q);
    return rows;
  }

  void ScanInts(const Query& q, const Params& params,
                const std::function<void(const int64_t*)>& fn) override {
    sqlite3_stmt* stmt = Prepare(q, params);
    const int cols = sqlite3_column_count(stmt);
    std::vector<int64_t> values(static_cast<size_t>(cols));
    int rc;
    try {
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < cols; ++i) {
          const int type = sqlite3_column_type(stmt, i);
          if (type != SQLITE_INTEGER && type != SQLITE_NULL)
            throw StoreError(StoreError::Kind::kOther,
                             std::string(q.name) + ": ScanInts on a column that is not an integer");
          values[i] = sqlite3_column_int64(stmt, i);  // NULL reads as 0
        }
        fn(values.data());
      }
    } catch (...) {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
      throw;
    }
    Finish(stmt, rc, q);
  }

  int64_t Exec(const Query& q, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(q, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    Finish(stmt, rc, q);
    return sqlite3_changes64(db_);
  }

  void ExecScript(const std::string& sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError(KindOf(rc), msg);
    }
  }

  void InsertRows(const char* table, const std::vector<const char*>& columns,
                  const std::vector<Params>& rows) override {
    // One prepared single-row insert stepped per row, bound straight from `rows`. (Measured
    // faster than multi-row VALUES lists, which SQLite feeds through a co-routine.)
    std::string sql = std::string("INSERT INTO ") + table + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
    sql += ") VALUES (";
    for (size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    const Query q{"insert_rows", sql.c_str()};
    sqlite3_stmt* stmt = Statement(q);
    for (const auto& row : rows) {
      Bind(stmt, row);
      Finish(stmt, sqlite3_step(stmt), q);
    }
  }

 private:
  sqlite3_stmt* Prepare(const Query& q, const Params& params) {
    sqlite3_stmt* stmt = Statement(q);
    Bind(stmt, params);
    return stmt;
  }

  // The cached prepared statement of `q`.
  sqlite3_stmt* Statement(const Query& q) {
    auto it = cache_.find(q.sql);
    sqlite3_stmt* stmt;
    if (it == cache_.end()) {
      int rc = sqlite3_prepare_v3(db_, q.sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK)
        throw StoreError(KindOf(rc), std::string(q.name) + ": " + sqlite3_errmsg(db_));
      cache_.emplace(q.sql, stmt);
    } else {
      stmt = it->second;
    }
    return stmt;
  }

  static void Bind(sqlite3_stmt* stmt, const Params& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        sqlite3_bind_null(stmt, idx);
      } else if (auto n = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(stmt, idx, *n);
      } else {
        // SQLITE_STATIC: no copy. `params` outlives every step of this statement (Fetch and
        // Exec step it before returning), and Finish clears the bindings; a statement whose
        // Finish was skipped by an exception is fully re-bound before its next step.
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
      }
    }
  }

  void Finish(sqlite3_stmt* stmt, int rc, const Query& q) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE)
      throw StoreError(KindOf(rc), std::string(q.name) + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, int readers) : path_(path) {
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the
    // database file's permissions, so they are private too.
    if (!path.empty() && path != ":memory:" && !path.starts_with("file:"))
      CreatePrivateFile(path, /*tighten=*/false);
    writer_ = std::make_unique<SqliteConnection>(path, false);
    for (int i = 0; i < std::max(1, readers); ++i)
      idle_readers_.push_back(std::make_unique<SqliteConnection>(path, true));
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  bool Ping() override {
    try {
      RunRead([](Tx& tx) { tx.Fetch({"ping", "SELECT 1"}); });
      return true;
    } catch (const StoreError&) {
      return false;
    }
  }

  void Backup(const std::string& path) override {
    // The online backup API copies a consistent snapshot page by page; writers may go on.
    sqlite3* dest = nullptr;
    CreatePrivateFile(path, /*tighten=*/true);  // 0600 before a page is copied into it
    if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
      sqlite3_close(dest);
      throw StoreError(StoreError::Kind::kConnection, "cannot create " + path);
    }
    auto lease = AcquireReader();
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", lease->handle(), "main");
    int rc = SQLITE_OK;
    if (b) {
      while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
             rc == SQLITE_LOCKED) {
        if (rc != SQLITE_OK) sqlite3_sleep(20);
      }
      sqlite3_backup_finish(b);
    }
    std::string err = sqlite3_errmsg(dest);
    rc = sqlite3_errcode(dest);
    sqlite3_close(dest);
    ReleaseReader(std::move(lease));
    if (!b || rc != SQLITE_OK) throw StoreError(StoreError::Kind::kOther, "backup failed: " + err);
  }

 protected:
  void RunRead(const std::function<void(Tx&)>& fn) override {
    auto conn = AcquireReader();
    try {
      conn->ExecScript("BEGIN");
      fn(*conn);
      conn->ExecScript("COMMIT");
    } catch (...) {
      try {
        conn->ExecScript("ROLLBACK");
      } catch (const StoreError&) {
      }
      ReleaseReader(std::move(conn));
      throw;
    }
    ReleaseReader(std::move(conn));
  }

  // Every write is serializable on SQLite (one writer, BEGIN IMMEDIATE): `isolation` asks
  // for nothing more.
  void RunWrite(const std::function<bool(Tx&)>& fn, RetryPolicy::Isolation) override {
    std::lock_guard lock(writer_mutex_);
    writer_->ExecScript("BEGIN IMMEDIATE");
    bool commit = false;
    try {
      commit = fn(*writer_);
    } catch (...) {
      writer_->ExecScript("ROLLBACK");
      throw;
    }
    writer_->ExecScript(commit ? "COMMIT" : "ROLLBACK");
    if (commit && ++writes_since_checkpoint_ >= 1000) {
      writes_since_checkpoint_ = 0;
      writer_->ExecScript("PRAGMA wal_checkpoint(PASSIVE)");
    }
  }

 private:
  std::unique_ptr<SqliteConnection> AcquireReader() {
    std::unique_lock lock(readers_mutex_);
    readers_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
    auto conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return conn;
  }
  void ReleaseReader(std::unique_ptr<SqliteConnection> conn) {
    {
      std::lock_guard lock(readers_mutex_);
      idle_readers_.push_back(std::move(conn));
    }
    readers_cv_.notify_one();
  }

  std::string path_;
  std::mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // guarded by writer_mutex_
  int writes_since_checkpoint_ = 0;           // guarded by writer_mutex_
  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;  // guarded by readers_mutex_
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& path, int readers) {
  return std::make_unique<SqliteDatabase>(path, readers);
}

}  // namespace jiceng::store
