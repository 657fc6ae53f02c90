// The facts index (index/facts.h) alone: a toy module's measures, range sums over pre-order
// subtrees and months, deltas and their tickets around a load, the pre-order View. Then on
// both stores: the facts table kept exact by every write (meetings created, updated,
// confirmed, planned; readings new and longer) against a GROUP BY recount, a stale table
// recounted by the load, and /readyz answering 503 "loading" until the facts are loaded
// while a question waits for them.
#include <future>
#include <thread>

#include "api_fixture.h"
#include "index/facts.h"
#include "index/org_tree.h"
#include "service/context.h"
#include "service/facts_service.h"
#include "service/reading_service.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

// root 1 → district 2 (street 4 → branch 5), district 3.
std::shared_ptr<const index::OrgTree::Snapshot> Tree(index::OrgTree& tree) {
  std::vector<index::OrgNode> rows;
  for (auto [id, parent] :
       std::vector<std::pair<int64_t, int64_t>>{{1, 0}, {2, 1}, {3, 1}, {4, 2}, {5, 4}}) {
    index::OrgNode n;
    n.id = id;
    n.parent_id = parent;
    n.name = "org" + std::to_string(id);
    rows.push_back(n);
  }
  tree.Rebuild(rows);
  return tree.snapshot();
}

TEST(FactsIndex, MonthsAreCalendarMonths) {
  EXPECT_EQ(facts::MonthIndex("2024-07-15"), 2024 * 12 + 6);
  EXPECT_EQ(facts::MonthIndex("2024-01"), 2024 * 12);
  EXPECT_EQ(facts::MonthIndex("2024-13-01"), 0);
  EXPECT_EQ(facts::MonthIndex("x"), 0);
  EXPECT_EQ(facts::MonthLabel(2024 * 12 + 11), "2024-12");
  EXPECT_EQ(facts::StoredMonth(2024 * 12 + 6), 202407);
  EXPECT_EQ(facts::FromStoredMonth(202407), 2024 * 12 + 6);
}

TEST(FactsIndex, AToyModuleDeclaresMeasuresAndSumsSubtreesAndPeriods) {
  facts::Index facts;
  auto& reg = facts.registry();
  const auto checkins = reg.Declare("checkins", "checkins.count");
  const auto fen = reg.Declare("checkins", "checkins.fen");
  EXPECT_EQ(reg.Declare("checkins", "checkins.count"), checkins);  // the same name: the same
  EXPECT_EQ(*reg.Find("checkins.fen"), fen);
  EXPECT_FALSE(reg.Find("nothing"));
  int recounts = 0;
  reg.SetRecount("checkins", [&](store::Tx&) {
    ++recounts;
    return std::vector<facts::Fact>{};
  });
  ASSERT_EQ(reg.Recounts().size(), 1u);

  index::OrgTree orgs;
  auto tree = Tree(orgs);
  const int32_t jul = facts::MonthIndex("2024-07"), aug = jul + 1, sep = jul + 2;
  const uint64_t ticket = facts.BeginLoad();
  EXPECT_EQ(facts.Loading(), std::vector<std::string>{"facts"});
  // Several facts of one cell are summed; money beyond 32 bits stays exact.
  facts.FinishLoad(ticket,
                   {{5, jul, checkins, 3},
                    {5, jul, checkins, 2},
                    {4, aug, checkins, 1},
                    {3, jul, checkins, 7},
                    {5, sep, fen, 5'000'000'000LL},
                    {99, jul, checkins, 100}},  // not in the tree: never in a subtree
                   0.1);
  EXPECT_TRUE(facts.Loading().empty());
  const auto& root = *tree->Find(1);
  const auto& district = *tree->Find(2);
  const auto& branch = *tree->Find(5);
  EXPECT_EQ(facts.Total(tree, root, jul, sep + 1, checkins), 13);
  EXPECT_EQ(facts.Total(tree, district, jul, sep + 1, checkins), 6);
  EXPECT_EQ(facts.Total(tree, district, aug, sep + 1, checkins), 1);
  EXPECT_EQ(facts.Total(tree, branch, jul, jul + 1, checkins), 5);
  EXPECT_EQ(facts.Total(tree, *tree->Find(3), aug, sep + 1, checkins), 0);
  const facts::MeasureId both[] = {checkins, fen};
  auto a = facts.Sum(tree, root, jul, sep + 1, both);
  EXPECT_EQ(a.total, (std::vector<int64_t>{13, 5'000'000'000LL}));
  ASSERT_EQ(a.by_month.size(), 3u);
  EXPECT_EQ(a.by_month.at(sep), (std::vector<int64_t>{0, 5'000'000'000LL}));

  // A delta with the current ticket applies; one taken before a load began is dropped (the
  // load read it); one taken during a load is kept until it is installed.
  facts.Apply(facts.Ticket(), {{5, jul, checkins, -5}, {2, aug, checkins, 4}});
  EXPECT_EQ(facts.Total(tree, branch, jul, jul + 1, checkins), 0);
  EXPECT_EQ(facts.Total(tree, district, jul, sep + 1, checkins), 5);
  const uint64_t old = facts.Ticket();
  const uint64_t reload = facts.BeginLoad();
  facts.Apply(old, {{3, jul, checkins, 1000}});
  facts.Apply(facts.Ticket(), {{3, jul, checkins, 1}});
  facts.FinishLoad(reload, {{3, jul, checkins, 7}}, 0.1);
  EXPECT_EQ(facts.Total(tree, root, jul, sep + 1, checkins), 8);
  EXPECT_EQ(facts.cells(), 1u);
  EXPECT_EQ(recounts, 0);  // recounts are the store's business (facts_service)
}

TEST(FactsIndex, AViewWalksTheTreeInPreOrder) {
  facts::Index facts;
  const auto a = facts.registry().Declare("toy", "toy.a");
  const auto b = facts.registry().Declare("toy", "toy.b");
  index::OrgTree orgs;
  auto tree = Tree(orgs);
  const int32_t jan = facts::MonthIndex("2024-01");
  facts.FinishLoad(facts.BeginLoad(),
                   {{1, jan, a, 1},
                    {2, jan, a, 2},
                    {5, jan + 1, a, 5},
                    {5, jan + 2, b, 50},
                    {3, jan + 2, b, 30}},
                   0);
  std::vector<std::tuple<int64_t, int64_t, int64_t>> seen;  // org, a over the quarter, b in March
  facts.Read(tree, jan, jan + 3, {a, b}, [&](const facts::Index::View& view) {
    for (const auto& node : tree->nodes)
      seen.emplace_back(node.id, view.Of(node, 0, jan, jan + 3),
                        view.Of(node, 1, jan + 2, jan + 3));
    // Out of order (a jump back) and outside the window.
    EXPECT_EQ(view.Of(*tree->Find(2), 0, jan, jan + 1), 2);
    EXPECT_EQ(view.Of(*tree->Find(5), 0, jan - 5, jan + 12), 5);
    EXPECT_EQ(view.Of(*tree->Find(5), 2, jan, jan + 3), 0);  // no such measure
    return 0;
  });
  std::map<int64_t, std::pair<int64_t, int64_t>> by_org;
  for (auto [id, x, y] : seen) by_org[id] = {x, y};
  EXPECT_EQ(by_org[1], std::make_pair(int64_t{1}, int64_t{0}));  // its own, not its subtree's
  EXPECT_EQ(by_org[2], std::make_pair(int64_t{2}, int64_t{0}));
  EXPECT_EQ(by_org[3], std::make_pair(int64_t{0}, int64_t{30}));
  EXPECT_EQ(by_org[4], std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(by_org[5], std::make_pair(int64_t{5}, int64_t{50}));
}

TEST(FactsIndex, AQuestionBeforeAnyLoadRunsTheLoader) {
  facts::Index facts;
  const auto a = facts.registry().Declare("toy", "toy.a");
  index::OrgTree orgs;
  auto tree = Tree(orgs);
  int loads = 0;
  facts.SetLoader([&] {
    ++loads;
    facts.FinishLoad(facts.BeginLoad(), {{5, 100, a, 2}}, 0);
  });
  EXPECT_EQ(facts.Total(tree, *tree->Find(1), 100, 101, a), 2);
  EXPECT_EQ(facts.Total(tree, *tree->Find(1), 100, 101, a), 2);
  EXPECT_EQ(loads, 1);
  facts::Index failing;
  failing.SetLoader([&] { failing.FailLoad("store unreachable"); });
  EXPECT_THROW(failing.WaitLoaded(), std::runtime_error);
  EXPECT_EQ(failing.state(), facts::Index::State::kFailed);
}

class FactsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    branch_ = Org(street_a_, "中共粤海街道机关第一支部委员会");
    other_ = Org(district_b_, "中共福田区机关第一支部委员会");
    for (int i = 0; i < 3; ++i) {
      auto made = Post("/api/members",
                       {{"org_id", i < 2 ? branch_ : other_},
                        {"name", std::string("党员") + std::to_string(i)},
                        {"national_id", CitizenId("4403051990010" + std::to_string(1 + i) + "123")},
                        {"status", "full"},
                        {"joined_on", "2015-07-01"}},
                       admin_);
      ASSERT_EQ(made.status, 201) << made.body;
      members_.push_back(made.Json()["id"]);
    }
    material_ = AddSpeech(admin_);
    ASSERT_NE(material_, 0);
  }
  int64_t Org(int64_t parent, const std::string& name) {
    auto r = Post(
        "/api/orgs",
        {{"parent_id", parent}, {"name", name}, {"kind", "branch"}, {"founded_on", "2020-01-01"}},
        admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  json Meeting(int64_t org, const std::string& type, const std::string& held_at,
               const std::vector<std::string>& statuses, bool first_topic) {
    json attendance = json::array();
    for (size_t i = 0; i < statuses.size(); ++i) {
      json a = {{"member_id", members_[org == branch_ ? i : 2]}, {"status", statuses[i]}};
      if (statuses[i] == "excused") a["reason"] = "出差";
      attendance.push_back(a);
    }
    json m = {{"org_id", org},
              {"type", type},
              {"title", "主题党日"},
              {"held_at", held_at},
              {"agenda", {"学习讲话精神"}},
              {"attendance", attendance}};
    if (first_topic) m["first_topic"] = {{"material_ids", {material_}}, {"leader", "王书记"}};
    return m;
  }
  // The store's table, nonzero sums, by (org, YYYYMM, measure name).
  using Sums = std::map<std::tuple<int64_t, int64_t, std::string>, int64_t>;
  Sums Table() {
    Sums out;
    runtime_->db().Read([&](store::Tx& tx) {
      for (const auto& r : tx.Fetch({"test_facts_table",
                                     "SELECT f.org_id, f.month, m.name, f.value FROM "
                                     "org_month_facts f JOIN fact_measures m ON m.id = "
                                     "f.measure_id WHERE f.value <> 0"}))
        out[{r.Int(0), r.Int(1), r.Text(2)}] = r.Int(3);
    });
    return out;
  }
  // What the modules' GROUP BY recounts say.
  Sums Recounted() {
    Sums out;
    const auto& reg = runtime_->context().facts.registry();
    runtime_->db().Read([&](store::Tx& tx) {
      for (const auto& [module, recount] : reg.Recounts())
        for (const auto& f : recount(tx))
          out[{f.org_id, facts::StoredMonth(f.month), reg.Name(f.measure)}] += f.value;
    });
    std::erase_if(out, [](const auto& kv) { return kv.second == 0; });
    return out;
  }
  json Stats(int64_t org, const std::string& period) {
    auto r = Get("/api/orgs/" + std::to_string(org) + "/meeting-stats?period=" + period, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  std::string admin_;
  int64_t branch_ = 0, other_ = 0, material_ = 0;
  std::vector<int64_t> members_;
};
JICENG_API_TEST_SUITE(FactsTest);

TEST_P(FactsTest, TheTableFollowsEveryWriteExactly) {
  auto made =
      Post("/api/meetings",
           Meeting(branch_, "theme_day", "2024-07-15T19:30:00+08:00", {"present", "excused"}, true),
           admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  // 16:30Z on 31 August is 1 September in Shanghai.
  auto other =
      Post("/api/meetings",
           Meeting(other_, "committee_meeting", "2024-08-31T16:30:00Z", {"absent"}, true), admin_);
  ASSERT_EQ(other.status, 201) << other.body;
  auto plan = Post("/api/meetings",
                   {{"org_id", branch_},
                    {"type", "member_meeting"},
                    {"title", "第三季度党员大会"},
                    {"held_at", "2024-09-20T15:00:00+08:00"},
                    {"state", "planned"}},
                   admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(Table(), Recounted());
  auto t = Table();
  EXPECT_EQ((t[{branch_, 202407, "meetings.theme_day"}]), 1);
  EXPECT_EQ((t[{branch_, 202407, "meetings.present"}]), 1);
  EXPECT_EQ((t[{other_, 202409, "meetings.absent"}]), 1);
  EXPECT_EQ(t.count({branch_, 202409, "meetings.member_meeting"}), 0u);  // planned: nothing

  // The plan held, then moved to another month with other attendance; a record confirmed.
  json p = plan.Json();
  auto held =
      Patch("/api/meetings/" + std::to_string(p["id"].get<int64_t>()),
            {{"version", p["version"]},
             {"state", "recorded"},
             {"first_topic", {{"material_ids", {material_}}}},
             {"attendance", json::array({{{"member_id", members_[0]}, {"status", "absent"}},
                                         {{"member_id", members_[1]}, {"status", "present"}}})}},
            admin_);
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(Table(), Recounted());
  json h = held.Json();
  auto moved = Patch("/api/meetings/" + std::to_string(h["id"].get<int64_t>()),
                     {{"version", h["version"]},
                      {"held_at", "2024-10-08T15:00:00+08:00"},
                      {"first_topic", {{"material_ids", {material_}}}}},
                     admin_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  json m = made.Json();
  auto confirmed = Post("/api/meetings/" + std::to_string(m["id"].get<int64_t>()) + "/confirm",
                        {{"version", m["version"]}}, admin_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Table(), Recounted());
  EXPECT_EQ(Stats(root_, "2024")["meetings"], 3);
  EXPECT_EQ(Stats(street_a_, "2024Q4")["first_topic_sessions"], 1);
  EXPECT_EQ(Stats(street_a_, "2024Q3")["meetings"], 1);

  // Readings: a new session, the same one reported longer, a shorter report (no change).
  auto& ctx = runtime_->context();
  domain::Principal reader;
  reader.user_id = 1;
  reader.member_id = members_[0];
  const std::string at = FormatShanghai(clock_->NowMs() - 3'600'000);
  ASSERT_TRUE(readings::Record(ctx, reader, material_, at, 300));
  ASSERT_TRUE(readings::Record(ctx, reader, material_, at, 900));
  ASSERT_TRUE(readings::Record(ctx, reader, material_, at, 600));
  EXPECT_EQ(Table(), Recounted());
  auto year = Stats(street_a_, at.substr(0, 4));
  EXPECT_EQ(year["reading_sessions"], 1);
  EXPECT_EQ(year["reading_minutes"], 15);

  // A stale table (a store from before a measure): the load recounts it once.
  (void)runtime_->db().Write([](store::Tx& tx) -> Status {
    tx.Exec({"test_facts_wipe", "DELETE FROM org_month_facts"});
    tx.Exec({"test_facts_stale", "UPDATE fact_measures SET built = 0"});
    return {};
  });
  facts::Load(ctx);
  EXPECT_EQ(Table(), Recounted());
  EXPECT_EQ(Stats(root_, "2024")["meetings"], 3);
  runtime_->db().Read([](store::Tx& tx) {
    EXPECT_EQ(tx.FetchOne({"test_facts_built", "SELECT MIN(built) FROM fact_measures"})->Int(0), 1);
  });
  // And `jiceng facts rebuild`'s path: the same sums again.
  auto report = facts::Rebuild(ctx);
  EXPECT_EQ(report.modules,
            (std::vector<std::string>{"meetings", "readings", "centers", "tickets"}));
  EXPECT_EQ(Table(), Recounted());
  EXPECT_EQ(Stats(root_, "2024")["meetings"], 3);
}

// The load's streamed scan (Tx::ScanInts), alike on both stores: integers of any width and
// sign, NULL as 0, integer parameters; a text column or parameter is refused, and the
// connection stays usable.
TEST_P(FactsTest, ScanIntsStreamsIntegerRowsAlikeOnBothStores) {
  runtime_->db().Read([](store::Tx& tx) {
    std::vector<std::vector<int64_t>> rows;
    tx.ScanInts({"test_scan_ints",
                 "SELECT 1, -5, NULL, 9000000000 UNION ALL SELECT ?1 + 1, 0, ?2, -9000000000"},
                {int64_t{41}, nullptr}, [&](const int64_t* v) {
                  rows.push_back({v[0], v[1], v[2], v[3]});
                });
    EXPECT_EQ(rows, (std::vector<std::vector<int64_t>>{{1, -5, 0, 9'000'000'000LL},
                                                       {42, 0, 0, -9'000'000'000LL}}));
    EXPECT_THROW(tx.ScanInts({"test_scan_text", "SELECT 1, 'x'"}, {}, [](const int64_t*) {}),
                 store::StoreError);
    EXPECT_EQ(tx.FetchOne({"test_after_scan", "SELECT 7"})->Int(0), 7);
  });
  runtime_->db().Read([](store::Tx& tx) {
    int n = 0;
    EXPECT_THROW(tx.ScanInts({"test_scan_text_param", "SELECT ?1 || ''"},
                             {std::string("1; DROP TABLE orgs")}, [&](const int64_t*) { ++n; }),
                 store::StoreError);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(tx.FetchOne({"test_orgs_kept", "SELECT COUNT(*) FROM orgs"})->Int(0) > 0, true);
  });
}

TEST_P(FactsTest, ReadyzSaysLoadingUntilTheFactsAreLoadedAndQuestionsWait) {
  auto& ctx = runtime_->context();
  ctx.facts.WaitLoaded();  // the load the server began at start
  for (int i = 0; i < 200 && Get("/readyz").status != 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(Get("/readyz").status, 200);
  EXPECT_NE(Get("/metrics").body.find("jiceng_facts_loaded 1"), std::string::npos);
  ASSERT_EQ(
      Post("/api/meetings",
           Meeting(branch_, "theme_day", "2024-07-15T19:30:00+08:00", {"present"}, true), admin_)
          .status,
      201);

  // A load in progress (as at start): 503 with what is loading; a question waits.
  const uint64_t ticket = ctx.facts.BeginLoad();
  auto ready = Get("/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.Json()["status"], "loading");
  EXPECT_EQ(ready.Json()["loading"], json::array({"facts"}));
  EXPECT_EQ(ready.headers["retry-after"], "1");
  EXPECT_NE(Get("/metrics").body.find("jiceng_facts_loaded 0"), std::string::npos);
  auto asked = std::async(std::launch::async, [&] { return Stats(street_a_, "2024"); });
  EXPECT_EQ(asked.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  facts::Load(ctx);  // supersedes the load begun above
  (void)ticket;
  EXPECT_EQ(asked.get()["meetings"], 1);
  EXPECT_EQ(Get("/readyz").status, 200);
  EXPECT_NE(Get("/metrics").body.find("jiceng_facts_loaded 1"), std::string::npos);
}

}  // namespace
}  // namespace jiceng::testing
