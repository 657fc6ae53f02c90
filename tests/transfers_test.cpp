// Transfers between organizations over HTTP on both stores: request by the sending side,
// approval or rejection by the receiving side, completion moving the member exactly once,
// scope, illegal steps and stale versions.
#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class TransfersTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    from_ = MakeOrg(admin_, street_a_, "中共粤海街道机关第一支部委员会", "branch");
    to_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
    MakeUser("nanshan", "district_admin", district_a_);
    MakeUser("futian", "district_admin", district_b_);
    sender_ = Login("nanshan", kPassword);
    receiver_ = Login("futian", kPassword);
    auto m = Post("/api/members",
                  {{"org_id", from_},
                   {"name", "张三丰"},
                   {"national_id", CitizenId("44030519900101123")},
                   {"status", "full"},
                   {"joined_on", "2015-07-01"}},
                  admin_);
    ASSERT_EQ(m.status, 201) << m.body;
    member_ = m.Json()["id"];
  }
  HttpResult Step(const std::string& action, const json& t, const std::string& who,
                  const std::string& note = "") {
    json body = {{"version", t["version"]}};
    if (!note.empty()) body["note"] = note;
    return Post("/api/transfers/" + t["id"].dump() + "/" + action, body, who);
  }
  int64_t OrgOfMember(const std::string& who) {
    return Get("/api/members/" + std::to_string(member_), who).Json().value("org_id", int64_t{0});
  }
  std::string admin_, sender_, receiver_;
  int64_t from_ = 0, to_ = 0, member_ = 0;
};
JICENG_API_TEST_SUITE(TransfersTest);

TEST_P(TransfersTest, RequestApproveCompleteMovesTheMemberOnce) {
  std::string path = "/api/members/" + std::to_string(member_) + "/transfers";
  auto req = Post(path, {{"to_org_id", to_}, {"reason", "工作调动"}}, sender_);
  ASSERT_EQ(req.status, 201) << req.body;
  auto t = req.Json();
  EXPECT_EQ(t["status"], "requested");
  EXPECT_EQ(t["from_org_id"], from_);
  // One open transfer at a time; the member stays where they are until completion.
  EXPECT_EQ(Post(path, {{"to_org_id", to_}}, sender_).ErrorCode(), "transfer_open");
  EXPECT_EQ(OrgOfMember(sender_), from_);
  EXPECT_EQ(Get("/api/transfers?direction=in", receiver_).Json()["total"], 1);
  EXPECT_EQ(Get("/api/transfers?direction=out", receiver_).Json()["total"], 0);
  EXPECT_EQ(Get("/api/transfers?direction=out&status=requested", sender_).Json()["total"], 1);
  // Only the receiving side decides; completion needs approval first.
  EXPECT_EQ(Step("approve", t, sender_).status, 403);
  EXPECT_EQ(Step("complete", t, receiver_).ErrorCode(), "illegal_transition");
  json stale = t;
  stale["version"] = 7;
  EXPECT_EQ(Step("approve", stale, receiver_).status, 409);
  auto approved = Step("approve", t, receiver_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Step("approve", t, receiver_).ErrorCode(), "illegal_transition");  // already done
  EXPECT_EQ(Step("cancel", approved.Json(), sender_).ErrorCode(), "illegal_transition");
  EXPECT_EQ(OrgOfMember(sender_), from_);
  auto done = Step("complete", approved.Json(), receiver_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["status"], "completed");
  // Now the receiving side manages the member and the sending side no longer sees them.
  EXPECT_EQ(OrgOfMember(receiver_), to_);
  EXPECT_EQ(Get("/api/members/" + std::to_string(member_), sender_).status, 404);
  auto history = Get(path, sender_);  // the sending side still sees the record of it
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.Json()["items"][0]["status"], "completed");
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_) + "/stats", admin_).Json()["members"],
            1);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_a_) + "/stats", admin_).Json()["members"],
            0);
  auto audit = Get("/api/audit?action=transfer.&size=50", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 3);
}

TEST_P(TransfersTest, RejectionNeedsAReasonAndCancellationIsTheSendersOwn) {
  std::string path = "/api/members/" + std::to_string(member_) + "/transfers";
  auto t = Post(path, {{"to_org_id", to_}}, sender_).Json();
  EXPECT_EQ(Step("reject", t, receiver_).ErrorCode(), "invalid_field");
  auto rejected = Step("reject", t, receiver_, "不属于本支部接收范围");
  ASSERT_EQ(rejected.status, 200);
  EXPECT_EQ(rejected.Json()["note"], "不属于本支部接收范围");
  EXPECT_EQ(OrgOfMember(sender_), from_);
  auto again = Post(path, {{"to_org_id", to_}}, sender_);
  ASSERT_EQ(again.status, 201);  // a closed transfer does not block a new one
  EXPECT_EQ(Step("cancel", again.Json(), receiver_).status, 403);
  EXPECT_EQ(Step("cancel", again.Json(), sender_).Json()["status"], "cancelled");
  EXPECT_EQ(Step("frobnicate", again.Json(), sender_).status, 404);  // no such route
}

TEST_P(TransfersTest, BadRequestsAndScope) {
  std::string path = "/api/members/" + std::to_string(member_) + "/transfers";
  EXPECT_EQ(Post(path, {{"to_org_id", from_}}, sender_).ErrorCode(), "same_org");
  EXPECT_EQ(Post(path, {{"to_org_id", district_b_}}, sender_).ErrorCode(), "not_a_branch");
  EXPECT_EQ(Post(path, {{"to_org_id", 999999}}, sender_).status, 400);
  EXPECT_EQ(Post(path, {{"to_org_id", "福田"}}, sender_).status, 400);
  EXPECT_EQ(Post(path, {{"reason", "x"}}, sender_).status, 400);
  // The receiving side cannot start a transfer of someone it does not manage.
  EXPECT_EQ(Post(path, {{"to_org_id", to_}}, receiver_).status, 404);
  EXPECT_EQ(Get(path, receiver_).status, 404);
  EXPECT_EQ(Post("/api/members/999999/transfers", {{"to_org_id", to_}}, sender_).status, 404);
  EXPECT_EQ(Get("/api/transfers?direction=sideways", sender_).status, 400);
  EXPECT_EQ(Get("/api/transfers?status=lost", sender_).status, 400);
  // A third district sees neither side.
  int64_t district_c = MakeOrg(admin_, root_, "中共深圳市罗湖区委员会", "district");
  MakeUser("luohu", "district_admin", district_c);
  auto third = Login("luohu", kPassword);
  auto t = Post(path, {{"to_org_id", to_}}, sender_).Json();
  EXPECT_EQ(Step("approve", t, third).status, 404);
  EXPECT_EQ(Get("/api/transfers", third).Json()["total"], 0);
}

}  // namespace
}  // namespace jiceng::testing
