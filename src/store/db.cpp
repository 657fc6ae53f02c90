#include "store/db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

#include "store/postgres_db.h"
#include "store/sqlite_db.h"

namespace jiceng::store {

void CreatePrivateFile(const std::string& path, bool tighten) {
  // With `tighten` the file is about to be rewritten whole (a backup): emptied as well.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  bool created = fd >= 0;
  if (!created && errno == EEXIST)
    fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | (tighten ? O_TRUNC : 0));
  if (fd < 0)
    throw StoreError(StoreError::Kind::kConnection,
                     "cannot create " + path + ": " + std::strerror(errno));
  // The umask only ever removes bits; fchmod makes the mode exact either way. A store made
  // world-readable by an earlier version is restricted too, where its owner runs us (a
  // file we may write but do not own keeps its mode: its owner chose it).
  int rc = ::fchmod(fd, 0600);
  int err = errno;
  ::close(fd);
  if (rc != 0 && !created && !tighten && err == EPERM) rc = 0;
  if (rc != 0)
    throw StoreError(StoreError::Kind::kConnection,
                     "cannot restrict " + path + " to its owner: " + std::strerror(err));
}

int64_t Row::Int(size_t i) const {
  const auto& v = values_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto s = std::get_if<std::string>(&v)) return std::stoll(*s);
  return 0;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::string Row::Text(size_t i) const {
  const auto& v = values_.at(i);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  return {};
}

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::unique_ptr<Database> Database::Open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlite(url.substr(7), pool_size);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return OpenPostgres(url, pool_size);
  throw StoreError(StoreError::Kind::kConnection,
                   "unsupported database URL (expected sqlite:PATH or postgresql://…)");
}

std::vector<std::string> DropIndexesForLoad(Tx& tx, const char* table) {
  // Indexes behind constraints (primary key, UNIQUE) stay: SQLite lists them without SQL,
  // PostgreSQL names them in pg_constraint.
  const Query plain =
      tx.dialect() == Dialect::kSqlite
          ? Query{"plain_indexes",
                  "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 "
                  "AND sql IS NOT NULL ORDER BY name"}
          : Query{"plain_indexes",
                  "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                  "current_schema() AND tablename = ?1 AND indexname NOT IN (SELECT conname "
                  "FROM pg_constraint WHERE conrelid = ?1::regclass) ORDER BY indexname"};
  std::vector<std::string> rebuild;
  for (const auto& r : tx.Fetch(plain, {std::string(table)})) {
    tx.ExecScript("DROP INDEX \"" + r.Text(0) + "\"");
    rebuild.push_back(r.Text(1));
  }
  if (tx.dialect() == Dialect::kPostgres) {
    // PostgreSQL checks a foreign key with a locking look-up per row; adding the key back
    // checks every row in one join.
    for (const auto& r : tx.Fetch({"foreign_keys",
                                   "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                                   "WHERE conrelid = ?1::regclass AND contype = 'f' ORDER BY "
                                   "conname"},
                                  {std::string(table)})) {
      std::string name = "\"" + r.Text(0) + "\"";
      tx.ExecScript("ALTER TABLE " + std::string(table) + " DROP CONSTRAINT " + name);
      rebuild.push_back("ALTER TABLE " + std::string(table) + " ADD CONSTRAINT " + name + " " +
                        r.Text(1));
    }
  }
  return rebuild;
}

void RebuildIndexes(Tx& tx, const std::vector<std::string>& statements) {
  for (const auto& sql : statements) tx.ExecScript(sql);
}

void Database::PauseBeforeRetry(const RetryPolicy& policy, int attempt, const StoreError& e) {
  int64_t cap = std::max(1, policy.backoff_ms);
  for (int i = 1; i < attempt && cap < policy.max_backoff_ms; ++i) cap *= 2;
  cap = std::min<int64_t>(cap, std::max(1, policy.max_backoff_ms));
  // Jitter: transactions that collided once should not wake up together and collide again.
  thread_local std::minstd_rand rng(std::random_device{}());
  std::uniform_int_distribution<int64_t> pick(std::max<int64_t>(1, cap * 1000 / 2), cap * 1000);
  int64_t sleep_us = pick(rng);
  spdlog::info("store: transaction lost a race (attempt {} of {}), retrying in {} us: {}", attempt,
               policy.attempts, sleep_us, e.what());
  std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
}

std::string ToPostgresPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '$';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace jiceng::store
