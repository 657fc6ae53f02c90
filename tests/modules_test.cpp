// A module brought by a test, touching no existing file: its descriptor declares a
// permission, routes, a measure in the facts index and an after-commit subscriber, and the
// runtime wires them. This is the contract every product module follows (api/module.h,
// runtime/modules.cpp).
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "api/module.h"
#include "api_fixture.h"
#include "index/facts.h"
#include "platform/clock.h"
#include "service/events.h"
#include "service/facts_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

// The toy module's event: a toy was made in an organization.
struct ToyMade {
  int64_t org_id = 0;
  std::string name;
};

// What the toy module's subscriber saw (a real module would count it in the facts index).
struct ToyLedger {
  std::mutex mutex;
  std::vector<ToyMade> seen;
  std::atomic<int> deliveries_inside_tx{0};
  std::atomic<int> job_runs{0}, failing_job_runs{0};
};

const domain::PermissionDef kMakeToys{"toys.make",
                                      {domain::Role::kCityAdmin, domain::Role::kBranchSecretary}};

api::Module ToyModule(ToyLedger& ledger) {
  api::Module m;
  m.name = "toys";
  m.summary = "玩具 / toys (a test's module)";
  m.permissions = {kMakeToys};
  m.routes = [&ledger](api::Routes& routes) {
    const auto make = domain::DefinePermission(kMakeToys);
    api::RouteDef post{"POST", "/api/toys", "toys", "做一个玩具 / make a toy",
                       [make](api::Call& c) -> Result<http::Response> {
                         JICENG_TRY(body, api::ParseObject(c.req));
                         JICENG_TRY(org, api::RequireInt(body, "org_id"));
                         JICENG_TRY(name, api::RequireString(body, "name", 20));
                         JICENG_TRY(roll_back, api::OptionalBool(body, "roll_back"));
                         JICENG_CHECK(orgs::Allow(c.svc.ctx, *c.who, make, org));
                         auto& ctx = c.svc.ctx;
                         const auto made = *ctx.facts.registry().Find("toys.made");
                         const int32_t month = facts::MonthIndex(FormatShanghai(ctx.clock.NowMs()));
                         JICENG_TRY(done, ctx.db.Write([&](store::Tx& tx) -> Result<int> {
                           // The measure, in the same transaction as the write it counts.
                           facts::Record(ctx, tx, {{org, month, made, 1}});
                           ctx.events->Publish(tx, ToyMade{org, name});
                           if (roll_back.value_or(false))
                             return Fail(ErrorKind::kRuleBroken, "toy_refused", "不做了 / refused");
                           return 1;
                         }));
                         (void)done;
                         return api::Json({{"org_id", org}, {"name", name}}, 201);
                       }};
    post.request_schema = api::ObjectSchema(
        {{"org_id", api::IntegerSchema()}, {"name", api::StringSchema(20)}}, {"org_id", "name"});
    routes.push_back(std::move(post));
    routes.push_back({"GET", "/api/toys", "toys", "玩具清单 / toys made",
                      [&ledger](api::Call&) -> Result<http::Response> {
                        std::lock_guard lock(ledger.mutex);
                        api::json items = api::json::array();
                        for (const auto& t : ledger.seen)
                          items.push_back({{"org_id", t.org_id}, {"name", t.name}});
                        return api::Json(api::ListBody(items, static_cast<int64_t>(items.size())));
                      }});
  };
  // One measure, counted per organization and month; its recount (for a store that had no
  // such measure yet, or `jiceng facts rebuild`) would GROUP BY the module's own table —
  // this toy keeps none, so there is nothing to recount.
  m.facts = [](facts::Registry& registry) {
    registry.Declare("toys", "toys.made");
    registry.SetRecount("toys", [](store::Tx&) { return std::vector<facts::Fact>{}; });
  };
  m.start = [&ledger](Context& ctx) {
    ctx.events->Subscribe<ToyMade>("toys.ledger", [&ledger, &ctx](const ToyMade& e) {
      // Delivered after the commit: the writer is free, so a transaction of our own opens.
      (void)ctx.db.Write([&](store::Tx&) -> Status { return {}; });
      std::lock_guard lock(ledger.mutex);
      ledger.seen.push_back(e);
    });
  };
  // Two periodic jobs: one counts its runs, one throws on its first two (and is run again).
  m.jobs = {{"toys.count", 20, [&ledger](const Context&, std::stop_token) { ++ledger.job_runs; }},
            {"toys.fail", 30, [&ledger](const Context&, std::stop_token) {
               if (++ledger.failing_job_runs <= 2) throw std::runtime_error("a toy job failed");
             }}};
  return m;
}

class ModulesTest : public ApiTest {
 protected:
  void AddModules(std::vector<api::Module>& modules) override {
    modules.push_back(ToyModule(ledger_));
  }
  void Configure(Config& config) override { config.run_jobs = true; }
  ToyLedger ledger_;
};

TEST_P(ModulesTest, ATestsModuleBringsItsRoutesPermissionAndSubscriber) {
  auto admin = Login("admin", kPassword);
  // Its routes are served and documented.
  auto doc = Get("/api/openapi.json").Json();
  ASSERT_TRUE(doc["paths"].contains("/api/toys"));
  EXPECT_TRUE(doc["paths"]["/api/toys"].contains("post"));

  // Its permission: a city administrator carries it …
  auto made = Post("/api/toys", {{"org_id", street_a_}, {"name", "风车"}}, admin);
  ASSERT_EQ(made.status, 201) << made.body;
  // … and the subscriber saw the committed toy.
  auto list = Get("/api/toys", admin).Json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["name"], "风车");
  EXPECT_EQ(list["items"][0]["org_id"], street_a_);

  // A street administrator's role does not carry it: 403.
  MakeUser("street", "street_admin", street_a_);
  auto street = Login("street", kPassword);
  EXPECT_EQ(Post("/api/toys", {{"org_id", street_a_}, {"name", "陀螺"}}, street).status, 403);
  // A branch secretary's does, but only inside their subtree: 404 outside it.
  MakeUser("secretary", "branch_secretary", district_b_);
  auto secretary = Login("secretary", kPassword);
  EXPECT_EQ(Post("/api/toys", {{"org_id", street_a_}, {"name", "陀螺"}}, secretary).status, 404);
  EXPECT_EQ(Post("/api/toys", {{"org_id", district_b_}, {"name", "陀螺"}}, secretary).status, 201);

  // A transaction that rolls back publishes nothing.
  auto refused =
      Post("/api/toys", {{"org_id", street_a_}, {"name", "纸鸢"}, {"roll_back", true}}, admin);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.ErrorCode(), "toy_refused");
  list = Get("/api/toys", admin).Json();
  ASSERT_EQ(list["total"], 2);
  EXPECT_EQ(list["items"][1]["name"], "陀螺");
  EXPECT_EQ(runtime_->events().failed(), 0u);

  // Its measure: this month's toys summed over each subtree (the refused one not counted),
  // kept in the store's facts table, and the same after a reload from that table.
  auto& ctx = runtime_->context();
  const auto measure = ctx.facts.registry().Find("toys.made");
  ASSERT_TRUE(measure);
  const int32_t month = facts::MonthIndex(FormatShanghai(clock_->NowMs()));
  auto counts = [&] {
    auto tree = ctx.orgs.snapshot();
    std::vector<int64_t> out;
    for (int64_t org : {root_, district_a_, street_a_, district_b_})
      out.push_back(ctx.facts.Total(tree, *tree->Find(org), month, month + 1, *measure));
    return out;
  };
  EXPECT_EQ(counts(), (std::vector<int64_t>{2, 1, 1, 1}));
  runtime_->db().Read([&](store::Tx& tx) {
    auto row = tx.FetchOne({"test_toy_facts",
                            "SELECT SUM(f.value) FROM org_month_facts f JOIN fact_measures m ON "
                            "m.id = f.measure_id WHERE m.name = 'toys.made'"});
    EXPECT_EQ(row->Int(0), 2);
  });
  facts::Load(ctx);
  EXPECT_EQ(counts(), (std::vector<int64_t>{2, 1, 1, 1}));
}

TEST_P(ModulesTest, ThePermissionHasItsCodeAndRoles) {
  const auto p = domain::DefinePermission(kMakeToys);
  EXPECT_EQ(domain::PermissionCode(p), "toys.make");
  EXPECT_TRUE(domain::RolePermits(domain::Role::kBranchSecretary, p));
  EXPECT_FALSE(domain::RolePermits(domain::Role::kStreetAdmin, p));
  EXPECT_FALSE(domain::RolePermits(domain::Role::kAuditor, p));
  // Defined again with other roles: a programming error, refused.
  EXPECT_THROW(domain::DefinePermission({"toys.make", {domain::Role::kMember}}), std::logic_error);
  EXPECT_EQ(domain::PermissionCode(domain::Permission::kRecordMeetings), "record_meetings");
}

TEST_P(ModulesTest, TheServerRunsTheModulesJobsEveryPeriodEvenAfterOneThrows) {
  // The server started in SetUp; each job runs every period, on wall time.
  for (int i = 0; i < 500 && (ledger_.job_runs < 3 || ledger_.failing_job_runs < 3); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(ledger_.job_runs.load(), 3);
  EXPECT_GE(ledger_.failing_job_runs.load(), 3);  // a throw is logged, the job stays
  // Stopping the runtime stops its jobs.
  runtime_.reset();
  const int after = ledger_.job_runs.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(ledger_.job_runs.load(), after);
}

JICENG_API_TEST_SUITE(ModulesTest);

// The bus alone: delivery after commit, none after a rollback, a throwing subscriber logged
// and the others still served.
TEST(EventsBus, DeliversAfterCommitOnlyAndSurvivesAThrowingSubscriber) {
  auto dir =
      std::filesystem::temp_directory_path() / ("jiceng-events-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = store::Database::Open("sqlite:" + (dir / "e.db").string(), 2);
  events::Bus bus;
  std::vector<int> seen;
  bool committed_when_seen = false;
  bus.Subscribe<int>("throws", [](const int&) { throw std::runtime_error("boom"); });
  bus.Subscribe<int>("records", [&](const int& v) {
    seen.push_back(v);
    // The publishing transaction is over: a write of our own does not deadlock.
    committed_when_seen = db->Write([](store::Tx&) -> Status { return {}; }).has_value();
  });
  auto ok = db->Write([&](store::Tx& tx) -> Status {
    bus.Publish(tx, 1);
    EXPECT_TRUE(seen.empty());  // not before the commit
    return {};
  });
  ASSERT_TRUE(ok);
  auto no = db->Write([&](store::Tx& tx) -> Status {
    bus.Publish(tx, 2);
    return Fail(ErrorKind::kRuleBroken, "no", "no");
  });
  EXPECT_FALSE(no);
  EXPECT_THROW((void)db->Write([&](store::Tx& tx) -> Status {
    bus.Publish(tx, 3);
    throw std::runtime_error("half-way");
  }),
               std::runtime_error);
  EXPECT_EQ(seen, std::vector<int>{1});
  EXPECT_TRUE(committed_when_seen);
  EXPECT_EQ(bus.failed(), 1u);
  EXPECT_EQ(bus.delivered(), 1u);
  bus.PublishCommitted(4);
  EXPECT_EQ(seen, (std::vector<int>{1, 4}));
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jiceng::testing
