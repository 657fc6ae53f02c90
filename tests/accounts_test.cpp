// Account administration by security administrators, within their subtree; the three
// separate administrators; optimistic concurrency; disabling and resets revoke sessions.
#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class AccountsTest : public ApiTest {};
JICENG_API_TEST_SUITE(AccountsTest);

// A new account's body; without `grants`, a party member's role on its own organization.
json NewUser(const std::string& username, int64_t org, json grants = nullptr) {
  if (grants.is_null()) grants = json::array({{{"role", "member"}, {"org_id", org}}});
  return {{"username", username},
          {"display_name", "张三丰"},
          {"org_id", org},
          {"password", "Initial-pass-1"},
          {"grants", grants}};
}

TEST_P(AccountsTest, SecurityAdminCreatesListsAndReadsAccounts) {
  auto sec = Login("security", kPassword);
  auto r = Post("/api/users",
                NewUser("zhangsf", street_a_,
                        json::array({{{"role", "street_admin"}, {"org_id", street_a_}}})),
                sec);
  ASSERT_EQ(r.status, 201) << r.body;
  auto user = r.Json();
  EXPECT_EQ(user["display_name"], "张三丰");
  EXPECT_EQ(user["grants"][0]["role"], "street_admin");
  EXPECT_EQ(user["version"], 1);
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);

  auto list = Get("/api/users?q=zhang&page=1&size=10", sec);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json()["total"], 1);
  EXPECT_EQ(list.Json()["items"][0]["username"], "zhangsf");
  auto all = Get("/api/users?size=200", sec);
  EXPECT_EQ(all.Json()["total"], 5);

  auto one = Get("/api/users/" + std::to_string(user["id"].get<int64_t>()), sec);
  EXPECT_EQ(one.status, 200);
  // The new account can log in with the initial password.
  Login("zhangsf", "Initial-pass-1");
}

TEST_P(AccountsTest, ScopeLimitsADistrictSecurityAdmin) {
  auto sec_a = Login("sec_a", kPassword);
  EXPECT_EQ(Post("/api/users", NewUser("in-scope", street_a_), sec_a).status, 201);
  // Another district, or the root above: out of scope.
  auto other = Post("/api/users", NewUser("elsewhere", district_b_), sec_a);
  EXPECT_EQ(other.status, 404);
  auto above = Post("/api/users", NewUser("above", root_), sec_a);
  EXPECT_EQ(above.status, 404);
  // Lists hold only the district's accounts.
  auto list = Get("/api/users?size=200", sec_a);
  ASSERT_EQ(list.status, 200);
  const json listed = list.Json();
  for (const auto& u : listed["items"]) EXPECT_NE(u["username"], "admin");
  EXPECT_EQ(list.Json()["total"], 2);  // sec_a and in-scope
  // A root-level account is invisible: 404, not 403.
  auto hidden = Get("/api/users/" + std::to_string(users_["admin"]), sec_a);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(Patch("/api/users/" + std::to_string(users_["admin"]),
                  {{"version", 1}, {"disabled", true}}, sec_a)
                .status,
            404);
  // Granting a role on an org outside the scope is refused.
  int64_t id = Get("/api/users?q=in-scope", sec_a).Json()["items"][0]["id"];
  auto grant = Post("/api/users/" + std::to_string(id) + "/grants",
                    {{"role", "member"}, {"org_id", district_b_}}, sec_a);
  EXPECT_EQ(grant.status, 400);
  EXPECT_EQ(grant.Json()["error"]["field"], "org_id");
}

TEST_P(AccountsTest, BusinessRolesCannotManageAccounts) {
  auto admin = Login("admin", kPassword);
  EXPECT_EQ(Get("/api/users", admin).status, 403);
  EXPECT_EQ(Post("/api/users", NewUser("sneaky", root_), admin).status, 403);
  // Tokens: a business account sees its own only (none here), not those in its subtree.
  auto tokens = Get("/api/tokens", admin);
  EXPECT_EQ(tokens.status, 200);
  EXPECT_EQ(tokens.Json()["total"], 0);
  auto auditor = Login("auditor", kPassword);
  EXPECT_EQ(Get("/api/users", auditor).status, 403);
  EXPECT_EQ(Get("/api/users").status, 401);
}

TEST_P(AccountsTest, RulesOnNewAccounts) {
  auto sec = Login("security", kPassword);
  EXPECT_EQ(Post("/api/users", NewUser("dup", root_), sec).status, 201);
  auto dup = Post("/api/users", NewUser("dup", root_), sec);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.ErrorCode(), "username_taken");
  json weak = NewUser("weakling", root_);
  weak["password"] = "password";
  EXPECT_EQ(Post("/api/users", weak, sec).status, 422);
  auto bad_name = Post("/api/users", NewUser("No Spaces!", root_), sec);
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_EQ(bad_name.Json()["error"]["field"], "username");
  auto bad_role =
      Post("/api/users",
           NewUser("x-role", root_, json::array({{{"role", "emperor"}, {"org_id", root_}}})), sec);
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_EQ(bad_role.ErrorCode(), "unknown_role");
  auto no_org = Post("/api/users", NewUser("ghost", 999999), sec);
  EXPECT_EQ(no_org.status, 404);
  // None of the refused accounts exists.
  EXPECT_EQ(Get("/api/users?q=weakling", sec).Json()["total"], 0);
  EXPECT_EQ(Get("/api/users?q=x-role", sec).Json()["total"], 0);
}

TEST_P(AccountsTest, ThreeSeparateAdministrators) {
  auto sec = Login("security", kPassword);
  auto both = Post("/api/users",
                   NewUser("superuser", root_,
                           json::array({{{"role", "security_admin"}, {"org_id", root_}},
                                        {{"role", "auditor"}, {"org_id", root_}}})),
                   sec);
  EXPECT_EQ(both.status, 403);
  EXPECT_EQ(both.ErrorCode(), "privileged_account");
  EXPECT_EQ(Get("/api/users?q=superuser", sec).Json()["total"], 0);

  auto grant = Post("/api/users/" + std::to_string(users_["auditor"]) + "/grants",
                    {{"role", "city_admin"}, {"org_id", root_}}, sec);
  EXPECT_EQ(grant.status, 422);
  EXPECT_EQ(grant.ErrorCode(), "separation_of_duties");
  auto to_admin = Post("/api/users/" + std::to_string(users_["admin"]) + "/grants",
                       {{"role", "security_admin"}, {"org_id", root_}}, sec);
  EXPECT_EQ(to_admin.status, 403);
  EXPECT_EQ(to_admin.ErrorCode(), "privileged_account");
  // Business roles mix freely.
  auto ok = Post("/api/users/" + std::to_string(users_["admin"]) + "/grants",
                 {{"role", "member"}, {"org_id", street_a_}}, sec);
  EXPECT_EQ(ok.status, 201) << ok.body;
  // Nobody grants themselves anything.
  auto self = Post("/api/users/" + std::to_string(users_["security"]) + "/grants",
                   {{"role", "security_admin"}, {"org_id", street_a_}}, sec);
  EXPECT_EQ(self.status, 403);
}

TEST_P(AccountsTest, GrantsTakeEffectAtOnceAndCanBeRevoked) {
  auto sec = Login("security", kPassword);
  int64_t id = MakeUser("li-si", "member", street_a_);
  auto li = Login("li-si", kPassword);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_), li).status, 404);
  auto g = Post("/api/users/" + std::to_string(id) + "/grants",
                {{"role", "district_admin"}, {"org_id", district_b_}}, sec);
  ASSERT_EQ(g.status, 201);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_), li).status, 200);
  auto dup = Post("/api/users/" + std::to_string(id) + "/grants",
                  {{"role", "district_admin"}, {"org_id", district_b_}}, sec);
  EXPECT_EQ(dup.status, 409);
  int64_t grant_id = 0;
  const json granted = g.Json();
  for (const auto& x : granted["grants"])
    if (x["role"] == "district_admin") grant_id = x["id"];
  auto revoke =
      Delete("/api/users/" + std::to_string(id) + "/grants/" + std::to_string(grant_id), sec);
  EXPECT_EQ(revoke.status, 200) << revoke.body;
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(district_b_), li).status, 404);
  EXPECT_EQ(Delete("/api/users/" + std::to_string(id) + "/grants/" + std::to_string(grant_id), sec)
                .status,
            404);
}

TEST_P(AccountsTest, DisablingEndsSessionsAndStaleVersionsConflict) {
  auto sec = Login("security", kPassword);
  int64_t id = MakeUser("wang-wu", "member", street_a_);
  auto wang = Login("wang-wu", kPassword);
  std::string path = "/api/users/" + std::to_string(id);
  auto renamed = Patch(path, {{"version", 1}, {"display_name", "王五"}}, sec);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json()["version"], 2);
  auto stale = Patch(path, {{"version", 1}, {"disabled", true}}, sec);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.ErrorCode(), "version_conflict");
  EXPECT_EQ(Get("/api/auth/me", wang).status, 200);  // the stale write changed nothing

  auto disabled = Patch(path, {{"version", 2}, {"disabled", true}}, sec);
  ASSERT_EQ(disabled.status, 200);
  EXPECT_EQ(disabled.Json()["disabled"], true);
  EXPECT_EQ(Get("/api/auth/me", wang).status, 401);
  auto login = Post("/api/auth/login", {{"username", "wang-wu"}, {"password", kPassword}});
  EXPECT_EQ(login.status, 401);
  EXPECT_EQ(login.ErrorCode(), "invalid_credentials");
  EXPECT_EQ(Patch(path, {{"version", 3}, {"disabled", false}}, sec).status, 200);
  Login("wang-wu", kPassword);

  auto self = Patch("/api/users/" + std::to_string(users_["security"]),
                    {{"version", 1}, {"disabled", true}}, sec);
  EXPECT_EQ(self.status, 422);
}

TEST_P(AccountsTest, PasswordResetRevokesSessions) {
  auto sec = Login("security", kPassword);
  int64_t id = MakeUser("zhao-liu", "member", street_a_);
  auto zhao = Login("zhao-liu", kPassword);
  std::string path = "/api/users/" + std::to_string(id) + "/password";
  EXPECT_EQ(Post(path, {{"password", "weak"}}, sec).status, 422);
  EXPECT_EQ(Get("/api/auth/me", zhao).status, 200);
  EXPECT_EQ(Post(path, {{"password", "Reset-by-admin-9"}}, sec).status, 200);
  EXPECT_EQ(Get("/api/auth/me", zhao).status, 401);
  Login("zhao-liu", "Reset-by-admin-9");

  // Nobody resets a security administrator's or an auditor's password over the API, not
  // even a security administrator above them (三员分立): the operator does, on the server.
  for (const char* privileged : {"sec_a", "auditor", "security"}) {
    auto refused = Post("/api/users/" + std::to_string(users_[privileged]) + "/password",
                        {{"password", "Taken-over-by-9"}}, sec);
    EXPECT_EQ(refused.status, 403) << privileged << ": " << refused.body;
    EXPECT_EQ(refused.ErrorCode(), "privileged_account");
  }
  Login("sec_a", kPassword);  // unchanged
  Login("auditor", kPassword);
}

// The security administrator's and the auditor's accounts are the operator's (三员分立): a
// security administrator can neither create one with a password of their choosing, nor
// give the role to an account whose password they have just set.
TEST_P(AccountsTest, PrivilegedAccountsAreTheOperatorsOnly) {
  auto sec = Login("security", kPassword);
  for (const char* role : {"auditor", "security_admin"}) {
    auto made = Post("/api/users",
                     NewUser(std::string("shadow-") + role, root_,
                             json::array({{{"role", role}, {"org_id", street_a_}}})),
                     sec);
    EXPECT_EQ(made.status, 403) << role << ": " << made.body;
    EXPECT_EQ(made.ErrorCode(), "privileged_account");
    EXPECT_EQ(Get(std::string("/api/users?q=shadow-") + role, sec).Json()["total"], 0);
  }
  // Reset an ordinary account's password, then try to make it the auditor.
  int64_t id = MakeUser("plain-clerk", "member", street_a_);
  ASSERT_EQ(
      Post("/api/users/" + std::to_string(id) + "/password", {{"password", "Chosen-by-sec-9"}}, sec)
          .status,
      200);
  for (const char* role : {"auditor", "security_admin"}) {
    auto grant = Post("/api/users/" + std::to_string(id) + "/grants",
                      {{"role", role}, {"org_id", root_}}, sec);
    EXPECT_EQ(grant.status, 403) << role << ": " << grant.body;
    EXPECT_EQ(grant.ErrorCode(), "privileged_account");
  }
  auto grants = Get("/api/users/" + std::to_string(id), sec).Json()["grants"];
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0]["role"], "member");
}

TEST_P(AccountsTest, AnAccountNeedsARole) {
  auto sec = Login("security", kPassword);
  auto none = Post("/api/users", NewUser("no-role", street_a_, json::array()), sec);
  EXPECT_EQ(none.status, 400) << none.body;
  EXPECT_EQ(none.Json()["error"]["field"], "grants");
  auto missing = NewUser("no-role", street_a_);
  missing.erase("grants");
  EXPECT_EQ(Post("/api/users", missing, sec).status, 400);
  // Nothing was half-created: the name is still free.
  EXPECT_EQ(Post("/api/users", NewUser("no-role", street_a_), sec).status, 201);
}

// A password someone else chose is temporary: until its holder replaces it, their session
// may see who it is, change the password and log out — everything else is 403
// password_change_required. The same holds after an administrator's reset.
TEST_P(AccountsTest, TheFirstLoginMustChangeThePassword) {
  auto sec = Login("security", kPassword);
  auto made = Post("/api/users",
                   NewUser("newbie", street_a_,
                           json::array({{{"role", "street_admin"}, {"org_id", street_a_}}})),
                   sec);
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t id = made.Json()["id"];

  auto login = Post("/api/auth/login", {{"username", "newbie"}, {"password", "Initial-pass-1"}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(login.Json()["must_change_password"], true);
  auto newbie = Login("newbie", "Initial-pass-1");
  auto me = Get("/api/auth/me", newbie);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json()["must_change_password"], true);
  for (const std::string& path : {"/api/orgs/" + std::to_string(street_a_),
                                  std::string("/api/members"), std::string("/api/meetings")}) {
    auto r = Get(path, newbie);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_EQ(r.Json()["error"]["code"], "password_change_required") << path;
  }
  auto write =
      Post("/api/orgs", {{"parent_id", street_a_}, {"name", "新支部"}, {"kind", "branch"}}, newbie);
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.Json()["error"]["code"], "password_change_required");

  // The same password again is refused; a new one lifts the restriction.
  EXPECT_EQ(Post("/api/auth/password",
                 {{"old_password", "Initial-pass-1"}, {"new_password", "Initial-pass-1"}}, newbie)
                .status,
            422);
  auto changed =
      Post("/api/auth/password",
           {{"old_password", "Initial-pass-1"}, {"new_password", "Own-choice-77"}}, newbie);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json()["must_change_password"], false);
  auto mine = Login("newbie", "Own-choice-77");
  EXPECT_EQ(Get("/api/auth/me", mine).Json()["must_change_password"], false);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_), mine).status, 200);

  // An administrator's reset makes it temporary again.
  ASSERT_EQ(Post("/api/users/" + std::to_string(id) + "/password",
                 {{"password", "Reset-by-admin-9"}}, sec)
                .status,
            200);
  auto reset = Login("newbie", "Reset-by-admin-9");
  EXPECT_EQ(Get("/api/members", reset).status, 403);
  EXPECT_EQ(Post("/api/auth/logout", json::object(), reset).status, 200);
}

}  // namespace
}  // namespace jiceng::testing
