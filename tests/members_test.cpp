// Members over HTTP on both stores: registration rules, the pipeline, scope, and personal
// data — sealed at rest, masked in lists, revealed only on request and always audited.
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "api_fixture.h"
#include "demo/demo_members.h"
#include "demo/demo_tree.h"
#include "demo/divisions.h"
#include "domain/identifiers.h"
#include "domain/members.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

class MembersTest : public BranchApiTest {
 protected:
  void SetUp() override {
    BranchApiTest::SetUp();  // admin_ logged in, branch_ under street_a_
    if (IsSkipped() || HasFatalFailure()) return;
    other_branch_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
  }
  json Full(const std::string& id, const std::string& name = "张三丰", int64_t org = 0) {
    return {{"org_id", org ? org : branch_}, {"name", name},           {"national_id", id},
            {"mobile", "+86 138-1234-5678"}, {"status", "full"},       {"joined_on", "2015-07-01"},
            {"education", "大学本科"},       {"shenzhen_hukou", true}, {"ethnicity", "汉族"}};
  }
  int64_t other_branch_ = 0;
  const std::string id_ = CitizenId("44030519900101123");
};
JICENG_API_TEST_SUITE(MembersTest);

TEST_P(MembersTest, PersonalDataIsSealedMaskedAndRevealedOnlyWithAnAuditTrail) {
  auto made = Post("/api/members", Full(id_), admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  auto m = made.Json();
  EXPECT_EQ(m["national_id"], domain::MaskCitizenId(id_));
  EXPECT_EQ(m["mobile"], "138****5678");
  EXPECT_EQ(m["gender"], "male");  // from the ID number
  // Beside the masked number only the birth year (issue #12); the date comes when revealed.
  EXPECT_EQ(m["birth_year"], "1990");
  EXPECT_TRUE(m["birth_date"].is_null());
  EXPECT_EQ(m["full_on"], "2016-07-01");  // one year after joining
  EXPECT_EQ(made.body.find(id_), std::string::npos);
  int64_t member = m["id"];

  auto list = Get("/api/members?size=50", admin_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(id_), std::string::npos);
  EXPECT_EQ(list.body.find("13812345678"), std::string::npos);

  auto revealed = Get("/api/members/" + std::to_string(member) + "?reveal=1", admin_);
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(revealed.Json()["national_id"], id_);
  EXPECT_EQ(revealed.Json()["mobile"], "13812345678");
  EXPECT_EQ(revealed.Json()["revealed"], true);

  // The reveal is audited — and the audit log holds only masked data.
  auto audit = Get("/api/audit?action=member.&size=50", Login("auditor", kPassword));
  ASSERT_EQ(audit.status, 200);
  EXPECT_NE(audit.body.find("member.reveal"), std::string::npos);
  EXPECT_EQ(audit.body.find(id_), std::string::npos);
  EXPECT_EQ(audit.body.find("13812345678"), std::string::npos);

  // At rest: no column holds the plaintext.
  auto rows = runtime_->db().Read([](store::Tx& tx) {
    return tx.Fetch({"dump_members", "SELECT * FROM members"});
  });
  ASSERT_EQ(rows.size(), 1u);
  for (size_t i = 0; i < rows[0].size(); ++i) {
    EXPECT_EQ(rows[0].Text(i).find(id_), std::string::npos) << "column " << i;
    EXPECT_EQ(rows[0].Text(i).find("13812345678"), std::string::npos) << "column " << i;
  }
}

TEST_P(MembersTest, SearchByNameOrExactIdentifiers) {
  ASSERT_EQ(Post("/api/members", Full(id_), admin_).status, 201);
  json second = Full(CitizenId("44030519920202234"), "李四");
  second["mobile"] = "13900001111";
  ASSERT_EQ(Post("/api/members", second, admin_).status, 201);
  EXPECT_EQ(Get("/api/members?q=" + id_, admin_).Json()["total"], 1);
  EXPECT_EQ(Get("/api/members?q=" + id_, admin_).Json()["items"][0]["name"], "张三丰");
  EXPECT_EQ(Get("/api/members?q=13900001111", admin_).Json()["items"][0]["name"], "李四");
  EXPECT_EQ(Get("/api/members?q=%E5%BC%A0", admin_).Json()["total"], 1);  // 张
  EXPECT_EQ(Get("/api/members?q=440305", admin_).Json()["total"], 0);     // no partial-ID search
  EXPECT_EQ(Get("/api/members?status=full", admin_).Json()["total"], 2);
  EXPECT_EQ(Get("/api/members?status=probationary", admin_).Json()["total"], 0);
  EXPECT_EQ(Get("/api/members?status=emperor", admin_).status, 400);
}

TEST_P(MembersTest, SearchByPinyinInitialsFiltersAndSorts) {
  ASSERT_EQ(Post("/api/members", Full(id_), admin_).status, 201);  // 张三丰
  ASSERT_EQ(Post("/api/members", Full(CitizenId("44030519920202234"), "单田芳"), admin_).status,
            201);
  ASSERT_EQ(Post("/api/members", Full(CitizenId("44030519930303345"), "曾志伟"), admin_).status,
            201);
  ASSERT_EQ(
      Post("/api/members", Full(CitizenId("44030419850505345"), "张三", other_branch_), admin_)
          .status,
      201);
  auto names = [&](const std::string& query) {
    auto res = Get("/api/members?size=50&" + query, admin_);
    EXPECT_EQ(res.status, 200) << res.body;
    json body = res.Json();
    std::vector<std::string> out;
    for (auto& m : body["items"]) out.push_back(m["name"]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("q=zsf"), V{"张三丰"});
  EXPECT_EQ(names("q=ZSF"), V{"张三丰"});
  EXPECT_EQ(names("q=zs&sort=name"), (V{"张三", "张三丰"}));  // a prefix of the initials
  EXPECT_EQ(names("q=stf"), V{"单田芳"});                     // 单 as a surname reads shàn
  EXPECT_EQ(names("q=zzw"), V{"曾志伟"});                     // 曾 as a surname reads zēng
  EXPECT_EQ(names("q=xyz"), V{});
  // The full spelling too, and its prefixes, with the surname's reading (issue #14).
  EXPECT_EQ(names("q=zhang&sort=name"), (V{"张三", "张三丰"}));
  EXPECT_EQ(names("q=zhangsanfeng"), V{"张三丰"});
  EXPECT_EQ(names("q=ZhangSanF"), V{"张三丰"});
  EXPECT_EQ(names("q=shantianfang"), V{"单田芳"});  // not dantianfang
  EXPECT_EQ(names("q=dantianfang"), V{});
  EXPECT_EQ(names("q=zengzhiwei"), V{"曾志伟"});
  EXPECT_EQ(names("q=zhangsanfengx"), V{});
  EXPECT_EQ(names("q=zs&kind=branch").size(), 2u);
  EXPECT_EQ(names("q=zs&kind=street").size(), 0u);
  EXPECT_EQ(names("sort=name"), (V{"单田芳", "张三", "张三丰", "曾志伟"}));
  EXPECT_EQ(names("sort=name&order=desc").front(), "曾志伟");
  EXPECT_EQ(names("under=" + std::to_string(street_a_) + "&sort=name").size(), 3u);
  EXPECT_EQ(Get("/api/members?sort=national_id", admin_).ErrorCode(), "invalid_field");
  EXPECT_EQ(Get("/api/members?order=sideways", admin_).ErrorCode(), "invalid_field");
  EXPECT_EQ(Get("/api/members?kind=palace", admin_).ErrorCode(), "invalid_field");
  // Org search matches initials anywhere in the name.
  auto orgs = Get("/api/orgs?q=jgdy&size=50", admin_).Json();  // 机关第一
  EXPECT_EQ(orgs["total"], 2);
}

TEST_P(MembersTest, ScopeHidesOtherStreetsMembers) {
  auto mine = Post("/api/members", Full(id_), admin_).Json();
  auto theirs =
      Post("/api/members", Full(CitizenId("44030419850505345"), "王五", other_branch_), admin_);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  MakeUser("yuehai", "street_admin", street_a_);
  auto street = Login("yuehai", kPassword);
  EXPECT_EQ(Get("/api/members/" + mine["id"].dump(), street).status, 200);
  EXPECT_EQ(Get("/api/members/" + theirs.Json()["id"].dump(), street).status, 404);
  EXPECT_EQ(Get("/api/members/" + theirs.Json()["id"].dump() + "?reveal=1", street).status, 404);
  EXPECT_EQ(Get("/api/members?size=50", street).Json()["total"], 1);
  EXPECT_EQ(
      Post("/api/members", Full(CitizenId("44030419860606456"), "赵六", other_branch_), street)
          .status,
      404);
  EXPECT_EQ(Get("/api/members", Login("auditor", kPassword)).status, 403);
  EXPECT_EQ(Get("/api/members", Login("security", kPassword)).status, 403);
}

TEST_P(MembersTest, RegistrationRules) {
  json bad = Full(id_);
  bad["national_id"] = id_.substr(0, 17) + (id_[17] == '1' ? "2" : "1");
  auto checksum = Post("/api/members", bad, admin_);
  EXPECT_EQ(checksum.status, 400);
  EXPECT_EQ(checksum.Json()["error"]["field"], "national_id");
  json gender = Full(id_);
  gender["gender"] = "female";
  EXPECT_EQ(Post("/api/members", gender, admin_).ErrorCode(), "gender_mismatch");
  EXPECT_EQ(Post("/api/members", Full(id_, "x", street_a_), admin_).ErrorCode(), "not_a_branch");
  json mobile = Full(id_);
  mobile["mobile"] = "12345";
  EXPECT_EQ(Post("/api/members", mobile, admin_).status, 400);
  json early = Full(id_);
  early["full_on"] = "2016-01-01";  // before probation ends
  EXPECT_EQ(Post("/api/members", early, admin_).ErrorCode(), "illegal_transition");
  json young = Full(CitizenId("44030520000101123"));
  young["joined_on"] = "2017-01-01";  // 17 years old
  EXPECT_EQ(Post("/api/members", young, admin_).ErrorCode(), "too_young");
  json applicant = {
      {"org_id", branch_}, {"name", "钱七"}, {"national_id", id_}, {"status", "applicant"}};
  auto missing = Post("/api/members", applicant, admin_);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Json()["error"]["field"], "applied_on");
  json dead = Full(id_);
  dead["status"] = "deceased";
  EXPECT_EQ(Post("/api/members", dead, admin_).ErrorCode(), "invalid_status");
  // None of the refused registrations left anything behind.
  EXPECT_EQ(Get("/api/members", admin_).Json()["total"], 0);
  ASSERT_EQ(Post("/api/members", Full(id_), admin_).status, 201);
  auto dup = Post("/api/members", Full(id_, "另一个人"), admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "duplicate_member");
}

// One set of rules for every path in: registering someone at a stage applies the dates
// rules the status changes apply (细则 art. 13, 32, 34; 党章 art. 1, 7), and the identifier
// rules of GB 11643. Each bad registration is refused with its field named; none is stored.
TEST_P(MembersTest, RegistrationFollowsThePipelinesRules) {
  const std::string today = orgs::TodayInShanghai(runtime_->context());
  auto ago = [&](int months) { return domain::AddMonths(today, -months); };
  auto person = [&](const std::string& status) {
    return json{{"org_id", branch_}, {"name", "周九"}, {"national_id", id_}, {"status", status}};
  };
  struct Case {
    const char* what;
    json body;
    int status;
    const char* code;
    const char* field;
  };
  json candidate_after_a_month = person("candidate");
  candidate_after_a_month.update(
      {{"applied_on", ago(14)}, {"activist_on", ago(13)}, {"candidate_on", ago(12)}});
  json one_day = person("probationary");
  one_day.update({{"applied_on", ago(2)},
                  {"activist_on", ago(2)},
                  {"candidate_on", ago(2)},
                  {"joined_on", ago(2)}});
  json three_years = Full(id_);
  three_years["full_on"] = "2018-07-01";  // joined 2015-07-01
  json bare = person("full");             // no dates at all
  json not_yet = Full(id_);
  not_yet["joined_on"] = ago(3);  // probation runs nine more months
  json no_activist_date = person("candidate");
  no_activist_date.update({{"applied_on", ago(30)}, {"candidate_on", ago(3)}});
  json unborn = Full(CitizenId("440305" + domain::AddYears(today, 1).substr(0, 4) + "0101123"));
  json province_20 = Full(CitizenId("20030519900101123"));
  const Case cases[] = {
      {"a candidate a month after becoming an activist", candidate_after_a_month, 422,
       "illegal_transition", "candidate_on"},
      {"a probationary member whose dates are all one day", one_day, 422, "illegal_transition",
       "candidate_on"},
      {"full membership three years after joining", three_years, 422, "illegal_transition",
       "full_on"},
      {"a full member without dates", bare, 400, "invalid_field", "joined_on"},
      {"a full member still on probation", not_yet, 422, "illegal_transition", "joined_on"},
      {"a candidate without the activist date", no_activist_date, 400, "invalid_field",
       "activist_on"},
      {"an ID number born next year", unborn, 400, "invalid_field", "national_id"},
      {"an ID number of province 20", province_20, 400, "invalid_field", "national_id"},
  };
  for (const auto& c : cases) {
    auto r = Post("/api/members", c.body, admin_);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.body;
    EXPECT_EQ(r.ErrorCode(), c.code) << c.what;
    EXPECT_EQ(r.Json()["error"]["field"], c.field) << c.what;
    EXPECT_FALSE(r.Json()["error"]["message"].get<std::string>().empty()) << c.what;
  }
  EXPECT_EQ(Get("/api/members", admin_).Json()["total"], 0);  // nothing stored
  // The same people with their dates right are registered, full_on a real date.
  json veteran = Full(id_);
  auto made = Post("/api/members", veteran, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json()["full_on"], "2016-07-01");
  json extended = Full(CitizenId("44030519920202234"), "李四");
  extended["full_on"] = "2017-01-01";  // probation extended by six months
  auto ext = Post("/api/members", extended, admin_);
  ASSERT_EQ(ext.status, 201) << ext.body;
  EXPECT_EQ(ext.Json()["probation_extended"], true);
  EXPECT_EQ(ext.Json()["probation_ends_on"], "2017-01-01");
  json probationary = person("probationary");
  probationary.update({{"national_id", CitizenId("44030519930303345")},
                       {"applied_on", ago(30)},
                       {"activist_on", ago(28)},
                       {"candidate_on", ago(14)},
                       {"joined_on", ago(2)}});
  auto p = Post("/api/members", probationary, admin_);
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(p.Json()["probation_ends_on"], domain::AddYears(ago(2), 1));
}

// 党章 art. 7; 细则 art. 32: a probationary member is not expelled; the probationary
// membership is cancelled, a status of its own that lists, counts and documents.
TEST_P(MembersTest, ProbationIsCancelledNotExpelled) {
  const std::string today = orgs::TodayInShanghai(runtime_->context());
  auto ago = [&](int months) { return domain::AddMonths(today, -months); };
  json body = {{"org_id", branch_},        {"name", "吴十"},        {"national_id", id_},
               {"status", "probationary"}, {"applied_on", ago(30)}, {"activist_on", ago(28)},
               {"candidate_on", ago(14)},  {"joined_on", ago(6)}};
  auto made = Post("/api/members", body, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/members/" + made.Json()["id"].dump();
  int64_t version = made.Json()["version"];
  auto expel = Post(path + "/status", {{"version", version}, {"to", "expelled"}}, admin_);
  EXPECT_EQ(expel.status, 422) << expel.body;
  EXPECT_EQ(expel.ErrorCode(), "illegal_transition");
  EXPECT_NE(expel.Json()["error"]["message"].get<std::string>().find("取消预备党员资格"),
            std::string::npos);
  auto cancelled =
      Post(path + "/status", {{"version", version}, {"to", "probation_cancelled"}}, admin_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json()["status"], "probation_cancelled");
  EXPECT_EQ(cancelled.Json()["left_on"], today);
  EXPECT_EQ(Get("/api/members?status=probation_cancelled", admin_).Json()["total"], 1);
  auto stats = Get("/api/orgs/" + std::to_string(branch_) + "/stats", admin_).Json();
  EXPECT_EQ(stats["members_by_status"]["probation_cancelled"], 1);
  EXPECT_EQ(stats["members_by_status"].value("probationary", 0), 0);
  // Nothing follows it; a full member cannot have it.
  version = cancelled.Json()["version"];
  EXPECT_EQ(Post(path + "/status", {{"version", version}, {"to", "full"}}, admin_).ErrorCode(),
            "illegal_transition");
  auto full = Post("/api/members", Full(CitizenId("44030519920202234"), "李四"), admin_).Json();
  EXPECT_EQ(Post("/api/members/" + full["id"].dump() + "/status",
                 {{"version", full["version"]}, {"to", "probation_cancelled"}}, admin_)
                .ErrorCode(),
            "illegal_transition");
  // Not a status anyone is registered with.
  json registered = body;
  registered["national_id"] = CitizenId("44030519930303345");
  registered["status"] = "probation_cancelled";
  EXPECT_EQ(Post("/api/members", registered, admin_).ErrorCode(), "invalid_status");
  // The OpenAPI document lists it among the status changes, not among registrations.
  auto doc = Get("/api/openapi.json").Json();
  auto schema = [&](const std::string& route) {
    return doc["paths"][route]["post"]["requestBody"]["content"]["application/json"]["schema"];
  };
  auto to = schema("/api/members/{id}/status")["properties"]["to"]["enum"];
  EXPECT_NE(std::find(to.begin(), to.end(), "probation_cancelled"), to.end()) << to.dump();
  auto status = schema("/api/members")["properties"]["status"]["enum"];
  EXPECT_EQ(status, json({"applicant", "activist", "candidate", "probationary", "full"}));
}

TEST_P(MembersTest, ThePipelineOverHttp) {
  json applicant = {{"org_id", branch_},
                    {"name", "孙八"},
                    {"national_id", id_},
                    {"status", "applicant"},
                    {"applied_on", "2019-03-01"}};
  auto made = Post("/api/members", applicant, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path = "/api/members/" + made.Json()["id"].dump();
  int64_t version = made.Json()["version"];
  auto step = [&](const std::string& to, const std::string& on) {
    auto r = Post(path + "/status", {{"version", version}, {"to", to}, {"on", on}}, admin_);
    if (r.status == 200) version = r.Json()["version"];
    return r;
  };
  EXPECT_EQ(step("full", "2020-01-01").ErrorCode(), "illegal_transition");
  EXPECT_EQ(step("activist", "2019-04-01").status, 200);
  EXPECT_EQ(step("candidate", "2020-03-01").ErrorCode(), "illegal_transition");  // < 1 year
  EXPECT_EQ(step("candidate", "2020-04-01").status, 200);
  EXPECT_EQ(step("probationary", "2020-07-01").status, 200);
  auto extended = Post(path + "/extend-probation", {{"version", version}, {"months", 6}}, admin_);
  ASSERT_EQ(extended.status, 200) << extended.body;
  EXPECT_EQ(extended.Json()["probation_ends_on"], "2022-01-01");
  version = extended.Json()["version"];
  EXPECT_EQ(step("full", "2021-07-01").ErrorCode(), "illegal_transition");
  auto full = step("full", "2022-01-05");
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.Json()["full_on"], "2022-01-01");
  auto stale = Post(path + "/status", {{"version", 1}, {"to", "deceased"}}, admin_);
  EXPECT_EQ(stale.status, 409);
  auto updated = Patch(path, {{"version", version}, {"mobile", "13700002222"}}, admin_);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Json()["mobile"], "137****2222");
  EXPECT_EQ(Get("/api/members?q=13700002222", admin_).Json()["total"], 1);
  EXPECT_EQ(Patch(path, {{"version", version}, {"name", "x"}}, admin_).status, 409);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

class DemoMembersTest : public ApiTest {};
JICENG_API_TEST_SUITE(DemoMembersTest);

TEST_P(DemoMembersTest, SyntheticPeopleAreValidFlaggedAndSeededOnce) {
  auto& ctx = runtime_->context();
  ASSERT_TRUE(orgs::SeedDemoDivisions(ctx, root_, kDivisions));
  auto first = members::SeedDemoMembers(ctx, 300, 7);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->members_added, 300);
  EXPECT_GT(first->branches_added, 780);
  auto again = members::SeedDemoMembers(ctx, 300, 7);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->members_added, 0);

  auto admin = Login("admin", kPassword);
  auto list = Get("/api/members?size=5", admin);
  ASSERT_EQ(list.status, 200);
  const json page = list.Json();
  EXPECT_EQ(page["total"], 300);
  auto one = Get("/api/members/" + page["items"][0]["id"].dump() + "?reveal=1", admin).Json();
  EXPECT_EQ(one["demo"], true);
  auto id = domain::ParseCitizenId(one["national_id"].get<std::string>());
  ASSERT_TRUE(id) << one.dump();
  // A Shenzhen district, or Haifeng county (4415) for the Shenzhen-Shanwei zone's towns.
  EXPECT_TRUE(id->area_code.substr(0, 4) == "4403" || id->area_code.substr(0, 4) == "4415")
      << id->area_code;
  EXPECT_EQ(one["birth_date"], id->number.substr(6, 4) + "-" + id->number.substr(10, 2) + "-" +
                                   id->number.substr(12, 2));
  // Every synthetic person passes the rules registration applies, with the dates of every
  // stage they passed; and all five stages occur.
  const std::string today = orgs::TodayInShanghai(ctx);
  auto rows = runtime_->db().Read([](store::Tx& tx) {
    return tx.Fetch({"demo_pipeline",
                     "SELECT status, birth_date, applied_on, activist_on, candidate_on, "
                     "joined_on, full_on, probation_ends_on FROM members"});
  });
  ASSERT_EQ(rows.size(), 300u);
  std::set<std::string> statuses;
  for (const auto& r : rows) {
    auto status = domain::ParseMemberStatus(r.Text(0));
    ASSERT_TRUE(status) << r.Text(0);
    statuses.insert(r.Text(0));
    auto p = domain::Register(
        {*status, r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)}, today);
    ASSERT_TRUE(p) << r.Text(0) << " born " << r.Text(1) << ": " << p.error().field << " "
                   << p.error().message;
    EXPECT_FALSE(r.Text(2).empty());  // applied_on: the demo knows every date
    EXPECT_EQ(r.Text(7), p->probation_ends_on);
    EXPECT_EQ(r.Text(6), p->full_on);
  }
  EXPECT_EQ(statuses,
            (std::set<std::string>{"applicant", "activist", "candidate", "probationary", "full"}));
}

}  // namespace
}  // namespace jiceng::testing
