// Platform pieces: UTF-8, time, config, crypto, HTTP helpers, the org index.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "http/message.h"
#include "http/router.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/pinyin.h"
#include "platform/rate_limit.h"
#include "platform/utf8.h"
#include "store/db.h"
#include "store/migrations.h"

namespace jiceng {
namespace {

TEST(Utf8, AcceptsWellFormedRejectsTheRest) {
  EXPECT_TRUE(IsValidUtf8("党建引领 abc"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));   // emoji
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE5\x85"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_EQ(Utf8Length("党建ab"), 4u);
}

TEST(Time, ShanghaiDisplayAndIsoParsing) {
  int64_t ms = 0;
  ASSERT_TRUE(ParseIsoTime("2024-08-15T19:30:00+08:00", &ms));
  EXPECT_EQ(FormatUtc(ms), "2024-08-15T11:30:00.000Z");
  EXPECT_EQ(FormatShanghai(ms), "2024-08-15T19:30:00.000+08:00");
  ASSERT_TRUE(ParseIsoTime("2024-08-15T11:30:00.250Z", &ms));
  EXPECT_EQ(FormatShanghai(ms), "2024-08-15T19:30:00.250+08:00");
  ASSERT_TRUE(ParseIsoTime("2024-01-01", &ms));  // a bare date is Shanghai midnight
  EXPECT_EQ(FormatUtc(ms), "2023-12-31T16:00:00.000Z");
  EXPECT_FALSE(ParseIsoTime("2024-02-30", &ms));
  EXPECT_FALSE(ParseIsoTime("2024-08-15T19:30:00", &ms));  // no offset: ambiguous
  EXPECT_FALSE(ParseIsoTime("yesterday", &ms));
  EXPECT_FALSE(ParseIsoTime("2024-08-15T25:00:00Z", &ms));
  EXPECT_TRUE(ParseIsoTime("2024-02-29T00:00:00Z", &ms));
  EXPECT_FALSE(ParseIsoTime("2023-02-29T00:00:00Z", &ms));
}

TEST(Config, FileThenEnvironmentOverride) {
  auto path = std::filesystem::temp_directory_path() / "jiceng-config-test.toml";
  {
    std::ofstream f(path);
    f << "[store]\ndb = \"sqlite:/tmp/x.db\"\n[server]\nlisten = \"0.0.0.0:9000\"\n"
         "[security]\nsession_idle_minutes = 10\nseparation_of_duties = false\n";
  }
  Config c;
  ASSERT_TRUE(LoadConfigFile(path.string(), c));
  EXPECT_EQ(c.db_url, "sqlite:/tmp/x.db");
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.session_idle_minutes, 10);
  EXPECT_FALSE(c.separation_of_duties);
  setenv("JICENG_SESSION_IDLE_MINUTES", "45", 1);
  ASSERT_TRUE(ApplyEnvironment(c));
  unsetenv("JICENG_SESSION_IDLE_MINUTES");
  EXPECT_EQ(c.session_idle_minutes, 45);
  setenv("JICENG_LOCKOUT_ATTEMPTS", "many", 1);
  auto bad = ApplyEnvironment(c);
  unsetenv("JICENG_LOCKOUT_ATTEMPTS");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("JICENG_LOCKOUT_ATTEMPTS"), std::string::npos);
  // Map tile origins go into a CSP header: https origins of host characters only.
  setenv("JICENG_MAP_TILE_ORIGINS", " https://webrd01.is.autonavi.com  https://*.is.autonavi.com ",
         1);
  ASSERT_TRUE(ApplyEnvironment(c));
  EXPECT_EQ(c.map_tile_origins, "https://webrd01.is.autonavi.com https://*.is.autonavi.com");
  for (const char* hostile : {"http://tiles.example.com", "https://a.com; script-src *",
                              "https://a.com'", "data:", "https://"}) {
    setenv("JICENG_MAP_TILE_ORIGINS", hostile, 1);
    EXPECT_FALSE(ApplyEnvironment(c)) << hostile;
  }
  unsetenv("JICENG_MAP_TILE_ORIGINS");
  {
    std::ofstream f(path);
    f << "[server\nlisten=";
  }
  EXPECT_FALSE(LoadConfigFile(path.string(), c));
  std::filesystem::remove(path);
}

TEST(Crypto, PasswordsAndTokens) {
  crypto::InitCrypto();
  std::string h = crypto::HashPassword("Correct-horse9");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::VerifyPassword(h, "Correct-horse9"));
  EXPECT_FALSE(crypto::VerifyPassword(h, "Correct-horse8"));
  EXPECT_FALSE(crypto::VerifyPassword("", "x"));
  EXPECT_NE(crypto::RandomToken(), crypto::RandomToken());
  EXPECT_EQ(crypto::RandomToken(32).size(), 43u);
  EXPECT_EQ(crypto::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Http, PercentDecodingQueryAndCookies) {
  std::string out;
  EXPECT_TRUE(http::PercentDecode("%E5%85%9A%E5%BB%BA", out, false));
  EXPECT_EQ(out, "党建");
  EXPECT_FALSE(http::PercentDecode("%2", out, false));
  EXPECT_FALSE(http::PercentDecode("%zz", out, false));
  http::Request r;
  r.query = "q=%E5%BC%A0+%E4%B8%89&page=2&flag";
  r.headers = {{"cookie", "a=1; jiceng_session=tok; b=2"}};
  EXPECT_EQ(r.Query("q"), "张 三");
  EXPECT_EQ(r.Query("page"), "2");
  EXPECT_EQ(r.Query("flag"), "");
  EXPECT_FALSE(r.Query("missing").has_value());
  EXPECT_EQ(r.Cookie("jiceng_session"), "tok");
  EXPECT_EQ(r.Cookie("c"), "");
}

TEST(Http, RouterMatchesParamsAndReports405) {
  http::Router<int> router;
  router.Add("GET", "/api/users", 1);
  router.Add("GET", "/api/users/{id}", 2);
  router.Add("DELETE", "/api/users/{id}/grants/{grant_id}", 3);
  auto m = router.Find("GET", "/api/users/42");
  ASSERT_EQ(m.outcome, decltype(m)::kFound);
  EXPECT_EQ(m.entry->value, 2);
  EXPECT_EQ(m.params.at("id"), "42");
  m = router.Find("DELETE", "/api/users/4/grants/9");
  ASSERT_EQ(m.outcome, decltype(m)::kFound);
  EXPECT_EQ(m.params.at("grant_id"), "9");
  EXPECT_EQ(router.Find("POST", "/api/users/42").outcome, decltype(m)::kMethodNotAllowed);
  EXPECT_EQ(router.Find("GET", "/api/nothing").outcome, decltype(m)::kNotFound);
  EXPECT_EQ(router.Find("HEAD", "/api/users").outcome, decltype(m)::kFound);
}

TEST(Store, PlaceholderRewriteAndMigrationRendering) {
  EXPECT_EQ(store::ToPostgresPlaceholders("SELECT ?1, '?2', \"?3\" WHERE a = ?12"),
            "SELECT $1, '?2', \"?3\" WHERE a = $12");
  std::string sql =
      "CREATE TABLE t (id {{id}}, n {{int}}) {{strict}};\n--@sqlite\nA;\n--@end\n"
      "--@postgres\nB;\n--@end\n";
  auto lite = store::RenderMigration(sql, store::Dialect::kSqlite);
  auto pg = store::RenderMigration(sql, store::Dialect::kPostgres);
  EXPECT_NE(lite.find("INTEGER PRIMARY KEY"), std::string::npos);
  EXPECT_NE(lite.find("STRICT"), std::string::npos);
  EXPECT_NE(lite.find("A;"), std::string::npos);
  EXPECT_EQ(lite.find("B;"), std::string::npos);
  EXPECT_NE(pg.find("GENERATED BY DEFAULT AS IDENTITY"), std::string::npos);
  EXPECT_NE(pg.find("BIGINT"), std::string::npos);
  EXPECT_EQ(pg.find("STRICT"), std::string::npos);
  EXPECT_EQ(pg.find("A;"), std::string::npos);
  EXPECT_NE(pg.find("B;"), std::string::npos);
  ASSERT_FALSE(store::EmbeddedMigrations().empty());
  EXPECT_EQ(store::EmbeddedMigrations().front().version, 1);
}

TEST(OrgIndex, PreOrderRangesAnswerSubtreeQuestions) {
  // 1 ─┬─ 2 ─┬─ 5
  //    │     └─ 6
  //    └─ 3 ── 4
  index::OrgTree tree;
  tree.Rebuild({{1, 0, "市", "city"},
                {2, 1, "区A", "district"},
                {3, 1, "区B", "district"},
                {4, 3, "街道", "street"},
                {5, 2, "街道1", "street"},
                {6, 2, "街道2", "street"}});
  EXPECT_TRUE(tree.Contains(1, 6));
  EXPECT_TRUE(tree.Contains(2, 5));
  EXPECT_TRUE(tree.Contains(2, 2));
  EXPECT_FALSE(tree.Contains(2, 4));
  EXPECT_FALSE(tree.Contains(5, 2));
  EXPECT_FALSE(tree.Contains(99, 1));
  auto snap = tree.snapshot();
  const auto* root = snap->Find(1);
  EXPECT_EQ(root->exit - root->enter, 6);
  auto chain = snap->Chain(4);
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0]->id, 1);
  EXPECT_EQ(chain[2]->id, 4);
  EXPECT_EQ(snap->Find(4)->depth, 2);
}

}  // namespace
}  // namespace jiceng

namespace jiceng {
namespace {

TEST(Pinyin, InitialsOfHanAsciiAndSurnames) {
  EXPECT_EQ(PinyinInitials("张三丰", true), "zsf");
  EXPECT_EQ(PinyinInitials("中共深圳市南山区粤海街道委员会"), "zgszsnsqyhjdwyh");
  EXPECT_EQ(PinyinInitials("单田芳", true), "stf");  // surname reading
  EXPECT_EQ(PinyinInitials("单位"), "dw");           // ordinary reading
  EXPECT_EQ(PinyinInitials("第1支部·Tech", false), "d1zbtech");
  EXPECT_EQ(PinyinInitials(""), "");
  EXPECT_EQ(PinyinInitials("\xff\xfe张"), "z");  // invalid bytes skipped
  EXPECT_EQ(PinyinInitials("䶮"), "y");          // Extension A is covered (刘䶮)
  EXPECT_TRUE(IsInitialsQuery("zsf"));
  EXPECT_TRUE(IsInitialsQuery("ZSF"));
  EXPECT_FALSE(IsInitialsQuery("z s"));
  EXPECT_FALSE(IsInitialsQuery("张"));
  EXPECT_FALSE(IsInitialsQuery(""));
  EXPECT_FALSE(IsInitialsQuery(std::string(33, 'a')));
}

TEST(Pinyin, FullSpellingOfAPersonsName) {
  EXPECT_EQ(PinyinName("董小明"), "dongxiaoming");
  EXPECT_EQ(PinyinName("单田芳"), "shantianfang");  // 单 as a surname: shàn
  EXPECT_EQ(PinyinName("曾志伟"), "zengzhiwei");
  EXPECT_EQ(PinyinName("解放"), "xiefang");  // 解 as a surname: xiè
  EXPECT_EQ(PinyinName("吕布"), "lvbu");     // ü written v
  EXPECT_EQ(PinyinName("阿依古丽·Tom2"), "ayigulitom2");
  EXPECT_EQ(PinyinName("\xff董"), "dong");  // invalid bytes skipped
  EXPECT_EQ(PinyinName(""), "");
}

}  // namespace
}  // namespace jiceng

namespace jiceng {
namespace {

// A sliding window per key; a full table of active keys starts over on Add (bounded memory),
// so a limit that must hold under a flood of distinct keys asks Admits first.
TEST(SlidingWindowLimiter, CountsPerKeyAndSaysWhenItsTableIsFull) {
  SlidingWindowLimiter limiter(2, 1000, /*max_keys=*/2);
  limiter.Add("a", 0);
  EXPECT_EQ(limiter.BlockedFor("a", 10), 0);
  limiter.Add("a", 10);
  EXPECT_EQ(limiter.BlockedFor("a", 20), 980);  // until the first event leaves the window
  limiter.Add("b", 20);
  EXPECT_TRUE(limiter.Admits("a", 30));    // known
  EXPECT_FALSE(limiter.Admits("c", 30));   // full of active keys
  EXPECT_TRUE(limiter.Admits("c", 1020));  // "a" has left the window
  EXPECT_EQ(limiter.BlockedFor("a", 1020), 0);
}

}  // namespace
}  // namespace jiceng
