// Residents over HTTP on both stores: signing up and in with a mobile number and a one-time
// code (expiry, single use, five wrong tries, a new code replacing the old, the sending
// limits per number and per address, one answer whether or not the number has an account),
// the number kept out of the log and the audit log, the community a resident states and its
// review by staff within their scope, and the link to a member record.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "api_fixture.h"
#include "service/resident_service.h"
#include "service/sms_sender.h"

namespace jiceng::testing {
namespace {

constexpr const char* kResidentPhone = "13812341234";
constexpr const char* kResidentMasked = "138****1234";

// Captures what spdlog's default logger writes while it lives.
class ResidentLogCapture {
 public:
  ResidentLogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  }
  ~ResidentLogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

// A sender standing in for an SMS gateway: keeps what it was asked to send.
class CapturingSender : public sms::Sender {
 public:
  Status Send(const sms::Message& m) override {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(m.kind, "code");
    EXPECT_NE(m.text.find(m.values.at(0).second), std::string::npos) << m.text;
    sent.emplace_back(m.phone, m.values.at(0).second);
    return {};
  }
  std::string Describe() const override { return "captured"; }
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> sent;
};

class ResidentsTest : public ApiTest {
 protected:
  void Configure(Config& config) override { config.sms_outbox = work_dir_ + "/outbox.jsonl"; }

  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    community_ =
        MakeOrg(admin_, street_a_, "中共深圳市南山区粤海街道科技园社区委员会", "community");
    other_street_ = MakeOrg(admin_, district_b_, "中共深圳市福田区福田街道工作委员会", "street");
    other_community_ =
        MakeOrg(admin_, other_street_, "中共深圳市福田区福田街道岗厦社区委员会", "community");
    ASSERT_NE(other_community_, 0);
  }

  HttpResult RequestCode(const json& phone, const std::string& address = {}) {
    Req r;
    r.method = "POST";
    r.path = "/api/residents/codes";
    r.body = json{{"phone", phone}}.dump();
    // The fixture's server trusts no proxy: every request comes from 127.0.0.1, so tests of
    // the per-address limit use the one address there is.
    (void)address;
    return Call(r);
  }
  // The last code the built-in sender wrote to the outbox for `phone` (11 digits).
  std::string OutboxCode(const std::string& phone) {
    std::ifstream in(work_dir_ + "/outbox.jsonl");
    std::string line, code;
    while (std::getline(in, line)) {
      auto j = json::parse(line);
      if (j["phone"] == phone && j["kind"] == "code") code = j["code"];
    }
    return code;
  }
  HttpResult SignIn(const std::string& phone, const std::string& code) {
    return Post("/api/residents/sessions", {{"phone", phone}, {"code", code}});
  }
  static std::string CookieOf(HttpResult& r) {
    auto cookie = r.headers["set-cookie"];
    return cookie.substr(0, cookie.find(';'));
  }
  // Requests a code and signs in with it; returns the session cookie.
  std::string SignUp(const std::string& phone = kResidentPhone) {
    auto sent = RequestCode(phone);
    EXPECT_EQ(sent.status, 202) << sent.body;
    auto in = SignIn(phone, OutboxCode(phone));
    EXPECT_EQ(in.status, 201) << in.body;
    return CookieOf(in);
  }
  // A code that is not the one sent.
  static std::string Wrong(const std::string& code) {
    std::string w = code;
    w[0] = w[0] == '9' ? '0' : static_cast<char>(w[0] + 1);
    return w;
  }
  void Wait(int64_t seconds) { clock_->Advance(seconds * 1000); }

  std::string admin_;
  int64_t community_ = 0, other_street_ = 0, other_community_ = 0;
};
JICENG_API_TEST_SUITE(ResidentsTest);

TEST_P(ResidentsTest, AResidentSignsUpWithACodeAndSignsInAgainWithAnother) {
  auto sent = RequestCode(kResidentPhone);
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(sent.Json(), json({{"expires_in_s", 300}, {"resend_after_s", 60}}));
  const std::string code = OutboxCode(kResidentPhone);
  ASSERT_EQ(code.size(), 6u);

  auto in = SignIn(kResidentPhone, code);
  ASSERT_EQ(in.status, 201) << in.body;
  // The password login's cookie and body.
  EXPECT_NE(in.headers["set-cookie"].find("jiceng_session="), std::string::npos);
  EXPECT_NE(in.headers["set-cookie"].find("HttpOnly"), std::string::npos);
  auto me = in.Json();
  EXPECT_EQ(me["user"]["display_name"], kResidentMasked);
  EXPECT_EQ(me["user"]["org_id"], root_);
  EXPECT_EQ(me["grants"][0]["role"], "resident");
  EXPECT_EQ(me["user"]["username"].get<std::string>().find("1381234"), std::string::npos);
  const int64_t id = me["user"]["id"];
  auto cookie = CookieOf(in);
  EXPECT_EQ(Get("/api/auth/me", cookie).Json()["user"]["id"], id);

  auto mine = Get("/api/residents/me", cookie);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json()["phone"], kResidentPhone);  // the resident sees their own number
  EXPECT_EQ(mine.Json()["phone_masked"], kResidentMasked);
  EXPECT_TRUE(mine.Json()["name"].is_null());
  EXPECT_EQ(mine.Json()["status"], "none");

  // Another day, another code, the same account (written another way).
  Wait(120);
  ASSERT_EQ(RequestCode("+86 138-1234-1234").status, 202);
  auto again = SignIn("8613812341234", OutboxCode(kResidentPhone));
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.Json()["user"]["id"], id);

  // No password signs a resident in.
  auto by_password =
      Post("/api/auth/login", {{"username", me["user"]["username"]}, {"password", "!resident"}});
  EXPECT_EQ(by_password.status, 401);
}

TEST_P(ResidentsTest, AnExpiredCodeIsRefused) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string code = OutboxCode(kResidentPhone);
  Wait(300);
  auto late = SignIn(kResidentPhone, code);
  EXPECT_EQ(late.status, 401);
  EXPECT_EQ(late.ErrorCode(), "invalid_code");
}

TEST_P(ResidentsTest, ACodeWorksOnce) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string code = OutboxCode(kResidentPhone);
  ASSERT_EQ(SignIn(kResidentPhone, code).status, 201);
  auto reused = SignIn(kResidentPhone, code);
  EXPECT_EQ(reused.status, 401);
  EXPECT_EQ(reused.ErrorCode(), "invalid_code");
  // The same words as a wrong code and as a number that never had one.
  EXPECT_EQ(reused.Json()["error"]["message"],
            SignIn("13900001111", "123456").Json()["error"]["message"]);
}

TEST_P(ResidentsTest, OfConcurrentSignInsWithOneCodeExactlyOneSucceeds) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string code = OutboxCode(kResidentPhone);
  std::vector<int> statuses(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = SignIn(kResidentPhone, code).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 401), 7);
  // One account, not several.
  auto auditor = Login("auditor", kPassword);
  EXPECT_EQ(Get("/api/audit?action=resident.register", auditor).Json()["total"], 1);
}

TEST_P(ResidentsTest, ConcurrentRequestsForOneNumberSendOneCode) {
  std::vector<int> statuses(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i)
    threads.emplace_back([&, i] { statuses[i] = RequestCode(kResidentPhone).status; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 202), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 5);
}

TEST_P(ResidentsTest, FiveWrongTriesBurnTheCode) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string code = OutboxCode(kResidentPhone);
  for (int i = 0; i < 4; ++i) {
    auto wrong = SignIn(kResidentPhone, Wrong(code));
    ASSERT_EQ(wrong.status, 401) << i;
    EXPECT_EQ(wrong.ErrorCode(), "invalid_code");
  }
  auto fifth = SignIn(kResidentPhone, Wrong(code));
  EXPECT_EQ(fifth.status, 429);
  EXPECT_EQ(fifth.ErrorCode(), "too_many_attempts");
  EXPECT_FALSE(fifth.headers["retry-after"].empty());
  // Burnt: the right code no longer works either.
  EXPECT_EQ(SignIn(kResidentPhone, code).status, 429);
  // A new code does.
  Wait(61);
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  EXPECT_EQ(SignIn(kResidentPhone, OutboxCode(kResidentPhone)).status, 201);
}

TEST_P(ResidentsTest, ANewCodeReplacesThePreviousOne) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string first = OutboxCode(kResidentPhone);
  Wait(61);
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  const std::string second = OutboxCode(kResidentPhone);
  if (first != second) {  // one chance in a million that the new code is the old one
    EXPECT_EQ(SignIn(kResidentPhone, first).status, 401);
  }
  EXPECT_EQ(SignIn(kResidentPhone, second).status, 201);
}

TEST_P(ResidentsTest, CodesAreSentAtMostOnceAMinuteAndFiveTimesAnHourPerNumber) {
  ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
  auto soon = RequestCode(kResidentPhone);
  EXPECT_EQ(soon.status, 429);
  EXPECT_EQ(soon.ErrorCode(), "code_too_soon");
  int retry = std::stoi(soon.headers["retry-after"]);
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  // Another number is not held back by this one.
  EXPECT_EQ(RequestCode("13912345678").status, 202);

  for (int i = 0; i < 4; ++i) {
    Wait(61);
    ASSERT_EQ(RequestCode(kResidentPhone).status, 202) << i;
  }
  Wait(61);
  auto sixth = RequestCode(kResidentPhone);
  EXPECT_EQ(sixth.status, 429);
  EXPECT_EQ(sixth.ErrorCode(), "too_many_codes");
  EXPECT_GE(std::stoi(sixth.headers["retry-after"]), 60);
  Wait(3600);
  EXPECT_EQ(RequestCode(kResidentPhone).status, 202);
}

TEST_P(ResidentsTest, OneAddressGetsTwentyCodesAnHour) {
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(RequestCode("1391234" + std::to_string(1000 + i)).status, 202) << i;
  auto more = RequestCode("13700001111");
  EXPECT_EQ(more.status, 429);
  EXPECT_EQ(more.ErrorCode(), "too_many_codes");
  Wait(3601);
  EXPECT_EQ(RequestCode("13700001111").status, 202);
}

TEST_P(ResidentsTest, TheAnswerDoesNotTellWhetherANumberHasAnAccount) {
  SignUp(kResidentPhone);
  Wait(61);
  auto known = RequestCode(kResidentPhone);
  auto unknown = RequestCode("13598765432");
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.body, unknown.body);
  auto known_wrong = SignIn(kResidentPhone, Wrong(OutboxCode(kResidentPhone)));
  auto unknown_wrong = SignIn("13598765432", Wrong(OutboxCode("13598765432")));
  EXPECT_EQ(known_wrong.status, unknown_wrong.status);
  EXPECT_EQ(known_wrong.body, unknown_wrong.body);
}

TEST_P(ResidentsTest, OnlyMainlandMobileNumbersAreAccepted) {
  for (const char* bad : {"12812341234", "1381234123", "138123412345", "+852 9123 4567",
                          "02012345678", "1381234123x", "", "13812341234' OR '1'='1"}) {
    auto r = RequestCode(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.ErrorCode(), "invalid_field") << bad;
    EXPECT_EQ(r.Json()["error"]["field"], "phone") << bad;
  }
  EXPECT_EQ(RequestCode("+86 191 2345 6789").status, 202);
  EXPECT_EQ(RequestCode("0086-166-2345-6789").status, 202);
}

TEST_P(ResidentsTest, BadInputOnEveryRouteIsA400) {
  auto cookie = SignUp();
  const std::string ff(1, '\xff');
  const std::string big(2000, '1');
  std::string bad_id = CitizenId("44030519900101123");
  bad_id.back() = bad_id.back() == '0' ? '1' : '0';
  struct Case {
    std::string method, path, body;
    bool signed_in;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/residents/codes", "{", false},
      {"POST", "/api/residents/codes", "[]", false},
      {"POST", "/api/residents/codes", R"({})", false},
      {"POST", "/api/residents/codes", R"({"phone":13812341234})", false},
      {"POST", "/api/residents/codes", R"({"phone":")" + big + R"("})", false},
      {"POST", "/api/residents/codes", R"({"phone":")" + ff + R"("})", false},
      {"POST", "/api/residents/sessions", "{\"phone\":", false},
      {"POST", "/api/residents/sessions", R"({"phone":"13812341234"})", false},
      {"POST", "/api/residents/sessions", R"({"phone":"13812341234","code":123456})", false},
      {"POST", "/api/residents/sessions", R"({"phone":"13812341234","code":"12345a"})", false},
      {"POST", "/api/residents/sessions", R"({"phone":"13812341234","code":"1234567"})", false},
      {"POST", "/api/residents/sessions", R"({"phone":"13812341234","code":")" + ff + R"("})",
       false},
      {"PATCH", "/api/residents/me", "not json", true},
      {"PATCH", "/api/residents/me", R"({"name":42})", true},
      {"PATCH", "/api/residents/me", R"({"name":"  "})", true},
      {"PATCH", "/api/residents/me", R"({"name":"张\u202e三"})", true},
      {"PATCH", "/api/residents/me", R"({"name":"张\u0007三"})", true},
      {"PATCH", "/api/residents/me", R"({"name":")" + big + R"("})", true},
      {"PATCH", "/api/residents/me", R"({"community_id":"1"})", true},
      {"PATCH", "/api/residents/me", R"({"community_id":-3})", true},
      {"POST", "/api/residents/me/member", R"({"name":"张三"})", true},
      {"POST", "/api/residents/me/member", R"({"national_id":")" + bad_id + R"(","name":"张三"})",
       true},  // wrong check digit
      {"POST", "/api/residents/me/member", R"({"national_id":[],"name":"张三"})", true},
      {"POST", "/api/residents/1/verification", R"({"verified":"yes"})", true},
      {"POST", "/api/residents/1/verification", R"({})", true},
      {"GET", "/api/orgs/1/residents?status=everyone", "", true},
      {"GET", "/api/orgs/1/residents?size=1000", "", true},
  };
  for (const auto& c : cases) {
    Req r;
    r.method = c.method;
    r.path = c.path;
    r.body = c.body;
    if (c.method == "GET") r.content_type.clear();
    r.cookie = c.signed_in ? (c.path.find("/api/orgs/") == 0 ||
                                      c.path.find("/verification") != std::string::npos
                                  ? admin_
                                  : cookie)
                           : "";
    auto res = Call(r);
    EXPECT_EQ(res.status, 400) << c.method << " " << c.path << " " << c.body << " → " << res.body;
    EXPECT_FALSE(res.ErrorCode().empty()) << res.body;
  }
  // Too large a body is refused before it is parsed.
  Req huge;
  huge.method = "POST";
  huge.path = "/api/residents/codes";
  huge.body = R"({"phone":")" + std::string(2 * 1024 * 1024, '1') + R"("})";
  EXPECT_EQ(Call(huge).status, 413);
  // Nothing changed for the resident.
  auto mine = Get("/api/residents/me", cookie).Json();
  EXPECT_TRUE(mine["name"].is_null());
  EXPECT_EQ(mine["status"], "none");
}

TEST_P(ResidentsTest, TheNumberNeverReachesTheLogOrTheAuditLogInClear) {
  std::string log;
  {
    ResidentLogCapture capture;
    auto cookie = SignUp();
    ASSERT_EQ(Patch("/api/residents/me", {{"name", "王居民"}, {"community_id", community_}}, cookie)
                  .status,
              200);
    Wait(61);
    ASSERT_EQ(RequestCode(kResidentPhone).status, 202);
    ASSERT_EQ(SignIn(kResidentPhone, OutboxCode(kResidentPhone)).status, 201);
    log = capture.text();
  }
  // The built-in sender's line: the code, the number masked, and why.
  EXPECT_NE(log.find("sms: code " + OutboxCode(kResidentPhone) + " for " + kResidentMasked +
                     " (built-in sender: no SMS gateway configured)"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find(kResidentPhone), std::string::npos) << log;

  auto auditor = Login("auditor", kPassword);
  auto audit = Get("/api/audit?size=200", auditor);
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.body.find(kResidentPhone), std::string::npos);
  std::set<std::string> actions;
  const json entries = audit.Json()["items"];
  for (const auto& e : entries) actions.insert(e["action"].get<std::string>());
  EXPECT_TRUE(actions.count("resident.register"));
  EXPECT_TRUE(actions.count("resident.login"));
  EXPECT_TRUE(actions.count("resident.update"));
  auto registered = Get("/api/audit?action=resident.register", auditor).Json();
  EXPECT_EQ(registered["total"], 1);  // the second sign-in created nothing
  EXPECT_EQ(Get("/api/audit?action=resident.login", auditor).Json()["total"], 2);
}

TEST_P(ResidentsTest, ASenderOfOneCityReceivesTheCodes) {
  auto sender = std::make_shared<CapturingSender>();
  sms::SetSender(runtime_->context(), sender);
  ASSERT_EQ(RequestCode("+86 13812341234").status, 202);
  ASSERT_EQ(sender->sent.size(), 1u);
  EXPECT_EQ(sender->sent[0].first, kResidentPhone);
  EXPECT_EQ(SignIn(kResidentPhone, sender->sent[0].second).status, 201);
  // The built-in sender was not asked.
  EXPECT_EQ(OutboxCode(kResidentPhone), "");
}

TEST_P(ResidentsTest, StaffOfTheCommunityVerifyTheResidenceAndNobodyElse) {
  auto cookie = SignUp();
  // Only a community or a village is a place to live.
  auto street = Patch("/api/residents/me", {{"community_id", street_a_}}, cookie);
  EXPECT_EQ(street.status, 422);
  EXPECT_EQ(street.ErrorCode(), "not_a_community");
  EXPECT_EQ(Patch("/api/residents/me", {{"community_id", 999999}}, cookie).status, 422);

  auto stated =
      Patch("/api/residents/me", {{"name", "王居民"}, {"community_id", community_}}, cookie);
  ASSERT_EQ(stated.status, 200) << stated.body;
  EXPECT_EQ(stated.Json()["status"], "pending");
  EXPECT_EQ(stated.Json()["status_name"], "待核实");
  EXPECT_EQ(stated.Json()["name"], "王居民");
  EXPECT_EQ(stated.Json()["community_name"], "中共深圳市南山区粤海街道科技园社区委员会");
  EXPECT_EQ(Get("/api/auth/me", cookie).Json()["user"]["display_name"], "王居民");
  const int64_t id = stated.Json()["id"];
  const std::string verify = "/api/residents/" + std::to_string(id) + "/verification";
  const std::string list = "/api/orgs/" + std::to_string(community_) + "/residents";

  // A community administrator elsewhere: not found, as everything outside one's scope.
  MakeUser("gangxia", "community_admin", other_community_);
  auto elsewhere = Login("gangxia", kPassword);
  EXPECT_EQ(Get(list, elsewhere).status, 404);
  EXPECT_EQ(Post(verify, {{"verified", true}}, elsewhere).status, 404);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(other_community_) + "/residents", elsewhere)
                .Json()["total"],
            0);
  // A resident may not review anyone.
  EXPECT_EQ(Post(verify, {{"verified", true}}, cookie).status, 403);
  EXPECT_EQ(Get(list, cookie).status, 403);

  // The street above the community sees and verifies it.
  MakeUser("yuehai", "street_admin", street_a_);
  auto street_admin = Login("yuehai", kPassword);
  auto pending =
      Get("/api/orgs/" + std::to_string(street_a_) + "/residents?status=pending", street_admin);
  ASSERT_EQ(pending.status, 200) << pending.body;
  ASSERT_EQ(pending.Json()["total"], 1);
  EXPECT_EQ(pending.Json()["items"][0]["phone"], kResidentMasked);  // masked for staff
  EXPECT_EQ(pending.body.find(kResidentPhone), std::string::npos);
  EXPECT_EQ(Get(list + "?status=verified", street_admin).Json()["total"], 0);

  // Returning needs a reason.
  auto no_reason = Post(verify, {{"verified", false}}, street_admin);
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.Json()["error"]["field"], "reason");
  auto stale = Post(verify, {{"verified", true}, {"version", 1}}, street_admin);
  EXPECT_EQ(stale.status, 409);
  auto verified = Post(verify, {{"verified", true}}, street_admin);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(verified.Json()["status"], "verified");
  EXPECT_EQ(Get("/api/residents/me", cookie).Json()["status_name"], "已核实");
  EXPECT_EQ(Get(list + "?status=verified", street_admin).Json()["total"], 1);

  // A new name keeps the verified community; moving to another community starts over.
  auto renamed = Patch("/api/residents/me", {{"name", "王大明"}}, cookie);
  EXPECT_EQ(renamed.Json()["status"], "verified");
  auto moved = Patch("/api/residents/me", {{"community_id", other_community_}}, cookie);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json()["status"], "pending");
  EXPECT_EQ(Get(list, street_admin).Json()["total"], 0);
  EXPECT_EQ(Post(verify, {{"verified", true}}, street_admin).status, 404);
  auto returned = Post(verify, {{"verified", false}, {"reason", "查无此人"}}, elsewhere);
  ASSERT_EQ(returned.status, 200) << returned.body;
  EXPECT_EQ(returned.Json()["status"], "returned");
  EXPECT_EQ(Get("/api/residents/me", cookie).Json()["reason"], "查无此人");
  // Stating it again after a return asks for another review.
  auto again = Patch("/api/residents/me", {{"community_id", other_community_}}, cookie);
  EXPECT_EQ(again.Json()["status"], "pending");
  EXPECT_TRUE(again.Json()["reason"].is_null());

  // Staff accounts have no resident record.
  EXPECT_EQ(Get("/api/residents/me", admin_).status, 404);
}

TEST_P(ResidentsTest, APartyMemberLinksTheirMemberRecordByIdNumberAndName) {
  const int64_t branch = MakeOrg(admin_, community_, "中共科技园社区第一支部委员会", "branch");
  const std::string id = CitizenId("44030519900101123");
  auto made = Post("/api/members",
                   {{"org_id", branch},
                    {"name", "李党员"},
                    {"national_id", id},
                    {"mobile", kResidentPhone},
                    {"status", "full"},
                    {"joined_on", "2015-07-01"}},
                   admin_);
  // A member whose record has another mobile: knowing their ID number and name is not
  // enough to claim the record.
  const std::string other_id = CitizenId("44030519850101123");
  ASSERT_EQ(Post("/api/members",
                 {{"org_id", branch},
                  {"name", "王党员"},
                  {"national_id", other_id},
                  {"mobile", "13900001111"},
                  {"status", "full"},
                  {"joined_on", "2010-07-01"}},
                 admin_)
                .status,
            201);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t member = made.Json()["id"];
  auto cookie = SignUp();

  // A wrong name and an ID number nobody has: the same answer.
  auto wrong_name =
      Post("/api/residents/me/member", {{"national_id", id}, {"name", "李党"}}, cookie);
  EXPECT_EQ(wrong_name.status, 422);
  EXPECT_EQ(wrong_name.ErrorCode(), "member_not_matched");
  auto nobody = Post("/api/residents/me/member",
                     {{"national_id", CitizenId("11010119800101001")}, {"name", "李党员"}}, cookie);
  EXPECT_EQ(nobody.status, 422);
  EXPECT_EQ(nobody.body, wrong_name.body);
  auto not_theirs =
      Post("/api/residents/me/member", {{"national_id", other_id}, {"name", "王党员"}}, cookie);
  EXPECT_EQ(not_theirs.body, wrong_name.body);

  auto linked =
      Post("/api/residents/me/member", {{"national_id", id}, {"name", " 李党员 "}}, cookie);
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.Json()["member_id"], member);
  EXPECT_EQ(linked.Json()["member_name"], "李党员");
  EXPECT_EQ(Get("/api/auth/me", cookie).Json()["user"]["member_id"], member);
  EXPECT_EQ(linked.body.find(id), std::string::npos);

  // Another resident cannot take the same record.
  Wait(61);
  auto other = SignUp("13698765432");
  EXPECT_EQ(Post("/api/residents/me/member", {{"national_id", id}, {"name", "李党员"}}, other)
                .ErrorCode(),
            "member_not_matched");
}

TEST_P(ResidentsTest, GuessingIdNumbersIsLimitedPerAccount) {
  auto cookie = SignUp();
  for (int i = 0; i < 5; ++i) {
    auto r =
        Post("/api/residents/me/member",
             {{"national_id", CitizenId("1101011980010100" + std::to_string(i))}, {"name", "赵某"}},
             cookie);
    ASSERT_EQ(r.status, 422) << i << r.body;
  }
  auto blocked = Post("/api/residents/me/member",
                      {{"national_id", CitizenId("11010119800101009")}, {"name", "赵某"}}, cookie);
  EXPECT_EQ(blocked.status, 429);
  EXPECT_FALSE(blocked.headers["retry-after"].empty());
  // The failures are in the audit log, without the ID numbers.
  auto auditor = Login("auditor", kPassword);
  auto failed = Get("/api/audit?action=resident.link_failed", auditor);
  EXPECT_EQ(failed.Json()["total"], 5);
  EXPECT_EQ(failed.body.find("110101198001"), std::string::npos);
}

}  // namespace
}  // namespace jiceng::testing
