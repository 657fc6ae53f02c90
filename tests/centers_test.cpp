// Service centers over HTTP on both stores (issue 15): the public finder, a center's page
// and slots, the city's calendar, administrators' scope, bookings — above all that a slot's
// seats are never exceeded when many residents book the last ones at once — and coverage.
// The staff's leave, photos and duty: center_staff_test.cpp; reminders:
// center_reminders_test.cpp (the fixture: centers_fixture.h).
#include <algorithm>
#include <latch>
#include <thread>

#include "centers_fixture.h"
#include "platform/geo.h"
#include "service/center_service.h"
#include "service/coverage_service.h"
#include "store/db.h"
#include "store/resident_repo.h"

namespace jiceng::testing {
namespace {

TEST_P(CentersTest, FindsTheNearestCentersFirstWithoutLoggingIn) {
  const int64_t near = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  const int64_t mid = MakeCenter(community_, "科技园党群服务中心", "22.552100,114.057900");
  const int64_t far = MakeCenter(other_community_, "粤海街道党群服务中心", "22.600000,114.057900");

  auto r = Get("/api/centers?near=22.5431,114.0579&limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.Json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], near);
  EXPECT_EQ(items[0]["distance_m"], 0);
  EXPECT_EQ(items[1]["id"], mid);
  // 0.009° of latitude is about a kilometre.
  EXPECT_NEAR(items[1]["distance_m"].get<double>(), 1001, 2);
  EXPECT_EQ(items[0]["name"], "高新社区党群服务中心");
  EXPECT_EQ(items[0]["services"], json::array({service_}));

  // A phone's GPS fix (WGS-84) of the nearest center's door: ~600 m off in GCJ-02, found
  // at the door once converted.
  const auto wgs = geo::Wgs84FromGcj02({22.5431, 114.0579});
  char near_wgs[64];
  std::snprintf(near_wgs, sizeof near_wgs, "%.7f,%.7f", wgs.lat, wgs.lng);
  r = Get(std::string("/api/centers?crs=wgs84&limit=1&near=") + near_wgs);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["items"][0]["id"], near);
  EXPECT_LE(r.Json()["items"][0]["distance_m"].get<int>(), 1);
  // The same numbers taken as GCJ-02 are hundreds of metres away.
  r = Get(std::string("/api/centers?limit=1&near=") + near_wgs);
  EXPECT_GT(r.Json()["items"][0]["distance_m"].get<int>(), 300);

  // Within a radius; by organization (the subtree), without `near`.
  r = Get("/api/centers?near=22.5431,114.0579&within=2000");
  EXPECT_EQ(r.Json()["items"].size(), 2u);
  r = Get("/api/centers?org=" + std::to_string(other_community_));
  ASSERT_EQ(r.Json()["items"].size(), 1u);
  EXPECT_EQ(r.Json()["items"][0]["id"], far);
  EXPECT_EQ(r.Json()["total"], 1);
  r = Get("/api/centers?q=" + UrlEncode("科技园"));
  ASSERT_EQ(r.Json()["items"].size(), 1u);
  EXPECT_EQ(r.Json()["items"][0]["id"], mid);

  // A closed center is not found, but its page still answers.
  auto detail = Get("/api/centers/" + std::to_string(near)).Json();
  json body = CenterBody(community_, "高新社区党群服务中心", "22.543100,114.057900");
  body["closed"] = true;
  body["version"] = detail["version"];
  auto put = Call(
      {"PUT", "/api/centers/" + std::to_string(near), body.dump(), "application/json", admin_});
  ASSERT_EQ(put.status, 200) << put.body;
  r = Get("/api/centers?near=22.5431,114.0579&limit=1");
  EXPECT_EQ(r.Json()["items"][0]["id"], mid);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(near)).Json()["closed"], true);
}

TEST_P(CentersTest, FiltersByOpeningHoursAndService) {
  const int64_t weekday = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  // A center open only in the evening and on Sunday, offering nothing bookable.
  json evening = CenterBody(community_, "夜间服务点", "22.544000,114.057900");
  evening["level"] = "service_point";
  json periods = json::array({{{"start", "19:00"}, {"end", "22:00"}, {"kind", "extended"}}});
  evening["hours"]["week"] = {{"mon", periods}, {"tue", periods}, {"wed", periods},
                              {"thu", periods}, {"fri", periods}, {"sat", json::array()},
                              {"sun", periods}};
  auto made = Post("/api/centers", evening, admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t night = made.Json()["id"];

  auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    auto r = Get("/api/centers?near=22.5431,114.0579&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto body = r.Json();
    for (const auto& c : body["items"]) out.push_back(c["id"]);
    return out;
  };
  // Monday 08:00: neither is open yet.
  EXPECT_EQ(ids("open_now=1"), std::vector<int64_t>{});
  clock_->Advance(2 * kCenterHour);  // 10:00
  EXPECT_EQ(ids("open_now=1"), std::vector<int64_t>{weekday});
  EXPECT_EQ(Get("/api/centers/" + std::to_string(weekday)).Json()["open_now"], true);
  clock_->Advance(2 * kCenterHour);  // 12:00, the lunch break
  EXPECT_EQ(ids("open_now=1"), std::vector<int64_t>{});
  EXPECT_EQ(ids("evening=1"), std::vector<int64_t>{night});
  EXPECT_EQ(ids("weekend=1"), (std::vector<int64_t>{weekday, night}));
  EXPECT_EQ(ids("service=" + std::to_string(service_)), std::vector<int64_t>{weekday});
  EXPECT_EQ(ids("level=service_point"), std::vector<int64_t>{night});
  // Wednesday: the weekday center has its extended evening.
  clock_->Advance(2 * 24 * kCenterHour);
  EXPECT_EQ(ids("evening=1"), (std::vector<int64_t>{weekday, night}));
}

TEST_P(CentersTest, TheCitysHolidaysAndAdjustedWorkingDaysShapeEveryCentersHours) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  // Tuesday is a public holiday; Sunday is worked with Tuesday's hours (调休).
  auto put =
      Call({"PUT", "/api/city-days/2027-03-02",
            json{{"kind", "closed"}, {"name", "测试假日"}}.dump(), "application/json", admin_});
  ASSERT_EQ(put.status, 200) << put.body;
  put = Call({"PUT", "/api/city-days/2027-03-07",
              json{{"kind", "workday"}, {"as", "tue"}, {"name", "调休上班"}}.dump(),
              "application/json", admin_});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Get("/api/city-days").Json()["items"].size(), 2u);

  auto coming = Get("/api/centers/" + std::to_string(center)).Json()["hours"]["coming"];
  ASSERT_EQ(coming.size(), 7u);
  EXPECT_EQ(coming[0]["date"], "2027-03-01");
  EXPECT_EQ(coming[0]["periods"].size(), 2u);
  EXPECT_EQ(coming[1]["periods"].size(), 0u);  // the holiday
  EXPECT_EQ(coming[6]["weekday"], "sun");
  EXPECT_EQ(coming[6]["periods"].size(), 2u);  // worked as a Tuesday
  EXPECT_EQ(coming[6]["periods"][0]["start"], "09:00");

  const std::string slots = "/api/centers/" + std::to_string(center) +
                            "/slots?service=" + std::to_string(service_) + "&date=";
  EXPECT_EQ(Get(slots + "2027-03-02").Json()["items"].size(), 0u);
  auto sunday = Get(slots + "2027-03-07").Json()["items"];
  ASSERT_EQ(sunday.size(), 14u);  // 6 in the morning, 8 in the afternoon
  EXPECT_EQ(sunday[0]["start"], "2027-03-07T09:00:00.000+08:00");
  EXPECT_EQ(sunday[0]["capacity"], 5);
  EXPECT_EQ(sunday[0]["booked"], 0);

  // A center's own rule goes after the city's: it opens on the holiday morning.
  auto detail = Get("/api/centers/" + std::to_string(center)).Json();
  json body = CenterBody(community_, "高新社区党群服务中心", "22.543100,114.057900");
  body["hours"]["days"] =
      json::array({{{"date", "2027-03-02"},
                    {"kind", "hours"},
                    {"periods", json::array({{{"start", "09:00"}, {"end", "11:00"}}})}}});
  body["version"] = detail["version"];
  ASSERT_EQ(Call({"PUT", "/api/centers/" + std::to_string(center), body.dump(), "application/json",
                  admin_})
                .status,
            200);
  EXPECT_EQ(Get(slots + "2027-03-02").Json()["items"].size(), 4u);

  // Only the city's administrators keep the city's calendar.
  MakeUser("street", "street_admin", street_a_);
  auto street = Login("street", kPassword);
  auto refused = Call({"PUT", "/api/city-days/2027-03-03", json{{"kind", "closed"}}.dump(),
                       "application/json", street});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Call({"DELETE", "/api/city-days/2027-03-07", "", "", admin_}).status, 204);
  EXPECT_EQ(Get("/api/city-days").Json()["items"].size(), 1u);
  EXPECT_EQ(Get(slots + "2027-03-07").Json()["items"].size(), 0u);  // a Sunday again
}

TEST_P(CentersTest, SlotsRespectNoticeAndHorizon) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  clock_->Advance(kCenterHour +
                  40 * 60'000);  // 09:40: 10:00 and 10:30 are within the hour's notice
  const std::string slots = "/api/centers/" + std::to_string(center) +
                            "/slots?service=" + std::to_string(service_) + "&date=";
  auto today = Get(slots + "2027-03-01").Json()["items"];
  ASSERT_FALSE(today.empty());
  EXPECT_EQ(today[0]["start"], "2027-03-01T11:00:00.000+08:00");
  EXPECT_EQ(Get(slots + "2027-03-15").Json()["items"].size(), 14u);  // two weeks ahead
  EXPECT_EQ(Get(slots + "2027-03-16").Json()["items"].size(), 0u);   // beyond the horizon
  EXPECT_EQ(Get(slots + "2027-02-26").Json()["items"].size(), 0u);   // the past
  // Wrong input.
  EXPECT_EQ(Get(slots + "2027-02-30").ErrorCode(), "invalid_field");
  EXPECT_EQ(Get("/api/centers/" + std::to_string(center) + "/slots?date=2027-03-02").status, 400);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(center) + "/slots?service=999999&date=2027-03-02")
                .status,
            404);
  EXPECT_EQ(Get("/api/centers/999999/slots?service=1&date=2027-03-02").status, 404);
}

TEST_P(CentersTest, ManyResidentsBookingTheLastSeatsAtOnceNeverOverbookIt) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  const std::string start = "2027-03-02T09:00:00+08:00";
  // Two of the five seats are taken.
  ASSERT_EQ(Book(center, start, Resident("early1")).status, 201);
  ASSERT_EQ(Book(center, start, Resident("early2")).status, 201);

  constexpr int kResidents = 200;
  std::vector<std::string> cookies;
  for (int i = 0; i < kResidents; ++i) cookies.push_back(Resident("r" + std::to_string(i)));
  const std::string body =
      json{{"center_id", center}, {"service_id", service_}, {"start", start}}.dump();
  std::vector<int> statuses(kResidents);
  std::vector<std::string> codes(kResidents);
  std::latch ready(kResidents);
  std::vector<std::thread> threads;
  for (int i = 0; i < kResidents; ++i)
    threads.emplace_back([&, i] {
      std::string req =
          "POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
          "close\r\nCookie: " +
          cookies[i] +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      ready.arrive_and_wait();
      auto res = SendRaw(port_, req);
      statuses[i] = res.status;
      codes[i] = res.ErrorCode();
    });
  for (auto& t : threads) t.join();
  int booked = 0, full = 0;
  for (int i = 0; i < kResidents; ++i) {
    if (statuses[i] == 201) ++booked;
    if (statuses[i] == 409 && codes[i] == "slot_full") ++full;
  }
  EXPECT_EQ(booked, 3);
  EXPECT_EQ(full, kResidents - 3);
  auto slots = Get("/api/centers/" + std::to_string(center) +
                   "/slots?service=" + std::to_string(service_) + "&date=2027-03-02")
                   .Json()["items"];
  EXPECT_EQ(slots[0]["booked"], 5);
  EXPECT_EQ(slots[0]["capacity"], 5);
  auto day = Get("/api/centers/" + std::to_string(center) + "/bookings?date=2027-03-02", admin_);
  ASSERT_EQ(day.status, 200) << day.body;
  EXPECT_EQ(day.Json()["total"], 5);
}

TEST_P(CentersTest, ABookingIsCancelledMovedCheckedInOrMissed) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900", 1);
  const auto resident = Resident("zhang");
  const auto neighbour = Resident("li");
  auto b = Book(center, "2027-03-02T09:00:00+08:00", resident);
  ASSERT_EQ(b.status, 201) << b.body;
  const int64_t id = b.Json()["id"];
  EXPECT_EQ(b.Json()["status"], "booked");
  EXPECT_EQ(b.Json()["end"], "2027-03-02T09:30:00.000+08:00");
  // One seat: the neighbour finds it full; the same person twice is told so.
  EXPECT_EQ(Book(center, "2027-03-02T09:00:00+08:00", neighbour).ErrorCode(), "slot_full");
  EXPECT_EQ(Book(center, "2027-03-02T09:00:00+08:00", resident).ErrorCode(), "already_booked");
  // Not a slot: between slots, a closed day, the lunch break, the past.
  EXPECT_EQ(Book(center, "2027-03-02T09:10:00+08:00", resident).ErrorCode(), "not_a_slot");
  EXPECT_EQ(Book(center, "2027-03-07T09:00:00+08:00", resident).ErrorCode(), "not_a_slot");
  EXPECT_EQ(Book(center, "2027-03-02T12:00:00+08:00", resident).ErrorCode(), "not_a_slot");
  EXPECT_EQ(Book(center, "2027-02-26T09:00:00+08:00", resident).ErrorCode(), "not_a_slot");

  // At most three upcoming bookings per person.
  ASSERT_EQ(Book(center, "2027-03-02T09:30:00+08:00", resident).status, 201);
  ASSERT_EQ(Book(center, "2027-03-02T10:00:00+08:00", resident).status, 201);
  EXPECT_EQ(Book(center, "2027-03-02T10:30:00+08:00", resident).ErrorCode(), "too_many_bookings");

  // Cancelling frees the seat for the neighbour; nobody else may cancel it.
  const std::string url = "/api/bookings/" + std::to_string(id);
  EXPECT_EQ(Post(url + "/cancel", json::object(), neighbour).status, 404);
  auto cancelled = Post(url + "/cancel", {{"reason", "临时有事"}}, resident);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json()["status"], "cancelled");
  EXPECT_EQ(Post(url + "/cancel", json::object(), resident).ErrorCode(), "booking_closed");
  auto second = Book(center, "2027-03-02T09:00:00+08:00", neighbour);
  ASSERT_EQ(second.status, 201);

  // Moving: to a free slot (the old seat is freed), not to a full one.
  auto mine = Get("/api/bookings/mine", resident).Json()["items"];
  ASSERT_EQ(mine.size(), 3u);
  const int64_t moving = mine[0]["id"];  // the 10:00 booking (newest start first)
  EXPECT_EQ(Post("/api/bookings/" + std::to_string(moving) + "/reschedule",
                 {{"start", "2027-03-02T09:00:00+08:00"}}, resident)
                .ErrorCode(),
            "slot_full");
  auto moved = Post("/api/bookings/" + std::to_string(moving) + "/reschedule",
                    {{"start", "2027-03-03T14:00:00+08:00"}}, resident);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["start"], "2027-03-03T14:00:00.000+08:00");
  EXPECT_EQ(Book(center, "2027-03-02T10:00:00+08:00", neighbour).status, 201);

  // Check-in by the center's staff, from half an hour before the start; a resident cannot.
  const std::string checkin =
      "/api/bookings/" + std::to_string(second.Json()["id"].get<int64_t>()) + "/check-in";
  EXPECT_EQ(Post(checkin, json::object(), neighbour).status, 403);
  EXPECT_EQ(Post(checkin, json::object(), admin_).ErrorCode(), "outside_check_in_window");
  clock_->Advance(24 * kCenterHour + 45 * 60'000);  // Tuesday 08:45 (sessions have gone idle)
  admin_ = Login("admin", kPassword);
  auto visited = Post(checkin, json::object(), admin_);
  ASSERT_EQ(visited.status, 200) << visited.body;
  EXPECT_EQ(visited.Json()["status"], "visited");
  EXPECT_EQ(Post(checkin, json::object(), admin_).Json()["status"], "visited");  // once
  // After its end and the grace, a booking nobody came to is a no-show.
  clock_->Advance(2 * kCenterHour);  // 10:45: the 09:30 booking ended at 10:00
  int64_t no_show = 0;
  const auto mine_now = Get("/api/bookings/mine", Login("resident-zhang", kPassword)).Json();
  ASSERT_TRUE(mine_now.contains("items")) << mine_now.dump();
  for (const auto& item : mine_now["items"])
    if (item["start"] == "2027-03-02T09:30:00.000+08:00" && item["status"] == "no_show")
      no_show = item["id"];
  ASSERT_NE(no_show, 0);
  EXPECT_EQ(Get("/api/bookings/mine").status, 401);
  // The module's job marks it (once) and counts it; the 10:00 one is still within its grace.
  EXPECT_EQ(centers::MarkNoShows(runtime_->context()), 1);
  EXPECT_EQ(centers::MarkNoShows(runtime_->context()), 0);
  // A late scan of a no-show is past the window, not "cancelled".
  EXPECT_EQ(Post("/api/bookings/" + std::to_string(no_show) + "/check-in", json::object(),
                 Login("admin", kPassword))
                .ErrorCode(),
            "outside_check_in_window");
  auto stats = Get("/api/orgs/" + std::to_string(community_) + "/center-stats?period=2027-03",
                   Login("admin", kPassword));
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Json()["no_shows"], 1);
  EXPECT_EQ(stats.Json()["visits"], 1);

  // The facts followed every booking, cancellation, move and visit exactly (the store's
  // table is what the module's recount says): four bookings, one visit, all in March.
  auto table = ModuleFacts("centers");
  EXPECT_EQ((table[{202703, "centers.bookings"}]), 4);
  EXPECT_EQ((table[{202703, "centers.visits"}]), 1);
  EXPECT_EQ((table[{202703, "centers.no_shows"}]), 1);
}

TEST_P(CentersTest, ACommunityAdministratorManagesOnlyItsOwnCenters) {
  const int64_t ours = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  const int64_t theirs =
      MakeCenter(other_community_, "科技园社区党群服务中心", "22.552100,114.057900");
  MakeUser("gaoxin", "community_admin", community_);
  const auto gaoxin = Login("gaoxin", kPassword);
  const auto resident = Resident("wang");

  // Creating: in its own community only.
  EXPECT_EQ(
      Post("/api/centers", CenterBody(community_, "高新社区第二服务点", "22.5432,114.0580"), gaoxin)
          .status,
      201);
  EXPECT_EQ(
      Post("/api/centers", CenterBody(other_community_, "越权服务点", "22.5432,114.0580"), gaoxin)
          .status,
      404);
  EXPECT_EQ(
      Post("/api/centers", CenterBody(community_, "居民建点", "22.5432,114.0580"), resident).status,
      403);
  // Changing: another community's center is out of sight (404), as is moving ours there.
  auto detail = Get("/api/centers/" + std::to_string(theirs)).Json();
  json body = CenterBody(other_community_, "改名", "22.552100,114.057900");
  body["version"] = detail["version"];
  EXPECT_EQ(Call({"PUT", "/api/centers/" + std::to_string(theirs), body.dump(), "application/json",
                  gaoxin})
                .status,
            404);
  detail = Get("/api/centers/" + std::to_string(ours)).Json();
  body = CenterBody(other_community_, "高新社区党群服务中心", "22.543100,114.057900");
  body["version"] = detail["version"];
  EXPECT_EQ(
      Call({"PUT", "/api/centers/" + std::to_string(ours), body.dump(), "application/json", gaoxin})
          .status,
      404);
  body["org_id"] = community_;
  body["name"] = "高新社区党群服务中心（新址）";
  EXPECT_EQ(
      Call({"PUT", "/api/centers/" + std::to_string(ours), body.dump(), "application/json", gaoxin})
          .status,
      200);
  // A stale version is refused.
  EXPECT_EQ(
      Call({"PUT", "/api/centers/" + std::to_string(ours), body.dump(), "application/json", gaoxin})
          .ErrorCode(),
      "version_conflict");
  // Services and the day's bookings follow the same scope.
  const std::string offer = "/services/" + std::to_string(service_);
  EXPECT_EQ(
      Call({"DELETE", "/api/centers/" + std::to_string(theirs) + offer, "", "", gaoxin}).status,
      404);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(theirs) + "/bookings", gaoxin).status, 404);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(ours) + "/bookings", gaoxin).status, 200);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(ours) + "/bookings", resident).status, 403);
  EXPECT_EQ(Call({"DELETE", "/api/centers/" + std::to_string(ours) + offer, "", "", gaoxin}).status,
            204);
  EXPECT_EQ(Get("/api/centers/" + std::to_string(ours)).Json()["services"].size(), 0u);
  // The catalog is the city's.
  EXPECT_EQ(
      Post("/api/services",
           {{"name", "社区自设服务"}, {"category", "convenience"}, {"duration_min", 15}}, gaoxin)
          .status,
      403);
  // Every change is in the audit log.
  auto audit = Get("/api/audit?action=center.update", Login("auditor", kPassword));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_GE(audit.Json()["total"].get<int>(), 1);
}

TEST_P(CentersTest, BadInputIsRefusedClearlyAndChangesNothing) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  const std::string before = Get("/api/centers/" + std::to_string(center)).body;
  auto post = [&](const std::string& path, const std::string& raw) {
    return Call({"POST", path, raw, "application/json", admin_});
  };
  // Malformed JSON, wrong types, missing fields, invalid UTF-8, oversize text.
  EXPECT_EQ(post("/api/centers", "{\"name\": ").status, 400);
  json body = CenterBody(community_, "x", "22.5,114.0");
  body["org_id"] = "1";
  EXPECT_EQ(Post("/api/centers", body, admin_).Json()["error"]["field"], "org_id");
  body = CenterBody(community_, "x", "22.5,114.0");
  body.erase("hours");
  EXPECT_EQ(Post("/api/centers", body, admin_).Json()["error"]["field"], "hours");
  EXPECT_EQ(post("/api/centers", "{\"org_id\":1,\"name\":\"\xff\xfe\"}").status, 400);
  body = CenterBody(community_, std::string(81 * 3, 'a'), "22.5,114.0");
  EXPECT_EQ(Post("/api/centers", body, admin_).status, 400);
  // Locations: not numbers, off the globe, outside mainland China (Hong Kong's Central).
  for (const char* bad : {"abc", "22.5", "91,114", "22.5;114.0", "NaN,114", "22.28,114.16"}) {
    body = CenterBody(community_, "服务点", bad);
    auto r = Post("/api/centers", body, admin_);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Json()["error"]["field"], "location") << bad;
  }
  body = CenterBody(community_, "服务点", "22.5,114.0", "utm");
  EXPECT_EQ(Post("/api/centers", body, admin_).Json()["error"]["field"], "crs");
  // Hours: overlapping, reversed, out of the day, malformed times, a working day without
  // its weekday.
  for (json periods : {json::array({{{"start", "09:00"}, {"end", "12:00"}},
                                    {{"start", "11:00"}, {"end", "13:00"}}}),
                       json::array({{{"start", "12:00"}, {"end", "09:00"}}}),
                       json::array({{{"start", "09:00"}, {"end", "25:00"}}}),
                       json::array({{{"start", "9am"}, {"end", "12:00"}}})}) {
    body = CenterBody(community_, "服务点", "22.5,114.0");
    body["hours"]["week"]["mon"] = periods;
    auto r = Post("/api/centers", body, admin_);
    EXPECT_EQ(r.ErrorCode(), "invalid_hours") << periods.dump();
  }
  body = CenterBody(community_, "服务点", "22.5,114.0");
  body["hours"]["days"] = json::array({{{"date", "2027-03-06"}, {"kind", "workday"}}});
  EXPECT_EQ(Post("/api/centers", body, admin_).ErrorCode(), "invalid_hours");
  // Unknown organizations; a hostile name is stored as text, not markup.
  body = CenterBody(999999, "服务点", "22.5,114.0");
  EXPECT_EQ(Post("/api/centers", body, admin_).status, 404);
  body = CenterBody(community_, "<script>alert(1)</script>'; DROP TABLE centers;--",
                    "22.5431,114.0579");
  auto hostile = Post("/api/centers", body, admin_);
  ASSERT_EQ(hostile.status, 201) << hostile.body;
  EXPECT_EQ(
      Get("/api/centers/" + std::to_string(hostile.Json()["id"].get<int64_t>())).Json()["name"],
      "<script>alert(1)</script>'; DROP TABLE centers;--");
  // Booking rules out of range; the finder's parameters.
  auto rules = Call(
      {"PUT", "/api/centers/" + std::to_string(center) + "/services/" + std::to_string(service_),
       json{{"seats", 0}}.dump(), "application/json", admin_});
  EXPECT_EQ(rules.ErrorCode(), "invalid_slot_rules");
  for (const char* q : {"near=abc", "near=22.5,114.0&crs=utm", "limit=0", "limit=101",
                        "level=castle", "within=-1", "service=x"})
    EXPECT_EQ(Get(std::string("/api/centers?") + q).status, 400) << q;
  // Bookings: missing fields, a bad time, an unknown center.
  const auto resident = Resident("zhao");
  EXPECT_EQ(Post("/api/bookings", {{"center_id", center}}, resident).status, 400);
  EXPECT_EQ(Post("/api/bookings",
                 {{"center_id", center}, {"service_id", service_}, {"start", "明天上午"}}, resident)
                .Json()["error"]["field"],
            "start");
  EXPECT_EQ(
      Post(
          "/api/bookings",
          {{"center_id", 999999}, {"service_id", service_}, {"start", "2027-03-02T09:00:00+08:00"}},
          resident)
          .status,
      404);
  EXPECT_EQ(Get("/api/bookings/mine", resident).Json()["total"], 0);
  // The center is as it was.
  EXPECT_EQ(Get("/api/centers/" + std::to_string(center)).body, before);
}

TEST_P(CentersTest, TheCatalogSaysWhoMayBookAndWhatToBring) {
  auto members_only = Post("/api/services",
                           {{"name", "党员教育培训报名"},
                            {"category", "party"},
                            {"duration_min", 60},
                            {"eligibility", "members"}},
                           admin_);
  ASSERT_EQ(members_only.status, 201) << members_only.body;
  const int64_t training = members_only.Json()["id"];
  auto walk_in = Post("/api/services",
                      {{"name", "政策咨询"},
                       {"category", "government"},
                       {"duration_min", 15},
                       {"appointment", false}},
                      admin_);
  ASSERT_EQ(walk_in.status, 201);
  EXPECT_EQ(Post("/api/services",
                 {{"name", "政策咨询"}, {"category", "public"}, {"duration_min", 15}}, admin_)
                .ErrorCode(),
            "duplicate_service");
  EXPECT_EQ(
      Post("/api/services", {{"name", "x"}, {"category", "magic"}, {"duration_min", 15}}, admin_)
          .status,
      400);

  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  for (int64_t s : {training, walk_in.Json()["id"].get<int64_t>()})
    ASSERT_EQ(
        Call({"PUT", "/api/centers/" + std::to_string(center) + "/services/" + std::to_string(s),
              "{}", "application/json", admin_})
            .status,
        200);
  auto detail = Get("/api/centers/" + std::to_string(center)).Json();
  ASSERT_EQ(detail["services"].size(), 3u);
  for (const auto& s : detail["services"])
    if (s["id"] == service_) {
      EXPECT_EQ(s["materials"], "身份证\n党员证明");
    }

  const auto resident = Resident("sun");
  auto r = Post(
      "/api/bookings",
      {{"center_id", center}, {"service_id", training}, {"start", "2027-03-02T09:00:00+08:00"}},
      resident);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "not_eligible");
  r = Post("/api/bookings",
           {{"center_id", center},
            {"service_id", walk_in.Json()["id"]},
            {"start", "2027-03-02T09:00:00+08:00"}},
           resident);
  EXPECT_EQ(r.ErrorCode(), "walk_in_service");
  EXPECT_EQ(Get("/api/centers/" + std::to_string(center) + "/slots?service=" +
                std::to_string(walk_in.Json()["id"].get<int64_t>()) + "&date=2027-03-02")
                .ErrorCode(),
            "walk_in_service");
  EXPECT_EQ(Get("/api/services").Json()["total"], 3);

  // A service for the city's residents: only once the resident's community is verified.
  auto residents_only = Post("/api/services",
                             {{"name", "居住证签注"},
                              {"category", "government"},
                              {"duration_min", 20},
                              {"eligibility", "residents"}},
                             admin_);
  ASSERT_EQ(residents_only.status, 201);
  const int64_t permit = residents_only.Json()["id"];
  ASSERT_EQ(
      Call({"PUT", "/api/centers/" + std::to_string(center) + "/services/" + std::to_string(permit),
            "{}", "application/json", admin_})
          .status,
      200);
  const int64_t user = MakeUser("resident-zheng", "resident", root_);
  const auto zheng = Login("resident-zheng", kPassword);
  const json book = {
      {"center_id", center}, {"service_id", permit}, {"start", "2027-03-02T09:00:00+08:00"}};
  auto state = [&](const char* status) {
    (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
      tx.Exec({"test_residence", "DELETE FROM residents WHERE user_id = ?1"}, {user});
      store::ResidentRecord r;
      r.user_id = user;
      r.mobile_index = "test-index";
      r.mobile_sealed = "test-sealed";
      r.mobile_masked = "138****0000";
      r.community_id = community_;
      r.status = status;
      r.created_at = r.updated_at = clock_->NowMs();
      store::ResidentRepository::Insert(tx, r);
      return {};
    });
  };
  EXPECT_EQ(Post("/api/bookings", book, zheng).ErrorCode(), "not_eligible");  // no residence
  state("pending");
  EXPECT_EQ(Post("/api/bookings", book, zheng).ErrorCode(), "not_eligible");
  state("verified");
  EXPECT_EQ(Post("/api/bookings", book, zheng).status, 201);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

// The 1 km promise: population-weighted distances to the nearest center in service, per
// child area, the worst-served points, and a what-if.
TEST_P(CentersTest, CoverageWeighsDistancesByWhereThePeopleLive) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900");
  // 100 people at the door, 300 about 1.5 km north (in the other community).
  const std::string csv = "lat,lng,weight,org_id\n22.543100,114.057900,100," +
                          std::to_string(community_) + "\n22.556600,114.057900,300," +
                          std::to_string(other_community_) + "\n";
  auto& ctx = runtime_->context();
  auto loaded = coverage::LoadCsv(ctx, csv, "test", geo::Crs::kGcj02);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->population, 400);

  auto r = Get("/api/coverage?org=" + std::to_string(street_a_), admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto c = r.Json();
  EXPECT_EQ(c["population"], 400);
  EXPECT_DOUBLE_EQ(c["share_within_1000m"].get<double>(), 0.25);
  EXPECT_NEAR(c["mean_distance_m"].get<double>(), 0.75 * 1501, 3);
  EXPECT_NEAR(c["p90_m"].get<double>(), 1501, 2);
  ASSERT_EQ(c["rows"].size(), 2u);
  EXPECT_EQ(c["rows"][0]["org_id"], other_community_);  // the worst served first
  EXPECT_EQ(c["rows"][0]["share_within_1000m"], 0);
  ASSERT_EQ(c["uncovered"].size(), 1u);
  EXPECT_EQ(c["uncovered"][0]["weight"], 300);

  // What if a center opened up north? Everyone within a kilometre; nothing is stored.
  r = Get("/api/coverage?org=" + std::to_string(street_a_) + "&add=22.5566,114.0579", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["share_within_1000m"], 1);
  EXPECT_DOUBLE_EQ(r.Json()["before"]["share_within_1000m"].get<double>(), 0.25);
  EXPECT_EQ(Get("/api/centers?size=10").Json()["total"], 1);
  // A community's area only holds its own people; scope and input are checked.
  EXPECT_EQ(Get("/api/coverage?org=" + std::to_string(community_), admin_).Json()["population"],
            100);
  MakeUser("keji", "community_admin", other_community_);
  const auto keji = Login("keji", kPassword);
  EXPECT_EQ(Get("/api/coverage?org=" + std::to_string(community_), keji).status, 404);
  EXPECT_EQ(Get("/api/coverage?org=" + std::to_string(community_), Resident("qian")).status, 403);
  EXPECT_EQ(Get("/api/coverage", admin_).status, 400);
  EXPECT_EQ(Get("/api/coverage?org=" + std::to_string(street_a_) + "&add=north", admin_).status,
            400);
  // A bad line stores nothing; the center out of service leaves everyone uncovered.
  EXPECT_FALSE(
      coverage::LoadCsv(ctx, "lat,lng,weight,org_id\n1,2,x,3\n", "test", geo::Crs::kGcj02));
  EXPECT_FALSE(coverage::LoadCsv(ctx, "lat,lng,weight,org_id\n22.5,114.0,5,999999\n", "test",
                                 geo::Crs::kGcj02));
  EXPECT_EQ(Get("/api/coverage?org=" + std::to_string(street_a_), admin_).Json()["population"],
            400);
  auto detail = Get("/api/centers/" + std::to_string(center)).Json();
  json body = CenterBody(community_, "高新社区党群服务中心", "22.543100,114.057900");
  body["closed"] = true;
  body["version"] = detail["version"];
  ASSERT_EQ(Call({"PUT", "/api/centers/" + std::to_string(center), body.dump(), "application/json",
                  admin_})
                .status,
            200);
  c = Get("/api/coverage?org=" + std::to_string(street_a_), admin_).Json();
  EXPECT_EQ(c["share_within_1000m"], 0);
  EXPECT_EQ(c["p90_m"], nullptr);
  EXPECT_EQ(c["mean_distance_m"], nullptr);  // nobody is reachable: no distance, not infinity
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

// Sends the same request from `n` threads at once; the statuses.
std::vector<int> AtOnce(uint16_t port, const std::string& request, int n) {
  std::vector<int> statuses(n);
  std::latch ready(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      ready.arrive_and_wait();
      statuses[i] = SendRaw(port, request).status;
    });
  for (auto& t : threads) t.join();
  return statuses;
}

// A double tap, many times over: one cancellation frees one seat, once.
TEST_P(CentersTest, CancellingTheSameBookingAtOnceFreesOneSeatOnce) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900", 3);
  const auto resident = Resident("tap");
  ASSERT_EQ(Book(center, "2027-03-02T09:00:00+08:00", Resident("other")).status, 201);
  auto b = Book(center, "2027-03-02T09:00:00+08:00", resident);
  ASSERT_EQ(b.status, 201);
  const std::string body = R"({"reason":"双击"})";
  const std::string request =
      "POST /api/bookings/" + std::to_string(b.Json()["id"].get<int64_t>()) +
      "/cancel HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: " + resident +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  auto statuses = AtOnce(port_, request, 12);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  for (int s : statuses) EXPECT_TRUE(s == 200 || s == 409 || s == 422) << s;
  auto slots = Get("/api/centers/" + std::to_string(center) +
                   "/slots?service=" + std::to_string(service_) + "&date=2027-03-02")
                   .Json()["items"];
  EXPECT_EQ(slots[0]["booked"], 1);  // the other resident's seat stays taken
  EXPECT_EQ((ModuleFacts("centers")[{202703, "centers.bookings"}]), 1);
}

JICENG_API_TEST_SUITE(CentersTest);

}  // namespace
}  // namespace jiceng::testing
