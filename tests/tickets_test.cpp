// One-window tickets over HTTP on both stores (issue 15): recorded at the window, sent to
// units, transferred, resolved, rated; overdue ones in the managing organization's queue;
// the contact number sealed, masked and revealed only with an audit entry.
#include <algorithm>
#include <thread>

#include "api_fixture.h"
#include "platform/pii.h"
#include "store/resident_repo.h"

namespace jiceng::testing {
namespace {

constexpr int64_t kTicketHour = 3'600'000;

class TicketsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Monday 2027-03-01 08:00 in Shanghai: due times count the center's working days.
    clock_->Advance(1'803'830'400'000 + 8 * kTicketHour - clock_->NowMs());
    admin_ = Login("admin", kPassword);
    community_ = MakeOrg(admin_, street_a_, "中共深圳市南山区粤海街道高新社区委员会", "community");
    other_ = MakeOrg(admin_, street_a_, "中共深圳市南山区粤海街道科技园社区委员会", "community");
    json day = json::array({{{"start", "09:00"}, {"end", "18:00"}}});
    auto c = Post("/api/centers",
                  {{"org_id", community_},
                   {"name", "高新社区党群服务中心"},
                   {"level", "community"},
                   {"address", "深圳市南山区粤海街道高新社区"},
                   {"location", "22.5431,114.0579"},
                   {"hours",
                    {{"week",
                      {{"mon", day},
                       {"tue", day},
                       {"wed", day},
                       {"thu", day},
                       {"fri", day},
                       {"sat", json::array()},
                       {"sun", json::array()}}}}}},
                  admin_);
    ASSERT_EQ(c.status, 201) << c.body;
    center_ = c.Json()["id"];
    MakeUser("gaoxin", "community_admin", community_);
    staff_ = Login("gaoxin", kPassword);
    MakeUser("keji", "community_admin", other_);
    other_staff_ = Login("keji", kPassword);
    const int64_t zhou = MakeUser("resident-zhou", "resident", root_);
    resident_ = Login("resident-zhou", kPassword);
    // Zhou proved 13912340000 when signing up by code (kept sealed in `residents`).
    auto& ctx = runtime_->context();
    (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
      store::ResidentRecord r;
      r.user_id = zhou;
      r.mobile_index = ctx.pii->BlindIndex("mobile", "13912340000");
      r.mobile_sealed = ctx.pii->Seal("mobile", "13912340000");
      r.mobile_masked = "139****0000";
      r.created_at = r.updated_at = clock_->NowMs();
      store::ResidentRepository::Insert(tx, r);
      return {};
    });
  }

  std::string Url(int64_t id, const std::string& tail = "") {
    return "/api/tickets/" + std::to_string(id) + tail;
  }

  std::string admin_, staff_, other_staff_, resident_;
  int64_t community_ = 0, other_ = 0, center_ = 0;
};

TEST_P(TicketsTest, AWalkInRequestGoesToItsUnitsUntilItIsResolvedAndRated) {
  auto made = Post("/api/centers/" + std::to_string(center_) + "/tickets",
                   {{"channel", "walk_in"},
                    {"category", "convenience"},
                    {"title", "小区路灯不亮"},
                    {"description", "3 栋门口路灯已坏一周"},
                    {"contact_name", "周先生"},
                    {"contact_phone", "138 1234 5678"},
                    {"unit_ids", {other_}}},
                   staff_);
  ASSERT_EQ(made.status, 201) << made.body;
  auto t = made.Json();
  const int64_t id = t["id"];
  EXPECT_EQ(t["status"], "open");
  EXPECT_EQ(t["assigned_org_id"], other_);
  EXPECT_EQ(t["contact_phone"], "138****5678");  // masked in every answer
  EXPECT_EQ(made.body.find("12345678"), std::string::npos);
  EXPECT_EQ(t["events"].size(), 1u);
  // Convenience requests are due within one working day: Monday 08:00 → Tuesday 08:00.
  int64_t created = 0, due = 0;
  ASSERT_TRUE(ParseIsoTime(t["created_at"], &created));
  ASSERT_TRUE(ParseIsoTime(t["due_at"], &due));
  EXPECT_EQ(due - created, 24 * kTicketHour);

  // Both the center's staff and the unit holding it see and work it; nobody else does.
  EXPECT_EQ(Get(Url(id), other_staff_).status, 200);
  EXPECT_EQ(Get(Url(id), resident_).status, 404);
  MakeUser("elsewhere", "community_admin", district_b_);
  EXPECT_EQ(Get(Url(id), Login("elsewhere", kPassword)).status, 404);
  EXPECT_EQ(Post(Url(id, "/resolve"), {{"resolution", "x"}}, resident_).status, 403);
  // Transferred back to the community, noted, resolved.
  auto moved = Post(Url(id, "/transfer"), {{"to_org_id", community_}, {"note", "属本社区物业"}},
                    other_staff_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["assigned_org_id"], community_);
  EXPECT_EQ(moved.Json()["units"], json::array({other_, community_}));
  const auto transfer = moved.Json()["events"].back();
  EXPECT_EQ(transfer["kind"], "transfer");
  EXPECT_EQ(transfer["from_org_id"], other_);
  EXPECT_EQ(transfer["to_org_name"], "中共深圳市南山区粤海街道高新社区委员会");
  EXPECT_EQ(Post(Url(id, "/transfer"), {{"to_org_id", community_}}, staff_).ErrorCode(),
            "same_unit");
  ASSERT_EQ(Post(Url(id, "/notes"), {{"note", "已联系物业"}}, staff_).status, 200);
  // The unit it left no longer sees it.
  EXPECT_EQ(Get(Url(id), other_staff_).status, 404);
  auto done = Post(Url(id, "/resolve"), {{"resolution", "物业已更换灯泡"}}, staff_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json()["status"], "resolved");
  EXPECT_EQ(Post(Url(id, "/resolve"), {{"resolution", "again"}}, staff_).ErrorCode(),
            "ticket_closed");
  // The walk-in's rating, recorded by staff, once.
  EXPECT_EQ(Post(Url(id, "/rating"), {{"rating", 6}}, staff_).status, 400);
  auto rated = Post(Url(id, "/rating"), {{"rating", 5}, {"comment", "很快"}}, staff_);
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(rated.Json()["rating"], 5);
  EXPECT_EQ(Post(Url(id, "/rating"), {{"rating", 4}}, staff_).ErrorCode(), "already_rated");
  // The facts: one ticket, resolved, rated 5, in this month of its organization's.
  int64_t made_month = 0;
  for (const auto& [key, value] : ModuleFacts("tickets"))
    if (key.second == "centers.tickets") made_month = key.first;
  auto table = ModuleFacts("tickets");
  EXPECT_EQ((table[{made_month, "centers.tickets"}]), 1);
  EXPECT_EQ((table[{made_month, "centers.tickets_resolved"}]), 1);
  EXPECT_EQ((table[{made_month, "centers.rating_sum"}]), 5);
  // The same figures for the street and the city, with the community as a child row.
  auto stats = Get("/api/orgs/" + std::to_string(street_a_) + "/center-stats", admin_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json()["tickets"], 1);
  EXPECT_EQ(stats.Json()["tickets_resolved"], 1);
  EXPECT_EQ(stats.Json()["satisfaction"], 5.0);
  ASSERT_EQ(stats.Json()["children"].size(), 1u);
  EXPECT_EQ(stats.Json()["children"][0]["org_id"], community_);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/center-stats", other_staff_).status,
            404);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(community_) + "/center-stats?period=20x7", staff_).status,
      400);
  auto trail = Get(Url(id), staff_).Json()["events"];
  std::vector<std::string> kinds;
  for (const auto& e : trail) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"create", "transfer", "note", "resolve", "rate"}));

  // The number in full only by an audited reveal, to staff who may reveal personal data.
  EXPECT_EQ(Post(Url(id, "/reveal-phone"), json::object(), resident_).status, 403);
  auto revealed = Post(Url(id, "/reveal-phone"), json::object(), admin_);
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(revealed.Json()["contact_phone"], "13812345678");
  auto audit = Get("/api/audit?action=ticket.reveal_phone", Login("auditor", kPassword));
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.Json()["total"], 1);
  EXPECT_EQ(audit.body.find("13812345678"), std::string::npos);
  runtime_->db().Read([&](store::Tx& tx) {
    auto row = tx.FetchOne({"test_ticket_phone", "SELECT contact_phone_sealed FROM tickets"});
    EXPECT_EQ(row->Text(0).find("13812345678"), std::string::npos);
  });
}

TEST_P(TicketsTest, OnlineRequestsAreTheResidentsOwnAndOverdueOnesReachTheManagingOrganization) {
  auto asked = Post("/api/tickets",
                    {{"center_id", center_}, {"category", "public"}, {"title", "咨询老年人助餐"}},
                    resident_);
  ASSERT_EQ(asked.status, 201) << asked.body;
  const int64_t id = asked.Json()["id"];
  EXPECT_EQ(asked.Json()["channel"], "online");
  // The number to call back is the one the resident proved, masked here, revealed to staff.
  EXPECT_EQ(asked.Json()["contact_phone"], "139****0000");
  EXPECT_EQ(Post(Url(id, "/reveal-phone"), json::object(), staff_).Json()["contact_phone"],
            "13912340000");
  EXPECT_EQ(Get("/api/tickets/mine", resident_).Json()["total"], 1);
  EXPECT_EQ(Get(Url(id), resident_).status, 200);
  // A resident cannot record at the window, nor rate before it is resolved.
  EXPECT_EQ(Post("/api/centers/" + std::to_string(center_) + "/tickets",
                 {{"channel", "walk_in"}, {"category", "public"}, {"title", "x"}}, resident_)
                .status,
            403);
  EXPECT_EQ(Post(Url(id, "/rating"), {{"rating", 5}}, resident_).ErrorCode(), "ticket_open");

  // Queues: the community's staff and the street above see it, the other community not.
  const std::string queue = "/api/tickets?org=";
  EXPECT_EQ(Get(queue + std::to_string(community_), staff_).Json()["total"], 1);
  EXPECT_EQ(Get(queue + std::to_string(other_), other_staff_).Json()["total"], 0);
  EXPECT_EQ(Get(queue + std::to_string(community_), other_staff_).status, 404);
  EXPECT_EQ(Get(queue + std::to_string(street_a_) + "&overdue=1", admin_).Json()["total"], 0);
  // Three working days on (Thursday 08:01), unresolved: overdue, in the managing
  // organization's overdue queue.
  clock_->Advance(72 * kTicketHour + 60'000);
  staff_ = Login("gaoxin", kPassword);
  admin_ = Login("admin", kPassword);
  auto overdue = Get(queue + std::to_string(street_a_) + "&overdue=1", admin_).Json();
  ASSERT_EQ(overdue["total"], 1);
  EXPECT_EQ(overdue["items"][0]["overdue"], true);
  ASSERT_EQ(Post(Url(id, "/resolve"), {{"resolution", "已登记长者饭堂"}}, staff_).status, 200);
  EXPECT_EQ(Get(queue + std::to_string(street_a_) + "&overdue=1", admin_).Json()["total"], 0);
  // The trail: the resident reads where it went by name, not which staff account acted;
  // the staff see who.
  const auto seen = Get(Url(id), Login("resident-zhou", kPassword)).Json()["events"];
  const auto staff_seen = Get(Url(id), staff_).Json()["events"];
  ASSERT_EQ(seen.size(), staff_seen.size());
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[0]["actor"], staff_seen[0]["actor"]);  // their own request, by their name
  EXPECT_NE(seen[0]["actor"], "");
  EXPECT_EQ(seen.back()["kind"], "resolve");
  EXPECT_EQ(seen.back()["actor"], "");
  EXPECT_NE(staff_seen.back()["actor"], "");
  // Only the requester rates an online request.
  EXPECT_EQ(Post(Url(id, "/rating"), {{"rating", 4}}, staff_).status, 404);
  const auto again = Login("resident-zhou", kPassword);
  EXPECT_EQ(Post(Url(id, "/rating"), {{"rating", 4}}, again).status, 200);
}

// A double submit of 办结 resolves once and counts once; a ticket goes only where the staff
// may send it.
TEST_P(TicketsTest, ResolvingTwiceAtOnceCountsOnceAndTicketsStayInScope) {
  auto made = Post("/api/centers/" + std::to_string(center_) + "/tickets",
                   {{"channel", "phone"}, {"category", "public"}, {"title", "咨询"}}, staff_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string body = R"({"resolution":"已答复"})";
  const std::string request =
      "POST " + Url(made.Json()["id"].get<int64_t>(), "/resolve") +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + staff_ +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = SendRaw(port_, request).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  int64_t resolved = 0;
  for (const auto& [key, value] : ModuleFacts("tickets"))
    if (key.second == "centers.tickets_resolved") resolved += value;
  EXPECT_EQ(resolved, 1);
  // Units: in the staff's own scope or above the center; another district is out of reach.
  auto far = Post("/api/centers/" + std::to_string(center_) + "/tickets",
                  {{"channel", "phone"},
                   {"category", "public"},
                   {"title", "越界"},
                   {"unit_ids", {district_b_}}},
                  staff_);
  EXPECT_EQ(far.status, 404);
  EXPECT_EQ(far.Json()["error"]["field"], "unit_ids");
  auto up = Post("/api/centers/" + std::to_string(center_) + "/tickets",
                 {{"channel", "phone"},
                  {"category", "public"},
                  {"title", "上报街道"},
                  {"unit_ids", {street_a_}}},
                 staff_);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(
      Post(Url(up.Json()["id"].get<int64_t>(), "/transfer"), {{"to_org_id", district_b_}}, staff_)
          .status,
      404);
}

// Due times skip the days the center is closed: a government request made on Friday is due
// five working days later, the Friday after, and a holiday moves it on by a day.
TEST_P(TicketsTest, DueTimesCountTheCentersWorkingDays) {
  clock_->Advance(4 * 24 * kTicketHour);  // Friday 2027-03-05 08:00
  ASSERT_EQ(Call({"PUT", "/api/city-days/2027-03-10", json{{"kind", "closed"}}.dump(),
                  "application/json", Login("admin", kPassword)})
                .status,
            200);
  auto made = Post("/api/centers/" + std::to_string(center_) + "/tickets",
                   {{"channel", "walk_in"}, {"category", "government"}, {"title", "居住证"}},
                   Login("gaoxin", kPassword));
  ASSERT_EQ(made.status, 201) << made.body;
  // Mon 8, Tue 9, (Wed 10 closed), Thu 11, Fri 12, Mon 15.
  EXPECT_EQ(made.Json()["due_at"], "2027-03-15T08:00:00.000+08:00");
}

TEST_P(TicketsTest, BadInputIsRefusedAndStoresNothing) {
  const std::string path = "/api/centers/" + std::to_string(center_) + "/tickets";
  auto post = [&](const json& body) { return Post(path, body, staff_); };
  json ok = {{"channel", "phone"}, {"category", "party"}, {"title", "组织关系转接咨询"}};
  EXPECT_EQ(Call({"POST", path, "{\"title\":", "application/json", staff_}).status, 400);
  EXPECT_EQ(Call({"POST", path, "{\"title\":\"\xff\"}", "application/json", staff_}).status, 400);
  for (auto [field, value] :
       std::vector<std::pair<std::string, json>>{{"channel", "online"},
                                                 {"channel", 3},
                                                 {"category", "magic"},
                                                 {"title", ""},
                                                 {"title", "a\u202Eb"},
                                                 {"title", std::string(101, 'x')},
                                                 {"contact_phone", "12345"},
                                                 {"unit_ids", "1"},
                                                 {"due_at", "2001-01-01T00:00:00Z"},
                                                 {"due_at", "tomorrow"}}) {
    json body = ok;
    body[field] = value;
    auto r = post(body);
    EXPECT_EQ(r.status, 400) << field << " " << value.dump() << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << field;
  }
  json body = ok;
  body["unit_ids"] = {999999};
  EXPECT_EQ(post(body).status, 404);
  body = ok;
  body.erase("title");
  EXPECT_EQ(post(body).Json()["error"]["field"], "title");
  EXPECT_EQ(Post("/api/centers/999999/tickets", ok, staff_).status, 404);
  EXPECT_EQ(
      Post("/api/tickets", {{"center_id", center_}, {"category", "public"}}, resident_).status,
      400);
  EXPECT_EQ(Get("/api/tickets?org=" + std::to_string(community_) + "&status=maybe", staff_).status,
            400);
  EXPECT_EQ(Get("/api/tickets", staff_).status, 400);
  EXPECT_EQ(Get("/api/tickets?org=" + std::to_string(community_), staff_).Json()["total"], 0);
}

JICENG_API_TEST_SUITE(TicketsTest);

}  // namespace
}  // namespace jiceng::testing
