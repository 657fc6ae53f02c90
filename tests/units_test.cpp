// Units and coverage over HTTP on both stores: registration rules (GB 32100 checksums,
// coverage, hosts), scope, versions, and the subtree statistics of GET /api/orgs/{id}/stats.
#include "api_fixture.h"
#include "demo/demo_members.h"
#include "demo/demo_sector.h"
#include "demo/demo_tree.h"
#include "demo/divisions.h"
#include "domain/identifiers.h"
#include "service/org_service.h"

namespace jiceng::testing {
namespace {

std::string UnitCode(const std::string& body8) {
  return domain::CreditCodeFrom("91440305", body8);  // an enterprise registered in Nanshan
}

class UnitsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    branch_ = MakeOrg(admin_, street_a_, "中共某科技公司支部委员会", "branch");
  }
  json Unit(const std::string& name, const std::string& body8,
            const std::string& type = "enterprise", int64_t org = 0) {
    return {{"name", name},
            {"credit_code", UnitCode(body8)},
            {"type", type},
            {"org_id", org ? org : street_a_},
            {"employees", 120}};
  }
  int64_t MakeUnit(const json& body) {
    auto r = Post("/api/units", body, admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  void AddFullMember(const std::string& first17, const std::string& name, int64_t unit) {
    json m = {{"org_id", branch_},
              {"name", name},
              {"national_id", CitizenId(first17)},
              {"status", "full"},
              {"joined_on", "2015-07-01"},
              {"unit_id", unit}};
    auto r = Post("/api/members", m, admin_);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string admin_;
  int64_t branch_ = 0;
};
JICENG_API_TEST_SUITE(UnitsTest);

// GB 32100: the first character is a registering authority of the standard's table, the
// second a kind of organization that authority registers; nothing else is stored.
TEST_P(UnitsTest, CreditCodesNameARealRegisteringAuthority) {
  for (const char* first2 : {"01", "B1", "95", "Y2", "14"}) {
    json bad = Unit("某公司", "MA5ABCDE");
    bad["credit_code"] = domain::CreditCodeFrom(std::string(first2) + "440305", "MA5ABCDE");
    auto r = Post("/api/units", bad, admin_);
    EXPECT_EQ(r.status, 400) << first2 << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), "invalid_field") << first2;
    EXPECT_EQ(r.Json()["error"]["field"], "credit_code") << first2;
  }
  EXPECT_EQ(Get("/api/units", admin_).Json()["total"], 0);
  json social = Unit("某社会团体", "MA5AB005", "social_org");
  social["credit_code"] = domain::CreditCodeFrom("51440305", "MA5AB005");  // 民政, 社会团体
  EXPECT_EQ(Post("/api/units", social, admin_).status, 201);
}

TEST_P(UnitsTest, RegistrationRules) {
  auto made = Post("/api/units", Unit("深圳市某科技有限公司", "MA5ABCDE"), admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["coverage"], "none");
  EXPECT_EQ(made.Json()["work_covered"], false);
  EXPECT_EQ(made.Json()["org_name"], "中共深圳市南山区粤海街道工作委员会");
  // A wrong check character, a duplicate, an unknown type.
  json bad = Unit("错码公司", "MA5ABCDF");
  std::string code = bad["credit_code"];
  code.back() = code.back() == '0' ? '1' : '0';
  bad["credit_code"] = code;
  EXPECT_EQ(Post("/api/units", bad, admin_).status, 400);
  EXPECT_EQ(Post("/api/units", Unit("重复", "MA5ABCDE"), admin_).ErrorCode(),
            "duplicate_credit_code");
  EXPECT_EQ(Post("/api/units", Unit("未知", "MA5ABCDG", "palace"), admin_).status, 400);
  // Coverage names its organization, and only then.
  json own = Unit("有组织的公司", "MA5ABCDH");
  own["coverage"] = "own";
  EXPECT_EQ(Post("/api/units", own, admin_).ErrorCode(), "covering_org_required");
  own["covering_org_id"] = branch_;
  auto covered = Post("/api/units", own, admin_);
  ASSERT_EQ(covered.status, 201) << covered.body;
  EXPECT_EQ(covered.Json()["work_covered"], true);
  json stray = Unit("多余组织", "MA5ABCDJ");
  stray["covering_org_id"] = branch_;
  EXPECT_EQ(Post("/api/units", stray, admin_).ErrorCode(), "covering_org_unexpected");
  // Hosts: enterprises sit in parks or buildings; parks sit in nothing.
  int64_t park = MakeUnit(Unit("南山科技园", "MA5PARK1", "park"));
  int64_t building = MakeUnit([&] {
    json b = Unit("科兴科学园A座", "MA5BLDG1", "building");
    b["host_unit_id"] = park;
    return b;
  }());
  json tenant = Unit("楼里的公司", "MA5TENT1");
  tenant["host_unit_id"] = building;
  EXPECT_EQ(Post("/api/units", tenant, admin_).status, 201);
  json nested_park = Unit("园中园", "MA5PARK2", "park");
  nested_park["host_unit_id"] = park;
  EXPECT_EQ(Post("/api/units", nested_park, admin_).ErrorCode(), "illegal_host");
  json in_company = Unit("公司里的公司", "MA5TENT2");
  in_company["host_unit_id"] = made.Json()["id"];
  EXPECT_EQ(Post("/api/units", in_company, admin_).ErrorCode(), "illegal_host");
  // Nothing half-written: the failures above left exactly the five good units.
  EXPECT_EQ(Get("/api/units?size=50", admin_).Json()["total"], 5);
  EXPECT_EQ(Get("/api/units?type=park", admin_).Json()["total"], 1);
  EXPECT_EQ(Get("/api/units?q=" + code.substr(0, 17), admin_).Json()["total"], 0);
  EXPECT_EQ(
      Get("/api/units?q=" + made.Json()["credit_code"].get<std::string>(), admin_).Json()["total"],
      1);
}

TEST_P(UnitsTest, UpdatesUseVersionsAndScopeHidesOtherStreets) {
  int64_t id = MakeUnit(Unit("深圳市某科技有限公司", "MA5ABCDE"));
  std::string path = "/api/units/" + std::to_string(id);
  auto assigned = Patch(path, {{"version", 1}, {"instructor", "李指导员"}}, admin_);
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.Json()["work_covered"], true);
  EXPECT_EQ(assigned.Json()["coverage"], "none");
  EXPECT_EQ(Patch(path, {{"version", 1}, {"employees", 5}}, admin_).status, 409);
  auto joint =
      Patch(path, {{"version", 2}, {"coverage", "joint"}, {"covering_org_id", branch_}}, admin_);
  ASSERT_EQ(joint.status, 200) << joint.body;
  EXPECT_EQ(joint.Json()["covering_org_name"], "中共某科技公司支部委员会");
  auto cleared =
      Patch(path, {{"version", 3}, {"coverage", "none"}, {"covering_org_id", nullptr}}, admin_);
  EXPECT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(Patch(path, {{"version", 4}, {"employees", -1}}, admin_).status, 400);
  EXPECT_EQ(Patch(path, {{"version", 4}, {"employees", "many"}}, admin_).status, 400);
  // A street admin of another district sees nothing of it.
  MakeUser("futian_admin", "street_admin", district_b_);
  auto other = Login("futian_admin", kPassword);
  EXPECT_EQ(Get(path, other).status, 404);
  EXPECT_EQ(Patch(path, {{"version", 4}, {"employees", 1}}, other).status, 404);
  EXPECT_EQ(Get("/api/units", other).Json()["total"], 0);
  EXPECT_EQ(Post("/api/units", Unit("越权", "MA5QTHER"), other).status, 404);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/stats", other).status, 404);
}

TEST_P(UnitsTest, SubtreeStatsCountMembersOrgsAndCoverage) {
  int64_t big = MakeUnit(Unit("三名党员的公司", "MA5ABCDE"));
  int64_t small = MakeUnit(Unit("两名党员的公司", "MA5ABCDK"));
  json covered = Unit("已建组织的公司", "MA5ABCDL", "internet");
  covered["coverage"] = "own";
  covered["covering_org_id"] = branch_;
  int64_t own = MakeUnit(covered);
  AddFullMember("44030519900101123", "甲", big);
  AddFullMember("44030519900101234", "乙", big);
  AddFullMember("44030519900101345", "丙", big);
  AddFullMember("44030519900101456", "丁", small);
  AddFullMember("44030519900101567", "戊", small);
  for (auto [id, name] : {std::pair{"44030519900101678", "己"},
                          {"44030519900101789", "庚"},
                          {"44030519900101890", "辛"}})
    AddFullMember(id, name, own);
  json applicant = {{"org_id", branch_},
                    {"name", "申请人"},
                    {"national_id", CitizenId("44030520000101123")},
                    {"status", "applicant"},
                    {"applied_on", "2024-03-01"}};
  ASSERT_EQ(Post("/api/members", applicant, admin_).status, 201);

  auto stats = Get("/api/orgs/" + std::to_string(street_a_) + "/stats", admin_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  auto s = stats.Json();
  EXPECT_EQ(s["members"], 9);
  EXPECT_EQ(s["members_by_status"]["full"], 8);
  EXPECT_EQ(s["members_by_status"]["applicant"], 1);
  EXPECT_EQ(s["orgs_by_kind"]["street"], 1);
  EXPECT_EQ(s["orgs_by_kind"]["branch"], 1);
  ASSERT_EQ(s["needing_own_org_total"], 1);  // 3 full members, no own org; 2 is not enough
  EXPECT_EQ(s["needing_own_org"][0]["name"], "三名党员的公司");
  EXPECT_EQ(s["needing_own_org"][0]["full_members"], 3);
  for (auto& c : s["coverage"]) {
    if (c["type"] == "enterprise") {
      EXPECT_EQ(c["units"], 2);
      EXPECT_EQ(c["org_covered"], 0);
    }
    if (c["type"] == "internet") {
      EXPECT_EQ(c["org_covered"], 1);
    }
  }
  // The root sees the same members; the other district none of them.
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(root_) + "/stats", admin_).Json()["members"], 9);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_) + "/stats", admin_).Json()["members"],
            0);
  // Moving a member to another unit moves the count (trigger-kept).
  auto moved = Get("/api/members?q=%E4%B8%99", admin_).Json()["items"][0];  // 丙
  ASSERT_EQ(Patch("/api/members/" + moved["id"].dump(),
                  {{"version", moved["version"]}, {"unit_id", small}}, admin_)
                .status,
            200);
  auto after = Get("/api/orgs/" + std::to_string(street_a_) + "/stats", admin_).Json();
  EXPECT_EQ(after["needing_own_org"][0]["name"], "两名党员的公司");
  EXPECT_EQ(Get("/api/units?needs_org=1", admin_).Json()["total"], 1);
  EXPECT_EQ(Get("/api/orgs/999999/stats", admin_).status, 404);
}

class DemoSectorTest : public ApiTest {};
JICENG_API_TEST_SUITE(DemoSectorTest);

TEST_P(DemoSectorTest, NewSectorOrgsAndUnitsAtSmallScale) {
  auto& ctx = runtime_->context();
  ASSERT_TRUE(orgs::SeedDemoDivisions(ctx, root_, kDivisions));
  auto plan = demo::PlanFor("small");
  ASSERT_TRUE(plan);
  EXPECT_FALSE(demo::PlanFor("galaxy"));
  auto sector = demo::SeedSector(ctx, *plan, 7);
  ASSERT_TRUE(sector) << sector.error().message;
  EXPECT_GT(sector->orgs_added, 2000);
  EXPECT_GT(sector->units_added, 900);
  EXPECT_EQ(demo::SeedSector(ctx, *plan, 7)->orgs_added, 0);  // idempotent
  ASSERT_TRUE(members::SeedDemoMembers(ctx, 2000, 7));
  auto admin = Login("admin", kPassword);
  auto stats = Get("/api/orgs/" + std::to_string(root_) + "/stats", admin).Json();
  for (const char* kind : {"park", "building", "industry", "association", "enterprise",
                           "joint_branch", "branch", "group", "community", "street", "town"})
    EXPECT_GT(stats["orgs_by_kind"].value(kind, 0), 0) << kind;
  EXPECT_EQ(stats["members"], 2000);
  EXPECT_GT(stats["needing_own_org_total"], 0);
  // Every demo unit's credit code passes the GB 32100 and GB 11714 checks.
  auto units = Get("/api/units?size=200", admin).Json();
  EXPECT_GT(units["total"], 900);
  for (const auto& u : units["items"])
    EXPECT_TRUE(domain::ParseCreditCode(u["credit_code"].get<std::string>())) << u.dump();
  // New-sector members work in the units their branch covers.
  auto linked = Get("/api/members?kind=branch&size=200", admin).Json();
  int with_unit = 0;
  for (const auto& m : linked["items"]) with_unit += m["unit_id"].is_number();
  EXPECT_GT(with_unit, 0);
}

}  // namespace
}  // namespace jiceng::testing
