// The meetings module's API test fixture, shared by tests/meeting_*_test.cpp: a branch with
// a party group and three full members under street A, another branch in district B, one
// study material, and helpers for a meeting's body and a period's compliance. Instantiated
// for both stores once, in tests/meeting_records_test.cpp.
#pragma once

#include <string>
#include <vector>

#include "api_fixture.h"

namespace jiceng::testing {

class MeetingsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    branch_ = Org(street_a_, "中共粤海街道机关第一支部委员会", "branch");
    group_ = Org(branch_, "第一党小组", "group");
    other_ = Org(district_b_, "中共福田区机关第一支部委员会", "branch");
    for (int i = 0; i < 3; ++i) {
      std::string first17 = "4403051990010" + std::to_string(1 + i) + "123";
      auto made = Post("/api/members",
                       {{"org_id", branch_},
                        {"name", std::string("党员") + std::to_string(i)},
                        {"national_id", CitizenId(first17)},
                        {"status", "full"},
                        {"joined_on", "2015-07-01"},
                        {"shenzhen_hukou", true}},
                       admin_);
      ASSERT_EQ(made.status, 201) << made.body;
      members_.push_back(made.Json()["id"]);
    }
    material_ = AddSpeech(admin_);
    ASSERT_NE(material_, 0);
  }
  // An organization founded long ago, so that the rhythm applies to past periods.
  int64_t Org(int64_t parent, const std::string& name, const std::string& kind) {
    auto r =
        Post("/api/orgs",
             {{"parent_id", parent}, {"name", name}, {"kind", kind}, {"founded_on", "2020-01-01"}},
             admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  json Attendance(const std::vector<std::string>& statuses) {
    json out = json::array();
    for (size_t i = 0; i < statuses.size(); ++i) {
      json a = {{"member_id", members_[i]}, {"status", statuses[i]}};
      if (statuses[i] == "excused") a["reason"] = "出差";
      out.push_back(a);
    }
    return out;
  }
  json Meeting(const std::string& type, const std::string& held_at, int64_t org = 0) {
    return {{"org_id", org ? org : branch_},
            {"type", type},
            {"title", "2024年第三季度主题党日"},
            {"held_at", held_at},
            {"place", "党群服务中心"},
            {"agenda", {"学习讲话精神", "讨论基层治理"}},
            {"first_topic",
             {{"material_ids", {material_}}, {"leader", "王书记"}, {"notes", "逐段学习"}}},
            {"minutes", "会议学习了讲话精神。"},
            {"attendance", Attendance({"present", "present", "excused"})}};
  }
  json Compliance(int64_t org, const std::string& period, const std::string& cookie = "") {
    auto r = Get("/api/orgs/" + std::to_string(org) + "/compliance?period=" + period + "&size=200",
                 cookie.empty() ? admin_ : cookie);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  // The compliance item of (org, type), or null.
  static json Item(const json& c, int64_t org, const std::string& type) {
    for (const auto& i : c["items"])
      if (i["org_id"] == org && i["type"] == type) return i;
    return nullptr;
  }
  std::string admin_;
  int64_t branch_ = 0, group_ = 0, other_ = 0, material_ = 0;
  std::vector<int64_t> members_;
};

}  // namespace jiceng::testing
