// Organizations: the demo tree built from Shenzhen's real divisions, and scoped reads.
#include "domain/orgs.h"
#include "api_fixture.h"
#include "demo/demo_members.h"
#include "demo/demo_sector.h"
#include "demo/demo_tree.h"
#include "demo/divisions.h"
#include "service/org_service.h"
#include "store/migrations.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace jiceng::testing {
namespace {

TEST(Divisions, CsvLinesWithQuotes) {
  EXPECT_EQ(divisions::SplitCsvLine(R"(440303001,"桂园街道",440303)"),
            (std::vector<std::string>{"440303001", "桂园街道", "440303"}));
  EXPECT_EQ(divisions::SplitCsvLine(R"(1,"a ""quoted"", b",)"),
            (std::vector<std::string>{"1", "a \"quoted\", b", ""}));
}

TEST(Divisions, CommitteeNamesReadAsThePartysTreeReadsThem) {
  using divisions::Grassroots;
  auto read = [](const std::string& nbs) {
    auto r = divisions::ReadCommittee(nbs);
    return std::make_tuple(r.kind, r.place, r.estate);
  };
  // Every form of a community's committee, long and short (669 of the NBS names are the
  // short 社区居委会, which the demo once turned into "…社区居委会委员会").
  EXPECT_EQ(read("大塘龙社区居民委员会"),
            std::make_tuple(Grassroots::kCommunity, "大塘龙社区", ""));
  EXPECT_EQ(read("宝民社区居委会"), std::make_tuple(Grassroots::kCommunity, "宝民社区", ""));
  EXPECT_EQ(read("黄麻布社区居委"), std::make_tuple(Grassroots::kCommunity, "黄麻布社区", ""));
  EXPECT_EQ(read("象角塘社区"), std::make_tuple(Grassroots::kCommunity, "象角塘社区", ""));
  EXPECT_EQ(read("小梅沙居委会"), std::make_tuple(Grassroots::kCommunity, "小梅沙社区", ""));
  EXPECT_EQ(read("某某居民委员会"), std::make_tuple(Grassroots::kCommunity, "某某社区", ""));
  // An estate-level residents' committee inside a community.
  EXPECT_EQ(read("杨美社区嘉丽园居委会"),
            std::make_tuple(Grassroots::kEstate, "杨美社区", "嘉丽园"));
  EXPECT_EQ(read("凤凰社区平湖墟居民委员会"),
            std::make_tuple(Grassroots::kEstate, "凤凰社区", "平湖墟"));
  // Villagers' committees, long and short.
  EXPECT_EQ(read("鹅埠村民委员会"), std::make_tuple(Grassroots::kVillage, "鹅埠村", ""));
  EXPECT_EQ(read("红罗畲族村民委员会"), std::make_tuple(Grassroots::kVillage, "红罗畲族村", ""));
  EXPECT_EQ(read("某某村委会"), std::make_tuple(Grassroots::kVillage, "某某村", ""));
  EXPECT_EQ(std::get<0>(read("居委会")), Grassroots::kUnknown);
  EXPECT_EQ(std::get<0>(read("某某管理处")), Grassroots::kUnknown);
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
  for (const auto& s : sz->streets) {
    EXPECT_EQ(s.code.size(), 9u);
    EXPECT_EQ(s.code.substr(0, 6), s.parent);
  }
  // Two functional areas: 大鹏新区 leads the three streets the NBS files under 龙岗, 深汕
  // the four towns it files under 海丰县.
  ASSERT_EQ(sz->functional_areas.size(), 2u);
  EXPECT_EQ(sz->functional_areas[0].party_name, "中共深圳市大鹏新区工作委员会");
  EXPECT_EQ(sz->functional_areas[1].party_name, "中共深汕特别合作区工作委员会");
  std::map<std::string, std::vector<std::string>> led;
  for (const auto& s : sz->streets)
    led[sz->LedBy(s.code) ? sz->LedBy(s.code)->name : s.parent].push_back(s.name);
  EXPECT_EQ(led["大鹏新区"], (std::vector<std::string>{"葵涌街道", "大鹏街道", "南澳街道"}));
  EXPECT_EQ(led["440307"].size(), 11u);  // 龙岗
  for (const auto& t : sz->towns) EXPECT_EQ(sz->LedBy(t.code)->name, "深汕特别合作区");
  // The NBS committees: 783 of the 74 streets and 39 of the 4 towns; read as the party's
  // tree reads them: 16 estate-level committees folded into 8 communities of 龙岗, and 深汕's
  // 34 villages apart from its 5 communities.
  EXPECT_EQ(sz->committees.size(), 822u);
  for (const auto& c : sz->committees) EXPECT_EQ(c.code.size(), 12u);
  EXPECT_EQ(sz->communities.size(), 822u - 34u - 16u + 8u);
  EXPECT_EQ(sz->villages.size(), 34u);
  size_t folded = 0, folding = 0;
  for (const auto& c : sz->communities) {
    folded += c.folded.size();
    folding += !c.folded.empty();
  }
  EXPECT_EQ(folded, 16u);
  EXPECT_EQ(folding, 8u);
  for (const auto& c : sz->communities) {
    if (c.name != "杨美社区") continue;
    EXPECT_EQ(c.code, "440307013015");  // its own committee, 杨美社区杨美居委会
    EXPECT_EQ(c.folded.size(), 3u);     // 杨美, 嘉丽园, 坂田广场
  }
  for (const auto& v : sz->villages) EXPECT_EQ(v.code.substr(0, 6), "441521");
  auto missing = divisions::LoadShenzhen("/nonexistent");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "divisions_missing");
}

// A functional area's working committee stands where a district committee does and leads
// what it leads; a village stands where a community does and holds what it holds.
TEST(OrgKinds, FunctionalAreasAndVillagesNestLikeTheirPeers) {
  using domain::CheckNesting;
  using domain::OrgKind;
  auto ok = [](std::optional<OrgKind> parent, OrgKind child) {
    return CheckNesting(parent, child).has_value();
  };
  for (auto k : domain::AllOrgKinds()) {
    EXPECT_EQ(ok(OrgKind::kDistrict, k), ok(OrgKind::kFunctionalArea, k)) << OrgKindCode(k);
    EXPECT_EQ(ok(k, OrgKind::kDistrict), ok(k, OrgKind::kFunctionalArea)) << OrgKindCode(k);
    EXPECT_EQ(ok(k, OrgKind::kCommunity), ok(k, OrgKind::kVillage)) << OrgKindCode(k);
  }
  EXPECT_TRUE(ok(OrgKind::kFunctionalArea, OrgKind::kStreet));
  EXPECT_TRUE(ok(OrgKind::kFunctionalArea, OrgKind::kTown));
  EXPECT_TRUE(ok(OrgKind::kVillage, OrgKind::kBranch));
  EXPECT_TRUE(ok(OrgKind::kVillage, OrgKind::kGeneralBranch));
  EXPECT_TRUE(ok(OrgKind::kVillage, OrgKind::kEnterprise));  // 兜底管理
  EXPECT_FALSE(ok(OrgKind::kVillage, OrgKind::kCommunity));
  EXPECT_FALSE(ok(OrgKind::kCommunity, OrgKind::kVillage));
  EXPECT_FALSE(ok(std::nullopt, OrgKind::kFunctionalArea));
  EXPECT_EQ(domain::ParseOrgKind("functional_area"), OrgKind::kFunctionalArea);
  EXPECT_EQ(domain::OrgKindName(OrgKind::kVillage), "村党组织");
  EXPECT_TRUE(domain::IsDistrictLevel("functional_area"));
  EXPECT_TRUE(domain::IsDistrictLevel("district"));
  EXPECT_FALSE(domain::IsDistrictLevel("street"));
}

class OrgsTest : public ApiTest {};
JICENG_API_TEST_SUITE(OrgsTest);

TEST_P(OrgsTest, DemoBuildsTheRealTreeOnceAndScopesReadsToIt) {
  auto& ctx = runtime_->context();
  auto first = orgs::SeedDemoDivisions(ctx, root_, kDivisions);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->districts, 9);
  EXPECT_EQ(first->functional_areas, 2);
  EXPECT_EQ(first->streets, 74);
  EXPECT_EQ(first->towns, 4);
  EXPECT_EQ(first->communities, 780);
  EXPECT_EQ(first->villages, 34);
  EXPECT_EQ(first->estates_folded, 16);
  EXPECT_EQ(first->added, 9 + 2 + 74 + 4 + 780 + 34);
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

// The tree as the party's reads it: 9 districts + 大鹏新区 + 深汕 under the city; 龙岗 with
// 11 streets, 大鹏新区 with 葵涌, 大鹏 and 南澳; 74 streets in all, each community and
// village once.
TEST_P(OrgsTest, DemoTreeHasTheFunctionalAreasAndTrueCounts) {
  auto& ctx = runtime_->context();
  ASSERT_TRUE(orgs::SeedDemoDivisions(ctx, root_, kDivisions));
  auto tree = ctx.orgs.snapshot();
  // Leaving out the fixture's own two districts and street.
  const std::set<int64_t> fixture = {district_a_, district_b_, street_a_};
  std::map<std::string, int> by_kind;
  for (const auto& n : tree->nodes)
    if (!fixture.count(n.id)) ++by_kind[n.kind];
  EXPECT_EQ(by_kind["district"], 9);
  EXPECT_EQ(by_kind["functional_area"], 2);
  EXPECT_EQ(by_kind["street"], 74);
  EXPECT_EQ(by_kind["town"], 4);
  EXPECT_EQ(by_kind["community"], 780);
  EXPECT_EQ(by_kind["village"], 34);
  EXPECT_EQ(tree->children.at(root_).size(), 11u + 2u);

  auto kids_of = [&](const std::string& name) {
    std::vector<const index::OrgNode*> out;
    for (const auto& n : tree->nodes)
      if (n.name == name)
        for (int64_t id : tree->children.at(n.id)) out.push_back(tree->Find(id));
    return out;
  };
  auto longgang = kids_of("中共深圳市龙岗区委员会");
  EXPECT_EQ(longgang.size(), 11u);
  for (const auto* s : longgang) {
    EXPECT_EQ(s->kind, "street");
    EXPECT_EQ(s->name.find("葵涌"), std::string::npos);
  }
  auto dapeng = kids_of("中共深圳市大鹏新区工作委员会");
  ASSERT_EQ(dapeng.size(), 3u);
  EXPECT_EQ(dapeng[0]->name, "中共深圳市大鹏新区葵涌街道工作委员会");
  EXPECT_EQ(dapeng[0]->area_code, "440307009");  // the real NBS code, filed under 龙岗
  EXPECT_EQ(dapeng[1]->name, "中共深圳市大鹏新区大鹏街道工作委员会");
  EXPECT_EQ(dapeng[2]->name, "中共深圳市大鹏新区南澳街道工作委员会");
  EXPECT_EQ(kids_of("中共深汕特别合作区工作委员会").size(), 4u);
  for (const auto& n : tree->nodes) {
    if (n.kind == "functional_area") {
      EXPECT_EQ(n.area_code, "");
    }
  }

  // 坂田街道: 杨美社区 once (its estates 嘉丽园 and 坂田广场 folded in), no estate of its own.
  auto bantian = kids_of("中共深圳市龙岗区坂田街道工作委员会");
  int yangmei = 0;
  for (const auto* c : bantian) {
    yangmei += c->name == "中共坂田街道杨美社区委员会";
    EXPECT_EQ(c->name.find("嘉丽园"), std::string::npos);
  }
  EXPECT_EQ(yangmei, 1);
  auto ebu = kids_of("中共深汕特别合作区鹅埠镇委员会");
  std::map<std::string, int> ebu_kinds;
  for (const auto* c : ebu) ++ebu_kinds[c->kind];
  EXPECT_EQ(ebu_kinds["village"], 10);
  EXPECT_EQ(ebu_kinds["community"], 1);

  // A village or community stands only under a street or town; a functional area only
  // under the city, where a district does.
  auto admin = Login("admin", kPassword);
  auto under = [&](int64_t parent, const std::string& name, const std::string& kind) {
    return Post("/api/orgs", {{"parent_id", parent}, {"name", name}, {"kind", kind}}, admin);
  };
  EXPECT_EQ(under(root_, "中共某功能区工作委员会", "functional_area").status, 201);
  EXPECT_EQ(under(district_a_, "中共某某功能区工作委员会", "functional_area").ErrorCode(),
            "illegal_nesting");
  EXPECT_EQ(under(district_a_, "中共某村委员会", "village").ErrorCode(), "illegal_nesting");
  EXPECT_EQ(under(street_a_, "中共粤海街道某村委员会", "village").status, 201);
}

// The new kinds keep the meeting rhythm of their peers: a store created now has them from
// the defaults, and migration 12 gives a store created before them the rules its city has
// set for districts and communities, once.
TEST_P(OrgsTest, FunctionalAreasAndVillagesHaveTheirPeersMeetingRules) {
  auto& db = runtime_->context().db;
  auto rules_of = [&](const std::string& kind) {
    return db.Read([&](store::Tx& tx) {
      std::vector<std::string> out;
      for (const auto& r : tx.Fetch({"test_rules_of",
                                     "SELECT type, frequency, min_full_members FROM meeting_rules "
                                     "WHERE org_kind = ?1 ORDER BY type"},
                                    {kind}))
        out.push_back(r.Text(0) + "/" + r.Text(1) + "/" + std::to_string(r.Int(2)));
      return out;
    });
  };
  ASSERT_FALSE(rules_of("district").empty());
  EXPECT_EQ(rules_of("functional_area"), rules_of("district"));
  EXPECT_EQ(rules_of("village"), rules_of("community"));

  const store::MigrationSource* m12 = nullptr;
  for (const auto& m : store::EmbeddedMigrations())
    if (m.version == 12) m12 = &m;
  ASSERT_NE(m12, nullptr);
  // A store from before: no rules for the new kinds, and the city's own rhythm for districts.
  ASSERT_TRUE(db.Write([&](store::Tx& tx) -> Status {
    tx.Exec({"test_drop_rules",
             "DELETE FROM meeting_rules WHERE org_kind IN ('functional_area', 'village')"});
    tx.Exec({"test_city_rule",
             "UPDATE meeting_rules SET frequency = 'quarterly' WHERE org_kind = 'district' AND "
             "type = 'party_committee'"});
    return {};
  }));
  EXPECT_TRUE(rules_of("functional_area").empty());
  for (int i = 0; i < 2; ++i)  // applied twice, it adds nothing the second time
    ASSERT_TRUE(db.Write([&](store::Tx& tx) -> Status {
      tx.ExecScript(store::RenderMigration(m12->sql, tx.dialect()));
      return {};
    }));
  EXPECT_EQ(rules_of("functional_area"), rules_of("district"));
  EXPECT_EQ(rules_of("village"), rules_of("community"));
  auto zone_rules = rules_of("functional_area");
  EXPECT_NE(std::find(zone_rules.begin(), zone_rules.end(), "party_committee/quarterly/0"),
            zone_rules.end());
}

// Names follow 中共XX街道XX社区委员会 (中共XX镇XX社区委员会, 中共XX镇XX村委员会) and
// 中共…街道工作委员会; nothing reads "…居委会委员会" or "中共…中共…" — across the whole demo
// tree, new-sector organizations and branches included.
TEST_P(OrgsTest, DemoNamesFollowThePartysPattern) {
  auto& ctx = runtime_->context();
  ASSERT_TRUE(orgs::SeedDemoDivisions(ctx, root_, kDivisions));
  auto plan = demo::PlanFor("small");
  ASSERT_TRUE(plan);
  ASSERT_TRUE(demo::SeedSector(ctx, *plan, 7));
  ASSERT_TRUE(members::SeedDemoMembers(ctx, 50, 7));
  auto tree = ctx.orgs.snapshot();
  auto ends_with = [](const std::string& s, const std::string& tail) {
    return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  auto starts_with = [](const std::string& s, const std::string& head) {
    return s.rfind(head, 0) == 0;
  };
  int communities = 0, villages = 0;
  for (const auto& n : tree->nodes) {
    EXPECT_EQ(n.name.find("居委会委员会"), std::string::npos) << n.name;
    EXPECT_EQ(n.name.find("委员会委员会"), std::string::npos) << n.name;
    EXPECT_EQ(n.name.find("中共", 1), std::string::npos) << n.name;  // 中共 once, in front
    if (n.kind == "street") {
      EXPECT_TRUE(starts_with(n.name, "中共深圳市") && ends_with(n.name, "街道工作委员会"))
          << n.name;
    }
    if (n.kind != "community" && n.kind != "village") continue;
    const auto* up = tree->Find(n.parent_id);
    ASSERT_NE(up, nullptr);
    // The street's or town's own name: "中共深圳市南山区粤海街道工作委员会" → "粤海街道".
    std::string place = up->name;
    for (const char* tail : {"工作委员会", "委员会"})
      if (ends_with(place, tail)) place.resize(place.size() - std::string(tail).size());
    place = place.substr(place.rfind("区") + std::string("区").size());
    ASSERT_TRUE(ends_with(place, "街道") || ends_with(place, "镇")) << up->name;
    const std::string head = "中共" + place;
    const std::string tail = n.kind == "community" ? "社区委员会" : "村委员会";
    EXPECT_TRUE(starts_with(n.name, head) && ends_with(n.name, tail) &&
                n.name.size() > head.size() + tail.size())
        << n.name;
    std::string middle = n.name.substr(head.size(), n.name.size() - head.size() - tail.size());
    for (const char* stray : {"居委", "委员会", "社区", "街道"})
      EXPECT_EQ(middle.find(stray), std::string::npos) << n.name;
    ++(n.kind == "community" ? communities : villages);
  }
  EXPECT_EQ(communities, 780);
  EXPECT_EQ(villages, 34);
  // Branches of communities and villages carry their names: 中共XX街道XX社区第一支部委员会.
  int first_branches = 0;
  for (const auto& n : tree->nodes)
    if (n.kind == "branch" && ends_with(n.name, "村第一支部委员会")) ++first_branches;
  EXPECT_EQ(first_branches, 34);
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
  EXPECT_EQ(kinds["total"], 17);  // with functional_area and village
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

// What a picker types: pinyin initials anywhere in the name, or the start of the division
// code; each hit carries its parent's name.
TEST_P(RegistryTest, SearchByInitialsAndDivisionCode) {
  auto admin = Login("admin", kPassword);
  ASSERT_GT(MakeOrg(admin, street_a_, "中共观湖街道章阁社区委员会", "community", "440309005011"),
            0);
  for (const char* q : {"zgsq", "440309005011", "4403090050", "440309"}) {
    auto hits = Get(std::string("/api/orgs?q=") + q, admin).Json();
    ASSERT_EQ(hits["total"], 1) << q;
    EXPECT_EQ(hits["items"][0]["name"], "中共观湖街道章阁社区委员会") << q;
    EXPECT_EQ(hits["items"][0]["parent_name"],
              Get("/api/orgs/" + std::to_string(street_a_), admin).Json()["name"])
        << q;
  }
  // A code's start only, not its middle; one digit is too short to mean a code.
  EXPECT_EQ(Get("/api/orgs?q=0309005011", admin).Json()["total"], 0);
  EXPECT_EQ(Get("/api/orgs?q=4", admin).status, 200);
  // Outside the caller's scope, a code finds nothing.
  MakeUser("futian", "district_admin", district_b_);
  EXPECT_EQ(Get("/api/orgs?q=440309", Login("futian", kPassword)).Json()["total"], 0);
}

}  // namespace
}  // namespace jiceng::testing
