// Account administration (security administrators): /api/users…, /api/tokens….
#include "api/route.h"
#include "api/views.h"
#include "platform/clock.h"
#include "service/account_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> UserResponse(Call& c, const accounts::UserView& v, int status = 200) {
  return Json(UserJson(v, *c.svc.ctx.orgs.snapshot()), status);
}

Result<domain::Role> RoleField(const json& body) {
  JICENG_TRY(code, RequireString(body, "role", 64));
  auto role = domain::ParseRole(code);
  if (!role)
    return Fail(ErrorKind::kRuleBroken, "unknown_role", "未知角色 / unknown role: " + code, "role");
  return *role;
}

Result<http::Response> ListUsers(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(q, QueryText(c.req, "q", 64));
  JICENG_TRY(page, c.svc.accounts.List(*c.who, q, paging.page, paging.size));
  auto tree = c.svc.ctx.orgs.snapshot();
  json items = json::array();
  for (const auto& v : page.items) items.push_back(UserJson(v, *tree));
  return Json(ListBody(items, page.total));
}

Result<http::Response> GetUser(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(view, c.svc.accounts.Get(*c.who, id));
  return UserResponse(c, view);
}

Result<http::Response> CreateUser(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  accounts::NewUser input;
  JICENG_TRY(username, RequireString(body, "username", 64));
  JICENG_TRY(display_name, RequireString(body, "display_name", 64));
  JICENG_TRY(org_id, RequireInt(body, "org_id"));
  JICENG_TRY(password, RequireString(body, "password", 128));
  input.username = username;
  input.display_name = display_name;
  input.org_id = org_id;
  input.password = password;
  if (auto it = body.find("grants"); it != body.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 20)
      return BadInput("grants", "grants 须为数组 / grants must be an array (≤ 20)");
    for (const auto& g : *it) {
      if (!g.is_object())
        return BadInput("grants", "grants 的元素须为对象 / grants[] must be objects");
      JICENG_TRY(role, RoleField(g));
      JICENG_TRY(grant_org, RequireInt(g, "org_id"));
      input.grants.emplace_back(role, grant_org);
    }
  }
  JICENG_TRY(view, c.svc.accounts.Create(c.actor(), input));
  return UserResponse(c, view, 201);
}

Result<http::Response> UpdateUser(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  accounts::UserPatch patch;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(display_name, OptionalString(body, "display_name", 64));
  JICENG_TRY(disabled, OptionalBool(body, "disabled"));
  JICENG_TRY(member_id, NullableInt(body, "member_id"));
  JICENG_TRY(member_national_id, OptionalString(body, "member_national_id", 18));
  if (member_id && member_national_id)
    return BadInput("member_id",
                    "member_id 与 member_national_id 只能给一个 / give member_id or "
                    "member_national_id, not both");
  patch.version = version;
  patch.display_name = display_name;
  patch.disabled = disabled;
  patch.member_id = member_id;
  patch.member_national_id = member_national_id;
  JICENG_TRY(view, c.svc.accounts.Update(c.actor(), id, patch));
  return UserResponse(c, view);
}

Result<http::Response> ResetPassword(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(password, RequireString(body, "password", 128));
  JICENG_TRY(view, c.svc.accounts.ResetPassword(c.actor(), id, password));
  return UserResponse(c, view);
}

Result<http::Response> AddGrant(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(role, RoleField(body));
  JICENG_TRY(org_id, RequireInt(body, "org_id"));
  JICENG_TRY(view, c.svc.accounts.AddGrant(c.actor(), id, role, org_id));
  return UserResponse(c, view, 201);
}

Result<http::Response> RevokeGrant(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(grant_id, PathId(c.req, "grant_id"));
  JICENG_TRY(view, c.svc.accounts.RevokeGrant(c.actor(), id, grant_id));
  return UserResponse(c, view);
}

json TokenJson(const store::TokenRecord& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"user_id", t.user_id},
          {"username", t.username},
          {"created_by", t.created_by},
          {"created_at", TimeJson(t.created_at)},
          {"expires_at", TimeJson(t.expires_at)},
          {"last_used_at", TimeJson(t.last_used_at)},
          {"revoked_at", TimeJson(t.revoked_at)}};
}

Result<http::Response> ListTokens(Call& c) {
  JICENG_TRY(tokens, c.svc.accounts.ListTokens(*c.who));
  json items = json::array();
  for (const auto& t : tokens) items.push_back(TokenJson(t));
  return Json(ListBody(items, static_cast<int64_t>(tokens.size())));
}

Result<http::Response> CreateToken(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  accounts::NewToken input;
  // `user_id` may be left out; when given it must be the caller's own (403 otherwise).
  JICENG_TRY(user_id, OptionalInt(body, "user_id"));
  JICENG_TRY(name, RequireString(body, "name", 64));
  JICENG_TRY(expires, OptionalString(body, "expires_at", 40));
  input.user_id = user_id.value_or(0);
  input.name = name;
  if (expires) {
    int64_t ms = 0;
    if (!ParseIsoTime(*expires, &ms))
      return BadInput("expires_at", "时间格式应为 ISO 8601 / expires_at must be ISO 8601");
    input.expires_at = ms;
  }
  JICENG_TRY(created, c.svc.accounts.CreateToken(c.actor(), input));
  json out = TokenJson(created.token);
  out["token"] = created.secret;  // shown once, never again
  return Json(out, 201);
}

Result<http::Response> RevokeToken(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_CHECK(c.svc.accounts.RevokeToken(c.actor(), id));
  return Json({{"status", "revoked"}});
}

}  // namespace

void RegisterAccountRoutes(Routes& routes) {
  json grant =
      ObjectSchema({{"role", StringSchema(64)}, {"org_id", IntegerSchema()}}, {"role", "org_id"});
  routes.push_back({"GET",
                    "/api/users",
                    "accounts",
                    "账号列表（管辖范围内）/ accounts in scope",
                    ListUsers,
                    false,
                    false,
                    nullptr,
                    {"q", "page", "size"}});
  routes.push_back({"POST", "/api/users", "accounts", "创建账号 / create an account", CreateUser,
                    false, false,
                    ObjectSchema({{"username", StringSchema(32)},
                                  {"display_name", StringSchema(64)},
                                  {"org_id", IntegerSchema()},
                                  {"password", StringSchema(128)},
                                  {"grants", {{"type", "array"}, {"items", grant}}}},
                                 {"username", "display_name", "org_id", "password"})});
  routes.push_back({"GET", "/api/users/{id}", "accounts", "账号详情 / one account", GetUser});
  routes.push_back({"PATCH", "/api/users/{id}", "accounts",
                    "修改姓名、停用/启用、关联党员 / rename, disable or enable, link a member",
                    UpdateUser, false, false,
                    ObjectSchema({{"version", IntegerSchema()},
                                  {"display_name", StringSchema(64)},
                                  {"disabled", BooleanSchema()},
                                  {"member_id", IntegerSchema()},
                                  {"member_national_id", StringSchema(18)}},
                                 {"version"})});
  routes.push_back({"POST", "/api/users/{id}/password", "accounts",
                    "重置密码（撤销其会话）/ reset password (revokes sessions)", ResetPassword,
                    false, false, ObjectSchema({{"password", StringSchema(128)}}, {"password"})});
  routes.push_back({"POST", "/api/users/{id}/grants", "accounts", "授予角色 / grant a role",
                    AddGrant, false, false, grant});
  routes.push_back({"DELETE", "/api/users/{id}/grants/{grant_id}", "accounts",
                    "撤销角色 / revoke a role", RevokeGrant});
  routes.push_back(
      {"GET", "/api/tokens", "accounts",
       "API令牌列表（安全管理员：管辖范围内；其他账号：本人的）/ API tokens: in scope for "
       "security administrators, one's own for everyone else",
       ListTokens});
  routes.push_back({"POST", "/api/tokens", "accounts",
                    "为本人账号签发API令牌（仅显示一次）/ issue an API token for one's own account "
                    "(shown once)",
                    CreateToken, false, false,
                    ObjectSchema({{"user_id", IntegerSchema()},
                                  {"name", StringSchema(64)},
                                  {"expires_at", StringSchema(40)}},
                                 {"name"})});
  routes.push_back({"DELETE", "/api/tokens/{id}", "accounts",
                    "撤销API令牌（本人的，或安全管理员撤销管辖范围内的）/ revoke an API token",
                    RevokeToken});
}

}  // namespace jiceng::api
