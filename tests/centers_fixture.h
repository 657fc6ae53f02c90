// The centers module's API test fixture, shared by tests/centers_test.cpp (the finder, slots,
// calendar, bookings, scope, coverage), tests/center_staff_test.cpp (leave, photos, duty)
// and tests/center_reminders_test.cpp: a community with its center helpers, a service of
// the catalog, and the clock on Monday 2027-03-01 08:00 in Shanghai. Instantiated for both
// stores once, in tests/centers_test.cpp.
#pragma once

#include <string>

#include "api_fixture.h"

namespace jiceng::testing {

// Monday 2027-03-01 00:00 in Shanghai.
inline constexpr int64_t kCenterMonday = 1'803'830'400'000;
inline constexpr int64_t kCenterHour = 3'600'000;

// A week of 09:00–12:00 and 14:00–18:00 on weekdays, an extended evening on Wednesday and
// an off-peak Saturday morning; closed on Sunday.
inline json CenterWeek() {
  json day =
      json::array({{{"start", "09:00"}, {"end", "12:00"}}, {{"start", "14:00"}, {"end", "18:00"}}});
  json wed = day;
  wed.push_back({{"start", "18:30"}, {"end", "21:00"}, {"kind", "extended"}});
  return {{"mon", day},
          {"tue", day},
          {"wed", wed},
          {"thu", day},
          {"fri", day},
          {"sat", json::array({{{"start", "09:00"}, {"end", "12:00"}, {"kind", "off_peak"}}})},
          {"sun", json::array()}};
}

class CentersTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_->Advance(kCenterMonday + 8 * kCenterHour - clock_->NowMs());  // Monday 08:00
    admin_ = Login("admin", kPassword);
    community_ = MakeOrg(admin_, street_a_, "中共深圳市南山区粤海街道高新社区委员会", "community");
    other_community_ =
        MakeOrg(admin_, street_a_, "中共深圳市南山区粤海街道科技园社区委员会", "community");
    auto s = Post("/api/services",
                  {{"name", "党员组织关系转接咨询"},
                   {"category", "party"},
                   {"duration_min", 30},
                   {"seats", 5},
                   {"materials", "身份证\n党员证明"}},
                  admin_);
    ASSERT_EQ(s.status, 201) << s.body;
    service_ = s.Json()["id"];
  }

  json CenterBody(int64_t org, const std::string& name, const std::string& location,
                  const std::string& crs = "gcj02") {
    return {{"org_id", org},
            {"name", name},
            {"level", "community"},
            {"address", "深圳市南山区粤海街道"},
            {"location", location},
            {"crs", crs},
            {"phone", "0755-86000000"},
            {"hours", {{"week", CenterWeek()}}}};
  }

  int64_t MakeCenter(int64_t org, const std::string& name, const std::string& location,
                     int seats = 5) {
    auto c = Post("/api/centers", CenterBody(org, name, location), admin_);
    EXPECT_EQ(c.status, 201) << c.body;
    int64_t id = c.Json().value("id", 0);
    auto o =
        Call({"PUT", "/api/centers/" + std::to_string(id) + "/services/" + std::to_string(service_),
              json{{"seats", seats}, {"min_notice_min", 60}, {"horizon_days", 14}}.dump(),
              "application/json", admin_});
    EXPECT_EQ(o.status, 200) << o.body;
    return id;
  }

  std::string Resident(const std::string& name) {
    MakeUser("resident-" + name, "resident", root_);
    return Login("resident-" + name, kPassword);
  }

  HttpResult Book(int64_t center, const std::string& start, const std::string& cookie) {
    return Post("/api/bookings",
                {{"center_id", center}, {"service_id", service_}, {"start", start}}, cookie);
  }

  std::string admin_;
  int64_t community_ = 0, other_community_ = 0, service_ = 0;
};

}  // namespace jiceng::testing
