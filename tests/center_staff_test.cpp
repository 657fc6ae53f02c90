// A center's staff work over HTTP on both stores (issue 15): staff leave (windows unstaffed,
// fewer seats that day), photos, and who is on duty (值班安排).
#include "centers_fixture.h"

namespace jiceng::testing {
namespace {

// Staff leave: a day with windows unstaffed offers proportionally fewer seats; bookings made
// before stand.
TEST_P(CentersTest, StaffLeaveLeavesFewerSeatsThatDay) {
  json body = CenterBody(community_, "高新社区党群服务中心", "22.543100,114.057900");
  body["counters"] = 2;
  auto made = Post("/api/centers", body, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string center = std::to_string(made.Json()["id"].get<int64_t>());
  ASSERT_EQ(Call({"PUT", "/api/centers/" + center + "/services/" + std::to_string(service_),
                  json{{"seats", 4}}.dump(), "application/json", admin_})
                .status,
            200);
  const std::string slots =
      "/api/centers/" + center + "/slots?service=" + std::to_string(service_) + "&date=";
  // Three of four seats at 09:00 on Tuesday are taken; then one of two windows goes on leave.
  for (const char* who : {"a1", "a2", "a3"})
    ASSERT_EQ(Post("/api/bookings",
                   {{"center_id", made.Json()["id"]},
                    {"service_id", service_},
                    {"start", "2027-03-02T09:00:00+08:00"}},
                   Resident(who))
                  .status,
              201);
  auto leave =
      Call({"PUT", "/api/centers/" + center + "/leave/2027-03-02",
            json{{"counters_off", 1}, {"reason", "培训"}}.dump(), "application/json", admin_});
  ASSERT_EQ(leave.status, 200) << leave.body;
  auto tuesday = Get(slots + "2027-03-02").Json()["items"];
  EXPECT_EQ(tuesday[0]["booked"], 3);  // the bookings stand
  EXPECT_EQ(tuesday[1]["capacity"], 2);
  EXPECT_EQ(Get(slots + "2027-03-03").Json()["items"][0]["capacity"], 4);  // the next day
  EXPECT_EQ(Post("/api/bookings",
                 {{"center_id", made.Json()["id"]},
                  {"service_id", service_},
                  {"start", "2027-03-02T09:00:00+08:00"}},
                 Resident("a4"))
                .ErrorCode(),
            "slot_full");
  const auto entered = Get("/api/centers/" + center + "/leave", admin_).Json()["items"];
  ASSERT_EQ(entered.size(), 1u);
  EXPECT_EQ(entered[0], (json{{"date", "2027-03-02"}, {"counters_off", 1}, {"reason", "培训"}}));
  // Both windows off: nothing that day; more windows off than the center has is refused.
  EXPECT_EQ(Call({"PUT", "/api/centers/" + center + "/leave/2027-03-04",
                  json{{"counters_off", 3}}.dump(), "application/json", admin_})
                .status,
            400);
  ASSERT_EQ(Call({"PUT", "/api/centers/" + center + "/leave/2027-03-04",
                  json{{"counters_off", 2}}.dump(), "application/json", admin_})
                .status,
            200);
  EXPECT_EQ(Get(slots + "2027-03-04").Json()["items"][0]["capacity"], 0);
  // Cleared: the seats come back.
  ASSERT_EQ(Call({"PUT", "/api/centers/" + center + "/leave/2027-03-02",
                  json{{"counters_off", 0}}.dump(), "application/json", admin_})
                .status,
            200);
  EXPECT_EQ(Get(slots + "2027-03-02").Json()["items"][1]["capacity"], 4);
  EXPECT_EQ(Get(slots + "2027-03-02").Json()["items"][0]["capacity"], 4);
}

// Photos: images only, by the center's managers, shown to anyone.
TEST_P(CentersTest, PhotosAreImagesAddedByManagersAndShownToAnyone) {
  const std::string center =
      std::to_string(MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900"));
  // A 1×1 PNG.
  const std::string png = std::string(
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"
      "\0\0\0\rIDATx\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\0\0\0"
      "\0IEND\xae\x42\x60\x82",
      67);
  auto added = Call({"POST", "/api/centers/" + center + "/photos", png, "image/png", admin_});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string url = added.Json()["url"];
  auto shown = Get(url);
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(shown.headers["content-type"], "image/png");
  EXPECT_EQ(shown.body, png);
  EXPECT_EQ(Get("/api/centers/" + center).Json()["photos"], json::array({url}));
  // Not an image; not the manager; not found.
  EXPECT_EQ(Call({"POST", "/api/centers/" + center + "/photos", "%PDF-1.4 hello", "application/pdf",
                  admin_})
                .ErrorCode(),
            "photo_type");
  EXPECT_EQ(
      Call({"POST", "/api/centers/" + center + "/photos", png, "image/png", Resident("li")}).status,
      403);
  MakeUser("keji", "community_admin", other_community_);
  EXPECT_EQ(Call({"POST", "/api/centers/" + center + "/photos", png, "image/png",
                  Login("keji", kPassword)})
                .status,
            404);
  EXPECT_EQ(Get("/api/centers/" + center + "/photos/999999").status, 404);
  EXPECT_EQ(Call({"DELETE", url, "", "", admin_}).status, 204);
  EXPECT_EQ(Get(url).status, 404);
}

TEST_P(CentersTest, TheStaffOnDutyAreSetByDayAndShownOnTheCentersPage) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  const std::string url = "/api/centers/" + std::to_string(center);
  MakeUser("gaoxin", "community_admin", community_);
  MakeUser("keji", "community_admin", other_community_);
  const auto gaoxin = Login("gaoxin", kPassword), keji = Login("keji", kPassword);
  auto put = [&](const std::string& date, const json& body, const std::string& cookie) {
    return Call({"PUT", url + "/duty/" + date, body.dump(), "application/json", cookie});
  };
  const json today = {{"staff", json::array({{{"name", "  王芳 "}, {"post", "值班领导"}},
                                             {{"name", "李强"}, {"post", "综合窗口"}}})}};
  // Monday 2027-03-01 is today: the community's administrator sets it, names trimmed.
  auto set = put("2027-03-01", today, gaoxin);
  ASSERT_EQ(set.status, 200) << set.body;
  const json listed = json::array(
      {{{"name", "王芳"}, {"post", "值班领导"}}, {{"name", "李强"}, {"post", "综合窗口"}}});
  EXPECT_EQ(set.Json()["staff"], listed);
  // Anyone reads today's on the center's page, names and posts only.
  EXPECT_EQ(Get(url).Json()["on_duty"], listed);
  ASSERT_EQ(put("2027-03-02", {{"staff", json::array({{{"name", "赵敏"}}})}}, gaoxin).status, 200);
  auto rota = Get(url + "/duty", gaoxin);
  ASSERT_EQ(rota.status, 200) << rota.body;
  ASSERT_EQ(rota.Json()["items"].size(), 2u);
  EXPECT_EQ(
      rota.Json()["items"][1],
      (json{{"date", "2027-03-02"}, {"staff", json::array({{{"name", "赵敏"}, {"post", ""}}})}}));
  // Another community's administrator and a resident neither read nor set it.
  EXPECT_EQ(put("2027-03-01", today, keji).status, 404);
  EXPECT_EQ(Get(url + "/duty", keji).status, 404);
  EXPECT_EQ(Get(url + "/duty", Resident("duty")).status, 403);
  // Bad input is refused naming its field, and today's list stays as it was.
  auto refused = [&](const std::string& date, const json& body, const char* field) {
    auto r = put(date, body, gaoxin);
    EXPECT_EQ(r.status, 400) << date << " " << body.dump() << " " << r.body;
    EXPECT_EQ(r.Json()["error"]["field"], field) << r.body;
  };
  refused("2027-02-28", today, "date");  // yesterday
  refused("2028-03-02", today, "date");  // beyond a year
  refused("2027-13-01", today, "date");
  refused("2027-03-01", {{"staff", json::array({{{"name", "李强"}}, {{"name", "李强"}}})}},
          "staff");
  refused("2027-03-01", {{"staff", json::array({{{"name", "   "}}})}}, "name");
  refused("2027-03-01", {{"staff", json::array({{{"name", "李\u202e强"}}})}}, "name");
  refused("2027-03-01", {{"staff", json::array({{{"name", std::string(31, 'a')}}})}}, "name");
  refused("2027-03-01", {{"staff", json::array({{{"name", "李强"}, {"post", 5}}})}}, "post");
  refused("2027-03-01", {{"staff", "王芳"}}, "staff");
  refused("2027-03-01", {{"staff", json::array({"王芳"})}}, "staff");
  json crowd = json::array();
  for (int i = 0; i < 21; ++i) crowd.push_back({{"name", "值班员" + std::to_string(i)}});
  refused("2027-03-01", {{"staff", crowd}}, "staff");
  EXPECT_EQ(put("2027-03-01", json::object(), gaoxin).status, 400);  // no list at all
  EXPECT_EQ(Get(url + "/duty?from=2027-03-01&to=2027-06-30", gaoxin).Json()["error"]["field"],
            "to");
  EXPECT_EQ(Get(url).Json()["on_duty"], listed);
  // An empty list clears the day.
  ASSERT_EQ(put("2027-03-01", {{"staff", json::array()}}, gaoxin).status, 200);
  EXPECT_EQ(Get(url).Json()["on_duty"], json::array());
}

}  // namespace
}  // namespace jiceng::testing
