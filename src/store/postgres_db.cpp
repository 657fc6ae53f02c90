#include "store/postgres_db.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <unordered_map>

namespace jiceng::store {
namespace {

const Query kSelectTables{"backup_tables",
                          "SELECT table_name::text FROM information_schema.tables WHERE "
                          "table_schema = current_schema() AND table_type = 'BASE TABLE' AND "
                          "table_name <> 'schema_migrations' ORDER BY table_name"};

// pg_type OIDs of the integer-like types we read back as integers.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;

}  // namespace

StoreError::Kind KindOfSqlState(const char* state) {
  std::string s = state ? state : "";
  if (s == "23505") return StoreError::Kind::kUniqueViolation;
  if (s == "23503") return StoreError::Kind::kForeignKey;
  if (s.rfind("23", 0) == 0) return StoreError::Kind::kCheck;
  if (s == "40001" || s == "40P01") return StoreError::Kind::kSerialization;
  if (s == "55P03") return StoreError::Kind::kBusy;
  if (s.rfind("08", 0) == 0 || s.rfind("57", 0) == 0) return StoreError::Kind::kConnection;
  return StoreError::Kind::kOther;
}

namespace {

// Owns a PGresult.
struct ResultPtr {
  PGresult* r;
  explicit ResultPtr(PGresult* p) : r(p) {}
  ~ResultPtr() { PQclear(r); }
  ResultPtr(const ResultPtr&) = delete;
  ResultPtr& operator=(const ResultPtr&) = delete;
};

// `q` with its ?N placeholders replaced by the integer (or NULL) parameters, for statements
// that take none (COPY). Text parameters are refused: they would need quoting.
std::string InlineIntParams(const Query& q, const Params& params) {
  const std::string sql = q.sql;
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      size_t n = 0;
      while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
        n = n * 10 + static_cast<size_t>(sql[++i] - '0');
      if (n == 0 || n > params.size())
        throw StoreError(StoreError::Kind::kOther,
                         std::string(q.name) + ": no parameter ?" + std::to_string(n));
      if (std::holds_alternative<std::nullptr_t>(params[n - 1])) {
        out += "NULL";
      } else if (auto v = std::get_if<int64_t>(&params[n - 1])) {
        out += std::to_string(*v);
      } else {
        throw StoreError(StoreError::Kind::kOther,
                         std::string(q.name) + ": a text parameter where only integers go");
      }
      continue;
    }
    out += c;
  }
  return out;
}

class PgConnection final : public Tx {
 public:
  explicit PgConnection(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw StoreError(StoreError::Kind::kConnection, "cannot connect to PostgreSQL: " + msg);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGconn* handle() { return conn_; }

  std::vector<Row> Fetch(const Query& q, const Params& params) override {
    ResultPtr res(Run(q, params));
    std::vector<Row> rows;
    int n = PQntuples(res.r), cols = PQnfields(res.r);
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      std::vector<Value> values;
      values.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.r, r, c)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(res.r, r, c);
        Oid type = PQftype(res.r, c);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          values.emplace_back(static_cast<int64_t>(std::strtoll(text, nullptr, 10)));
        } else if (type == kBoolOid) {
          values.emplace_back(static_cast<int64_t>(text[0] == 't'));
        } else {
          values.emplace_back(std::string(text, PQgetlength(res.r, r, c)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  void ScanInts(const Query& q, const Params& params,
                const std::function<void(const int64_t*)>& fn) override {
    // COPY (query) TO STDOUT: the rows stream in CopyData messages, with no PGresult per row
    // nor the whole result in memory at once. COPY takes no parameters: the integer ones are
    // written into the statement (they are numbers, never text from a request).
    const std::string sql = "COPY (" + InlineIntParams(q, params) + ") TO STDOUT";
    ResultPtr start(PQexec(conn_, sql.c_str()));
    if (PQresultStatus(start.r) != PGRES_COPY_OUT) Check(start.r, q.name);
    std::vector<int64_t> values;
    size_t col = 0;
    int64_t value = 0;
    bool negative = false, bad = false;
    char* buf = nullptr;
    int len;
    // Text format: tab-separated columns, one row per line, \N for NULL (read as 0).
    while ((len = PQgetCopyData(conn_, &buf, 0)) > 0) {
      for (int i = 0; i < len; ++i) {
        const char c = buf[i];
        if (c >= '0' && c <= '9') {
          value = value * 10 + (c - '0');
        } else if (c == '-') {
          negative = true;
        } else if (c == '\t' || c == '\n') {
          if (values.size() <= col) values.resize(col + 1);
          values[col++] = negative ? -value : value;
          value = 0;
          negative = false;
          if (c == '\n') {
            fn(values.data());
            col = 0;
          }
        } else if (c != '\\' && c != 'N') {
          bad = true;  // not an integer column
        }
      }
      PQfreemem(buf);
      if (bad) break;
    }
    if (bad) {
      while (PQgetCopyData(conn_, &buf, 0) > 0) PQfreemem(buf);
    } else if (len == -2) {
      throw StoreError(StoreError::Kind::kConnection, PQerrorMessage(conn_));
    }
    ResultPtr end(PQgetResult(conn_));
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // idle before any throw
    Check(end.r, q.name);
    if (bad)
      throw StoreError(StoreError::Kind::kOther,
                       std::string(q.name) + ": ScanInts on a column that is not an integer");
  }

  int64_t Exec(const Query& q, const Params& params) override {
    ResultPtr res(Run(q, params));
    const char* n = PQcmdTuples(res.r);
    return n && *n ? std::strtoll(n, nullptr, 10) : 0;
  }

  void ExecScript(const std::string& sql) override {
    ResultPtr res(PQexec(conn_, sql.c_str()));
    Check(res.r, "script");
  }

  void InsertRows(const char* table, const std::vector<const char*>& columns,
                  const std::vector<Params>& rows) override {
    std::string sql = std::string("COPY ") + table + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
    sql += ") FROM STDIN";
    ResultPtr start(PQexec(conn_, sql.c_str()));
    if (PQresultStatus(start.r) != PGRES_COPY_IN) Check(start.r, "copy_rows");
    // COPY's text format: tab-separated, \N for NULL, backslash escapes for the separators.
    std::string buf;
    auto flush = [&] {
      if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1)
        throw StoreError(StoreError::Kind::kConnection, PQerrorMessage(conn_));
      buf.clear();
    };
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buf += '\t';
        if (std::holds_alternative<std::nullptr_t>(row[i])) {
          buf += "\\N";
        } else if (auto n = std::get_if<int64_t>(&row[i])) {
          buf += std::to_string(*n);
        } else {
          for (char c : std::get<std::string>(row[i])) {
            switch (c) {
              case '\\':
                buf += "\\\\";
                break;
              case '\t':
                buf += "\\t";
                break;
              case '\n':
                buf += "\\n";
                break;
              case '\r':
                buf += "\\r";
                break;
              default:
                buf += c;
            }
          }
        }
      }
      buf += '\n';
      if (buf.size() >= (1 << 20)) flush();
    }
    if (!buf.empty()) flush();
    if (PQputCopyEnd(conn_, nullptr) != 1)
      throw StoreError(StoreError::Kind::kConnection, PQerrorMessage(conn_));
    ResultPtr end(PQgetResult(conn_));
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // idle before any throw
    Check(end.r, "copy_rows");
  }

 private:
  PGresult* Run(const Query& q, const Params& params) {
    auto it = prepared_.find(q.sql);
    if (it == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      ResultPtr prep(
          PQprepare(conn_, name.c_str(), ToPostgresPlaceholders(q.sql).c_str(), 0, nullptr));
      Check(prep.r, q.name);
      it = prepared_.emplace(q.sql, name).first;
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      if (std::holds_alternative<std::nullptr_t>(params[i])) {
        values[i] = nullptr;
        continue;
      }
      if (auto n = std::get_if<int64_t>(&params[i])) {
        text[i] = std::to_string(*n);
      } else {
        text[i] = std::get<std::string>(params[i]);
      }
      values[i] = text[i].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                   values.data(), nullptr, nullptr, 0);
    try {
      Check(res, q.name);
    } catch (...) {
      PQclear(res);
      throw;
    }
    return res;
  }

  void Check(PGresult* res, const char* what) {
    auto status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    auto kind = healthy() ? KindOfSqlState(state) : StoreError::Kind::kConnection;
    throw StoreError(kind, std::string(what) + ": " + PQerrorMessage(conn_));
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& conninfo, int pool_size)
      : conninfo_(conninfo), capacity_(std::max(1, pool_size)) {
    idle_.push_back(std::make_unique<PgConnection>(conninfo_));  // fail fast on a bad URL
    open_ = 1;
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  bool Ping() override {
    try {
      RunRead([](Tx& tx) { tx.Fetch({"ping", "SELECT 1"}); });
      return true;
    } catch (const StoreError&) {
      return false;
    }
  }

  // Plain SQL in pg_dump's data format: every table of the schema as COPY … FROM stdin,
  // read in one REPEATABLE READ snapshot. Restore: `jiceng migrate` an empty database,
  // then `psql -f FILE`.
  void Backup(const std::string& path) override {
    CreatePrivateFile(path, /*tighten=*/true);  // 0600 before a byte of data is written
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw StoreError(StoreError::Kind::kOther, "cannot create " + path);
    auto conn = Acquire();
    auto release = [&] { Release(std::move(conn)); };
    try {
      conn->ExecScript("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      out << "-- Jiceng backup (PostgreSQL data, pg_dump plain format)\n"
             "-- Restore into a database migrated by `jiceng migrate`.\n"
             "SET client_encoding = 'UTF8';\nSET session_replication_role = replica;\n";
      auto tables = conn->Fetch(kSelectTables, {});
      for (const auto& t : tables) {
        std::string name = t.Text(0);
        out << "\nTRUNCATE " << name << " CASCADE;\nCOPY " << name << " FROM stdin;\n";
        ResultPtr start(PQexec(conn->handle(), ("COPY " + name + " TO STDOUT").c_str()));
        if (PQresultStatus(start.r) != PGRES_COPY_OUT)
          throw StoreError(StoreError::Kind::kOther, PQerrorMessage(conn->handle()));
        char* buf = nullptr;
        int n;
        while ((n = PQgetCopyData(conn->handle(), &buf, 0)) > 0) {
          out.write(buf, n);
          PQfreemem(buf);
        }
        ResultPtr end(PQgetResult(conn->handle()));
        out << "\\.\n";
        out << "SELECT setval(pg_get_serial_sequence('" << name
            << "', 'id'), COALESCE((SELECT max(id) FROM " << name
            << "), 0) + 1, false) WHERE pg_get_serial_sequence('" << name
            << "', 'id') IS NOT NULL;\n";
      }
      conn->ExecScript("COMMIT");
    } catch (...) {
      release();
      throw;
    }
    release();
    if (!out.flush()) throw StoreError(StoreError::Kind::kOther, "cannot write " + path);
  }

 protected:
  void RunRead(const std::function<void(Tx&)>& fn) override {
    Run("BEGIN READ ONLY", [&](Tx& tx) {
      fn(tx);
      return true;
    });
  }
  void RunWrite(const std::function<bool(Tx&)>& fn, RetryPolicy::Isolation isolation) override {
    Run(isolation == RetryPolicy::Isolation::kSerializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                                           : "BEGIN",
        fn);
  }

 private:
  void Run(const char* begin, const std::function<bool(Tx&)>& fn) {
    auto conn = Acquire();
    try {
      conn->ExecScript(begin);
      bool commit = fn(*conn);
      conn->ExecScript(commit ? "COMMIT" : "ROLLBACK");
    } catch (...) {
      if (conn->healthy()) {
        try {
          conn->ExecScript("ROLLBACK");
        } catch (const StoreError&) {
        }
      }
      Release(std::move(conn));
      throw;
    }
    Release(std::move(conn));
  }

  std::unique_ptr<PgConnection> Acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (conn->healthy()) return conn;
      --open_;  // drop a broken connection and open a fresh one below
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<PgConnection>(conninfo_);
    } catch (...) {
      std::lock_guard relock(mutex_);
      --open_;
      cv_.notify_one();
      throw;
    }
  }

  void Release(std::unique_ptr<PgConnection> conn) {
    {
      std::lock_guard lock(mutex_);
      if (conn->healthy()) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  std::string conninfo_;
  int capacity_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  int open_ = 0;                                     // guarded by mutex_
};

}  // namespace

std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, int pool_size) {
  return std::make_unique<PostgresDatabase>(conninfo, pool_size);
}

}  // namespace jiceng::store
