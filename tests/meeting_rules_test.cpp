// The rules of organizational life as the regulations state them, over HTTP on both
// stores: a meeting lies within its organization's lifetime (founded_on … dissolved_on) on
// every path in; past periods are judged by the full members the organization had then
// (the 7-member rule of the branch committee); party committees hold the leadership's
// democratic life meeting (民主生活会) yearly, branches the organizational-life meeting; and
// the rhythm table itself, read by everyone and replaced as a whole at the top
// (MeetingsTest, tests/meetings_fixture.h).
#include <set>

#include "api_fixture.h"
#include "demo/demo_meetings.h"
#include "domain/meetings.h"
#include "meetings_fixture.h"
#include "store/db.h"
#include "store/migrations.h"

namespace jiceng::testing {
namespace {

class MeetingRulesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    today_ = domain::ShanghaiDate(clock_->NowMs());
    year_ = std::stoi(today_.substr(0, 4));
  }
  int64_t Org(int64_t parent, const std::string& name, const std::string& kind,
              const std::string& founded_on = "2020-01-01") {
    auto r =
        Post("/api/orgs",
             {{"parent_id", parent}, {"name", name}, {"kind", kind}, {"founded_on", founded_on}},
             admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  void Dissolve(int64_t org, const std::string& on) {
    auto got = Get("/api/orgs/" + std::to_string(org), admin_);
    ASSERT_EQ(got.status, 200) << got.body;
    auto r = Post("/api/orgs/" + std::to_string(org) + "/dissolve",
                  {{"version", got.Json()["version"]}, {"dissolved_on", on}}, admin_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A full member of `org` (full since a year after `joined_on`); returns the member.
  json Member(int64_t org, const std::string& joined_on = "2015-07-01") {
    std::string seq = std::to_string(1000 + ++serial_).substr(1);  // three digits
    std::string first17 = "44030519900101" + seq;
    auto r = Post("/api/members",
                  {{"org_id", org},
                   {"name", "党员" + std::to_string(serial_)},
                   {"national_id", CitizenId(first17)},
                   {"status", "full"},
                   {"joined_on", joined_on}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json();
  }
  // Moves `member` to `to` by a completed transfer (today).
  void Transfer(const json& member, int64_t to) {
    auto req = Post("/api/members/" + member["id"].dump() + "/transfers",
                    {{"to_org_id", to}, {"reason", "工作调动"}}, admin_);
    ASSERT_EQ(req.status, 201) << req.body;
    json t = req.Json();
    for (const char* step : {"approve", "complete"}) {
      auto r = Post("/api/transfers/" + t["id"].dump() + "/" + step, {{"version", t["version"]}},
                    admin_);
      ASSERT_EQ(r.status, 200) << step << ": " << r.body;
      t = r.Json();
    }
  }
  json Meeting(int64_t org, const std::string& type, const std::string& held_at) {
    return {{"org_id", org}, {"type", type}, {"title", "会议"}, {"held_at", held_at}};
  }
  json Compliance(int64_t org, const std::string& period) {
    auto r = Get("/api/orgs/" + std::to_string(org) + "/compliance?period=" + period + "&size=200",
                 admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  static json Item(const json& c, int64_t org, const std::string& type) {
    for (const auto& i : c["items"])
      if (i["org_id"] == org && i["type"] == type) return i;
    return nullptr;
  }
  static void ExpectRefused(const HttpResult& r, const std::string& code,
                            const std::string& field) {
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.ErrorCode(), code) << r.body;
    if (r.status == 422) {
      EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
    }
  }
  std::string admin_, today_;
  int year_ = 0, serial_ = 0;
};
JICENG_API_TEST_SUITE(MeetingRulesTest);

TEST_P(MeetingRulesTest, AMeetingLiesWithinItsOrganizationsLifetimeOnEveryPath) {
  const int64_t branch = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
  // Founded on 1 January 2020 (Shanghai): the evening before is refused, that day is fine.
  ExpectRefused(
      Post("/api/meetings", Meeting(branch, "theme_day", "2019-12-31T19:30:00+08:00"), admin_),
      "before_founded", "held_at");
  // 16:30 UTC on 31 December is already 1 January in Shanghai.
  auto first = Post("/api/meetings", Meeting(branch, "theme_day", "2019-12-31T16:30:00Z"), admin_);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json()["held_on"], "2020-01-01");
  // Edited to before the founding: refused, the record unchanged.
  const std::string path = "/api/meetings/" + first.Json()["id"].dump();
  ExpectRefused(
      Patch(path, {{"version", first.Json()["version"]}, {"held_at", "2019-06-01T10:00:00+08:00"}},
            admin_),
      "before_founded", "held_at");
  EXPECT_EQ(Get(path, admin_).Json()["held_on"], "2020-01-01");
  // A year's plan wholly before the founding.
  ExpectRefused(Post("/api/orgs/" + std::to_string(branch) + "/schedule", {{"year", 2019}}, admin_),
                "before_founded", "year");

  // Dissolved on 30 June 2024: its last meetings may still be recorded, none after.
  const int64_t gone = Org(street_a_, "中共粤海街道机关第二支部委员会", "branch");
  auto kept =
      Post("/api/meetings", Meeting(gone, "theme_day", "2024-06-10T19:30:00+08:00"), admin_);
  ASSERT_EQ(kept.status, 201) << kept.body;
  Dissolve(gone, "2024-06-30");
  json last_day = Meeting(gone, "theme_day", "2024-06-30T19:30:00+08:00");
  last_day["confirm_duplicate"] = true;  // June's second theme day
  EXPECT_EQ(Post("/api/meetings", last_day, admin_).status, 201);
  ExpectRefused(
      Post("/api/meetings", Meeting(gone, "theme_day", "2024-07-01T09:00:00+08:00"), admin_),
      "after_dissolved", "held_at");
  // 16:30 UTC on 30 June is 1 July in Shanghai.
  ExpectRefused(Post("/api/meetings", Meeting(gone, "theme_day", "2024-06-30T16:30:00Z"), admin_),
                "after_dissolved", "held_at");
  // A plan ahead, an edit moving a meeting past the dissolution, a year's plan after it.
  ExpectRefused(
      Post("/api/meetings", Meeting(gone, "member_meeting", "2099-01-10T15:00:00+08:00"), admin_),
      "after_dissolved", "held_at");
  ExpectRefused(
      Patch("/api/meetings/" + kept.Json()["id"].dump(),
            {{"version", kept.Json()["version"]}, {"held_at", "2024-08-01T19:30:00+08:00"}},
            admin_),
      "after_dissolved", "held_at");
  auto moved = Patch(
      "/api/meetings/" + kept.Json()["id"].dump(),
      {{"version", kept.Json()["version"]}, {"held_at", "2024-06-20T19:30:00+08:00"}}, admin_);
  EXPECT_EQ(moved.status, 200) << moved.body;
  ExpectRefused(
      Post("/api/orgs/" + std::to_string(gone) + "/schedule", {{"year", year_ + 1}}, admin_),
      "after_dissolved", "year");
  auto none = Post("/api/orgs/" + std::to_string(gone) + "/schedule", {{"year", 2024}}, admin_);
  ASSERT_EQ(none.status, 201) << none.body;
  EXPECT_EQ(none.Json()["total"], 0);
}

TEST_P(MeetingRulesTest, ThePlannedYearStartsAtTheFounding) {
  // Founded today: this year's plan holds nothing before today, next year's every period.
  const int64_t fresh = Org(street_a_, "中共粤海街道新建支部委员会", "branch", today_);
  auto plan =
      Post("/api/orgs/" + std::to_string(fresh) + "/schedule", {{"year", year_ + 1}}, admin_);
  ASSERT_EQ(plan.status, 201) << plan.body;
  const json planned = plan.Json();
  ASSERT_GT(planned["items"].size(), 0u);
  for (const auto& m : planned["items"]) EXPECT_GE(m["held_on"].get<std::string>(), today_);
  ExpectRefused(
      Post("/api/orgs/" + std::to_string(fresh) + "/schedule", {{"year", year_ - 1}}, admin_),
      "before_founded", "year");
}

TEST_P(MeetingRulesTest, TheDemoHoldsMeetingsOnlyWhileAnOrganizationExists) {
  const std::string founded = std::to_string(year_) + "-03-15";
  const int64_t late = Org(street_a_, "中共粤海街道今年成立支部委员会", "branch",
                           founded <= today_ ? founded : today_);
  const int64_t old = Org(street_a_, "中共粤海街道老支部委员会", "branch", "2010-01-01");
  auto& ctx = runtime_->context();
  auto seeded = meetings::SeedDemoMeetings(ctx, 3, 0, 7);
  ASSERT_TRUE(seeded) << seeded.error().message;
  ASSERT_GT(seeded->meetings, 0);
  auto first_of = [&](int64_t org) {
    return runtime_->db().Read([&](store::Tx& tx) {
      auto r = tx.FetchOne({"test_first_meeting",
                            "SELECT COALESCE(MIN(held_on), '') FROM meetings WHERE org_id = ?1"},
                           {org});
      return r ? r->Text(0) : std::string();
    });
  };
  EXPECT_GE(first_of(late), founded <= today_ ? founded : today_);
  EXPECT_LT(first_of(old), std::to_string(year_) + "-01-01");  // the earlier years too
  // Committees hold the democratic life meeting, branches the organizational-life meeting.
  auto types_of = [&](int64_t org) {
    return runtime_->db().Read([&](store::Tx& tx) {
      std::set<std::string> out;
      for (const auto& r :
           tx.Fetch({"test_meeting_types", "SELECT DISTINCT type FROM meetings WHERE org_id = ?1"},
                    {org}))
        out.insert(r.Text(0));
      return out;
    });
  };
  EXPECT_TRUE(types_of(street_a_).count("democratic_life"));
  EXPECT_FALSE(types_of(street_a_).count("life_meeting"));
  EXPECT_TRUE(types_of(old).count("life_meeting"));
  EXPECT_FALSE(types_of(old).count("democratic_life"));
}

// Seven full members last year, five now (one died in January, one transferred away today):
// last year's months were due for committee meetings, this year's after January are not.
TEST_P(MeetingRulesTest, PastPeriodsAreJudgedByTheFullMembersOfTheTime) {
  const int64_t shrunk = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
  const int64_t elsewhere = Org(district_b_, "中共福田区机关第一支部委员会", "branch");
  std::vector<json> members;
  for (int i = 0; i < 7; ++i) members.push_back(Member(shrunk));
  const std::string january = std::to_string(year_) + "-01-15";
  auto died =
      Post("/api/members/" + members[0]["id"].dump() + "/status",
           {{"version", members[0]["version"]}, {"to", "deceased"}, {"on", january}}, admin_);
  ASSERT_EQ(died.status, 200) << died.body;
  Transfer(members[1], elsewhere);

  const std::string last_year = std::to_string(year_ - 1);
  json before = Item(Compliance(shrunk, last_year), shrunk, "committee_meeting");
  ASSERT_FALSE(before.is_null()) << "judged by today's five";
  EXPECT_EQ(before["required"], 12);
  EXPECT_EQ(before["overdue"], 12);
  // January began with seven; the months after with six, then five.
  json now = Item(Compliance(shrunk, std::to_string(year_)), shrunk, "committee_meeting");
  ASSERT_FALSE(now.is_null());
  EXPECT_EQ(now["required"], 1);
  EXPECT_TRUE(
      Item(Compliance(shrunk, std::to_string(year_ + 1)), shrunk, "committee_meeting").is_null());
  // The members' other branch: the transferred member counts there from today only.
  EXPECT_TRUE(Item(Compliance(elsewhere, last_year), elsewhere, "committee_meeting").is_null());

  // Five full members last year, seven now (one full since January, one transferred in
  // today): last year owed no committee meetings, next year's months all do.
  const int64_t grown = Org(street_a_, "中共粤海街道机关第三支部委员会", "branch");
  const int64_t source = Org(street_a_, "中共粤海街道机关第四支部委员会", "branch");
  for (int i = 0; i < 5; ++i) Member(grown);
  Member(grown, std::to_string(year_ - 1) + "-01-10");  // full since January this year
  Transfer(Member(source), grown);
  EXPECT_TRUE(Item(Compliance(grown, last_year), grown, "committee_meeting").is_null())
      << "judged by today's seven";
  json next = Item(Compliance(grown, std::to_string(year_ + 1)), grown, "committee_meeting");
  ASSERT_FALSE(next.is_null());
  EXPECT_EQ(next["required"], 12);
  // The meetings a branch held count even in periods it owed none.
  ASSERT_EQ(Post("/api/meetings",
                 {{"org_id", grown},
                  {"type", "committee_meeting"},
                  {"title", "支委会"},
                  {"held_at", last_year + "-05-10T19:30:00+08:00"},
                  {"state", "held"}},
                 admin_)
                .status,
            201);
  json held = Item(Compliance(grown, last_year), grown, "committee_meeting");
  ASSERT_FALSE(held.is_null());
  EXPECT_EQ(held["required"], 0);
  EXPECT_EQ(held["held"], 1);
}

// The history is kept in memory per members generation; a write by another process (which
// this one's generation does not see) is read within a minute.
TEST_P(MeetingRulesTest, TheFullMemberHistorySeesOtherProcessesWithinAMinute) {
  const int64_t branch = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
  std::vector<json> members;
  for (int i = 0; i < 7; ++i) members.push_back(Member(branch));
  const std::string last_year = std::to_string(year_ - 1);
  EXPECT_EQ(Item(Compliance(branch, last_year), branch, "committee_meeting")["required"], 12);
  // As `jiceng import` or another server would: straight into the store.
  ASSERT_TRUE(runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"test_member_left",
             "UPDATE members SET status = 'withdrawn', left_on = '2016-08-01' WHERE id = ?1"},
            {members[0]["id"].get<int64_t>()});
    return {};
  }));
  clock_->Advance(61'000);
  EXPECT_TRUE(Item(Compliance(branch, last_year), branch, "committee_meeting").is_null());
  clock_->Advance(61'000);  // nothing changed since: the same answer
  EXPECT_TRUE(Item(Compliance(branch, last_year), branch, "committee_meeting").is_null());
}

TEST_P(MeetingRulesTest, PartyCommitteesHoldTheDemocraticLifeMeetingYearly) {
  const int64_t branch = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
  // The type, its name, its own agenda (no first study item required).
  auto types = Get("/api/meetings/types", admin_);
  ASSERT_EQ(types.status, 200) << types.body;
  bool listed = false;
  const json listing = types.Json();
  for (const auto& t : listing["types"])
    if (t["code"] == "democratic_life") {
      listed = true;
      EXPECT_EQ(t["name"], "民主生活会");
      EXPECT_EQ(t["first_topic"], false);
    }
  EXPECT_TRUE(listed) << types.body;
  // The default rules: committees (street, community, …) 民主生活会, branches 组织生活会.
  std::set<std::string> rules;
  const json stored = Get("/api/meetings/rules", admin_).Json();
  for (const auto& r : stored["items"])
    rules.insert(r["org_kind"].get<std::string>() + " " + r["type"].get<std::string>() + " " +
                 r["frequency"].get<std::string>());
  for (const char* kind : {"district", "street", "community", "park", "enterprise"}) {
    EXPECT_TRUE(rules.count(std::string(kind) + " democratic_life yearly")) << kind;
    EXPECT_FALSE(rules.count(std::string(kind) + " life_meeting yearly")) << kind;
  }
  EXPECT_TRUE(rules.count("branch life_meeting yearly"));
  EXPECT_FALSE(rules.count("branch democratic_life yearly"));
  // Compliance asks it of the street's committee, the organizational-life meeting of the
  // branch.
  json year = Compliance(street_a_, "2024");
  ASSERT_FALSE(Item(year, street_a_, "democratic_life").is_null()) << year.dump();
  EXPECT_EQ(Item(year, street_a_, "democratic_life")["required"], 1);
  EXPECT_TRUE(Item(year, street_a_, "life_meeting").is_null());
  EXPECT_EQ(Item(year, branch, "life_meeting")["required"], 1);
  EXPECT_TRUE(Item(year, branch, "democratic_life").is_null());
  // Recorded by the committee; a branch does not hold one.
  auto held = Post("/api/meetings",
                   Meeting(street_a_, "democratic_life", "2024-12-20T14:00:00+08:00"), admin_);
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_EQ(held.Json()["type_name"], "民主生活会");
  EXPECT_EQ(Item(Compliance(street_a_, "2024"), street_a_, "democratic_life")["held"], 1);
  ExpectRefused(Post("/api/meetings",
                     Meeting(branch, "democratic_life", "2024-12-20T14:00:00+08:00"), admin_),
                "type_not_for_org", "type");
  // OpenAPI lists the type among the codes a meeting and a rule accept.
  auto doc = Get("/api/openapi.json").Json();
  const json& create =
      doc["paths"]["/api/meetings"]["post"]["requestBody"]["content"]["application/json"]["schema"];
  ASSERT_TRUE(create["properties"]["type"].contains("enum")) << create.dump();
  std::set<std::string> codes;
  for (const auto& c : create["properties"]["type"]["enum"]) codes.insert(c.get<std::string>());
  EXPECT_TRUE(codes.count("democratic_life"));
  EXPECT_TRUE(codes.count("life_meeting"));
}

// A store seeded with the old defaults (组织生活会 for committees) is moved by migration 15;
// the rules a city set for branches stay.
TEST_P(MeetingRulesTest, TheMigrationMovesCommitteesToTheDemocraticLifeMeeting) {
  auto& db = runtime_->db();
  ASSERT_TRUE(db.Write([](store::Tx& tx) -> Status {
    tx.Exec({"test_old_rules",
             "UPDATE meeting_rules SET type = 'life_meeting' WHERE type = 'democratic_life'"});
    tx.Exec({"test_unapply_15", "DELETE FROM schema_migrations WHERE version = 15"});
    return {};
  }));
  std::set<std::string> before;
  const json old_rules = Get("/api/meetings/rules", admin_).Json();
  for (const auto& r : old_rules["items"])
    before.insert(r["org_kind"].get<std::string>() + " " + r["type"].get<std::string>());
  ASSERT_TRUE(before.count("street life_meeting"));
  auto report = store::Migrate(db, clock_->NowMs());
  EXPECT_EQ(report.applied_now, std::vector<int>{15});
  std::set<std::string> after;
  const json new_rules = Get("/api/meetings/rules", admin_).Json();
  for (const auto& r : new_rules["items"])
    after.insert(r["org_kind"].get<std::string>() + " " + r["type"].get<std::string>());
  EXPECT_TRUE(after.count("street democratic_life"));
  EXPECT_TRUE(after.count("community democratic_life"));
  EXPECT_FALSE(after.count("street life_meeting"));
  EXPECT_TRUE(after.count("branch life_meeting"));
  EXPECT_TRUE(after.count("general_branch life_meeting"));
  EXPECT_EQ(after.size(), before.size());
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, TheRhythmIsConfigurableAtTheTop) {
  auto rules = Get("/api/meetings/rules", admin_);
  ASSERT_EQ(rules.status, 200);
  json list = rules.Json()["items"];
  ASSERT_GT(list.size(), 20u);
  // A city that holds themed days quarterly.
  for (auto& r : list)
    if (r["type"] == "theme_day") r["frequency"] = "quarterly";
  auto put = Call(
      {"PUT", "/api/meetings/rules", json{{"rules", list}}.dump(), "application/json", admin_});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Item(Compliance(street_a_, "2024Q3"), branch_, "theme_day")["required"], 1);
  // Only at the top of the tree, and only rules that make sense.
  MakeUser("nanshan", "street_admin", street_a_);
  EXPECT_EQ(Call({"PUT", "/api/meetings/rules", json{{"rules", list}}.dump(), "application/json",
                  Login("nanshan", kPassword)})
                .status,
            404);
  auto bad = [&](json rule) {
    return Call(
        {"PUT", "/api/meetings/rules", json{{"rules", {rule}}}.dump(), "application/json", admin_});
  };
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "group_meeting"}, {"frequency", "monthly"}})
                .ErrorCode(),
            "type_not_for_org");
  EXPECT_EQ(bad({{"org_kind", "palace"}, {"type", "theme_day"}, {"frequency", "monthly"}}).status,
            422);
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "theme_day"}, {"frequency", "daily"}}).status,
            400);
  EXPECT_EQ(bad({{"org_kind", "branch"}, {"type", "theme_day"}}).status, 400);
  EXPECT_EQ(
      Call({"PUT", "/api/meetings/rules", "{\"rules\":{}}", "application/json", admin_}).status,
      400);
  // Nothing half-written: the quarterly rule set is still in force.
  json after = Get("/api/meetings/rules", admin_).Json();
  EXPECT_EQ(after["total"], list.size());
  for (const auto& r : after["items"])
    if (r["type"] == "theme_day") {
      EXPECT_EQ(r["frequency"], "quarterly");
    }
}

}  // namespace
}  // namespace jiceng::testing
