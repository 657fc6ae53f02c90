// Members' study records over HTTP on both stores: linking an account to its member record
// (security administrators, within scope, one account per member), reporting reading
// sessions (the same session reported again keeps the longest), the reader's own record,
// the readers of a subtree, the city's numbers, bad input and scope.
#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class ReadingsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    security_ = Login("security", kPassword);
    branch_ = MakeOrg(admin_, street_a_, "中共粤海街道机关第一支部委员会", "branch");
    other_branch_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
    member_id_ = Member(branch_, "张学习", "440305199001011234");
    other_member_ = Member(other_branch_, "李其他", "440304198505052345");
    material_ = AddSpeech(admin_);
    ASSERT_NE(material_, 0);
    reader_user_ = MakeUser("reader", "member", branch_);
  }
  int64_t Member(int64_t org, const std::string& name, const std::string& id18) {
    auto r = Post("/api/members",
                  {{"org_id", org},
                   {"name", name},
                   {"national_id", CitizenId(id18.substr(0, 17))},
                   {"status", "full"},
                   {"joined_on", "2015-07-01"}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  // Links `user` to a member as `cookie` (a security administrator).
  HttpResult Link(int64_t user, const json& fields, const std::string& cookie) {
    auto current = Get("/api/users/" + std::to_string(user), cookie);
    json body = fields;
    body["version"] = current.Json().value("version", int64_t{0});
    return Patch("/api/users/" + std::to_string(user), body, cookie);
  }
  // A reading session begun `minutes_ago`, in Shanghai time as a phone would send it.
  std::string Ago(int64_t minutes) { return FormatShanghai(clock_->NowMs() - minutes * 60'000); }
  HttpResult Read(const std::string& started_at, const json& seconds, const std::string& cookie,
                  int64_t material = 0) {
    return Post("/api/materials/" + std::to_string(material ? material : material_) + "/readings",
                {{"started_at", started_at}, {"seconds", seconds}}, cookie);
  }
  std::string Year() { return FormatShanghai(clock_->NowMs()).substr(0, 4); }
  std::string admin_, security_;
  int64_t branch_ = 0, other_branch_ = 0, member_id_ = 0, other_member_ = 0, material_ = 0;
  int64_t reader_user_ = 0;
};
JICENG_API_TEST_SUITE(ReadingsTest);

TEST_P(ReadingsTest, ASecurityAdministratorLinksAnAccountToItsMemberRecord) {
  auto reader = Login("reader", kPassword);
  EXPECT_TRUE(Get("/api/auth/me", reader).Json()["user"]["member_id"].is_null());
  // By the member's citizen ID number (what is on the card in front of the administrator).
  auto linked =
      Link(reader_user_, {{"member_national_id", CitizenId("44030519900101123")}}, security_);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.Json()["member_id"], member_id_);
  EXPECT_EQ(linked.Json()["member_name"], "张学习");
  // The session already open sees it (cached principals are dropped on the change).
  auto me = Get("/api/auth/me", reader).Json();
  EXPECT_EQ(me["user"]["member_id"], member_id_);
  EXPECT_EQ(me["user"]["member_name"], "张学习");
  auto log = Get("/api/audit?action=user.link_member", Login("auditor", kPassword)).Json();
  ASSERT_EQ(log["total"], 1) << log.dump();

  // One account per member.
  int64_t second = MakeUser("reader2", "member", branch_);
  auto taken = Link(second, {{"member_id", member_id_}}, security_);
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(taken.ErrorCode(), "member_linked");
  // A district's security administrator cannot reach a member of another district, nor
  // tell whether the number exists there.
  int64_t in_a = MakeUser("reader_a", "member", street_a_);
  auto sec_a = Login("sec_a", kPassword);
  EXPECT_EQ(Link(in_a, {{"member_id", other_member_}}, sec_a).status, 404);
  EXPECT_EQ(Link(in_a, {{"member_national_id", CitizenId("44030419850505234")}}, sec_a).status,
            404);
  EXPECT_EQ(Link(in_a, {{"member_id", member_id_}}, sec_a).ErrorCode(), "member_linked");
  // Bad input.
  auto bad_id = Link(second, {{"member_national_id", "440305199001011230"}}, security_);
  EXPECT_EQ(bad_id.status, 400) << bad_id.body;
  EXPECT_EQ(Link(second, {{"member_national_id", "not a number"}}, security_).status, 400);
  EXPECT_EQ(Link(second, {{"member_id", "12"}}, security_).status, 400);
  EXPECT_EQ(Link(second, {{"member_id", 999999}}, security_).status, 404);
  EXPECT_EQ(
      Link(second, {{"member_id", other_member_}, {"member_national_id", "x"}}, security_).status,
      400);
  // Business roles do not manage accounts.
  EXPECT_EQ(Link(second, {{"member_id", other_member_}}, admin_).status, 403);
  // Unlinking frees the member for another account.
  auto unlinked = Link(reader_user_, {{"member_id", nullptr}}, security_);
  ASSERT_EQ(unlinked.status, 200) << unlinked.body;
  EXPECT_TRUE(unlinked.Json()["member_id"].is_null());
  EXPECT_TRUE(Get("/api/auth/me", reader).Json()["user"]["member_id"].is_null());
  EXPECT_EQ(Link(in_a, {{"member_id", member_id_}}, sec_a).status, 200);
}

TEST_P(ReadingsTest, AMemberRecordsReadingSessionsAndSeesTheirStudy) {
  ASSERT_EQ(Link(reader_user_, {{"member_id", member_id_}}, security_).status, 200);
  auto reader = Login("reader", kPassword);
  const std::string start = Ago(30);
  auto first = Read(start, 300, reader);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json()["seconds"], 300);
  EXPECT_EQ(first.Json()["member_id"], member_id_);
  // The same session reported again as it goes on: one session, the longest duration.
  auto later = Read(start, 900, reader);
  EXPECT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(later.Json()["id"], first.Json()["id"]);
  EXPECT_EQ(later.Json()["seconds"], 900);
  EXPECT_EQ(Read(start, 120, reader).Json()["seconds"], 900);  // a late, shorter report
  // The city's numbers load from the store on this first question…
  auto stats =
      Get("/api/orgs/" + std::to_string(street_a_) + "/meeting-stats?period=" + Year(), admin_)
          .Json();
  EXPECT_EQ(stats["reading_sessions"], 1) << stats.dump();
  EXPECT_EQ(stats["reading_minutes"], 15);
  // …and follow each report after it.
  ASSERT_EQ(Read(Ago(5), 180, reader).status, 201);
  ASSERT_EQ(Read(start, 960, reader).status, 200);
  stats =
      Get("/api/orgs/" + std::to_string(root_) + "/meeting-stats?period=" + Year(), admin_).Json();
  EXPECT_EQ(stats["reading_sessions"], 2);
  EXPECT_EQ(stats["reading_minutes"], (960 + 180) / 60);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(district_b_) + "/meeting-stats?period=" + Year(), admin_)
          .Json()["reading_sessions"],
      0);

  auto mine = Get("/api/readings/mine", reader);
  ASSERT_EQ(mine.status, 200) << mine.body;
  json m = mine.Json();
  EXPECT_EQ(m["period"], Year());
  EXPECT_EQ(m["total"], 2);
  EXPECT_EQ(m["totals"]["minutes"], 19);
  EXPECT_EQ(m["totals"]["materials"], 1);
  ASSERT_EQ(m["items"].size(), 2u);
  EXPECT_EQ(m["items"][0]["seconds"], 180);  // newest first
  EXPECT_EQ(m["items"][0]["material_title"], "在全国组织工作会议上的讲话");
  EXPECT_EQ(Get("/api/readings/mine?period=2001", reader).Json()["total"], 0);
  EXPECT_EQ(Get("/api/readings/mine?period=20x1", reader).status, 400);
  // An account without a member record has no study of its own.
  auto admin_mine = Get("/api/readings/mine", admin_);
  EXPECT_EQ(admin_mine.status, 403);
  EXPECT_EQ(admin_mine.ErrorCode(), "no_member");
}

TEST_P(ReadingsTest, BadReadingReportsAreRefusedAndStoreNothing) {
  ASSERT_EQ(Link(reader_user_, {{"member_id", member_id_}}, security_).status, 200);
  auto reader = Login("reader", kPassword);
  auto no_member = Read(Ago(10), 60, admin_);
  EXPECT_EQ(no_member.status, 403);
  EXPECT_EQ(no_member.ErrorCode(), "no_member");
  EXPECT_EQ(Read(Ago(10), 60, reader, 999999).status, 404);
  EXPECT_EQ(Read(Ago(10), 0, reader).status, 400);
  EXPECT_EQ(Read(Ago(300), 14401, reader).status, 400);  // longer than four hours
  EXPECT_EQ(Read(Ago(10), "60", reader).status, 400);
  EXPECT_EQ(Read(Ago(10), 60.5, reader).status, 400);
  EXPECT_EQ(Read(Ago(-60), 60, reader).status, 400);           // ends in the future
  EXPECT_EQ(Read(Ago(1), 600, reader).status, 400);            // ends 9 minutes from now
  EXPECT_EQ(Read(Ago(31 * 24 * 60), 60, reader).status, 400);  // too late to report
  EXPECT_EQ(Read("yesterday", 60, reader).status, 400);
  EXPECT_EQ(Read("2024-13-45T25:00:00+08:00", 60, reader).status, 400);
  const std::string path = "/api/materials/" + std::to_string(material_) + "/readings";
  EXPECT_EQ(Post(path, {{"seconds", 60}}, reader).status, 400);
  EXPECT_EQ(Post(path, json::array({1, 2}), reader).status, 400);
  Req raw{"POST", path, "{\"started_at\": \"", "application/json", reader, {}};
  EXPECT_EQ(Call(raw).status, 400);
  raw.body = "{\"started_at\": \"\xff\xfe\", \"seconds\": 60}";
  EXPECT_EQ(Call(raw).status, 400);
  raw.body = "{\"started_at\": \"" + std::string(100000, 'x') + "\", \"seconds\": 60}";
  EXPECT_EQ(Call(raw).status, 400);
  EXPECT_EQ(
      Post("/api/materials/abc/readings", {{"started_at", Ago(1)}, {"seconds", 5}}, reader).status,
      404);
  EXPECT_EQ(Get("/api/readings/mine", reader).Json()["total"], 0);
}

TEST_P(ReadingsTest, SecretariesSeeWhoStudiedInTheirSubtree) {
  ASSERT_EQ(Link(reader_user_, {{"member_id", member_id_}}, security_).status, 200);
  int64_t other_user = MakeUser("other_reader", "member", other_branch_);
  ASSERT_EQ(Link(other_user, {{"member_id", other_member_}}, security_).status, 200);
  ASSERT_EQ(Read(Ago(60), 1200, Login("reader", kPassword)).status, 201);
  ASSERT_EQ(Read(Ago(50), 600, Login("other_reader", kPassword)).status, 201);

  auto city = Get("/api/orgs/" + std::to_string(root_) + "/readers", admin_).Json();
  EXPECT_EQ(city["total"], 2) << city.dump();
  EXPECT_EQ(city["totals"]["minutes"], 30);
  ASSERT_EQ(city["items"].size(), 2u);
  EXPECT_EQ(city["items"][0]["name"], "张学习");  // most time first
  EXPECT_EQ(city["items"][0]["minutes"], 20);
  EXPECT_EQ(city["items"][0]["org_id"], branch_);
  EXPECT_EQ(city["items"][1]["name"], "李其他");

  MakeUser("secretary", "branch_secretary", branch_);
  auto secretary = Login("secretary", kPassword);
  auto own = Get("/api/orgs/" + std::to_string(branch_) + "/readers?period=" + Year(), secretary);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Json()["total"], 1);
  EXPECT_EQ(own.Json()["items"][0]["member_id"], member_id_);
  // Outside the secretary's branch: as if it did not exist; members cannot list readers.
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(other_branch_) + "/readers", secretary).status, 404);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(branch_) + "/readers", Login("reader", kPassword)).status,
      403);
  EXPECT_EQ(Get("/api/orgs/999999/readers", admin_).status, 404);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(root_) + "/readers?period=2024Q5", admin_).status,
            400);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(root_) + "/readers?size=0", admin_).status, 400);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(root_) + "/readers?period=2001", admin_).Json()["total"],
      0);
}

}  // namespace
}  // namespace jiceng::testing
