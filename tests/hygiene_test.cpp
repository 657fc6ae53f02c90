// Issue #12, accounts and data hygiene, on both stores: the ID-number oracle (audited,
// rate-limited, no "where" outside one's scope), lockout that answers unknown names like
// real ones plus a throttle per source address, private files for the database and its
// backups, and names free of control characters with every formula prefix neutralised in
// CSV exports.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api_fixture.h"
#include "domain/identifiers.h"
#include "platform/tabular.h"
#include "platform/utf8.h"
#include "service/import_service.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

namespace fs = std::filesystem;

class HygieneTest : public BranchApiTest {
 protected:
  // Behind a proxy that appends X-Forwarded-For, so tests can speak from many addresses.
  void Configure(Config& c) override { c.trust_forwarded_for = true; }
  void SetUp() override {
    BranchApiTest::SetUp();  // admin_ logged in, branch_ under street_a_
    if (IsSkipped() || HasFatalFailure()) return;
    street_b_ = MakeOrg(admin_, district_a_, "中共深圳市南山区南头街道工作委员会", "street");
    street_b_branch_ = MakeOrg(admin_, street_b_, "中共南头街道机关第一支部委员会", "branch");
    other_branch_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
  }
  json Full(const std::string& id, int64_t org, const std::string& name = "张三丰") {
    return {{"org_id", org},
            {"name", name},
            {"national_id", id},
            {"status", "full"},
            {"joined_on", "2015-07-01"},
            {"shenzhen_hukou", true}};
  }
  // A valid, distinct citizen ID for each n.
  std::string Id(int n) {
    char first17[32];
    std::snprintf(first17, sizeof first17, "440305199001%02d%03d", 1 + n % 28, n % 1000);
    return CitizenId(first17);
  }
  HttpResult LoginFrom(const std::string& address, const std::string& user,
                       const std::string& password) {
    Req r{"POST", "/api/auth/login", json{{"username", user}, {"password", password}}.dump()};
    r.headers["X-Forwarded-For"] = "10.9.9.9, " + address;  // the proxy appended the last
    return Call(r);
  }
  json AuditOf(const std::string& action) {
    auto r = Get("/api/audit?size=200&action=" + action, Login("auditor", kPassword));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json();
  }
  HttpResult Upload(const std::string& body, const std::string& cookie) {
    return Call({"POST", "/api/imports/members", body, "text/csv", cookie});
  }
  static std::string CsvHeader() {
    return "姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织ID,人员类别,入党日期,"
           "转正日期,工作单位,是否深户\n";
  }
  static std::string CsvRow(const std::string& name, const std::string& id, int64_t org) {
    std::string gender = (id[16] - '0') % 2 ? "男" : "女";
    std::string birth = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
    return name + "," + gender + ",汉族," + birth + "," + id + ",,大学本科," + std::to_string(org) +
           ",正式党员,2015-07-01,,某科技公司,是\n";
  }
  int64_t street_b_ = 0, street_b_branch_ = 0, other_branch_ = 0;
};
JICENG_API_TEST_SUITE(HygieneTest);

// ---- 1. The ID-number oracle ---------------------------------------------------------

TEST_P(HygieneTest, DuplicateIdOutsideScopeIsAuditedPointsToTransferAndIsRateLimited) {
  ASSERT_EQ(Post("/api/members", Full(Id(1), other_branch_), admin_).status, 201);
  ASSERT_EQ(Post("/api/members", Full(Id(2), street_b_branch_), admin_).status, 201);
  for (int i = 3; i <= 6; ++i)
    ASSERT_EQ(Post("/api/members", Full(Id(i), other_branch_), admin_).status, 201);
  MakeUser("yuehai", "street_admin", street_a_);
  auto street = Login("yuehai", kPassword);

  // Another district and another street of the same district answer word for word alike,
  // pointing to the transfer procedure and naming no organization.
  auto far = Post("/api/members", Full(Id(1), branch_, "李四"), street);
  auto near = Post("/api/members", Full(Id(2), branch_, "李四"), street);
  EXPECT_EQ(far.status, 409) << far.body;
  EXPECT_EQ(far.ErrorCode(), "duplicate_member");
  EXPECT_EQ(far.Json()["error"]["field"], "national_id");
  EXPECT_EQ(far.Json()["error"]["message"], near.Json()["error"]["message"]);
  std::string message = far.Json()["error"]["message"];
  EXPECT_NE(message.find("组织关系转接"), std::string::npos) << message;
  for (const char* where : {"福田", "南头", "支部", "区委", "街道"})
    EXPECT_EQ(far.body.find(where), std::string::npos) << where;

  // Every hit is audited, without the ID number (plain or masked).
  auto audit = AuditOf("member.duplicate_id_probe");
  ASSERT_EQ(audit["total"], 2) << audit.dump();
  EXPECT_EQ(audit.dump().find(Id(1)), std::string::npos);
  EXPECT_EQ(audit.dump().find(Id(1).substr(14)), std::string::npos);
  EXPECT_EQ(audit["items"][0]["actor_name"], "yuehai");
  EXPECT_EQ(audit["items"][0]["entity"], "member");
  EXPECT_EQ(audit["items"][0]["after"]["via"], "api");
  EXPECT_EQ(audit["items"][0]["after"]["in_scope"], false);

  // Five hits within the hour, then the account's registrations answer 429 — even with
  // an ID number nobody holds, so the limit says nothing about that number.
  for (int i = 3; i <= 5; ++i)
    EXPECT_EQ(Post("/api/members", Full(Id(i), branch_, "李四"), street).status, 409);
  auto limited = Post("/api/members", Full(Id(100), branch_, "王五"), street);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.ErrorCode(), "rate_limited");
  ASSERT_TRUE(limited.headers.count("retry-after"));
  EXPECT_GT(std::stoi(limited.headers["retry-after"]), 0);
  EXPECT_LE(std::stoi(limited.headers["retry-after"]), 3600);
  EXPECT_EQ(Post("/api/members", Full(Id(6), branch_, "李四"), street).status, 429);
  // Imports too, before the file is even read.
  EXPECT_EQ(Upload("not a file at all", street).status, 429);
  // Others are not affected, and duplicates within one's own scope are not probes.
  for (int i = 0; i < 7; ++i)
    EXPECT_EQ(Post("/api/members", Full(Id(1), other_branch_, "赵六"), admin_).status, 409);
  EXPECT_EQ(Post("/api/members", Full(Id(7), other_branch_, "赵六"), admin_).status, 201);
  EXPECT_EQ(AuditOf("member.duplicate_id_probe")["total"], 2 + 3 + 7);
  clock_->Advance(61 * 60'000);
  street = Login("yuehai", kPassword);
  EXPECT_EQ(Post("/api/members", Full(Id(100), branch_, "王五"), street).status, 201);
}

TEST_P(HygieneTest, DuplicateIdInImportsIsAuditedAndRateLimited) {
  for (int i = 1; i <= 7; ++i)
    ASSERT_EQ(Post("/api/members", Full(Id(i), other_branch_), admin_).status, 201);
  ASSERT_EQ(Post("/api/members", Full(Id(8), branch_), admin_).status, 201);
  MakeUser("yuehai", "street_admin", street_a_);
  auto street = Login("yuehai", kPassword);
  // Two hits outside the scope and one inside: each row says so, the outside ones point
  // to the transfer procedure; nothing is applied.
  auto report = Upload(CsvHeader() + CsvRow("甲", Id(1), branch_) + CsvRow("乙", Id(2), branch_) +
                           CsvRow("丙", Id(8), branch_) + CsvRow("丁", Id(50), branch_),
                       street);
  ASSERT_EQ(report.status, 422) << report.body;
  auto problems = report.Json()["problems"];
  ASSERT_EQ(problems.size(), 3u) << report.body;
  EXPECT_NE(problems[0]["message"].get<std::string>().find("组织关系转接"), std::string::npos);
  EXPECT_EQ(problems[0]["message"], problems[1]["message"]);
  EXPECT_EQ(problems[2]["message"].get<std::string>().find("组织关系转接"), std::string::npos);
  EXPECT_EQ(report.body.find("福田"), std::string::npos);
  auto audit = AuditOf("member.duplicate_id_probe");
  EXPECT_EQ(audit["total"], 3);
  EXPECT_EQ(audit["items"][0]["after"]["via"], "import");
  EXPECT_EQ(audit.dump().find(Id(1)), std::string::npos);
  // Three more hits than the account has left: no row is told apart, 429.
  auto over = Upload(CsvHeader() + CsvRow("甲", Id(3), branch_) + CsvRow("乙", Id(4), branch_) +
                         CsvRow("丙", Id(5), branch_) + CsvRow("丁", Id(6), branch_),
                     street);
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_EQ(over.ErrorCode(), "rate_limited");
  EXPECT_EQ(over.body.find("problems"), std::string::npos);
  EXPECT_EQ(AuditOf("member.duplicate_id_probe")["total"], 7);
  EXPECT_EQ(Post("/api/members", Full(Id(60), branch_), street).status, 429);
}

TEST_P(HygieneTest, CommandLineImportHitsAreAudited) {
  ASSERT_EQ(Post("/api/members", Full(Id(1), other_branch_), admin_).status, 201);
  auto report =
      imports::Run(runtime_->context(), Actor{nullptr, "cli", "cli"}, imports::Kind::kMembers,
                   CsvHeader() + CsvRow("甲", Id(1), branch_), /*dry_run=*/false);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->problems.size(), 1u);
  auto audit = AuditOf("member.duplicate_id_probe");
  ASSERT_EQ(audit["total"], 1);
  EXPECT_EQ(audit["items"][0]["actor_name"], "cli");
  EXPECT_EQ(audit["items"][0]["after"]["via"], "import");
}

TEST_P(HygieneTest, LinkingAnAccountByIdNumberOutsideScopeLooksLikeNoMember) {
  auto member = Post("/api/members", Full(Id(1), other_branch_), admin_);
  ASSERT_EQ(member.status, 201);
  int64_t user = MakeUser("zhangsan", "member", district_a_);
  auto sec = Login("sec_a", kPassword);
  auto version = Get("/api/users/" + std::to_string(user), sec).Json()["version"];
  auto elsewhere = Patch("/api/users/" + std::to_string(user),
                         {{"version", version}, {"member_national_id", Id(1)}}, sec);
  auto nobody = Patch("/api/users/" + std::to_string(user),
                      {{"version", version}, {"member_national_id", Id(99)}}, sec);
  EXPECT_EQ(elsewhere.status, 404) << elsewhere.body;
  EXPECT_EQ(nobody.status, 404) << nobody.body;
  EXPECT_EQ(elsewhere.body, nobody.body);
  auto audit = AuditOf("member.duplicate_id_probe");
  ASSERT_EQ(audit["total"], 1);
  EXPECT_EQ(audit["items"][0]["after"]["via"], "account_link");
  EXPECT_EQ(audit["items"][0]["actor_name"], "sec_a");
}

// ---- 2. Lockout and the throttle per address ------------------------------------------

TEST_P(HygieneTest, UnknownNamesFailAndLockExactlyLikeRealOnes) {
  auto users_before = Get("/api/users?size=200", Login("security", kPassword)).Json()["total"];
  for (int i = 0; i < 4; ++i) {
    auto real = LoginFrom("198.51.100.1", "admin", "Wrong-pass-1");
    auto unknown = LoginFrom("198.51.100.2", "nobody", "Wrong-pass-1");
    EXPECT_EQ(real.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(real.body, unknown.body);
  }
  auto real = LoginFrom("198.51.100.1", "admin", "Wrong-pass-1");
  auto unknown = LoginFrom("198.51.100.2", "nobody", "Wrong-pass-1");
  EXPECT_EQ(real.status, 429);
  EXPECT_EQ(unknown.status, 429);
  EXPECT_EQ(real.ErrorCode(), "account_locked");
  EXPECT_EQ(real.body, unknown.body);
  EXPECT_EQ(real.headers["retry-after"], unknown.headers["retry-after"]);
  EXPECT_EQ(real.headers["retry-after"], "900");
  clock_->Advance(5 * 60'000);
  real = LoginFrom("198.51.100.1", "admin", kPassword);
  unknown = LoginFrom("198.51.100.2", "nobody", kPassword);
  EXPECT_EQ(real.status, 429);
  EXPECT_EQ(unknown.status, 429);
  EXPECT_EQ(real.body, unknown.body);
  EXPECT_EQ(real.headers["retry-after"], "600");
  EXPECT_EQ(unknown.headers["retry-after"], "600");
  clock_->Advance(10 * 60'000 + 1);
  EXPECT_EQ(LoginFrom("198.51.100.1", "admin", kPassword).status, 200);
  EXPECT_EQ(LoginFrom("198.51.100.2", "nobody", "Wrong-pass-1").status, 401);
  // Unknown names leave nothing in the store.
  EXPECT_EQ(Get("/api/users?size=200", Login("security", kPassword)).Json()["total"], users_before);
}

TEST_P(HygieneTest, AnAddressThatFailsTwentyTimesIsThrottled) {
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(LoginFrom("203.0.113.5", "guess" + std::to_string(i), "Wrong-pass-1").status, 401)
        << i;
  // From that address, nothing more: not even the right password of an unlocked account.
  auto blocked = LoginFrom("203.0.113.5", "admin", kPassword);
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.ErrorCode(), "too_many_attempts");
  ASSERT_TRUE(blocked.headers.count("retry-after"));
  EXPECT_GT(std::stoi(blocked.headers["retry-after"]), 0);
  // So it cannot lock `admin` out either: its guesses stopped counting.
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(LoginFrom("203.0.113.5", "admin", "Wrong-pass-1").status, 429);
  auto other = LoginFrom("203.0.113.6", "admin", kPassword);
  EXPECT_EQ(other.status, 200) << other.body;
  clock_->Advance(15 * 60'000 + 1);
  EXPECT_EQ(LoginFrom("203.0.113.5", "admin", kPassword).status, 200);
}

// Without a trusted proxy, X-Forwarded-For is the client's own claim and is ignored.
class LoginAddressTest : public ApiTest {};
JICENG_API_TEST_SUITE(LoginAddressTest);

TEST_P(LoginAddressTest, ForwardedForIsIgnoredUnlessTrusted) {
  for (int i = 0; i < 20; ++i) {
    Req r{"POST", "/api/auth/login",
          json{{"username", "x" + std::to_string(i)}, {"password", "Wrong-pass-1"}}.dump()};
    r.headers["X-Forwarded-For"] = "192.0.2." + std::to_string(i);
    EXPECT_EQ(Call(r).status, 401);
  }
  auto blocked = Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}});
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(blocked.ErrorCode(), "too_many_attempts");
}

// ---- 3. Files readable by their owner only ----------------------------------------------

int ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

TEST_P(HygieneTest, DatabaseWalShmAndBackupsAreCreatedOwnerOnly) {
  mode_t old = ::umask(022);  // the usual umask, which made them 0644
  if (GetParam() == "sqlite") {
    std::string db = work_dir_ + "/test.db";
    ASSERT_EQ(Post("/api/members", Full(Id(1), branch_), admin_).status, 201);
    EXPECT_EQ(ModeOf(db), 0600);
    EXPECT_EQ(ModeOf(db + "-wal"), 0600);
    EXPECT_EQ(ModeOf(db + "-shm"), 0600);
  }
  std::string backup = work_dir_ + "/backup.out";
  runtime_->db().Backup(backup);
  EXPECT_EQ(ModeOf(backup), 0600);
  EXPECT_GT(fs::file_size(backup), 0u);
  // Over an existing world-readable file, too.
  std::string again = work_dir_ + "/backup-again.out";
  { std::ofstream(again) << "old"; }
  ::chmod(again.c_str(), 0644);
  runtime_->db().Backup(again);
  EXPECT_EQ(ModeOf(again), 0600);
  ::umask(old);
}

// ---- 4. Names and formula prefixes ----------------------------------------------------

const char* const kHostileNames[] = {
    "\t=1+1",            // a leading tab hides the formula from a naive guard
    "张三\r\n=cmd",      // line breaks
    "张\x01三",          // C0
    "张\xC2\x85三",      // NEL (C1)
    "张\xE2\x80\xA8三",  // U+2028 line separator
    "张\xE2\x80\xA9三",  // U+2029 paragraph separator
    "\xE2\x80\xAE三张",  // U+202E right-to-left override
    "张\xE2\x81\xA6三",  // U+2066 left-to-right isolate
    "张\xE2\x81\xA9三",  // U+2069 pop directional isolate
    "张\x7F三",          // DEL
};

TEST(NameValidator, RefusesControlSeparatorAndBidiCharacters) {
  for (const char* name : kHostileNames) {
    auto r = ValidateName(name, "name", 50, true);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().field, "name");
  }
  EXPECT_TRUE(ValidateName("张三", "name", 50, true));
  EXPECT_TRUE(ValidateName("阿卜杜热合曼·买买提", "name", 50, true));
  EXPECT_TRUE(ValidateName("Zhang San-Feng", "name", 50, true));
  EXPECT_FALSE(ValidateName("\xE2\x80\xAB", "name", 50, true));  // U+202B embedding
  // Bidi marks and zero-width characters too: two names that look alike must compare alike.
  EXPECT_FALSE(ValidateName("\xE2\x80\x8F", "name", 50, true));      // U+200F RLM
  EXPECT_FALSE(ValidateName("\xD8\x9C", "name", 50, true));          // U+061C ALM
  EXPECT_FALSE(ValidateName("张\xE2\x80\x8B三", "name", 50, true));  // U+200B ZWSP
  EXPECT_FALSE(ValidateName("\xEF\xBB\xBF张三", "name", 50, true));  // U+FEFF BOM
}

TEST_P(HygieneTest, EveryNameFieldRefusesHostileCharacters) {
  auto sec = Login("security", kPassword);
  for (const char* name : kHostileNames) {
    SCOPED_TRACE(name);
    auto member = Post("/api/members", Full(Id(1), branch_, name), admin_);
    EXPECT_EQ(member.status, 400) << member.body;
    EXPECT_EQ(member.Json()["error"]["field"], "name");
    auto org = Post("/api/orgs",
                    {{"parent_id", street_a_},
                     {"name", name},
                     {"kind", "branch"},
                     {"founded_on", "2010-01-01"}},
                    admin_);
    EXPECT_EQ(org.status, 400) << org.body;
    EXPECT_EQ(org.Json()["error"]["field"], "name");
    auto unit = Post("/api/units",
                     {{"name", name},
                      {"credit_code", domain::CreditCodeFrom("91440305", "MA5F0001")},
                      {"type", "enterprise"},
                      {"org_id", street_a_}},
                     admin_);
    EXPECT_EQ(unit.status, 400) << unit.body;
    EXPECT_EQ(unit.Json()["error"]["field"], "name");
    auto user = Post("/api/users",
                     {{"username", "hostile"},
                      {"display_name", name},
                      {"org_id", root_},
                      {"password", "Initial-pass-1"}},
                     sec);
    EXPECT_EQ(user.status, 400) << user.body;
    EXPECT_EQ(user.Json()["error"]["field"], "display_name");
    auto meeting = Post("/api/meetings",
                        {{"org_id", branch_},
                         {"type", "theme_day"},
                         {"title", name},
                         {"held_at", "2030-01-01T19:30:00+08:00"}},
                        admin_);
    EXPECT_EQ(meeting.status, 400) << meeting.body;
    EXPECT_EQ(meeting.Json()["error"]["field"], "title");
  }
  // Renames too.
  auto made = Post("/api/members", Full(Id(1), branch_), admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  auto renamed = Patch("/api/members/" + made.Json()["id"].dump(),
                       {{"version", made.Json()["version"]}, {"name", "\t=1+1"}}, admin_);
  EXPECT_EQ(renamed.status, 400);
  EXPECT_EQ(renamed.Json()["error"]["field"], "name");
  // And imports, row by row.
  auto report = Upload(CsvHeader() + CsvRow("\"张\t=HYPERLINK(\"\"x\"\")\"", Id(2), branch_) +
                           CsvRow("张\xE2\x80\xAE三", Id(3), branch_),
                       admin_);
  ASSERT_EQ(report.status, 422) << report.body;
  auto problems = report.Json()["problems"];
  ASSERT_EQ(problems.size(), 2u) << report.body;
  EXPECT_EQ(problems[0]["column"], "姓名");
  EXPECT_EQ(problems[1]["column"], "姓名");
}

TEST(CsvFormulaGuard, EveryFormulaPrefixGetsAQuote) {
  for (std::string cell : {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
                           "\xEF\xBC\x9D"
                           "1+1",
                           "\xEF\xBC\x8B"
                           "1",
                           "\xEF\xBC\x8D"
                           "1",
                           "\xEF\xBC\xA0"
                           "SUM(A1)"}) {
    SCOPED_TRACE(cell);
    EXPECT_TRUE(StartsLikeAFormula(cell));
    auto read = ReadCsv(WriteCsv({{cell}}));
    ASSERT_TRUE(read);
    EXPECT_EQ((*read)[0][0], "'" + cell);
  }
  for (std::string cell : {"张三", "1+1", "a=b", "", " x"}) {
    EXPECT_FALSE(StartsLikeAFormula(cell)) << cell;
    EXPECT_EQ((*ReadCsv(WriteCsv({{cell, "x"}})))[0][0], cell);
  }
}

TEST_P(HygieneTest, CsvExportsNeutraliseFormulaPrefixes) {
  std::vector<std::string> names = {"=HYPERLINK(\"http://x\")支部",
                                    "+1支部",
                                    "-1支部",
                                    "@SUM(1)支部",
                                    "\xEF\xBC\x9D"
                                    "1+1支部",
                                    "\xEF\xBC\xA0"
                                    "SUM(1)支部"};
  for (const auto& n : names)
    ASSERT_EQ(Post("/api/orgs",
                   {{"parent_id", street_a_},
                    {"name", n},
                    {"kind", "branch"},
                    {"founded_on", "2010-01-01"}},
                   admin_)
                  .status,
              201)
        << n;
  auto csv = Get("/api/exports/orgs.csv", admin_);
  ASSERT_EQ(csv.status, 200);
  auto rows = ReadCsv(csv.body);
  ASSERT_TRUE(rows);
  for (const auto& n : names) {
    int quoted = 0;
    for (const auto& row : *rows)
      for (const auto& cell : row) {
        EXPECT_NE(cell, n);  // never bare
        quoted += cell == "'" + n;
      }
    EXPECT_GE(quoted, 1) << n;
  }
}

}  // namespace
}  // namespace jiceng::testing
