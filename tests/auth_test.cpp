// Logging in and out, lockout, session expiry, password changes, API tokens, cross-site
// refusal. Runs on both stores.
#include <algorithm>

#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class AuthTest : public ApiTest {};
JICENG_API_TEST_SUITE(AuthTest);

TEST_P(AuthTest, LoginSetsAStrictHttpOnlySessionCookie) {
  auto r = Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("jiceng_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto body = r.Json();
  EXPECT_EQ(body["user"]["username"], "admin");
  EXPECT_EQ(body["grants"][0]["role"], "city_admin");
  EXPECT_EQ(body["scope"][0]["name"], "中共深圳市委");
  EXPECT_EQ(body["must_change_password"], false);
  json rest = body;
  rest.erase("must_change_password");  // the one mention allowed: nothing of the password
  EXPECT_FALSE(rest.dump().find("password") != std::string::npos);

  std::string session = cookie.substr(0, cookie.find(';'));
  auto me = Get("/api/auth/me", session);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["user"]["username"], "admin");
  EXPECT_EQ(me.Json()["permissions"]["read_audit"], true);
  EXPECT_EQ(me.Json()["permissions"]["manage_accounts"], false);
  // The modules' permissions the account holds (what the web app shows), and none that a
  // security administrator lacks.
  const auto modules = me.Json()["module_permissions"];
  EXPECT_NE(std::find(modules.begin(), modules.end(), "centers.manage"), modules.end());
  EXPECT_NE(std::find(modules.begin(), modules.end(), "centers.serve"), modules.end());
  EXPECT_EQ(Get("/api/auth/me", Login("security", kPassword)).Json()["module_permissions"],
            json::array());
}

TEST_P(AuthTest, WrongPasswordAndUnknownUserLookTheSame) {
  auto wrong = Post("/api/auth/login", {{"username", "admin"}, {"password", "Nope-nope-123"}});
  auto unknown = Post("/api/auth/login", {{"username", "nobody"}, {"password", "Nope-nope-123"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.ErrorCode(), "invalid_credentials");
  EXPECT_EQ(wrong.Json()["error"]["message"], unknown.Json()["error"]["message"]);
  EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);
}

TEST_P(AuthTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", "Wrong-pass-1"}}).status,
              401);
  auto fifth = Post("/api/auth/login", {{"username", "admin"}, {"password", "Wrong-pass-1"}});
  EXPECT_EQ(fifth.status, 429);
  EXPECT_EQ(fifth.ErrorCode(), "account_locked");
  // Even the right password is refused while locked.
  auto locked = Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}});
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(locked.Json()["error"]["message"].get<std::string>().find("分钟"), std::string::npos);
  clock_->Advance(14 * 60'000);
  EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}}).status, 429);
  clock_->Advance(61'000);
  EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}}).status, 200);
  // A success resets the counter: one more failure does not lock.
  EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", "Wrong-pass-1"}}).status,
            401);
  EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}}).status, 200);
}

TEST_P(AuthTest, SessionsExpireAfterThirtyIdleMinutes) {
  auto session = Login("admin", kPassword);
  clock_->Advance(20 * 60'000);
  EXPECT_EQ(Get("/api/auth/me", session).status, 200);  // activity keeps it alive
  clock_->Advance(20 * 60'000);
  EXPECT_EQ(Get("/api/auth/me", session).status, 200);
  clock_->Advance(31 * 60'000);
  auto expired = Get("/api/auth/me", session);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.ErrorCode(), "unauthenticated");
  clock_->Advance(1);
  EXPECT_EQ(Get("/api/auth/me", session).status, 401);  // and it stays dead
}

TEST_P(AuthTest, LogoutRevokesTheSession) {
  auto session = Login("admin", kPassword);
  auto other = Login("admin", kPassword);
  auto r = Post("/api/auth/logout", json::object(), session);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get("/api/auth/me", session).status, 401);
  EXPECT_EQ(Get("/api/auth/me", other).status, 200);  // only this session ends
  EXPECT_EQ(Post("/api/auth/logout", json::object()).status, 401);
}

TEST_P(AuthTest, PasswordChangeEnforcesPolicyAndRevokesSessions) {
  auto session = Login("admin", kPassword);
  auto other = Login("admin", kPassword);
  auto weak =
      Post("/api/auth/password", {{"old_password", kPassword}, {"new_password", "short"}}, session);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.ErrorCode(), "weak_password");
  auto two_classes =
      Post("/api/auth/password",
           {{"old_password", kPassword}, {"new_password", "onlylowercase123"}}, session);
  EXPECT_EQ(two_classes.status, 422);
  auto wrong_old =
      Post("/api/auth/password",
           {{"old_password", "Not-the-one-1"}, {"new_password", "Brand-new-pass-7"}}, session);
  EXPECT_EQ(wrong_old.status, 422);
  EXPECT_EQ(wrong_old.ErrorCode(), "wrong_password");
  EXPECT_EQ(Get("/api/auth/me", other).status, 200);  // failed attempts change nothing

  auto ok = Post("/api/auth/password",
                 {{"old_password", kPassword}, {"new_password", "Brand-new-pass-7"}}, session);
  ASSERT_EQ(ok.status, 200) << ok.body;
  std::string fresh = ok.headers["set-cookie"].substr(0, ok.headers["set-cookie"].find(';'));
  EXPECT_EQ(Get("/api/auth/me", session).status, 401);
  EXPECT_EQ(Get("/api/auth/me", other).status, 401);
  EXPECT_EQ(Get("/api/auth/me", fresh).status, 200);
  EXPECT_EQ(Post("/api/auth/login", {{"username", "admin"}, {"password", kPassword}}).status, 401);
  Login("admin", "Brand-new-pass-7");
}

TEST_P(AuthTest, CrossSiteRequestsChangeNothing) {
  auto session = Login("admin", kPassword);
  Req logout{"POST", "/api/auth/logout", "{}", "application/json", session};
  logout.headers["Origin"] = "https://evil.example";
  auto r = Call(logout);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.ErrorCode(), "cross_site_request");
  EXPECT_EQ(Get("/api/auth/me", session).status, 200);  // the session survived

  Req form{"POST", "/api/auth/logout", "a=1", "application/x-www-form-urlencoded", session};
  form.headers["Sec-Fetch-Site"] = "cross-site";
  EXPECT_EQ(Call(form).status, 403);
  Req null_origin{"POST", "/api/auth/logout", "{}", "application/json", session};
  null_origin.headers["Origin"] = "null";
  EXPECT_EQ(Call(null_origin).status, 403);
  EXPECT_EQ(Get("/api/auth/me", session).status, 200);

  // The same origin is fine.
  Req same{"POST", "/api/auth/logout", "{}", "application/json", session};
  same.headers["Origin"] = "http://127.0.0.1:" + std::to_string(port_);
  same.headers["Sec-Fetch-Site"] = "same-origin";
  EXPECT_EQ(Call(same).status, 200);
}

TEST_P(AuthTest, ApiTokensActAsTheirUserUntilRevoked) {
  auto sec = Login("security", kPassword);
  int64_t bot = MakeUser("report-bot", "street_admin", street_a_);
  auto bot_session = Login("report-bot", kPassword);
  // The account issues its own token (user_id may be left out or name itself).
  auto created = Post("/api/tokens", {{"user_id", bot}, {"name", "报表机器人"}}, bot_session);
  ASSERT_EQ(created.status, 201) << created.body;
  std::string secret = created.Json()["token"];
  int64_t token_id = created.Json()["id"];
  EXPECT_EQ(created.Json()["user_id"], bot);
  EXPECT_EQ(created.Json()["created_by"], bot);
  EXPECT_EQ(secret.rfind("jct_", 0), 0u);

  Req me{"GET", "/api/auth/me"};
  me.headers["Authorization"] = "Bearer " + secret;
  auto r = Call(me);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["user"]["username"], "report-bot");
  // Scoped like the user: the street, not its district.
  Req district{"GET", "/api/orgs/" + std::to_string(district_a_)};
  district.headers["Authorization"] = "Bearer " + secret;
  EXPECT_EQ(Call(district).status, 404);
  Req street{"GET", "/api/orgs/" + std::to_string(street_a_)};
  street.headers["Authorization"] = "Bearer " + secret;
  EXPECT_EQ(Call(street).status, 200);

  // The security administrator lists the tokens of the accounts in scope…
  auto list = Get("/api/tokens", sec);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);  // never shown again
  EXPECT_EQ(list.Json()["items"][0]["name"], "报表机器人");
  // …and the owner their own.
  auto mine = Get("/api/tokens", bot_session);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json()["total"], 1);

  // …and revokes another account's token.
  EXPECT_EQ(Delete("/api/tokens/" + std::to_string(token_id), sec).status, 200);
  EXPECT_EQ(Call(me).status, 401);
  EXPECT_EQ(Delete("/api/tokens/" + std::to_string(token_id), sec).status, 409);

  Req bogus{"GET", "/api/auth/me"};
  bogus.headers["Authorization"] = "Bearer jct_not-a-real-token";
  EXPECT_EQ(Call(bogus).status, 401);
}

// 三员分立: a security administrator who could mint a token for another account would act
// as it (the city administrator: revealed ID numbers, the audit log) under its name.
TEST_P(AuthTest, NoOneIssuesATokenForAnotherAccount) {
  auto sec = Login("security", kPassword);
  for (int64_t victim : {users_["admin"], users_["auditor"], users_["sec_a"]}) {
    auto attack = Post("/api/tokens", {{"user_id", victim}, {"name", "x"}}, sec);
    EXPECT_EQ(attack.status, 403) << attack.body;
    EXPECT_EQ(attack.ErrorCode(), "token_for_other_account");
  }
  auto admin = Login("admin", kPassword);
  EXPECT_EQ(Post("/api/tokens", {{"user_id", users_["security"]}, {"name", "x"}}, admin).status,
            403);
  // No token was made for anyone.
  EXPECT_EQ(Get("/api/tokens", sec).Json()["total"], 0);

  // The city administrator's own token, which the security administrator may revoke.
  auto own = Post("/api/tokens", {{"name", "数据对接"}}, admin);
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.Json()["user_id"], users_["admin"]);
  // A token cannot issue tokens (a leaked one would renew itself).
  Req renew{"POST", "/api/tokens", json{{"name", "again"}}.dump()};
  renew.headers["Authorization"] = "Bearer " + own.Json()["token"].get<std::string>();
  auto renewed = Call(renew);
  EXPECT_EQ(renewed.status, 403) << renewed.body;
  EXPECT_EQ(renewed.ErrorCode(), "token_from_token");
  // A business account neither sees nor revokes another's token.
  MakeUser("other-admin", "district_admin", district_a_);
  auto other = Login("other-admin", kPassword);
  EXPECT_EQ(Get("/api/tokens", other).Json()["total"], 0);
  EXPECT_EQ(Delete("/api/tokens/" + own.Json()["id"].dump(), other).status, 403);
  EXPECT_EQ(Delete("/api/tokens/" + own.Json()["id"].dump(), sec).status, 200);

  // Every token.create in the audit log is by the account the token belongs to.
  auto log = Get("/api/audit?action=token.create", Login("auditor", kPassword));
  ASSERT_EQ(log.status, 200) << log.body;
  ASSERT_EQ(log.Json()["items"].size(), 1u) << log.body;
  const json entries = log.Json()["items"];
  for (const auto& e : entries) {
    const auto& after = e["after"];
    EXPECT_EQ(after["user_id"], e["actor_id"]) << e.dump();
  }
}

TEST_P(AuthTest, ExpiredTokensStopWorking) {
  int64_t bot = MakeUser("bot2", "member", district_b_);
  auto session = Login("bot2", kPassword);
  auto created = Post("/api/tokens",
                      {{"user_id", bot},
                       {"name", "short-lived"},
                       {"expires_at", FormatUtc(clock_->NowMs() + 3'600'000)}},
                      session);
  ASSERT_EQ(created.status, 201) << created.body;
  Req me{"GET", "/api/auth/me"};
  me.headers["Authorization"] = "Bearer " + created.Json()["token"].get<std::string>();
  EXPECT_EQ(Call(me).status, 200);
  auto past =
      Post("/api/tokens", {{"user_id", bot}, {"name", "x"}, {"expires_at", "2001-01-01T00:00:00Z"}},
           session);
  EXPECT_EQ(past.status, 422);
  EXPECT_EQ(past.ErrorCode(), "expiry_in_past");
  clock_->Advance(3'600'001);
  EXPECT_EQ(Call(me).status, 401);
}

}  // namespace
}  // namespace jiceng::testing
