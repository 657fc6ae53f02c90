// Committees over HTTP on both stores: seats, the party's rules for them (the 7-member
// rule, 3–7 seats and an odd number, one secretary, seats held by full members or named with
// a reason), flags for part-time and non-Shenzhen-hukou holders (taken from the member
// record when linked), terms and re-elections (换届), size flags in the stats, scope.
#include "api_fixture.h"
#include "domain/members.h"
#include "platform/clock.h"

namespace jiceng::testing {
namespace {

class CommitteeTest : public BranchApiTest {
 protected:
  void SetUp() override {
    BranchApiTest::SetUp();  // admin_ logged in, branch_ under street_a_
    if (IsSkipped() || HasFatalFailure()) return;
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
  // Registers `n` full members in `org`; returns their ids.
  std::vector<int64_t> AddFull(int64_t org, int n) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i, ++next_) {
      // Distinct birth dates from 1950-01-01 (25 days a month), one sequence number.
      auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
      std::string first17 = "440305" + std::to_string(1950 + next_ / 300) +
                            two(1 + next_ % 300 / 25) + two(1 + next_ % 25) + "357";
      auto m = Post("/api/members",
                    {{"org_id", org},
                     {"name", "党员" + std::to_string(next_)},
                     {"national_id", CitizenId(first17)},
                     {"status", "full"},
                     {"joined_on", "2015-07-01"}},
                    admin_);
      EXPECT_EQ(m.status, 201) << m.body;
      ids.push_back(m.Json().value("id", int64_t{0}));
    }
    return ids;
  }
  static json Seat(const std::string& seat, int64_t member) {
    return {{"seat", seat}, {"member_id", member}};
  }
  static json Named(const std::string& seat, const std::string& name) {
    return {{"seat", seat}, {"name", name}, {"reason", "区域内单位兼职委员"}};
  }
  std::string Today() const { return FormatShanghai(clock_->NowMs()).substr(0, 10); }
  int64_t member_ = 0;
  int next_ = 0;
};
JICENG_API_TEST_SUITE(CommitteeTest);

TEST_P(CommitteeTest, SeatsFlagsAndRules) {
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 0u);
  // One full member: no committee (支部工作条例 第六章), so a committee member is refused…
  json three = {{"seats",
                 {{{"seat", "secretary"}, {"member_id", member_}, {"since", "2021-06-01"}},
                  {{"seat", "deputy_secretary"},
                   {"name", "王副书记"},
                   {"part_time", true},
                   {"reason", "辖区单位兼职"}},
                  {{"seat", "member"},
                   {"name", "赵委员"},
                   {"non_shenzhen_hukou", true},
                   {"reason", "辖区单位兼职"}}}}};
  EXPECT_EQ(Put(three, admin_).ErrorCode(), "no_committee");
  // …while a secretary and one deputy stand.
  json seats = {{"seats",
                 {{{"seat", "secretary"}, {"member_id", member_}, {"since", "2021-06-01"}},
                  {{"seat", "deputy_secretary"},
                   {"name", "王副书记"},
                   {"part_time", true},
                   {"non_shenzhen_hukou", true},
                   {"reason", "辖区单位兼职"}}}}};
  auto set = Put(seats, admin_);
  ASSERT_EQ(set.status, 200) << set.body;
  auto c = set.Json();
  ASSERT_EQ(c["seats"].size(), 2u);
  EXPECT_EQ(c["seats"][0]["name"], "李书记");            // from the member record
  EXPECT_EQ(c["seats"][0]["non_shenzhen_hukou"], true);  // …and so is the hukou flag
  EXPECT_EQ(c["seats"][1]["seat"], "deputy_secretary");
  EXPECT_EQ(c["seats"][1]["reason"], "辖区单位兼职");
  EXPECT_EQ(c["part_time"], 1);
  EXPECT_EQ(c["non_shenzhen_hukou"], 2);
  EXPECT_EQ(c["full_members"], 1);
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 2u);
  // A seat not held by a registered full member is named with the reason.
  EXPECT_EQ(
      Put({{"seats",
            {Seat("secretary", member_), {{"seat", "deputy_secretary"}, {"name", "王副书记"}}}}},
          admin_)
          .ErrorCode(),
      "seat_reason_required");
  // A committee without a secretary is refused.
  EXPECT_EQ(Put({{"seats", {Named("deputy_secretary", "甲")}}}, admin_).ErrorCode(),
            "one_secretary");
  // Rules: one secretary, known seats, names, dates; nothing stored on failure.
  json two = {{"seats",
               {{{"seat", "secretary"}, {"name", "甲"}}, {{"seat", "secretary"}, {"name", "乙"}}}}};
  EXPECT_EQ(Put(two, admin_).ErrorCode(), "one_secretary");
  EXPECT_EQ(Put(two, admin_).status, 422);
  EXPECT_EQ(Put({{"seats", {{{"seat", "king"}, {"name", "甲"}}}}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {{{"seat", "member"}}}}}, admin_).status, 400);
  EXPECT_EQ(
      Put({{"seats", {{{"seat", "member"}, {"name", "甲"}, {"since", "2090-01-01"}}}}}, admin_)
          .ErrorCode(),
      "future_date");
  EXPECT_EQ(Put({{"seats", "all"}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {1, 2}}}, admin_).status, 400);
  EXPECT_EQ(Put({{"seats", {{{"seat", "member"}, {"member_id", 999999}}}}}, admin_).status, 400);
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 2u);
  // Emptying the committee is allowed.
  EXPECT_EQ(Put({{"seats", json::array()}}, admin_).Json()["seats"].size(), 0u);
}

TEST_P(CommitteeTest, SevenFullMembersMakeACommittee) {
  auto ids = AddFull(branch_, 5);  // six full members with 李书记
  ids.insert(ids.begin(), member_);
  auto seats = [&](std::vector<json> list) { return json{{"seats", list}}; };
  // Six: a secretary and at most one deputy, no committee.
  EXPECT_EQ(Put(seats({Seat("secretary", ids[0]), Seat("member", ids[1]), Seat("member", ids[2])}),
                admin_)
                .ErrorCode(),
            "no_committee");
  EXPECT_EQ(Put(seats({Seat("secretary", ids[0]), Seat("deputy_secretary", ids[1]),
                       Seat("deputy_secretary", ids[2])}),
                admin_)
                .ErrorCode(),
            "no_committee");
  ASSERT_EQ(
      Put(seats({Seat("secretary", ids[0]), Seat("deputy_secretary", ids[1])}), admin_).status,
      200);
  // The seventh full member: the branch has a committee of 3 to 7 seats, an odd number.
  auto seventh = AddFull(branch_, 1);
  ids.push_back(seventh[0]);
  EXPECT_EQ(Get(path(), admin_).Json()["full_members"], 7);
  EXPECT_EQ(
      Put(seats({Seat("secretary", ids[0]), Seat("deputy_secretary", ids[1])}), admin_).ErrorCode(),
      "committee_size");
  EXPECT_EQ(Put(seats({Seat("secretary", ids[0]), Seat("member", ids[1]), Seat("member", ids[2]),
                       Seat("member", ids[3])}),
                admin_)
                .ErrorCode(),
            "committee_odd");
  std::vector<json> nine{Seat("secretary", ids[0])};
  for (size_t i = 1; i < 7; ++i) nine.push_back(Seat("member", ids[i]));
  nine.push_back(Named("member", "甲"));
  nine.push_back(Named("member", "乙"));
  EXPECT_EQ(Put(seats(nine), admin_).ErrorCode(), "committee_size");
  EXPECT_EQ(
      Put(seats({Seat("secretary", ids[0]), Seat("deputy_secretary", ids[1]),
                 Seat("deputy_secretary", ids[2]), Seat("member", ids[3]), Seat("member", ids[4])}),
          admin_)
          .ErrorCode(),
      "one_deputy");
  EXPECT_EQ(
      Put(seats({Seat("member", ids[0]), Seat("member", ids[1]), Seat("member", ids[2])}), admin_)
          .ErrorCode(),
      "one_secretary");
  // A seat held by someone who is not a registered full member needs the reason.
  EXPECT_EQ(Put(seats({Seat("secretary", ids[0]),
                       Seat("member", ids[1]),
                       {{"seat", "member"}, {"name", "丙"}}}),
                admin_)
                .ErrorCode(),
            "seat_reason_required");
  // A member of another organization is not a member of this one.
  auto other = MakeOrg(admin_, street_a_, "中共粤海街道机关第二支部委员会", "branch");
  auto stranger = AddFull(other, 1);
  EXPECT_EQ(
      Put(seats({Seat("secretary", ids[0]), Seat("member", ids[1]), Seat("member", stranger[0])}),
          admin_)
          .status,
      400);
  // Three and seven seats stand; nothing changed on the refusals above.
  EXPECT_EQ(Get(path(), admin_).Json()["seats"].size(), 2u);
  auto three = Put(
      seats({Seat("secretary", ids[0]), Seat("deputy_secretary", ids[1]), Named("member", "丙")}),
      admin_);
  ASSERT_EQ(three.status, 200) << three.body;
  std::vector<json> seven{Seat("secretary", ids[0])};
  for (size_t i = 1; i < 7; ++i) seven.push_back(Seat("member", ids[i]));
  EXPECT_EQ(Put(seats(seven), admin_).Json()["seats"].size(), 7u);
}

TEST_P(CommitteeTest, TermsAndReelections) {
  std::string today = Today();
  auto put_term = [&](int64_t org, const std::string& elected_on, int64_t years) {
    return Call({"PUT", "/api/orgs/" + std::to_string(org) + "/committee",
                 json{{"seats", json::array()},
                      {"term", {{"elected_on", elected_on}, {"term_years", years}}}}
                     .dump(),
                 "application/json", admin_});
  };
  // A branch committee serves 3 or 5 years, a primary party committee 5.
  EXPECT_EQ(put_term(branch_, "2024-01-01", 4).ErrorCode(), "term_years");
  EXPECT_EQ(put_term(branch_, "2024-01-01", 0).ErrorCode(), "term_years");
  EXPECT_EQ(put_term(branch_, domain::AddYears(today, 1), 3).ErrorCode(), "future_date");
  EXPECT_EQ(put_term(branch_, "2024-13-01", 3).status, 400);
  EXPECT_EQ(
      Put({{"seats", json::array()}, {"term", {{"elected_on", "2024-01-01"}}}}, admin_).status,
      400);
  EXPECT_EQ(Put({{"seats", json::array()}, {"term", "five"}}, admin_).status, 400);
  auto organ = MakeOrg(admin_, street_a_, "中共粤海街道机关委员会", "organ");
  EXPECT_EQ(put_term(organ, "2024-01-01", 3).ErrorCode(), "term_years");
  ASSERT_EQ(put_term(organ, "2024-01-01", 5).status, 200);
  // The branch: elected 3 years ago less 3 months — expires in 3 months.
  std::string elected = domain::AddMonths(domain::AddYears(today, -3), 3);
  auto set = put_term(branch_, elected, 3);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json()["term"]["expires_on"], domain::AddMonths(today, 3));
  // Seats written without a term keep it; "term": null clears it.
  EXPECT_EQ(Put({{"seats", {Seat("secretary", member_)}}}, admin_).Json()["term"]["term_years"], 3);
  EXPECT_EQ(Get(path(), admin_).Json()["term"]["elected_on"], elected);
  // Another branch whose term has run out.
  auto old = MakeOrg(admin_, street_a_, "中共粤海街道机关第三支部委员会", "branch");
  ASSERT_EQ(put_term(old, domain::AddYears(today, -5), 5).status, 200);
  auto due = [&](int months) {
    auto r = Get("/api/orgs/" + std::to_string(street_a_) +
                     "/reelections?within_months=" + std::to_string(months),
                 admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  };
  json six = due(6);
  ASSERT_EQ(six["total"], 2);
  EXPECT_EQ(six["items"][0]["org_id"], old);  // soonest first
  EXPECT_EQ(six["items"][0]["expired"], true);
  EXPECT_EQ(six["items"][0]["expires_on"], today);
  EXPECT_EQ(six["items"][1]["org_id"], branch_);
  EXPECT_EQ(six["items"][1]["expired"], false);
  EXPECT_EQ(six["items"][1]["term_years"], 3);
  json one = due(1);
  ASSERT_EQ(one["total"], 1);
  EXPECT_EQ(one["items"][0]["org_id"], old);
  // The organ's term (2024 + 5 years) is not due; the default window is 6 months; pages.
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/reelections", admin_).Json()["total"],
            2);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/reelections?page=2&size=1", admin_)
                .Json()["items"][0]["org_id"],
            branch_);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/reelections?within_months=-1", admin_)
                .status,
            400);
  EXPECT_EQ(
      Get("/api/orgs/" + std::to_string(street_a_) + "/reelections?within_months=x", admin_).status,
      400);
  // Clearing the term takes the branch off the list.
  ASSERT_EQ(Put({{"seats", json::array()}, {"term", nullptr}}, admin_).Json()["term"], nullptr);
  EXPECT_EQ(due(6)["total"], 1);
  // Scope: another district sees nothing of this one.
  MakeUser("futian", "district_admin", district_b_);
  auto other = Login("futian", kPassword);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/reelections", other).status, 404);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_) + "/reelections", other).Json()["total"],
            0);
  auto doc = Get("/api/openapi.json").Json();
  EXPECT_TRUE(doc["paths"].contains("/api/orgs/{id}/reelections"));
  EXPECT_TRUE(doc["paths"].contains("/api/orgs/{id}/size-flags"));
}

TEST_P(CommitteeTest, SizeFlagsInStats) {
  // A committee of its own for the test, so that the fixture's branches stay out.
  auto organ = MakeOrg(admin_, street_a_, "中共粤海街道机关委员会", "organ");
  auto small = MakeOrg(admin_, organ, "中共粤海街道机关第四支部委员会", "branch");
  auto large = MakeOrg(admin_, organ, "中共粤海街道机关第五支部委员会", "branch");
  auto flags = [&](const std::string& query = "") {
    auto r = Get("/api/orgs/" + std::to_string(organ) + "/stats" + query, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["size_flags"];
  };
  auto flag_of = [&](const json& f, int64_t org) -> std::string {
    for (const auto& i : f["items"])
      if (i["org_id"] == org) return i["flag"];
    return "";
  };
  AddFull(small, 2);
  AddFull(large, 50);
  json f = flags();
  EXPECT_EQ(flag_of(f, small), "branch_under_three");  // 2 full members
  EXPECT_EQ(flag_of(f, large), "");                    // 50 members
  EXPECT_EQ(f["counts"]["branch_under_three"], 1);
  EXPECT_EQ(f["counts"]["should_be_general_branch"], 0);
  AddFull(small, 1);
  AddFull(large, 1);
  f = flags();
  EXPECT_EQ(flag_of(f, small), "");                          // 3
  EXPECT_EQ(flag_of(f, large), "should_be_general_branch");  // 51
  EXPECT_EQ(f["items"][0]["members"], 51);
  EXPECT_EQ(f["total"], 1);
  AddFull(large, 49);
  EXPECT_EQ(flag_of(flags(), large), "should_be_general_branch");  // 100
  AddFull(large, 1);
  f = flags();
  EXPECT_EQ(flag_of(f, large), "should_be_primary_committee");  // 101
  EXPECT_EQ(f["counts"]["should_be_primary_committee"], 1);
  EXPECT_EQ(f["counts"]["should_be_general_branch"], 0);
  // The paged list, filtered by flag.
  auto page = [&](const std::string& query) {
    auto r = Get("/api/orgs/" + std::to_string(street_a_) + "/size-flags" + query, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  };
  json all = page("");
  EXPECT_GE(all["total"], 2);  // the fixture's own branch (1 full member) is flagged too
  EXPECT_EQ(page("?flag=should_be_primary_committee")["items"][0]["org_id"], large);
  EXPECT_EQ(page("?flag=should_be_primary_committee")["total"], 1);
  EXPECT_EQ(page("?size=1&page=2")["items"].size(), 1u);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/size-flags?flag=huge", admin_).status,
            400);
  MakeUser("futian", "district_admin", district_b_);
  auto other = Login("futian", kPassword);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(organ) + "/size-flags", other).status, 404);
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
