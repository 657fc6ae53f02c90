// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password.
#include "api/auth_json.h"
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "platform/config.h"
#include "service/auth_service.h"
#include "service/org_service.h"

#include <unordered_map>

namespace jiceng::api {

std::string SessionCookie(const Call& c, const std::string& token) {
  std::string cookie = "jiceng_session=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (c.svc.ctx.config.secure_cookies) cookie += "; Secure";
  return cookie;
}

json MeJson(const Call& c, const domain::Principal& p) {
  auto tree = c.svc.ctx.orgs.snapshot();
  json grants = json::array();
  for (const auto& g : p.grants) grants.push_back(GrantJson(g, *tree));
  json scope = json::array();
  for (const auto& v : orgs::ScopeOf(c.svc.ctx, p)) scope.push_back(OrgJson(v));
  const auto* home = tree->Find(p.home_org_id);
  // The modules' permissions the user holds somewhere (`centers.serve` …): what the web app
  // shows them; each route still checks its organization.
  json modules = json::array();
  for (auto perm : domain::ModulePermissions())
    if (domain::HasPermission(p, perm)) modules.push_back(domain::PermissionCode(perm));
  return {{"user",
           {{"id", p.user_id},
            {"username", p.username},
            {"display_name", p.display_name},
            {"org_id", p.home_org_id},
            {"org_name", home ? json(home->name) : json(nullptr)},
            {"member_id", OptId(p.member_id)},
            {"member_name", OptText(p.member_name)}}},
          {"grants", grants},
          {"scope", scope},
          {"permissions",
           {{"manage_accounts", domain::HasPermission(p, domain::Permission::kManageAccounts)},
            {"read_audit", domain::HasPermission(p, domain::Permission::kReadAudit)},
            {"manage_orgs", domain::HasPermission(p, domain::Permission::kManageOrgs)},
            {"manage_members", domain::HasPermission(p, domain::Permission::kManageMembers)},
            {"record_meetings", domain::HasPermission(p, domain::Permission::kRecordMeetings)},
            // the pii_exporter grant (full exports also need a city or district admin role)
            {"export_personal_data",
             domain::HasPermission(p, domain::Permission::kExportPersonalData)}}},
          {"module_permissions", modules},
          {"session_idle_minutes", c.svc.ctx.config.session_idle_minutes},
          {"must_change_password", p.must_change_password}};
}

// The address login failures are counted against: the peer, or — only when configured to
// trust a proxy in front — the last X-Forwarded-For entry (the one that proxy appended).
std::string ClientAddress(const Call& c) {
  if (c.svc.ctx.config.trust_forwarded_for)
    if (const std::string* xff = c.req.Header("x-forwarded-for")) {
      std::string last =
          xff->substr(xff->rfind(',') == std::string::npos ? 0 : xff->rfind(',') + 1);
      auto b = last.find_first_not_of(" \t"), e = last.find_last_not_of(" \t");
      if (b != std::string::npos && e - b < 64) return last.substr(b, e - b + 1);
    }
  return c.req.remote_ip;
}

namespace {

const std::shared_ptr<const Fields>& LoginFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("username", 64).Required(), Field::String("password", 1024).Required()});
  return fields;
}

Result<http::Response> Login(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, LoginFields()));
  JICENG_TRY(result, c.svc.auth.Login(body.Str("username"), body.Str("password"), c.req.request_id,
                                      ClientAddress(c)));
  c.req.user_id = result.principal.user_id;
  auto res = Json(MeJson(c, result.principal));
  res.SetHeader("Set-Cookie", SessionCookie(c, result.session_token));
  return res;
}

Result<http::Response> Logout(Call& c) {
  JICENG_CHECK(c.svc.auth.Logout(*c.who, c.req.request_id));
  auto res = Json({{"status", "logged_out"}});
  res.SetHeader("Set-Cookie", "jiceng_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return res;
}

// GET /api/auth/me is the most frequent authenticated read: each io thread keeps the
// rendered body per principal object (a principal is immutable and replaced whenever the
// user's grants or session change) and per org-tree snapshot.
Result<http::Response> Me(Call& c) {
  struct Rendered {
    std::shared_ptr<const domain::Principal> principal;  // keeps the key's address alive
    std::shared_ptr<const index::OrgTree::Snapshot> tree;
    std::string body;
  };
  thread_local std::unordered_map<const domain::Principal*, Rendered> cache;
  auto tree = c.svc.ctx.orgs.snapshot();
  http::Response res;
  if (c.who_shared) {
    auto it = cache.find(c.who);
    if (it != cache.end() && it->second.tree == tree) {
      res.body = it->second.body;
      return res;
    }
    if (cache.size() >= 4096) cache.clear();
    res.body = Json(MeJson(c, *c.who)).body;
    cache[c.who] = Rendered{c.who_shared, std::move(tree), res.body};
    return res;
  }
  return Json(MeJson(c, *c.who));
}

const std::shared_ptr<const Fields>& ChangePasswordFields() {
  static const auto fields =
      std::make_shared<const Fields>(Fields{Field::String("old_password", 1024).Required(),
                                            Field::String("new_password", 1024).Required()});
  return fields;
}

Result<http::Response> ChangePassword(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ChangePasswordFields()));
  std::string old_password = body.Str("old_password"), new_password = body.Str("new_password");
  if (c.who->token_id) return Forbidden("API令牌不能修改密码 / API tokens cannot change passwords");
  JICENG_TRY(result,
             c.svc.auth.ChangePassword(*c.who, old_password, new_password, c.req.request_id));
  auto res = Json(MeJson(c, result.principal));
  res.SetHeader("Set-Cookie", SessionCookie(c, result.session_token));
  return res;
}

}  // namespace

json MeSchema() {
  using namespace schema;
  return Ref("Me", Obj({{"user", Obj({{"id", Int()},
                                      {"username", Str()},
                                      {"display_name", Str()},
                                      {"org_id", Int()},
                                      {"org_name", Null(Str())},
                                      {"member_id", Null(Int())},
                                      {"member_name", Null(Str())}})},
                        {"grants", ArrayOf(GrantSchema())},
                        {"scope", ArrayOf(OrgSchema())},
                        {"permissions", Obj({{"manage_accounts", Bool()},
                                             {"read_audit", Bool()},
                                             {"manage_orgs", Bool()},
                                             {"manage_members", Bool()},
                                             {"record_meetings", Bool()},
                                             {"export_personal_data", Bool()}})},
                        // codes of the modules' permissions held somewhere
                        {"module_permissions", ArrayOf(Str())},
                        {"session_idle_minutes", Int()},
                        // a temporary password: every other route answers 403
                        // password_change_required until it is changed
                        {"must_change_password", Bool()}}));
}

void RegisterAuthRoutes(Routes& routes) {
  json me = MeSchema();
  routes.push_back({"POST", "/api/auth/login", "auth", "登录 / log in", Login, true});
  routes.back().Id("login").Body(LoginFields()).Returns(me).Errors({401, 403, 429});
  routes.push_back({"POST", "/api/auth/logout", "auth", "退出登录 / log out", Logout});
  routes.back()
      .Id("logout")
      .Returns(schema::Obj({{"status", schema::Enum({"logged_out"})}}))
      .before_password_change = true;
  routes.push_back({"GET", "/api/auth/me", "auth", "当前用户与管辖范围 / who am I, and my scope",
                    Me, false, true});
  routes.back().Id("getMe").Returns(me).before_password_change = true;
  routes.push_back({"POST", "/api/auth/password", "auth",
                    "修改密码（撤销其他会话）/ change password (revokes sessions)",
                    ChangePassword});
  routes.back()
      .Id("changePassword")
      .Body(ChangePasswordFields())
      .Returns(me)
      .Errors({429})
      .before_password_change = true;
}

// The auth module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module AuthModule() {
  Module m;
  m.name = "auth";
  m.summary = "登录与会话 / sign-in and sessions";
  m.routes = RegisterAuthRoutes;
  return m;
}

}  // namespace jiceng::api
