// The workbench on both stores: what is overdue below an organization (oldest missed
// deadline first, paged), a branch's own overdue and due meetings, and supervision
// reminders (督办提醒): sending one, the 24-hour pause, bad input, scope, reading and marking
// read, and the audit entry.
#include "meetings_fixture.h"

namespace jiceng::testing {
namespace {

class MeetingOverdueTest : public MeetingsTest {
 protected:
  void SetUp() override {
    MeetingsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // 26 November 2030, 10:00 in Shanghai (sessions expire: log in again).
    const int64_t target = 1921888800000;  // 2030-11-26T02:00:00Z
    ASSERT_GT(target, clock_->NowMs());
    clock_->Advance(target - clock_->NowMs());
    admin_ = Login("admin", kPassword);
    // The branch held its January themed day and its fourth-quarter member meeting; the
    // group below it nothing this year.
    for (const char* at : {"2030-01-15T19:00:00+08:00"})
      ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", at), admin_).status, 201);
    auto q4 = Post("/api/meetings", Meeting("member_meeting", "2030-10-20T15:00:00+08:00"), admin_);
    ASSERT_EQ(q4.status, 201) << q4.body;
    MakeUser("yuehai", "street_admin", street_a_);
    MakeUser("futian", "street_admin", district_b_);
    MakeUser("secretary", "branch_secretary", branch_);
    street_ = Login("yuehai", kPassword);
  }
  std::string Path(int64_t org, const std::string& rest) {
    return "/api/orgs/" + std::to_string(org) + rest;
  }
  // The (type, period) pairs of a list of missed meetings, in order.
  static std::vector<std::string> Pairs(const json& list) {
    std::vector<std::string> out;
    for (const auto& m : list)
      out.push_back(m["type"].get<std::string>() + " " + m["period"].get<std::string>());
    return out;
  }
  std::string street_;
};

TEST_P(MeetingOverdueTest, OrganizationsBelowAreListedOldestMissedDeadlineFirst) {
  auto r = Get(Path(street_a_, "/overdue"), street_);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.Json();
  EXPECT_EQ(body["today"], "2030-11-26");
  EXPECT_EQ(body["since"], "2030-01-01");
  EXPECT_TRUE(body["has_children"].get<bool>());
  ASSERT_EQ(body["total"], 2) << r.body;
  // The group missed January's group meeting; the branch held January's themed day, so its
  // oldest miss is February's — the group comes first although it lies below the branch.
  const json& group = body["items"][0];
  EXPECT_EQ(group["org_id"], group_);
  EXPECT_EQ(group["parent_name"], "中共粤海街道机关第一支部委员会");
  EXPECT_EQ(group["oldest_deadline"], "2030-01-31");
  EXPECT_EQ(group["overdue"], 10);  // January to October
  EXPECT_EQ(group["types"], json({"group_meeting"}));
  EXPECT_EQ(group["type_names"], json({"党小组会"}));
  const json& branch = body["items"][1];
  EXPECT_EQ(branch["org_id"], branch_);
  EXPECT_EQ(branch["oldest_deadline"], "2030-02-28");
  // Member meetings Q1–Q3, lectures Q1–Q3, themed days February to October.
  EXPECT_EQ(branch["overdue"], 15);
  EXPECT_EQ(branch["supervised_at"], nullptr);
  EXPECT_EQ(body["overdue_total"], 25);
  // The street's own committee meetings are its own, not a row below.
  EXPECT_EQ(Pairs(body["own"]["overdue"]).front(), "party_committee 2030-01");
  EXPECT_EQ(body["own"]["overdue"][0]["deadline"], "2030-01-31");
  // Paged: the second of one per page is the branch.
  auto second = Get(Path(street_a_, "/overdue?page=2&size=1"), street_).Json();
  EXPECT_EQ(second["total"], 2);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["org_id"], branch_);
  // From the city: every organization below with something overdue, the branch after all
  // those that missed January.
  auto city = Get(Path(root_, "/overdue?size=200"), admin_).Json();
  std::vector<int64_t> order;
  for (const auto& i : city["items"]) order.push_back(i["org_id"]);
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order.back(), branch_) << city.dump();
  for (size_t i = 1; i < city["items"].size(); ++i)
    EXPECT_LE(city["items"][i - 1]["oldest_deadline"].get<std::string>(),
              city["items"][i]["oldest_deadline"].get<std::string>());
}

TEST_P(MeetingOverdueTest, ABranchSeesItsOwnOverdueAndDueMeetings) {
  auto sec = Login("secretary", kPassword);
  auto r = Get(Path(branch_, "/overdue"), sec);
  ASSERT_EQ(r.status, 200) << r.body;
  json body = r.Json();
  auto overdue = Pairs(body["own"]["overdue"]);
  ASSERT_EQ(overdue.size(), 15u) << r.body;
  EXPECT_EQ(overdue.front(), "theme_day 2030-02");  // January's was held
  EXPECT_EQ(body["own"]["overdue"][0]["deadline"], "2030-02-28");
  EXPECT_EQ(body["own"]["overdue"][0]["type_name"], "主题党日");
  // Due: what the running periods require and has not been held — not the fourth quarter's
  // member meeting, held in October.
  auto due = Pairs(body["own"]["due"]);
  std::sort(due.begin(), due.end());
  EXPECT_EQ(due, (std::vector<std::string>{"appraisal 2030", "lecture 2030Q4", "life_meeting 2030",
                                           "theme_day 2030-11"}))
      << r.body;
  for (const auto& d : body["own"]["due"])
    EXPECT_GE(d["deadline"].get<std::string>(), "2030-11-26");
  // The group's own: a branch's page lists it below.
  EXPECT_EQ(body["total"], 1);
  auto group = Get(Path(group_, "/overdue"), sec).Json();
  EXPECT_FALSE(group["has_children"].get<bool>());
  EXPECT_EQ(group["total"], 0);
  EXPECT_EQ(Pairs(group["own"]["due"]), std::vector<std::string>{"group_meeting 2030-11"});
}

TEST_P(MeetingOverdueTest, OutOfScopeAndUnknownOrganizationsAreNotFound) {
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(Get(Path(street_a_, "/overdue"), futian).status, 404);
  EXPECT_EQ(Get(Path(999999, "/overdue"), street_).status, 404);
  EXPECT_EQ(Get(Path(street_a_, "/overdue?size=500"), street_).status, 400);
  EXPECT_EQ(Get(Path(street_a_, "/overdue")).status, 401);
  EXPECT_EQ(Post(Path(branch_, "/supervisions"), json::object(), futian).status, 404);
  EXPECT_EQ(Get(Path(branch_, "/supervisions"), futian).status, 404);
}

TEST_P(MeetingOverdueTest, AReminderIsSentOnceIn24HoursReadAndMarkedRead) {
  auto sent =
      Post(Path(branch_, "/supervisions"), {{"message", "请于月底前补开党员大会"}}, street_);
  ASSERT_EQ(sent.status, 201) << sent.body;
  json s = sent.Json();
  EXPECT_EQ(s["org_id"], branch_);
  EXPECT_EQ(s["from_org_id"], street_a_);
  EXPECT_EQ(s["message"], "请于月底前补开党员大会");
  EXPECT_EQ(s["read_at"], nullptr);
  EXPECT_FALSE(s["may_mark_read"].get<bool>());  // the sender does not answer it
  ASSERT_EQ(s["items"].size(), 15u);
  EXPECT_EQ(s["items"][0]["type"], "theme_day");
  EXPECT_EQ(s["items"][0]["period"], "2030-02");
  EXPECT_EQ(s["items"][0]["deadline"], "2030-02-28");

  // A second one within 24 hours, from anyone, is refused.
  auto again = Post(Path(branch_, "/supervisions"), json::object(), street_);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ErrorCode(), "supervised_recently");
  EXPECT_EQ(Post(Path(branch_, "/supervisions"), json::object(), admin_).ErrorCode(),
            "supervised_recently");
  // The workbench shows it was reminded.
  auto list = Get(Path(street_a_, "/overdue"), street_).Json();
  EXPECT_NE(list["items"][1]["supervised_at"], nullptr);
  EXPECT_EQ(list["items"][0]["supervised_at"], nullptr);

  // The branch reads it and its secretary marks it read.
  auto sec = Login("secretary", kPassword);
  auto unread = Get(Path(branch_, "/supervisions?unread=1"), sec);
  ASSERT_EQ(unread.status, 200) << unread.body;
  ASSERT_EQ(unread.Json()["total"], 1);
  json got = unread.Json()["items"][0];
  EXPECT_EQ(got["from_org_name"], "中共深圳市南山区粤海街道工作委员会");
  EXPECT_EQ(got["message"], "请于月底前补开党员大会");
  EXPECT_TRUE(got["may_mark_read"].get<bool>());
  const std::string read =
      "/api/supervisions/" + std::to_string(got["id"].get<int64_t>()) + "/read";
  auto refused = Post(read, json::object(), street_);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.ErrorCode(), "not_recipient");
  auto marked = Post(read, json::object(), sec);
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_NE(marked.Json()["read_at"], nullptr);
  EXPECT_EQ(Get(Path(branch_, "/supervisions?unread=1"), sec).Json()["total"], 0);
  EXPECT_EQ(Get(Path(branch_, "/supervisions"), sec).Json()["total"], 1);
  EXPECT_EQ(Post("/api/supervisions/999999/read", json::object(), sec).status, 404);

  // Audited, in words.
  auto log = Get("/api/audit?action=meeting.supervise", Login("auditor", kPassword));
  ASSERT_EQ(log.status, 200) << log.body;
  ASSERT_EQ(log.Json()["total"], 1) << log.body;
  EXPECT_EQ(log.Json()["items"][0]["action_name"], "督办组织生活");
  EXPECT_EQ(log.Json()["items"][0]["org_id"], branch_);

  // A day later another may be sent.
  clock_->Advance(24 * 3600 * 1000 + 1000);
  street_ = Login("yuehai", kPassword);
  EXPECT_EQ(Post(Path(branch_, "/supervisions"), json::object(), street_).status, 201);
}

TEST_P(MeetingOverdueTest, BadRemindersAreRefused) {
  const std::string path = Path(branch_, "/supervisions");
  Req bad;
  bad.method = "POST";
  bad.path = path;
  bad.cookie = street_;
  bad.body = "{\"message\": ";
  EXPECT_EQ(Call(bad).status, 400);
  auto typed = Post(path, {{"message", 42}}, street_);
  EXPECT_EQ(typed.status, 400);
  EXPECT_EQ(typed.Json()["error"]["field"], "message");
  std::string long_message;
  for (int i = 0; i < 201; ++i) long_message += "督";
  EXPECT_EQ(Post(path, {{"message", long_message}}, street_).status, 400);
  bad.body = "{\"message\": \"\xff\xfe\"}";
  EXPECT_EQ(Call(bad).status, 400);
  EXPECT_EQ(Post(Path(999999, "/supervisions"), json::object(), street_).status, 404);
  // Not one's own organization, and only where something is overdue.
  auto own = Post(Path(street_a_, "/supervisions"), json::object(), street_);
  EXPECT_EQ(own.status, 422);
  EXPECT_EQ(own.ErrorCode(), "cannot_supervise_own");
  auto fresh = Post("/api/orgs",
                    {{"parent_id", street_a_},
                     {"name", "中共粤海街道新成立支部委员会"},
                     {"kind", "branch"},
                     {"founded_on", "2030-11-01"}},
                    admin_);
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  auto nothing =
      Post(Path(fresh.Json()["id"].get<int64_t>(), "/supervisions"), json::object(), street_);
  EXPECT_EQ(nothing.status, 422);
  EXPECT_EQ(nothing.ErrorCode(), "nothing_overdue");
  // A branch secretary cannot remind the street above.
  EXPECT_EQ(
      Post(Path(street_a_, "/supervisions"), json::object(), Login("secretary", kPassword)).status,
      404);
  // Nothing was stored.
  EXPECT_EQ(Get(Path(branch_, "/supervisions"), street_).Json()["total"], 0);
}

JICENG_API_TEST_SUITE(MeetingOverdueTest);

}  // namespace
}  // namespace jiceng::testing
