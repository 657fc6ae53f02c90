// Organizations: the demo tree built from Shenzhen's real divisions, and scoped reads.
#include "api_fixture.h"
#include "service/divisions.h"
#include "service/org_service.h"

#include <set>

namespace jiceng::testing {
namespace {

const std::string kDivisions = std::string(JICENG_SOURCE_DIR) + "/" + divisions::kDefaultDir;

TEST(Divisions, CsvLinesWithQuotes) {
  EXPECT_EQ(divisions::SplitCsvLine(R"(440303001,"桂园街道",440303)"),
            (std::vector<std::string>{"440303001", "桂园街道", "440303"}));
  EXPECT_EQ(divisions::SplitCsvLine(R"(1,"a ""quoted"", b",)"),
            (std::vector<std::string>{"1", "a \"quoted\", b", ""}));
}

TEST(Divisions, ShenzhenAsTheDomainDescribesIt) {
  auto sz = divisions::LoadShenzhen(kDivisions);
  ASSERT_TRUE(sz) << sz.error().message;
  EXPECT_EQ(sz->districts.size(), 9u);
  EXPECT_EQ(sz->streets.size(), 74u);
  ASSERT_EQ(sz->towns.size(), 4u);
  std::vector<std::string> towns;
  for (const auto& t : sz->towns) towns.push_back(t.name);
  EXPECT_EQ(towns, (std::vector<std::string>{"小漠镇", "鹅埠镇", "赤石镇", "鲘门镇"}));
  EXPECT_GT(sz->communities.size(), 780u);
  for (const auto& s : sz->streets) {
    EXPECT_EQ(s.code.size(), 9u);
    EXPECT_EQ(s.code.substr(0, 6), s.parent);
  }
  for (const auto& c : sz->communities) EXPECT_EQ(c.code.size(), 12u);
  auto missing = divisions::LoadShenzhen("/nonexistent");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "divisions_missing");
}

class OrgsTest : public ApiTest {};
JICENG_API_TEST_SUITE(OrgsTest);

TEST_P(OrgsTest, DemoBuildsTheRealTreeOnceAndScopesReadsToIt) {
  auto& ctx = runtime_->context();
  auto first = orgs::SeedDemoDivisions(ctx, root_, kDivisions);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->districts, 10);
  EXPECT_EQ(first->streets, 74);
  EXPECT_EQ(first->towns, 4);
  EXPECT_EQ(first->added, 10 + 74 + 4 + first->communities);
  auto again = orgs::SeedDemoDivisions(ctx, root_, kDivisions);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->added, 0);  // idempotent

  auto admin = Login("admin", kPassword);
  auto kids = Get("/api/orgs/" + std::to_string(root_) + "/children", admin);
  ASSERT_EQ(kids.status, 200);
  const json children = kids.Json();
  int64_t luohu = 0, zone = 0;
  for (const auto& k : children["items"]) {
    if (k["name"] == "中共深圳市罗湖区委员会") luohu = k["id"];
    if (k["name"] == "中共深汕特别合作区工作委员会") zone = k["id"];
  }
  ASSERT_NE(luohu, 0);
  ASSERT_NE(zone, 0);
  auto towns = Get("/api/orgs/" + std::to_string(zone) + "/children", admin).Json();
  EXPECT_EQ(towns["total"], 4);
  EXPECT_EQ(towns["items"][3]["name"], "中共深汕特别合作区鲘门镇委员会");
  EXPECT_EQ(towns["items"][3]["kind"], "town");
  EXPECT_EQ(towns["items"][3]["area_code"], "441521105");

  // A street admin of 罗湖 sees its communities, with the chain of ancestors, and nothing
  // of the cooperation zone.
  auto streets = Get("/api/orgs/" + std::to_string(luohu) + "/children", admin).Json();
  int64_t street = streets["items"][0]["id"];
  MakeUser("luohu-street", "street_admin", street);
  auto sa = Login("luohu-street", kPassword);
  auto own = Get("/api/orgs/" + std::to_string(street) + "/children", sa);
  ASSERT_EQ(own.status, 200);
  const json communities = own.Json();
  ASSERT_GT(communities["total"].get<int>(), 0);
  auto community = Get("/api/orgs/" + communities["items"][0]["id"].dump(), sa).Json();
  EXPECT_EQ(community["kind"], "community");
  EXPECT_EQ(community["ancestors"].size(), 3u);  // city, district, street
  EXPECT_EQ(community["ancestors"][1]["name"], "中共深圳市罗湖区委员会");
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(zone), sa).status, 404);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(luohu), sa).status, 404);  // above the grant
  EXPECT_EQ(Get("/api/orgs/999999999", sa).status, 404);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

class RegistryTest : public ApiTest {
 protected:
  // Creates an org as `session`; returns the response.
  HttpResult Make(const std::string& session, int64_t parent, const std::string& name,
                  const std::string& kind, const std::string& founded = "") {
    json body = {{"parent_id", parent}, {"name", name}, {"kind", kind}};
    if (!founded.empty()) body["founded_on"] = founded;
    return Post("/api/orgs", body, session);
  }
  int64_t MakeId(const std::string& session, int64_t parent, const std::string& name,
                 const std::string& kind, const std::string& founded = "") {
    auto r = Make(session, parent, name, kind, founded);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  int64_t Version(const std::string& session, int64_t id) {
    return Get("/api/orgs/" + std::to_string(id), session).Json()["version"];
  }
};
JICENG_API_TEST_SUITE(RegistryTest);

TEST_P(RegistryTest, KindsAndNestingFollowThePartyStructure) {
  auto admin = Login("admin", kPassword);
  int64_t community = MakeId(admin, street_a_, "中共粤海街道科技园社区委员会", "community");
  int64_t branch = MakeId(admin, community, "中共科技园社区第一支部委员会", "branch");
  MakeId(admin, branch, "第一党小组", "group");
  auto street_under_branch = Make(admin, branch, "荒唐的街道", "street");
  EXPECT_EQ(street_under_branch.status, 422);
  EXPECT_EQ(street_under_branch.ErrorCode(), "illegal_nesting");
  EXPECT_NE(street_under_branch.Json()["error"]["message"].get<std::string>().find("党支部"),
            std::string::npos);
  EXPECT_EQ(Make(admin, community, "x", "kingdom").ErrorCode(), "unknown_kind");
  EXPECT_EQ(Make(admin, root_, "第二个市委", "city").status, 422);
  EXPECT_EQ(Make(admin, district_a_, "中共南山区某园区委员会", "park").status, 201);
  auto dup = Make(admin, community, "中共科技园社区第一支部委员会", "branch");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "duplicate_name");
  EXPECT_EQ(Make(admin, community, "   ", "branch").status, 400);
  EXPECT_EQ(Make(admin, community, "bad date", "branch", "2024-02-30").status, 400);
  EXPECT_EQ(Make(admin, community, "future", "branch", "2199-01-01").ErrorCode(), "future_date");
  EXPECT_EQ(Make(admin, 999999, "nowhere", "branch").status, 404);
  auto kinds = Get("/api/org-kinds", admin).Json();
  EXPECT_EQ(kinds["total"], 15);
}

TEST_P(RegistryTest, OnlyBusinessAdminsChangeTheTreeAndOnlyInTheirSubtree) {
  MakeUser("yuehai", "street_admin", street_a_);
  auto street = Login("yuehai", kPassword);
  EXPECT_EQ(Make(street, street_a_, "中共粤海街道A社区委员会", "community").status, 201);
  EXPECT_EQ(Make(street, district_b_, "中共福田区某街道工作委员会", "street").status, 404);
  MakeUser("member1", "member", street_a_);
  EXPECT_EQ(Make(Login("member1", kPassword), street_a_, "x", "branch").status, 403);
  EXPECT_EQ(Make(Login("security", kPassword), street_a_, "x", "branch").status, 403);
}

TEST_P(RegistryTest, RenameWithVersionsAndHistory) {
  auto admin = Login("admin", kPassword);
  int64_t c = MakeId(admin, street_a_, "中共旧名社区委员会", "community", "2020-05-01");
  std::string path = "/api/orgs/" + std::to_string(c);
  auto renamed =
      Patch(path, {{"version", 1}, {"name", "中共新名社区委员会"}, {"effective_on", "2024-05-01"}},
            admin);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["name"], "中共新名社区委员会");
  EXPECT_EQ(renamed.Json()["founded_on"], "2020-05-01");
  auto stale = Patch(path, {{"version", 1}, {"name", "又一个名字"}}, admin);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Get(path, admin).Json()["name"], "中共新名社区委员会");  // unchanged
  auto history = Get(path + "/history", admin).Json();
  ASSERT_EQ(history["total"], 2);
  EXPECT_EQ(history["items"][0]["event"], "create");
  EXPECT_EQ(history["items"][0]["effective_on"], "2020-05-01");
  EXPECT_EQ(history["items"][1]["event"], "rename");
  // As of a date the tree shows the name of that day.
  auto before = Get("/api/orgs/" + std::to_string(street_a_) + "/children?as_of=2023-01-01", admin);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.Json()["items"][0]["name"], "中共旧名社区委员会");
  auto earlier =
      Get("/api/orgs/" + std::to_string(street_a_) + "/children?as_of=2019-01-01", admin);
  EXPECT_EQ(earlier.Json()["total"], 0);  // not founded yet
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(street_a_) + "/children?as_of=yesterday", admin).status,
      400);
}

TEST_P(RegistryTest, MovesCarryTheSubtreeAndRefuseCycles) {
  auto admin = Login("admin", kPassword);
  int64_t a = MakeId(admin, street_a_, "中共甲社区委员会", "community", "2020-01-01");
  int64_t branch = MakeId(admin, a, "中共甲社区第一支部委员会", "branch", "2021-01-01");
  int64_t group = MakeId(admin, branch, "第一党小组", "group", "2021-02-01");
  int64_t other_street = MakeId(admin, district_b_, "中共福田区乙街道工作委员会", "street");
  int64_t b = MakeId(admin, other_street, "中共乙社区委员会", "community");
  MakeUser("a-admin", "community_admin", a);
  auto a_admin = Login("a-admin", kPassword);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(group), a_admin).status, 200);

  auto cycle = Post("/api/orgs/" + std::to_string(a) + "/move",
                    {{"version", Version(admin, a)}, {"new_parent_id", group}}, admin);
  EXPECT_EQ(cycle.status, 422);
  auto too_early = Post(
      "/api/orgs/" + std::to_string(branch) + "/move",
      {{"version", Version(admin, branch)}, {"new_parent_id", b}, {"effective_on", "2020-06-01"}},
      admin);
  EXPECT_EQ(too_early.status, 422);  // before the branch was founded
  EXPECT_EQ(too_early.ErrorCode(), "effective_before_history");
  auto illegal = Post("/api/orgs/" + std::to_string(branch) + "/move",
                      {{"version", Version(admin, branch)}, {"new_parent_id", group}}, admin);
  EXPECT_EQ(illegal.status, 422);
  auto moved = Post(
      "/api/orgs/" + std::to_string(branch) + "/move",
      {{"version", Version(admin, branch)}, {"new_parent_id", b}, {"effective_on", "2024-03-01"}},
      admin);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["parent_id"], b);
  // The group came along: its chain now runs through the new street.
  auto g = Get("/api/orgs/" + std::to_string(group), admin).Json();
  ASSERT_EQ(g["ancestors"].size(), 5u);
  EXPECT_EQ(g["ancestors"][2]["id"], other_street);
  EXPECT_EQ(g["ancestors"][4]["id"], branch);
  // Scope follows the tree at once.
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(group), a_admin).status, 404);
  // And the search in SQL agrees (materialized paths were rewritten).
  auto found = Get("/api/orgs?under=" + std::to_string(b) + "&kind=group", admin).Json();
  EXPECT_EQ(found["total"], 1);
  EXPECT_EQ(Get("/api/orgs?under=" + std::to_string(a) + "&kind=group", admin).Json()["total"], 0);
  // As of before the move, the branch stood under a.
  auto then = Get("/api/orgs/" + std::to_string(a) + "/children?as_of=2024-02-01", admin).Json();
  EXPECT_EQ(then["total"], 1);
  auto now = Get("/api/orgs/" + std::to_string(b) + "/children?as_of=2024-06-01", admin).Json();
  EXPECT_EQ(now["total"], 1);
  // A stale version changes nothing.
  auto stale = Post("/api/orgs/" + std::to_string(branch) + "/move",
                    {{"version", 1}, {"new_parent_id", a}}, admin);
  EXPECT_EQ(stale.status, 409);
}

TEST_P(RegistryTest, DissolveAndMerge) {
  auto admin = Login("admin", kPassword);
  int64_t a = MakeId(admin, street_a_, "中共丙社区委员会", "community");
  int64_t b = MakeId(admin, street_a_, "中共丁社区委员会", "community");
  int64_t b1 = MakeId(admin, b, "中共丁社区第一支部委员会", "branch", "2020-01-01");
  MakeId(admin, b, "中共丁社区第二支部委员会", "branch");
  auto busy =
      Post("/api/orgs/" + std::to_string(b) + "/dissolve", {{"version", Version(admin, b)}}, admin);
  EXPECT_EQ(busy.status, 422);
  EXPECT_EQ(busy.ErrorCode(), "has_children");
  auto merged = Post("/api/orgs/" + std::to_string(b) + "/merge",
                     {{"version", Version(admin, b)}, {"into_id", a}}, admin);
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.Json()["status"], "dissolved");
  auto kids = Get("/api/orgs/" + std::to_string(a) + "/children", admin).Json();
  EXPECT_EQ(kids["total"], 2);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(b1), admin).Json()["parent_id"], a);
  // Dissolved orgs leave the lists unless asked for.
  auto street = Get("/api/orgs/" + std::to_string(street_a_) + "/children", admin).Json();
  for (const auto& k : street["items"]) EXPECT_NE(k["id"], b);
  auto all = Get("/api/orgs/" + std::to_string(street_a_) + "/children?include_dissolved=1", admin);
  EXPECT_EQ(all.Json()["total"], 2);
  auto again =
      Post("/api/orgs/" + std::to_string(b) + "/dissolve", {{"version", Version(admin, b)}}, admin);
  EXPECT_EQ(again.ErrorCode(), "org_dissolved");
  EXPECT_EQ(Make(admin, b, "不能挂在已撤销组织下", "branch").ErrorCode(), "org_dissolved");
  // b1 moved (with the merge) today: it cannot be dissolved as of an earlier day.
  auto early = Post("/api/orgs/" + std::to_string(b1) + "/dissolve",
                    {{"version", Version(admin, b1)}, {"dissolved_on", "2025-01-01"}}, admin);
  EXPECT_EQ(early.ErrorCode(), "effective_before_history");
  auto leaf = Post("/api/orgs/" + std::to_string(b1) + "/dissolve",
                   {{"version", Version(admin, b1)}}, admin);
  ASSERT_EQ(leaf.status, 200);
  EXPECT_EQ(leaf.Json()["dissolved_on"], FormatShanghai(clock_->NowMs()).substr(0, 10));
  EXPECT_EQ(
      Post("/api/orgs/" + std::to_string(root_) + "/dissolve", {{"version", 1}}, admin).status,
      422);
  // Every change is in the audit log.
  auto audit = Get("/api/audit?action=org.&size=200", admin).Json();
  std::set<std::string> actions;
  for (const auto& e : audit["items"]) actions.insert(e["action"]);
  for (const char* a : {"org.create", "org.move", "org.merge", "org.dissolve"})
    EXPECT_TRUE(actions.count(a)) << a;
}

TEST_P(RegistryTest, SearchWithinScope) {
  auto admin = Login("admin", kPassword);
  MakeId(admin, street_a_, "中共粤海街道高新社区委员会", "community");
  MakeId(admin, district_b_, "中共福田区高新园区委员会", "park");
  auto all = Get("/api/orgs?q=%E9%AB%98%E6%96%B0", admin).Json();  // 高新
  EXPECT_EQ(all["total"], 2);
  auto parks = Get("/api/orgs?q=%E9%AB%98%E6%96%B0&kind=park", admin).Json();
  EXPECT_EQ(parks["total"], 1);
  MakeUser("nanshan", "district_admin", district_a_);
  auto ns = Get("/api/orgs?q=%E9%AB%98%E6%96%B0", Login("nanshan", kPassword)).Json();
  EXPECT_EQ(ns["total"], 1);  // only within 南山
  EXPECT_EQ(
      Get("/api/orgs?under=" + std::to_string(district_b_), Login("nanshan", kPassword)).status,
      404);
  EXPECT_EQ(Get("/api/orgs?kind=kingdom", admin).status, 400);
  EXPECT_EQ(Get("/api/orgs?q=100%25_", admin).Json()["total"], 0);  // LIKE wildcards are literal
}

}  // namespace
}  // namespace jiceng::testing
