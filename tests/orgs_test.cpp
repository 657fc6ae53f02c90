// Organizations: the demo tree built from Shenzhen's real divisions, and scoped reads.
#include "api_fixture.h"
#include "service/divisions.h"
#include "service/org_service.h"

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
