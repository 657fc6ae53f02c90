// Committees over HTTP on both stores: seats, the one-secretary rule, flags for part-time
// and non-Shenzhen-hukou holders (taken from the member record when linked), scope.
#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class CommitteeTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    branch_ = MakeOrg(admin_, street_a_, "中共粤海街道机关第一支部委员会", "branch");
    auto m = Post("/api/members",
                  {{"org_id", branch_},
                   {"name", "李书记"},
                   {"national_id", CitizenId("44030519800101123")},
                   {"status", "full"},
                   {"joined_on", "2005-07-01"},
                   {"shenzhen_hukou", false}},
                  admin_);
    ASSERT_EQ(m.status, 201) << m.body;
    member_ = m.Json()["id"];
  }
  std::string path() const { return "/api/orgs/" + std::to_string(branch_) + "/committee"; }
  HttpResult Put(const json& body, const std::string& cookie) {
    return Call({"PUT", path(), body.dump(), "application/json", cookie});
  }
  std::string admin_;
  int64_t branch_ = 0, member_ = 0;
};
JICENG_API_TEST_SUITE(CommitteeTest);

TEST_P(CommitteeTest, SeatsFlagsAndRules) {
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 0u);
  json seats = {{"seats",
                 {{{"seat", "secretary"}, {"member_id", member_}, {"since", "2021-06-01"}},
                  {{"seat", "deputy_secretary"}, {"name", "王副书记"}, {"part_time", true}},
                  {{"seat", "member"}, {"name", "赵委员"}, {"non_shenzhen_hukou", true}}}}};
  auto set = Put(seats, admin_);
  ASSERT_EQ(set.status, 200) << set.body;
  auto c = set.Json();
  ASSERT_EQ(c["seats"].size(), 3u);
  EXPECT_EQ(c["seats"][0]["name"], "李书记");            // from the member record
  EXPECT_EQ(c["seats"][0]["non_shenzhen_hukou"], true);  // …and so is the hukou flag
  EXPECT_EQ(c["seats"][1]["seat"], "deputy_secretary");
  EXPECT_EQ(c["part_time"], 1);
  EXPECT_EQ(c["non_shenzhen_hukou"], 2);
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 3u);
  // Rules: one secretary, known seats, names, dates; nothing stored on failure.
  json two = {{"seats",
               {{{"seat", "secretary"}, {"name", "甲"}}, {{"seat", "secretary"}, {"name", "乙"}}}}};
  EXPECT_EQ(Put(two, admin_).ErrorCode(), "one_secretary");
  EXPECT_EQ(Put({{"seats", {{{"seat", "king"}, {"name", "甲"}}}}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {{{"seat", "member"}}}}}, admin_).status, 400);
  EXPECT_EQ(
      Put({{"seats", {{{"seat", "member"}, {"name", "甲"}, {"since", "2090-01-01"}}}}}, admin_)
          .ErrorCode(),
      "future_date");
  EXPECT_EQ(Put({{"seats", "all"}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {1, 2}}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {{{"seat", "member"}, {"member_id", 999999}}}}}, admin_).status, 400);
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 3u);
  // Emptying the committee is allowed.
  EXPECT_EQ(Put({{"seats", json::array()}}, admin_).Json()["seats"].size(), 0u);
}

TEST_P(CommitteeTest, Scope) {
  MakeUser("futian", "district_admin", district_b_);
  auto other = Login("futian", kPassword);
  EXPECT_EQ(Get(path(), other).status, 404);
  EXPECT_EQ(Put({{"seats", json::array()}}, other).status, 404);
  EXPECT_EQ(Get("/api/orgs/999999/committee", admin_).status, 404);
}

}  // namespace
}  // namespace jiceng::testing
