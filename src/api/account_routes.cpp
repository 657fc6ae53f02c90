// Account administration (security administrators): /api/users…, /api/tokens….
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "platform/clock.h"
#include "service/account_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> UserResponse(Call& c, const accounts::UserView& v, int status = 200) {
  return Json(UserJson(v, *c.svc.ctx.orgs.snapshot()), status);
}

std::vector<std::string_view> RoleCodes() {
  std::vector<std::string_view> codes;
  for (auto role : domain::AllRoles()) codes.push_back(domain::RoleCode(role));
  return codes;
}

// A role code: the parser takes a string; an unknown code is 422 `unknown_role`.
Field RoleDecl() { return Field::Enum("role", RoleCodes(), 64).Required(); }

Result<domain::Role> RoleOf(const Parsed& body) {
  std::string code = body.Str("role");
  auto role = domain::ParseRole(code);
  if (!role)
    return Fail(ErrorKind::kRuleBroken, "unknown_role", "未知角色 / unknown role: " + code, "role");
  return *role;
}

Result<http::Response> ListUsers(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(q, c.Text("q"));
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

Fields GrantFields() { return {RoleDecl(), Field::Int("org_id").Required()}; }

const std::shared_ptr<const Fields>& CreateUserFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::String("username", 64).Required(),
      Field::String("display_name", 64).Required(),
      Field::Int("org_id").Required(),
      Field::String("password", 128).Required(),
      Field::Array("grants",
                   Field::Object("grants", GrantFields(),
                                 "grants 的元素须为对象 / grants[] must be objects"),
                   "grants 须为数组 / grants must be an array (≤ 20)", 20),
  });
  return fields;
}

Result<http::Response> CreateUser(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateUserFields()));
  accounts::NewUser input;
  input.username = body.Str("username");
  input.display_name = body.Str("display_name");
  input.org_id = body.Int("org_id");
  input.password = body.Str("password");
  for (const auto& g : body.Objects("grants")) {
    JICENG_TRY(role, RoleOf(g));
    input.grants.emplace_back(role, g.Int("org_id"));
  }
  JICENG_TRY(view, c.svc.accounts.Create(c.actor(), input));
  return UserResponse(c, view, 201);
}

const std::shared_ptr<const Fields>& UpdateUserFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::String("display_name", 64),
      Field::Bool("disabled"),
      Field::Int("member_id")
          .Nullable()
          .Doc("关联的党员；null 解除关联 / the member this account is; null unlinks"),
      Field::String("member_national_id", 18)
          .Doc("按身份证号关联党员 / link the member with this ID number"),
  });
  return fields;
}

Result<http::Response> UpdateUser(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, UpdateUserFields()));
  accounts::UserPatch patch;
  auto member_id = body.NullInt("member_id");
  auto member_national_id = body.OptStr("member_national_id");
  if (member_id && member_national_id)
    return BadInput("member_id",
                    "member_id 与 member_national_id 只能给一个 / give member_id or "
                    "member_national_id, not both");
  patch.version = body.Int("version");
  patch.display_name = body.OptStr("display_name");
  patch.disabled = body.OptBool("disabled");
  patch.member_id = member_id;
  patch.member_national_id = member_national_id;
  JICENG_TRY(view, c.svc.accounts.Update(c.actor(), id, patch));
  return UserResponse(c, view);
}

const std::shared_ptr<const Fields>& SetPasswordFields() {
  static const auto fields =
      std::make_shared<const Fields>(Fields{Field::String("password", 128).Required()});
  return fields;
}

Result<http::Response> ResetPassword(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, SetPasswordFields()));
  JICENG_TRY(view, c.svc.accounts.ResetPassword(c.actor(), id, body.Str("password")));
  return UserResponse(c, view);
}

const std::shared_ptr<const Fields>& AddGrantFields() {
  static const auto fields = std::make_shared<const Fields>(GrantFields());
  return fields;
}

Result<http::Response> AddGrant(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, AddGrantFields()));
  JICENG_TRY(role, RoleOf(body));
  JICENG_TRY(view, c.svc.accounts.AddGrant(c.actor(), id, role, body.Int("org_id")));
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

const std::shared_ptr<const Fields>& CreateTokenFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("user_id").Doc("省略或为本人 / left out, or one's own (403 otherwise)"),
      Field::String("name", 64).Required(),
      Field::String("expires_at", 40).Doc("ISO 8601"),
  });
  return fields;
}

Result<http::Response> CreateToken(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateTokenFields()));
  accounts::NewToken input;
  // `user_id` may be left out; when given it must be the caller's own (403 otherwise).
  input.user_id = body.OptInt("user_id").value_or(0);
  input.name = body.Str("name");
  auto expires = body.OptStr("expires_at");
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

json TokenSchema(bool with_secret) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> props = {{"id", Int()},
                                                     {"name", Str()},
                                                     {"user_id", Int()},
                                                     {"username", Str()},
                                                     {"created_by", Int()},
                                                     {"created_at", Null(DateTime())},
                                                     {"expires_at", Null(DateTime())},
                                                     {"last_used_at", Null(DateTime())},
                                                     {"revoked_at", Null(DateTime())}};
  if (!with_secret) return Ref("Token", Obj(props));
  props.push_back({"token", Str()});
  return Ref("NewToken", Obj(props));
}

}  // namespace

void RegisterAccountRoutes(Routes& routes) {
  json user = UserSchema();
  routes.push_back(
      {"GET",
       "/api/users",
       "accounts",
       "账号列表（管辖范围内）/ accounts in scope",
       ListUsers,
       false,
       false,
       nullptr,
       {Field::String("q", 64), Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listUsers").Returns(schema::Ref("UserPage", schema::Page(user)));
  routes.push_back({"POST", "/api/users", "accounts", "创建账号 / create an account", CreateUser});
  routes.back().Id("createUser").Body(CreateUserFields()).Returns(user, 201).Errors({409});
  routes.push_back({"GET", "/api/users/{id}", "accounts", "账号详情 / one account", GetUser});
  routes.back().Id("getUser").Returns(user);
  routes.push_back({"PATCH", "/api/users/{id}", "accounts",
                    "修改姓名、停用/启用、关联党员 / rename, disable or enable, link a member",
                    UpdateUser});
  routes.back().Id("updateUser").Body(UpdateUserFields()).Returns(user).Errors({429});
  routes.push_back({"POST", "/api/users/{id}/password", "accounts",
                    "重置密码（撤销其会话）/ reset password (revokes sessions)", ResetPassword});
  routes.back().Id("resetPassword").Body(SetPasswordFields()).Returns(user);
  routes.push_back(
      {"POST", "/api/users/{id}/grants", "accounts", "授予角色 / grant a role", AddGrant});
  routes.back().Id("addGrant").Body(AddGrantFields()).Returns(user, 201).Errors({409});
  routes.push_back({"DELETE", "/api/users/{id}/grants/{grant_id}", "accounts",
                    "撤销角色 / revoke a role", RevokeGrant});
  routes.back().Id("revokeGrant").Returns(user);
  routes.push_back(
      {"GET", "/api/tokens", "accounts",
       "API令牌列表（安全管理员：管辖范围内；其他账号：本人的）/ API tokens: in scope for "
       "security administrators, one's own for everyone else",
       ListTokens});
  routes.back()
      .Id("listTokens")
      .Returns(schema::Ref("TokenList", schema::Page(TokenSchema(false))));
  routes.push_back({"POST", "/api/tokens", "accounts",
                    "为本人账号签发API令牌（仅显示一次）/ issue an API token for one's own account "
                    "(shown once)",
                    CreateToken});
  routes.back().Id("createToken").Body(CreateTokenFields()).Returns(TokenSchema(true), 201);
  routes.push_back({"DELETE", "/api/tokens/{id}", "accounts",
                    "撤销API令牌（本人的，或安全管理员撤销管辖范围内的）/ revoke an API token",
                    RevokeToken});
  routes.back().Id("revokeToken").Returns(schema::Obj({{"status", schema::Enum({"revoked"})}}));
}

// The accounts module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module AccountsModule() {
  Module m;
  m.name = "accounts";
  m.summary = "账号、授权与令牌 / accounts, grants and tokens";
  m.routes = RegisterAccountRoutes;
  return m;
}

}  // namespace jiceng::api
