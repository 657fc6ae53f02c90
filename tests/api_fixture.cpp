#include "api_fixture.h"

#include "domain/identifiers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api/route.h"
#include "api/schema.h"
#include "http/router.h"
#include "index/facts.h"
#include "platform/pii.h"
#include "service/account_service.h"
#include "service/context.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::testing {
namespace {

namespace fs = std::filesystem;

std::atomic<int> g_counter{0};

// The route table and a router over it, to find which route answered a test's request.
struct RouteIndex {
  const api::Routes& routes = api::AllRoutes();
  http::Router<size_t> router;
  RouteIndex() {
    for (size_t i = 0; i < routes.size(); ++i) router.Add(routes[i].method, routes[i].pattern, i);
  }
};
const RouteIndex& Index() {
  static const RouteIndex index;
  return index;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      unsigned v = 0;
      if (sscanf(std::string(s.substr(i + 1, 2)).c_str(), "%2x", &v) == 1) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void WriteFile(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

// Where each test's store and files go: $TMPDIR when set, else /dev/shm when it is a
// writable directory (a memory file system: a test's SQLite store and its fsyncs cost half
// as much there), else the system's temporary directory.
fs::path TestTempDir() {
  const char* tmpdir = std::getenv("TMPDIR");
  if ((!tmpdir || !*tmpdir) && ::access("/dev/shm", W_OK) == 0 && fs::is_directory("/dev/shm"))
    return "/dev/shm";
  return fs::temp_directory_path();
}

}  // namespace

json HttpResult::Json() const {
  auto j = json::parse(body, nullptr, false);
  return j;
}

std::string HttpResult::ErrorCode() const {
  auto j = Json();
  if (j.is_object() && j.contains("error") && j["error"].contains("code"))
    return j["error"]["code"].get<std::string>();
  return {};
}

int ConnectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

HttpResult SendRaw(uint16_t port, const std::string& bytes, int timeout_ms) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return {};
  (void)SendAll(fd, bytes);  // the server may refuse early (413) and close: read its answer
  return ReadResponse(fd, timeout_ms);
}

HttpResult ReadResponse(int fd, int timeout_ms) {
  HttpResult out;
  std::string data;
  char buf[65536];
  size_t header_end = std::string::npos, need = std::string::npos;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = data.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        std::string status_line = head.substr(0, line_end);
        if (status_line.size() >= 12) out.status = std::atoi(status_line.c_str() + 9);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          size_t e = head.find("\r\n", pos);
          if (e == std::string::npos) e = head.size();
          std::string line = head.substr(pos, e - pos);
          auto colon = line.find(':');
          if (colon != std::string::npos) {
            std::string v = line.substr(colon + 1);
            while (!v.empty() && v.front() == ' ') v.erase(0, 1);
            out.headers[Lower(line.substr(0, colon))] = v;
          }
          pos = e + 2;
        }
        auto cl = out.headers.find("content-length");
        need = header_end + 4 + (cl == out.headers.end() ? 0 : std::stoul(cl->second));
      }
    }
    if (need != std::string::npos && data.size() >= need) break;
  }
  ::close(fd);
  if (header_end != std::string::npos) out.body = data.substr(header_end + 4);
  if (need != std::string::npos && out.body.size() > need - header_end - 4)
    out.body.resize(need - header_end - 4);
  return out;
}

void ApiTest::SetUp() {
  const std::string store = GetParam();
  int n = g_counter++;
  work_dir_ =
      (TestTempDir() / ("jiceng-test-" + std::to_string(::getpid()) + "-" + std::to_string(n)))
          .string();
  fs::remove_all(work_dir_);
  fs::create_directories(work_dir_);

  Config config;
  if (store == "sqlite") {
    config.db_url = "sqlite:" + work_dir_ + "/test.db";
  } else {
    const char* pg = std::getenv("JICENG_TEST_PG");
    const char* require = std::getenv("JICENG_REQUIRE_PG");
    if (!pg || !*pg) {
      if (require && std::string(require) == "1") FAIL() << "JICENG_TEST_PG is not set";
      GTEST_SKIP() << "PostgreSQL not configured (set JICENG_TEST_PG)";
    }
    pg_schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(n);
    auto admin = store::Database::Open(pg, 1);
    (void)admin->Write([&](store::Tx& tx) -> Status {
      tx.ExecScript("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE; CREATE SCHEMA " +
                    pg_schema_);
      return {};
    });
    std::string url = pg;
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "options=-csearch_path%3D" + pg_schema_;
    config.db_url = url;
    // PostgreSQL requires an audit key; its checkpoints go to this test's directory.
    config.audit_key = PiiCipher::GenerateKey();
    config.audit_checkpoint_file = work_dir_ + "/audit-checkpoints";
  }
  // A tiny web app with a precompressed asset, standing in for web/dist.
  WriteFile(fs::path(work_dir_) / "web/index.html", "<!doctype html><title>基层</title>");
  WriteFile(fs::path(work_dir_) / "web/assets/app-1a2b.js", "console.log('jiceng');");
  WriteFile(fs::path(work_dir_) / "web/assets/app-1a2b.js.gz", "GZIPPED-BYTES");
  config.web_dir = work_dir_ + "/web";
  config.attachments_dir = work_dir_ + "/attachments";
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.access_log = "";
  config.pii_key = PiiCipher::GenerateKey();
  config.io_threads = 2;
  config.store_threads = 4;
  // Minimum-cost argon2id (tests/password_cost_test.cpp proves the default is production).
  config.password_hash_cost = "test";
  // The modules' jobs act on the test's manual clock from a thread of their own: a suite
  // calls a job's function itself, when it means to (ModulesTest turns them on).
  config.run_jobs = false;
  Configure(config);

  clock_ = std::make_unique<ManualClock>(SystemClock().NowMs());
  runtime_ = std::make_unique<Runtime>(config, *clock_, true,
                                       [this](std::vector<api::Module>& m) { AddModules(m); });
  auto& ctx = runtime_->context();
  root_ = orgs::EnsureRoot(ctx, "中共深圳市委").first;
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    int64_t now = clock_->NowMs();
    district_a_ =
        store::OrgRepository::Insert(tx, root_, "中共深圳市南山区委", "district", "440305", now);
    district_b_ =
        store::OrgRepository::Insert(tx, root_, "中共深圳市福田区委", "district", "440304", now);
    street_a_ = store::OrgRepository::Insert(tx, district_a_, "中共深圳市南山区粤海街道工作委员会",
                                             "street", "440305007", now);
    return {};
  });
  orgs::RefreshTree(ctx);
  users_["security"] = MakeUser("security", "security_admin", root_);
  users_["auditor"] = MakeUser("auditor", "auditor", root_);
  users_["admin"] = MakeUser("admin", "city_admin", root_);
  users_["sec_a"] = MakeUser("sec_a", "security_admin", district_a_);
  port_ = runtime_->Start();
  // What the server loads in the background at start (the facts, the full-member history):
  // tests begin once it is in, as a deployment waits for /readyz.
  for (int i = 0; i < 3000 && !runtime_->context().facts.Loading().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void ApiTest::TearDown() {
  runtime_.reset();
  if (!pg_schema_.empty()) {
    auto admin = store::Database::Open(std::getenv("JICENG_TEST_PG"), 1);
    (void)admin->Write([&](store::Tx& tx) -> Status {
      tx.ExecScript("DROP SCHEMA IF EXISTS " + pg_schema_ + " CASCADE");
      return {};
    });
  }
  std::error_code ec;
  fs::remove_all(work_dir_, ec);
}

void BranchApiTest::SetUp() {
  ApiTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  admin_ = Login("admin", kPassword);
  branch_ = MakeOrg(admin_, street_a_, kBranchName, "branch");
}

std::map<std::pair<int64_t, std::string>, int64_t> ApiTest::ModuleFacts(const std::string& module) {
  std::map<std::pair<int64_t, std::string>, int64_t> table, recount;
  const auto& registry = runtime_->context().facts.registry();
  runtime_->db().Read([&](store::Tx& tx) {
    for (const auto& r : tx.Fetch({"test_module_facts",
                                   "SELECT f.month, m.name, f.value FROM org_month_facts f JOIN "
                                   "fact_measures m ON m.id = f.measure_id WHERE f.value <> 0"}))
      if (auto id = registry.Find(r.Text(1)); id && registry.ModuleOf(*id) == module)
        table[{r.Int(0), r.Text(1)}] += r.Int(2);
    for (const auto& [name, count] : registry.Recounts())
      if (name == module)
        for (const auto& f : count(tx))
          recount[{facts::StoredMonth(f.month), registry.Name(f.measure)}] += f.value;
  });
  std::erase_if(recount, [](const auto& kv) { return kv.second == 0; });
  EXPECT_EQ(table, recount) << module;
  return table;
}

int64_t ApiTest::MakeUser(const std::string& username, const std::string& role, int64_t org) {
  accounts::NewUser u{
      username, username + "（测试）", org, kPassword, {{*domain::ParseRole(role), org}}};
  u.temporary_password = false;  // established accounts; AccountsTest covers the first login
  auto made = runtime_->accounts().Bootstrap(u);
  EXPECT_TRUE(made) << (made ? "" : made.error().message);
  return made ? made->user.id : 0;
}

HttpResult ApiTest::Call(const Req& r) {
  std::string req = r.method + " " + r.path +
                    " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                    "\r\nConnection: close\r\n";
  if (!r.cookie.empty()) req += "Cookie: " + r.cookie + "\r\n";
  for (const auto& [k, v] : r.headers) req += k + ": " + v + "\r\n";
  if (!r.body.empty() || r.method == "POST" || r.method == "PATCH" || r.method == "PUT") {
    if (!r.content_type.empty()) req += "Content-Type: " + r.content_type + "\r\n";
    req += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  req += "\r\n" + r.body;
  HttpResult res = SendRaw(port_, req);
  CheckAgainstDocument(r, res);
  return res;
}

// Every answer a test receives is checked against the OpenAPI document's declaration of
// its route: a 2xx has the declared status and (JSON) conforms to the declared schema; a
// 4xx is one of the statuses the operation lists and has the Error shape.
void ApiTest::CheckAgainstDocument(const Req& r, const HttpResult& res) {
  if (res.status == 0 || r.path.rfind("/api/", 0) != 0) return;
  std::string path = PercentDecode(r.path.substr(0, r.path.find('?')));
  const auto& index = Index();
  auto m = index.router.Find(r.method == "HEAD" ? "GET" : r.method, path);
  if (m.outcome != http::Router<size_t>::Match::kFound) return;
  const api::RouteDef& route = index.routes[m.entry->value];
  std::string what = r.method + " " + route.pattern + " → " + std::to_string(res.status);
  auto type = res.headers.count("content-type") ? res.headers.at("content-type") : "";
  bool is_json = type.find("application/json") != std::string::npos;
  if (res.status >= 200 && res.status < 300) {
    EXPECT_TRUE(!route.response_schema.is_null() || !route.response_media.empty() ||
                route.success_status == 204)
        << what << ": no success answer declared";
    EXPECT_TRUE(res.status == route.success_status || res.status == route.success_also)
        << what << ": not the declared status";
    if (route.response_media.empty() && res.status != 204 && r.method != "HEAD") {
      EXPECT_TRUE(is_json) << what << ": not JSON (" << type << ")";
      json body = json::parse(res.body, nullptr, false);
      std::string err = api::ValidateJson(route.response_schema, body);
      EXPECT_EQ(err, "") << what << ": the answer does not match the document";
    }
  } else if (res.status >= 400 && res.status < 500 && res.status != 405) {
    auto listed = api::ErrorStatuses(route);
    EXPECT_TRUE(std::find(listed.begin(), listed.end(), res.status) != listed.end())
        << what << ": status not listed in the document (" << res.body << ")";
    if (is_json) {
      json body = json::parse(res.body, nullptr, false);
      std::string err = api::ValidateJson(api::schema::ErrorRef(), body);
      EXPECT_EQ(err, "") << what << ": the error does not have the Error shape";
    }
  }
}

HttpResult ApiTest::Get(const std::string& path, const std::string& cookie) {
  return Call({"GET", path, "", "", cookie});
}
HttpResult ApiTest::Post(const std::string& path, const json& body, const std::string& cookie) {
  return Call({"POST", path, body.dump(), "application/json", cookie});
}
HttpResult ApiTest::Patch(const std::string& path, const json& body, const std::string& cookie) {
  return Call({"PATCH", path, body.dump(), "application/json", cookie});
}
HttpResult ApiTest::Delete(const std::string& path, const std::string& cookie) {
  return Call({"DELETE", path, "", "", cookie});
}

std::string ApiTest::Login(const std::string& username, const std::string& password) {
  auto r = Post("/api/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.body;
  auto cookie = r.headers["set-cookie"];
  auto semi = cookie.find(';');
  return cookie.substr(0, semi);
}

int64_t ApiTest::MakeOrg(const std::string& cookie, int64_t parent, const std::string& name,
                         const std::string& kind, const std::string& area_code) {
  json body = {{"parent_id", parent}, {"name", name}, {"kind", kind}, {"founded_on", "2010-01-01"}};
  if (!area_code.empty()) body["area_code"] = area_code;
  auto r = Post("/api/orgs", body, cookie);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json().value("id", int64_t{0});
}

int64_t ApiTest::AddSpeech(const std::string& cookie) {
  auto r = Post("/api/materials",
                {{"title", "在全国组织工作会议上的讲话"},
                 {"source", "人民日报"},
                 {"published_on", "2024-06-28"},
                 {"body", "加强基层党建，推进基层治理现代化。"},
                 {"tags", {"讲话", "党建"}}},
                cookie);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.Json().value("id", int64_t{0});
}

std::string ApiTest::CitizenId(const std::string& first17) {
  return first17 + domain::CitizenIdCheck(first17);
}

std::string ApiTest::UrlEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace jiceng::testing
