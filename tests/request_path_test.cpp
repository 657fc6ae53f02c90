// A request's path: one org-tree snapshot per request, exceptions answered as JSON errors
// on every path, and transactions that lose a race retried (store_conflict when they keep
// losing). Runs on both stores.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/app.h"
#include "api/route.h"
#include "api_fixture.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"
#include "index/org_tree.h"
#include "service/auth_service.h"
#include "service/context.h"
#include "store/db.h"
#include "store/postgres_db.h"
#include "store/sqlite_db.h"

namespace jiceng::testing {
namespace {

// Captures what spdlog's default logger writes while it lives.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

std::string Plain(const std::string& method, const std::string& path, const std::string& id) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: " + id +
         "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

// ---------------------------------------------------------------------------------------
// One org-tree snapshot per request

TEST(OrgTreePin, APinnedThreadKeepsItsSnapshotWhileOthersRebuild) {
  index::OrgTree tree;
  tree.Rebuild({{1, 0, "root"}, {2, 1, "a"}, {3, 1, "b"}, {4, 2, "street"}});
  auto before = tree.snapshot();
  {
    index::OrgTree::Pin pin(tree);
    auto first = tree.snapshot();
    EXPECT_TRUE(first->Contains(2, 4));
    // Another thread moves the street from a to b.
    std::thread([&] {
      tree.Rebuild({{1, 0, "root"}, {2, 1, "a"}, {3, 1, "b"}, {4, 3, "street"}});
    }).join();
    EXPECT_EQ(tree.snapshot(), first);  // same tree for the whole request
    EXPECT_TRUE(tree.Contains(2, 4));
    {
      index::OrgTree::Pin nested(tree);  // a nested pin shares the outer one
      EXPECT_EQ(tree.snapshot(), first);
    }
    EXPECT_EQ(tree.snapshot(), first);
    // Other threads see the latest tree.
    std::shared_ptr<const index::OrgTree::Snapshot> elsewhere;
    std::thread([&] { elsewhere = tree.snapshot(); }).join();
    EXPECT_NE(elsewhere, first);
    EXPECT_TRUE(elsewhere->Contains(3, 4));
    // The request's own rebuild (after its own commit) re-pins it to what it wrote.
    tree.Rebuild({{1, 0, "root"}, {2, 1, "a"}, {3, 1, "b"}, {4, 1, "street"}});
    auto own = tree.snapshot();
    EXPECT_NE(own, first);
    EXPECT_EQ(own->Find(4)->parent_id, 1);
    std::thread([&] { tree.Rebuild({{1, 0, "root"}, {4, 1, "street"}}); }).join();
    EXPECT_EQ(tree.snapshot(), own);
  }
  EXPECT_NE(tree.snapshot(), before);  // unpinned: the latest again
  EXPECT_EQ(tree.snapshot()->nodes.size(), 2u);
}

TEST(OrgTreePin, TakenLazilyAndPerTree) {
  index::OrgTree one, two;
  one.Rebuild({{1, 0, "one"}});
  two.Rebuild({{1, 0, "two"}});
  index::OrgTree::Pin pin(one);
  // Nothing read yet: a rebuild elsewhere before the first read is what the request sees.
  std::thread([&] { one.Rebuild({{1, 0, "one, renamed"}}); }).join();
  EXPECT_EQ(one.snapshot()->Find(1)->name, "one, renamed");
  std::thread([&] { one.Rebuild({{1, 0, "one, again"}}); }).join();
  EXPECT_EQ(one.snapshot()->Find(1)->name, "one, renamed");
  // The other tree is not pinned by this pin.
  std::thread([&] { two.Rebuild({{1, 0, "two, renamed"}}); }).join();
  EXPECT_EQ(two.snapshot()->Find(1)->name, "two, renamed");
}

class RequestPathTest : public ApiTest {};
JICENG_API_TEST_SUITE(RequestPathTest);

// A request that reads while another request moves its organization sees one tree: the
// permission check, the SQL scope and the JSON mapping all agree with the tree as it was
// when the request first looked. Without the pin, the scope would be taken from the moved
// tree (the member vanishes from district A's list that was just authorized) and the
// mapping would show the new name.
TEST_P(RequestPathTest, OneTreePerRequestWhileAnotherMovesAnOrg) {
  std::string admin = Login("admin", kPassword);
  int64_t branch = MakeOrg(admin, street_a_, "中共粤海街道机关第一支部委员会", "branch");
  auto m = Post("/api/members",
                {{"org_id", branch},
                 {"name", "李书记"},
                 {"national_id", CitizenId("44030519800101123")},
                 {"status", "full"},
                 {"joined_on", "2005-07-01"},
                 {"shenzhen_hukou", false}},
                admin);
  ASSERT_EQ(m.status, 201) << m.body;
  int64_t street_version = Get("/api/orgs/" + std::to_string(street_a_), admin).Json()["version"];
  int64_t branch_version = Get("/api/orgs/" + std::to_string(branch), admin).Json()["version"];

  auto& tree = runtime_->context().orgs;
  std::atomic<bool> armed{true};
  HttpResult moved, renamed;
  // Between the list's first look at the tree and the rest of it, another client moves the
  // street (with the branch) from district A to district B and renames the branch.
  tree.SetPinnedReadHookForTest([&] {
    if (!armed.exchange(false)) return;
    std::thread([&] {
      moved = Post("/api/orgs/" + std::to_string(street_a_) + "/move",
                   {{"version", street_version}, {"new_parent_id", district_b_}}, admin);
      renamed =
          Patch("/api/orgs/" + std::to_string(branch),
                {{"version", branch_version}, {"name", "中共福田区机关第一支部委员会"}}, admin);
    }).join();
  });
  auto list = Get("/api/members?under=" + std::to_string(district_a_), admin);
  tree.SetPinnedReadHookForTest(nullptr);
  ASSERT_FALSE(armed);

  // The mover's own response shows the tree it made (its thread re-pinned after its commit).
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["parent_id"], district_b_);
  EXPECT_EQ(moved.Json()["ancestors"].back()["id"], district_b_);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["name"], "中共福田区机关第一支部委员会");

  // The reader: authorized on the old tree, scoped on the old tree, mapped on the old tree.
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json()["total"], 1) << list.body;
  EXPECT_EQ(list.Json()["items"][0]["org_name"], "中共粤海街道机关第一支部委员会");

  // The next request sees the new tree.
  EXPECT_EQ(Get("/api/members?under=" + std::to_string(district_a_), admin).Json()["total"], 0);
  auto now = Get("/api/members?under=" + std::to_string(district_b_), admin);
  ASSERT_EQ(now.Json()["total"], 1) << now.body;
  EXPECT_EQ(now.Json()["items"][0]["org_name"], "中共福田区机关第一支部委员会");
}

// ---------------------------------------------------------------------------------------
// Exceptions answered as JSON errors on every path, over real HTTP

// A second server over the same store with AllRoutes() plus test-only routes.
class TestRoutesServer {
 public:
  TestRoutesServer(Context& ctx, accounts::AccountService& accounts, api::Routes extra)
      : auth_(ctx), services_{ctx, auth_, accounts, metrics_, [] { return std::string("{}"); }} {
    auto routes = api::AllRoutes();
    for (auto& r : extra) routes.push_back(std::move(r));
    app_ = std::make_unique<api::App>(services_, static_files_,
                                      std::make_shared<const api::Routes>(std::move(routes)));
    http::ServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.blocking_threads = 2;
    server_ = std::make_unique<http::Server>(o, *app_, metrics_, nullptr);
    port_ = server_->Start();
  }
  ~TestRoutesServer() {
    server_->Stop();
    server_->Wait();
  }
  uint16_t port() const { return port_; }

 private:
  auth::AuthService auth_;
  http::Metrics metrics_;
  http::StaticFiles static_files_;
  api::Services services_;
  std::unique_ptr<api::App> app_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
};

api::RouteDef Throwing(std::string path, bool fast) {
  api::RouteDef r;
  r.method = "GET";
  r.pattern = std::move(path);
  r.tag = "test";
  r.summary = "测试 / test";
  r.public_route = true;
  r.fast = fast;
  r.handler = [](api::Call&) -> Result<http::Response> {
    throw std::runtime_error("boom in a route");
  };
  return r;
}

TEST_P(RequestPathTest, ExceptionsOnTheFastAndBlockingPathsAnswer500JsonWithTheRequestId) {
  TestRoutesServer server(
      runtime_->context(), runtime_->accounts(),
      {Throwing("/api/test/fast-throw", true), Throwing("/api/test/blocking-throw", false)});
  for (const char* path : {"/api/test/fast-throw", "/api/test/blocking-throw"}) {
    SCOPED_TRACE(path);
    LogCapture log;
    std::string id = std::string("req-") + (path[10] == 'f' ? "fast" : "blocking") + "-42";
    auto r = SendRaw(server.port(), Plain("GET", path, id));
    ASSERT_EQ(r.status, 500) << r.body;  // before: the fast path dropped the connection
    EXPECT_EQ(r.ErrorCode(), "internal_error");
    EXPECT_EQ(r.headers["content-type"].rfind("application/json", 0), 0u);
    EXPECT_EQ(r.headers["x-request-id"], id);
    EXPECT_EQ(r.headers["cache-control"], "no-store");
    std::string logged = log.text();
    EXPECT_NE(logged.find(id), std::string::npos) << logged;
    EXPECT_NE(logged.find("boom in a route"), std::string::npos) << logged;
  }
  // The server goes on serving.
  EXPECT_EQ(SendRaw(server.port(), Plain("GET", "/healthz", "after")).status, 200);
}

// The server's own guard, for a Handler that breaks its promise not to throw.
class ThrowingHandler final : public http::Handler {
 public:
  explicit ThrowingHandler(bool fast) : fast_(fast) {}
  std::optional<http::Response> HandleFast(http::Request&) override {
    if (fast_) throw std::runtime_error("handler broke its promise");
    return std::nullopt;
  }
  http::Response HandleBlocking(http::Request&) override {
    throw std::runtime_error("blocking handler broke its promise");
  }
  std::optional<http::Response> Admit(http::Request&) override { return std::nullopt; }

 private:
  bool fast_;
};

TEST(ServerGuard, AHandlerThatThrowsStillGetsAJsonAnswerWithTheRequestId) {
  for (bool fast : {true, false}) {
    SCOPED_TRACE(fast ? "fast" : "blocking");
    ThrowingHandler handler(fast);
    http::Metrics metrics;
    http::ServerOptions o;
    o.port = 0;
    o.io_threads = 1;
    o.blocking_threads = 1;
    http::Server server(o, handler, metrics, nullptr);
    uint16_t port = server.Start();
    LogCapture log;
    auto r = SendRaw(port, Plain("GET", "/anything", "guard-7"));
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.ErrorCode(), "internal_error");
    EXPECT_EQ(r.headers["x-request-id"], "guard-7");
    EXPECT_NE(log.text().find("guard-7"), std::string::npos);
    server.Stop();
    server.Wait();
  }
}

// ---------------------------------------------------------------------------------------
// Transactions that lose a race

const store::Query kProbeSum{"probe_sum", "SELECT COALESCE(SUM(v), 0) FROM retry_probe"};
const store::Query kProbeInsert{"probe_insert", "INSERT INTO retry_probe (k, v) VALUES (?1, ?2)"};

void CreateProbeTable(store::Database& db) {
  (void)db.Write([](store::Tx& tx) -> Status {
    tx.ExecScript("CREATE TABLE retry_probe (k BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
    return {};
  });
}

// Two SERIALIZABLE transactions that each read the total and then add to it (a cap check,
// as budgets and bookings will do) run at the same time. On PostgreSQL one of them is
// aborted with a serialization failure and runs again, from the start: its second run reads
// the other's row. Its after-commit work from the failed run never happens. On SQLite
// writes are serial (one writer, BEGIN IMMEDIATE): neither needs a retry.
TEST_P(RequestPathTest, ConcurrentSerializableTransactionsConflictAndOneRetries) {
  auto& db = runtime_->db();
  CreateProbeTable(db);
  const bool pg = db.dialect() == store::Dialect::kPostgres;
  std::mutex mu;
  std::condition_variable cv;
  int have_read = 0;  // first attempts that have read the total
  std::atomic<int> attempts{0}, after_commits{0};
  std::vector<int64_t> seen(2, -1);  // the total each writer read in its committed run
  auto writer = [&](int64_t k) {
    bool first = true;
    return db.Write(
        [&, k](store::Tx& tx) -> Status {
          ++attempts;
          int64_t total = tx.FetchOne(kProbeSum)->Int(0);
          if (first && pg) {  // both read before either writes: a write skew on PostgreSQL
            std::unique_lock lock(mu);
            ++have_read;
            cv.notify_all();
            cv.wait_for(lock, std::chrono::seconds(10), [&] { return have_read == 2; });
          }
          first = false;
          tx.Exec(kProbeInsert, {k, int64_t{10}});
          seen[size_t(k - 1)] = total;
          tx.AfterCommit([&] { ++after_commits; });
          return {};
        },
        store::RetryPolicy{.attempts = 3,
                           .backoff_ms = 1,
                           .max_backoff_ms = 10,
                           .isolation = store::RetryPolicy::Isolation::kSerializable});
  };
  Status a, b;
  std::thread ta([&] { a = writer(1); });
  std::thread tb([&] { b = writer(2); });
  ta.join();
  tb.join();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_EQ(attempts, pg ? 3 : 2);
  EXPECT_EQ(after_commits, 2);  // never for the failed run
  // Serial outcome: one writer saw 0, the other saw the first's row.
  EXPECT_EQ(std::min(seen[0], seen[1]), 0);
  EXPECT_EQ(std::max(seen[0], seen[1]), 10);
  EXPECT_EQ(db.Read([](store::Tx& tx) { return tx.FetchOne(kProbeSum)->Int(0); }), 20);
}

TEST_P(RequestPathTest, RetriesAreBoundedAndOnlyForLostRaces) {
  auto& db = runtime_->db();
  CreateProbeTable(db);
  // A run that loses its race once: retried, the failed run's row and after-commit dropped.
  int runs = 0, after = 0;
  auto ok = db.Write(
      [&](store::Tx& tx) -> Status {
        ++runs;
        tx.Exec(kProbeInsert, {int64_t{1}, int64_t{runs}});
        tx.AfterCommit([&, run = runs] { after += run; });
        if (runs == 1) throw store::StoreError(store::StoreError::Kind::kSerialization, "lost");
        return {};
      },
      store::RetryPolicy{});
  EXPECT_TRUE(ok);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(after, 2);  // only the second run's
  EXPECT_EQ(db.Read([](store::Tx& tx) { return tx.FetchOne(kProbeSum)->Int(0); }), 2);

  // Always losing: `attempts` runs, then the failure is thrown.
  runs = 0;
  try {
    (void)db.Write(
        [&](store::Tx&) -> Status {
          ++runs;
          throw store::StoreError(store::StoreError::Kind::kSerialization, "lost again");
        },
        store::RetryPolicy{.attempts = 4, .backoff_ms = 1, .max_backoff_ms = 2});
    ADD_FAILURE() << "no exception";
  } catch (const store::StoreError& e) {
    EXPECT_EQ(e.kind(), store::StoreError::Kind::kSerialization);
  }
  EXPECT_EQ(runs, 4);

  // Without a policy, or for another error, or for an Error result: one run.
  for (auto kind : {store::StoreError::Kind::kSerialization, store::StoreError::Kind::kBusy}) {
    runs = 0;
    EXPECT_THROW((void)db.Write([&](store::Tx&) -> Status {
      ++runs;
      throw store::StoreError(kind, "x");
    }),
                 store::StoreError);
    EXPECT_EQ(runs, 1);
  }
  runs = 0;
  EXPECT_THROW((void)db.Write(
                   [&](store::Tx&) -> Status {
                     ++runs;
                     throw store::StoreError(store::StoreError::Kind::kUniqueViolation, "dup");
                   },
                   store::RetryPolicy{}),
               store::StoreError);
  EXPECT_EQ(runs, 1);
  runs = 0;
  auto refused = db.Write(
      [&](store::Tx&) -> Status {
        ++runs;
        return Fail(ErrorKind::kConflict, "version_conflict", "x");
      },
      store::RetryPolicy{});
  EXPECT_FALSE(refused);
  EXPECT_EQ(runs, 1);
}

// A request whose transaction keeps losing: 503 store_conflict with Retry-After.
TEST_P(RequestPathTest, ALostRaceAfterTheRetriesAnswers503StoreConflict) {
  std::atomic<int> runs{0};
  api::RouteDef r;
  r.method = "POST";
  r.pattern = "/api/test/conflict";
  r.tag = "test";
  r.summary = "测试 / test";
  r.public_route = true;
  r.handler = [&](api::Call& c) -> Result<http::Response> {
    JICENG_CHECK(c.svc.ctx.db.Write(
        [&](store::Tx&) -> Status {
          ++runs;
          throw store::StoreError(store::StoreError::Kind::kSerialization,
                                  "could not serialize access");
        },
        store::RetryPolicy{.attempts = 3, .backoff_ms = 1}));
    return http::Response{};
  };
  TestRoutesServer server(runtime_->context(), runtime_->accounts(), {std::move(r)});
  auto res = SendRaw(server.port(), Plain("POST", "/api/test/conflict", "conflict-1"));
  EXPECT_EQ(res.status, 503) << res.body;
  EXPECT_EQ(res.ErrorCode(), "store_conflict");
  EXPECT_EQ(res.headers["retry-after"], "1");
  EXPECT_EQ(res.headers["x-request-id"], "conflict-1");
  EXPECT_EQ(runs, 3);
}

TEST(StoreErrorKinds, SerializationFailuresAndDeadlocksAreTheirOwnKind) {
  using K = store::StoreError::Kind;
  EXPECT_EQ(store::KindOfSqlState("40001"), K::kSerialization);  // serialization_failure
  EXPECT_EQ(store::KindOfSqlState("40P01"), K::kSerialization);  // deadlock_detected
  EXPECT_EQ(store::KindOfSqlState("55P03"), K::kBusy);           // lock_not_available
  EXPECT_EQ(store::KindOfSqlState("23505"), K::kUniqueViolation);
  EXPECT_EQ(store::KindOfSqlState("08006"), K::kConnection);
  EXPECT_EQ(store::KindOfSqlState(nullptr), K::kOther);
  EXPECT_EQ(store::KindOfSqliteCode(SQLITE_BUSY_SNAPSHOT), K::kSerialization);
  EXPECT_EQ(store::KindOfSqliteCode(SQLITE_BUSY), K::kBusy);
  EXPECT_EQ(store::KindOfSqliteCode(SQLITE_LOCKED), K::kBusy);
}

// What SQLite really answers when a transaction writes from a stale WAL snapshot: the
// code classified as a lost race above.
TEST(StoreErrorKinds, SqliteWritingFromAStaleSnapshotIsBusySnapshot) {
  auto dir = std::filesystem::temp_directory_path() /
             ("jiceng-busy-snapshot-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "probe.db").string();
  sqlite3 *a = nullptr, *b = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &a), SQLITE_OK);
  ASSERT_EQ(sqlite3_open(path.c_str(), &b), SQLITE_OK);
  sqlite3_extended_result_codes(a, 1);
  sqlite3_extended_result_codes(b, 1);
  auto exec = [](sqlite3* db, const char* sql) {
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  };
  ASSERT_EQ(
      exec(a, "PRAGMA journal_mode=WAL; CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)"),
      SQLITE_OK);
  ASSERT_EQ(exec(a, "BEGIN; SELECT * FROM t"), SQLITE_OK);    // a reads: its snapshot starts
  ASSERT_EQ(exec(b, "INSERT INTO t VALUES (2)"), SQLITE_OK);  // b commits past it
  int rc = exec(a, "INSERT INTO t VALUES (3)");               // a tries to write
  EXPECT_EQ(rc, SQLITE_BUSY_SNAPSHOT);
  EXPECT_EQ(store::KindOfSqliteCode(rc), store::StoreError::Kind::kSerialization);
  exec(a, "ROLLBACK");
  sqlite3_close(a);
  sqlite3_close(b);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jiceng::testing
