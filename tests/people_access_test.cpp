// Personal data over HTTP on both stores (issue #12): who reads people through meetings,
// attachments, ledgers and committees (the members routes' rule, for every role); masks
// that cannot be reversed in lists, exports and audit snapshots; full exports as a
// permission of their own, audited.
#include <set>

#include "api_fixture.h"
#include "domain/identifiers.h"
#include "platform/tabular.h"
#include "store/db.h"
#include "store/migrations.h"

namespace jiceng::testing {
namespace {

class PeopleAccessTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    security_ = Login("security", kPassword);
    community_ = MakeOrg(admin_, street_a_, "中共粤海街道科技园社区委员会", "community");
    branch_ = MakeOrg(admin_, community_, "中共粤海街道科技园社区第一支部委员会", "branch");
    for (int i = 0; i < 3; ++i) {
      auto made = Post("/api/members",
                       {{"org_id", branch_},
                        {"name", std::vector<std::string>{"党员甲", "党员乙", "党员丙"}[i]},
                        {"national_id", ids_[i]},
                        {"mobile", "1381234567" + std::to_string(i)},
                        {"status", "full"},
                        {"joined_on", "2015-07-01"}},
                       admin_);
      ASSERT_EQ(made.status, 201) << made.body;
      members_.push_back(made.Json()["id"]);
    }
    // One account per role, on the branch's chain.
    street_user_ = MakeUser("street", "street_admin", street_a_);
    MakeUser("community", "community_admin", community_);
    MakeUser("secretary", "branch_secretary", branch_);
    int64_t member_user = MakeUser("member", "member", branch_);
    MakeUser("resident", "resident", community_);
    auto current = Get("/api/users/" + std::to_string(member_user), security_);
    auto linked =
        Patch("/api/users/" + std::to_string(member_user),
              {{"version", current.Json()["version"]}, {"member_id", members_[1]}}, security_);
    ASSERT_EQ(linked.status, 200) << linked.body;

    auto material = Post("/api/materials", {{"title", "讲话"}, {"body", "加强基层党建。"}}, admin_);
    ASSERT_EQ(material.status, 201) << material.body;
    json attendance = json::array();
    for (auto id : members_) attendance.push_back({{"member_id", id}, {"status", "present"}});
    auto meeting =
        Post("/api/meetings",
             {{"org_id", branch_},
              {"type", "theme_day"},
              {"title", "主题党日"},
              {"held_at", "2024-08-15T19:30:00+08:00"},
              {"host", "王主持"},
              {"recorder", "赵记录"},
              {"first_topic", {{"material_ids", {material.Json()["id"]}}, {"leader", "钱领学"}}},
              {"minutes", "会议学习了讲话精神。"},
              {"attendance", attendance}},
             admin_);
    ASSERT_EQ(meeting.status, 201) << meeting.body;
    meeting_ = meeting.Json()["id"];
    Req up{"POST", "/api/meetings/" + std::to_string(meeting_) + "/attachments?name=sign.png",
           std::string("\x89PNG\r\n\x1a\n", 8) + "photo", "application/octet-stream", admin_};
    auto attached = Call(up);
    ASSERT_EQ(attached.status, 201) << attached.body;
    attachment_url_ = attached.Json()["url"];
    auto seats =
        Call({"PUT", "/api/orgs/" + std::to_string(branch_) + "/committee",
              json{{"seats", {{{"seat", "secretary"}, {"member_id", members_[0]}}}}}.dump(),
              "application/json", admin_});
    ASSERT_EQ(seats.status, 200) << seats.body;
  }

  std::string admin_, security_;
  int64_t community_ = 0, branch_ = 0, meeting_ = 0, street_user_ = 0;
  std::string attachment_url_;
  std::vector<int64_t> members_;
  const std::vector<std::string> ids_ = {CitizenId("44030519900101123"),
                                         CitizenId("44030419850505345"),
                                         CitizenId("44030719751231002")};
};
JICENG_API_TEST_SUITE(PeopleAccessTest);

// Every role, on every route that returns people, gets what /api/members gives it.
TEST_P(PeopleAccessTest, EveryRouteThatReturnsPeopleFollowsTheMembersRule) {
  struct Case {
    std::string user;
    bool reads_people;
  };
  const std::vector<Case> cases = {{"admin", true},     {"street", true},  {"community", true},
                                   {"secretary", true}, {"member", false}, {"resident", false},
                                   {"security", false}, {"auditor", false}};
  const std::string meeting = "/api/meetings/" + std::to_string(meeting_);
  const std::string committee = "/api/orgs/" + std::to_string(branch_) + "/committee";
  const std::string ledger = "/api/orgs/" + std::to_string(branch_) + "/ledger.xlsx?year=2024";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.user);
    auto cookie = Login(c.user, kPassword);
    const int expected = c.reads_people ? 200 : 403;
    EXPECT_EQ(Get("/api/members?under=" + std::to_string(branch_), cookie).status, expected);
    EXPECT_EQ(Get(committee, cookie).status, expected);
    EXPECT_EQ(Get(ledger, cookie).status, expected);
    EXPECT_EQ(Get(attachment_url_, cookie).status, expected);

    // The meeting itself is the organization's: everyone in scope reads it…
    auto m = Get(meeting, cookie);
    ASSERT_EQ(m.status, 200) << m.body;
    json j = m.Json();
    EXPECT_EQ(j["minutes"], "会议学习了讲话精神。");
    EXPECT_EQ(j["people_hidden"], !c.reads_people);
    std::set<int64_t> seen;
    for (const auto& a : j["attendance"]) seen.insert(a["member_id"].get<int64_t>());
    if (c.reads_people) {
      EXPECT_EQ(seen.size(), 3u);
      EXPECT_EQ(j["host"], "王主持");
      EXPECT_EQ(j["attachments"].size(), 1u);
    } else {
      // …but not its people: a member their own line only, the others none.
      EXPECT_EQ(seen, c.user == "member" ? std::set<int64_t>{members_[1]} : std::set<int64_t>{});
      EXPECT_TRUE(j["host"].is_null());
      EXPECT_TRUE(j["recorder"].is_null());
      EXPECT_TRUE(j["first_topic"]["leader"].is_null());
      EXPECT_EQ(j["attachments"].size(), 0u);
      for (std::string name : {"党员甲", "党员乙", "党员丙", "王主持", "赵记录", "钱领学"}) {
        if (c.user == "member" && name == "党员乙") continue;  // their own line names them
        EXPECT_EQ(m.body.find(name), std::string::npos) << name << " in " << m.body;
      }
    }
    auto list = Get("/api/meetings?org=" + std::to_string(branch_), cookie);
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json()["items"].size(), 1u);
    EXPECT_EQ(list.Json()["items"][0]["host"].is_null(), !c.reads_people);
  }
  // Someone else's branch secretary: not in scope at all.
  MakeUser("futian", "branch_secretary", district_b_);
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(Get(meeting, futian).status, 404);
  EXPECT_EQ(Get(attachment_url_, futian).status, 404);
  EXPECT_EQ(Get(committee, futian).status, 404);
  EXPECT_EQ(Get(ledger, futian).status, 404);
}

// A list row, an export row and an audit snapshot leave ≥ 1,000 candidate ID numbers:
// the mask keeps 2 + 1 characters, and the birth year stands where the date was.
TEST_P(PeopleAccessTest, MasksCannotBeReversed) {
  auto list = Get("/api/members?under=" + std::to_string(branch_) + "&sort=id", admin_);
  ASSERT_EQ(list.status, 200);
  const json page = list.Json();
  for (size_t i = 0; i < 3; ++i) {
    const json& row = page["items"][i];
    EXPECT_EQ(row["national_id"], ids_[i].substr(0, 2) + std::string(15, '*') + ids_[i].back());
    EXPECT_TRUE(row["birth_date"].is_null()) << row.dump();
    EXPECT_EQ(row["birth_year"], ids_[i].substr(6, 4));
    EXPECT_EQ(row["mobile"], "138****567" + std::to_string(i));
  }
  for (const auto& id : ids_) {
    std::string date = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
    EXPECT_EQ(list.body.find(date), std::string::npos);
  }
  // The detail without reveal is the same; revealed, the date comes with the number.
  auto one = Get("/api/members/" + std::to_string(members_[0]), admin_).Json();
  EXPECT_TRUE(one["birth_date"].is_null());
  auto revealed = Get("/api/members/" + std::to_string(members_[0]) + "?reveal=1", admin_).Json();
  EXPECT_EQ(revealed["national_id"], ids_[0]);
  EXPECT_EQ(revealed["birth_date"], "1990-01-01");

  // Exports: CSV and XLSX.
  auto csv = Get("/api/exports/members.csv?under=" + std::to_string(branch_) + "&sort=id", admin_);
  ASSERT_EQ(csv.status, 200);
  auto rows = ReadCsv(csv.body);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0][3], "出生年份");
  auto xlsx =
      Get("/api/exports/members.xlsx?under=" + std::to_string(branch_) + "&sort=id", admin_);
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = ReadXlsx(xlsx.body);
  ASSERT_TRUE(sheet);
  ASSERT_EQ(sheet->size(), 4u);
  for (const auto* table : {&*rows, &*sheet})
    for (size_t i = 1; i < 4; ++i) {
      const auto& id = ids_[i - 1];
      EXPECT_EQ((*table)[i][3], id.substr(6, 4));
      EXPECT_EQ((*table)[i][4], domain::MaskCitizenId(id));
      EXPECT_EQ((*table)[i][4].find(id.substr(2, 4)), std::string::npos);
      for (const auto& cell : (*table)[i])
        EXPECT_EQ(cell.find(id.substr(6, 4) + "-"), std::string::npos) << cell;
    }

  // Audit snapshots: the member as registered, masked the same way, no birth date.
  auto log = Get("/api/audit?action=member.create", Login("auditor", kPassword));
  ASSERT_EQ(log.status, 200);
  ASSERT_EQ(log.Json()["total"], 3);
  const json entries = log.Json()["items"];
  for (const auto& e : entries) {
    std::string id = e["after"]["national_id"];
    EXPECT_EQ(id.substr(2, 15), std::string(15, '*')) << id;
    EXPECT_FALSE(e["after"].contains("birth_date"));
    for (const auto& full : ids_)
      EXPECT_EQ(e["after"].dump().find(full.substr(0, 6)), std::string::npos);
  }
}

// Full exports are a grant of their own (pii_exporter) on top of a city or district
// administrator's role, and each is audited with its row count and filter.
TEST_P(PeopleAccessTest, FullExportsNeedTheirOwnGrantAndAreAudited) {
  const std::string full = "/api/exports/members-full.csv?under=" + std::to_string(branch_);
  // Nobody has it by default, the city administrator included.
  for (const char* user : {"admin", "street", "secretary", "member", "security", "auditor"}) {
    auto r = Get(full, Login(user, kPassword));
    EXPECT_EQ(r.status, 403) << user << r.body;
  }
  EXPECT_EQ(Get(full, admin_).ErrorCode(), "pii_export_not_granted");
  auto grant = [&](int64_t user, int64_t org) {
    return Post("/api/users/" + std::to_string(user) + "/grants",
                {{"role", "pii_exporter"}, {"org_id", org}}, security_);
  };
  // 三员分立: not to a security administrator (nor to oneself).
  EXPECT_EQ(grant(users_["sec_a"], district_a_).ErrorCode(), "separation_of_duties");
  EXPECT_EQ(grant(users_["security"], root_).status, 403);
  ASSERT_EQ(grant(users_["admin"], root_).status, 201);
  auto csv = Get(full + "&sort=id", admin_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  auto rows = ReadCsv(csv.body);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0][3], "出生日期");
  EXPECT_EQ((*rows)[1][3], "1990-01-01");
  EXPECT_EQ((*rows)[1][4], ids_[0]);
  EXPECT_EQ((*rows)[1][5], "13812345670");
  auto xlsx = Get("/api/exports/members-full.xlsx?q=" + ids_[2], admin_);
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  auto sheet = ReadXlsx(xlsx.body);
  ASSERT_TRUE(sheet);
  ASSERT_EQ(sheet->size(), 2u);
  EXPECT_EQ((*sheet)[1][4], ids_[2]);
  // Masked exports are unchanged (and open to those who read members).
  EXPECT_EQ(Get("/api/exports/members.csv", Login("street", kPassword)).status, 200);

  // Both full exports audited: rows, format, filter — an ID number searched for masked.
  auto log = Get("/api/audit?action=member.export_pii", Login("auditor", kPassword));
  ASSERT_EQ(log.status, 200);
  ASSERT_EQ(log.Json()["total"], 2) << log.body;
  const json entries = log.Json()["items"];
  json xlsx_entry = entries[0], csv_entry = entries[1];
  EXPECT_EQ(csv_entry["after"]["rows"], 3);
  EXPECT_EQ(csv_entry["after"]["format"], "csv");
  EXPECT_EQ(csv_entry["after"]["filter"]["under"], branch_);
  EXPECT_EQ(csv_entry["actor_id"], users_["admin"]);
  EXPECT_EQ(xlsx_entry["after"]["rows"], 1);
  EXPECT_EQ(xlsx_entry["after"]["filter"]["under"], root_);  // the grant's organization
  EXPECT_EQ(xlsx_entry["after"]["filter"]["q"], domain::MaskCitizenId(ids_[2]));
  EXPECT_EQ(log.body.find(ids_[2]), std::string::npos);

  // Only beside a city or district administrator's role over the organization…
  auto refused = grant(street_user_, street_a_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.ErrorCode(), "pii_export_needs_admin");
  EXPECT_EQ(Get(full, Login("street", kPassword)).ErrorCode(), "pii_export_not_granted");
  // …and a district administrator's grant covers their district only.
  int64_t futian = MakeUser("futian", "district_admin", district_b_);
  ASSERT_EQ(grant(futian, district_b_).status, 201);
  auto f = Login("futian", kPassword);
  EXPECT_EQ(Get(full, f).status, 404);
  EXPECT_EQ(Get("/api/exports/members-full.csv", f).status, 200);  // their own district
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

// Migration 0016 re-masks what was stored with the former mask (first 4 and last 4).
TEST_P(PeopleAccessTest, Migration16RemasksStoredMasks) {
  const store::MigrationSource* m16 = nullptr;
  for (const auto& m : store::EmbeddedMigrations())
    if (m.version == 16) m16 = &m;
  ASSERT_NE(m16, nullptr);
  const std::string old_mask = ids_[0].substr(0, 4) + std::string(10, '*') + ids_[0].substr(14);
  auto done = runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"test_old_mask", "UPDATE members SET national_id_masked = ?1 WHERE id = ?2"},
            {old_mask, members_[0]});
    tx.ExecScript(store::RenderMigration(m16->sql, tx.dialect()));
    return {};
  });
  ASSERT_TRUE(done);
  auto one = Get("/api/members/" + std::to_string(members_[0]), admin_).Json();
  EXPECT_EQ(one["national_id"], domain::MaskCitizenId(ids_[0]));
  EXPECT_EQ(one["national_id"], ids_[0].substr(0, 2) + std::string(15, '*') + ids_[0].back());
}

}  // namespace
}  // namespace jiceng::testing
