#include "service/account_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/accounts.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/member_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/org_repo.h"

namespace jiceng::accounts {
namespace {

// Separation of the three administrators (GB/T 22239-2019 8.1.4.2, 三员分立): the security
// administrator's and the auditor's accounts are the operator's, on the server (`jiceng user
// add/passwd`), never the API's. A security administrator who could create an auditor with a
// password of their choosing, grant the role to an account whose password they had just
// set, or reset an auditor's password, could act as the auditor and leave the trail in
// the auditor's name.
bool IsPrivileged(domain::Role role) {
  return role == domain::Role::kSecurityAdmin || role == domain::Role::kAuditor;
}

tl::unexpected<Error> PrivilegedRoleRefused() {
  return Fail(
      ErrorKind::kForbidden, "privileged_account",
      "安全管理员和审计员账号只能由运维人员在服务器上创建和授权（jiceng user add）/ security "
      "administrator and auditor accounts are created and granted only by the operator on "
      "the server (jiceng user add)");
}

using domain::Permission;

// The audited picture of a user: never the password hash.
std::string Snapshot(const store::UserRecord& u, const std::vector<domain::Grant>& grants) {
  nlohmann::json g = nlohmann::json::array();
  for (const auto& x : grants)
    g.push_back({{"id", x.id}, {"role", domain::RoleCode(x.role)}, {"org_id", x.org_id}});
  return nlohmann::json{{"username", u.username},
                        {"display_name", u.display_name},
                        {"org_id", u.org_id},
                        {"disabled", u.disabled},
                        {"version", u.version},
                        {"grants", g},
                        {"member_id", u.member_id ? nlohmann::json(*u.member_id) : nullptr}}
      .dump();
}

tl::unexpected<Error> UserNotFound() { return NotFound("用户不存在 / user not found"); }

tl::unexpected<Error> StaleVersion() {
  return Fail(ErrorKind::kConflict, "version_conflict",
              "数据已被他人修改，请刷新后重试 / changed by someone else; reload and retry",
              "version");
}

Result<UserView> ViewOf(store::Tx& tx, int64_t user_id, int64_t now_ms) {
  auto u = store::AccountRepository::FindUserById(tx, user_id);
  if (!u) return UserNotFound();
  UserView v;
  v.user = std::move(*u);
  v.user.password_hash.clear();
  v.grants = store::AccountRepository::GrantsOf(tx, user_id);
  v.locked = v.user.locked_until > now_ms;
  if (v.user.member_id)
    if (auto m = store::MemberRepository::FindById(tx, *v.user.member_id)) v.member_name = m->name;
  return v;
}

std::vector<domain::Role> RolesOf(const std::vector<domain::Grant>& grants) {
  std::vector<domain::Role> roles;
  for (const auto& g : grants) roles.push_back(g.role);
  return roles;
}

}  // namespace

Status AccountService::CheckInScope(const domain::Principal& who, int64_t org_id) const {
  return orgs::Allow(ctx_, who, Permission::kManageAccounts, org_id);
}

Result<UserPage> AccountService::List(const domain::Principal& who, const std::string& q,
                                      int64_t page, int64_t size) {
  auto roots = domain::ScopeRoots(who, Permission::kManageAccounts);
  if (roots.empty()) return Forbidden();
  if (page < 1 || size < 1 || size > 200)
    return BadInput("size", "分页参数无效 / page must be ≥ 1 and size 1–200");
  if (!IsValidUtf8(q) || q.size() > 200) return BadInput("q", "查询条件无效 / invalid query");
  return ctx_.db.Read([&](store::Tx& tx) -> Result<UserPage> {
    store::UserFilter f;
    f.path_prefixes = store::OrgRepository::PathsOf(tx, roots);
    f.q = q;
    f.limit = size;
    f.offset = (page - 1) * size;
    UserPage out;
    out.total = store::AccountRepository::CountUsers(tx, f);
    int64_t now = ctx_.clock.NowMs();
    for (auto& u : store::AccountRepository::ListUsers(tx, f)) {
      UserView v;
      v.grants = store::AccountRepository::GrantsOf(tx, u.id);
      v.locked = u.locked_until > now;
      v.user = std::move(u);
      v.user.password_hash.clear();
      out.items.push_back(std::move(v));
    }
    return out;
  });
}

Result<UserView> AccountService::Get(const domain::Principal& who, int64_t user_id) {
  auto view = ctx_.db.Read([&](store::Tx& tx) { return ViewOf(tx, user_id, ctx_.clock.NowMs()); });
  if (!view) return view;
  if (auto s = CheckInScope(who, view->user.org_id); !s) {
    if (s.error().kind == ErrorKind::kNotFound) return UserNotFound();
    return tl::unexpected(s.error());
  }
  return view;
}

Result<UserView> AccountService::Create(const Actor& actor, const NewUser& input) {
  JICENG_CHECK(CheckInScope(*actor.principal, input.org_id));
  for (const auto& [role, org] : input.grants) {
    JICENG_CHECK(CheckInScope(*actor.principal, org));
    if (IsPrivileged(role)) return PrivilegedRoleRefused();
  }
  return CreateChecked(actor, input);
}

Result<UserView> AccountService::Bootstrap(const NewUser& input) {
  return CreateChecked(Actor{nullptr, "cli", "cli"}, input);
}

Result<UserView> AccountService::CreateChecked(const Actor& actor, const NewUser& input) {
  JICENG_CHECK(domain::ValidateUsername(input.username));
  JICENG_CHECK(domain::ValidateDisplayName(input.display_name));
  JICENG_CHECK(domain::ValidatePassword(input.password, input.username));
  // An account without a role can do nothing but log in: its creator forgot the role.
  if (input.grants.empty())
    return BadInput("grants", "请为账号选择角色 / choose the account's role");
  std::vector<domain::Role> roles;
  for (const auto& [role, org] : input.grants) {
    JICENG_CHECK(domain::CheckSeparation(roles, role, ctx_.config.separation_of_duties));
    roles.push_back(role);
  }
  std::string hash = crypto::HashPassword(input.password);
  return ctx_.db.Write([&](store::Tx& tx) -> Result<UserView> {
    if (!store::OrgRepository::FindById(tx, input.org_id))
      return BadInput("org_id", "组织不存在 / organization not found");
    for (const auto& [role, org] : input.grants)
      if (!store::OrgRepository::FindById(tx, org))
        return BadInput("org_id", "组织不存在 / organization not found");
    if (store::AccountRepository::FindUserByUsername(tx, input.username))
      return Fail(ErrorKind::kConflict, "username_taken", "用户名已存在 / username already taken",
                  "username");
    store::UserRecord u;
    u.username = input.username;
    u.display_name = input.display_name;
    u.org_id = input.org_id;
    u.password_hash = hash;
    u.must_change_password = input.temporary_password;
    u.created_at = ctx_.clock.NowMs();
    int64_t id = store::AccountRepository::InsertUser(tx, u);
    for (const auto& [role, org] : input.grants)
      store::AccountRepository::InsertGrant(
          tx, id, role, org, actor.principal ? actor.principal->user_id : 0, u.created_at);
    auto view = ViewOf(tx, id, u.created_at);
    audit::Record(tx, ctx_, actor,
                  {"user.create", "user", id, input.org_id, std::nullopt,
                   Snapshot(view->user, view->grants)});
    return view;
  });
}

Result<std::optional<int64_t>> AccountService::MemberOf(store::Tx& tx, const domain::Principal& who,
                                                        int64_t user_id, const UserPatch& patch,
                                                        std::optional<int64_t> current,
                                                        members::IdHit* probe) const {
  std::optional<store::MemberRecord> member;
  if (patch.member_national_id) {
    JICENG_TRY(found, members::FindByNationalId(tx, ctx_, *patch.member_national_id,
                                                "member_national_id"));
    member = std::move(found);
  } else if (patch.member_id && *patch.member_id) {
    member = store::MemberRepository::FindById(tx, **patch.member_id);
    if (!member) return NotFound("党员不存在 / member not found");
  } else if (patch.member_id) {
    return std::optional<int64_t>{};  // unlinked
  } else {
    return current;
  }
  // A member outside the administrator's subtree is as good as absent.
  if (auto s = CheckInScope(who, member->org_id); !s) {
    if (s.error().kind != ErrorKind::kNotFound) return tl::unexpected(s.error());
    if (!patch.member_national_id) return NotFound("党员不存在 / member not found");
    // By ID number, a member elsewhere and no member at all answer alike (no oracle).
    if (probe) *probe = members::IdHit{member->id, member->org_id};
    return NotFound("没有该公民身份号码的党员 / no member has this ID number");
  }
  if (auto other = store::AccountRepository::FindUserByMember(tx, member->id);
      other && other->id != user_id)
    return Fail(
        ErrorKind::kConflict, "member_linked",
        "该党员已关联其他账号 / this member is linked to another account: " + other->username,
        patch.member_national_id ? "member_national_id" : "member_id");
  return std::optional<int64_t>{member->id};
}

Result<UserView> AccountService::Update(const Actor& actor, int64_t user_id,
                                        const UserPatch& patch) {
  JICENG_TRY(current, Get(*actor.principal, user_id));
  if (patch.display_name) JICENG_CHECK(domain::ValidateDisplayName(*patch.display_name));
  if (patch.disabled && *patch.disabled && user_id == actor.principal->user_id)
    return Fail(ErrorKind::kRuleBroken, "cannot_disable_self",
                "不能停用自己的账号 / you cannot disable your own account", "disabled");
  members::IdHit probe;
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<UserView> {
    auto before = ViewOf(tx, user_id, ctx_.clock.NowMs());
    if (!before) return before;
    std::string name = patch.display_name.value_or(before->user.display_name);
    bool disabled = patch.disabled.value_or(before->user.disabled);
    JICENG_TRY(member_id,
               MemberOf(tx, *actor.principal, user_id, patch, before->user.member_id, &probe));
    if (!store::AccountRepository::UpdateUserProfile(tx, user_id, patch.version, name, disabled,
                                                     member_id))
      return StaleVersion();
    if (disabled && !before->user.disabled)
      store::AccountRepository::RevokeSessionsOfUser(tx, user_id, ctx_.clock.NowMs());
    auto after = ViewOf(tx, user_id, ctx_.clock.NowMs());
    audit::Record(tx, ctx_, actor,
                  {disabled != before->user.disabled ? (disabled ? "user.disable" : "user.enable")
                   : member_id != before->user.member_id
                       ? (member_id ? "user.link_member" : "user.unlink_member")
                       : "user.update",
                   "user", user_id, before->user.org_id, Snapshot(before->user, before->grants),
                   Snapshot(after->user, after->grants)});
    return after;
  });
  // Audited, not counted: a limit reached only by hits would itself tell hits apart.
  if (probe.member_id) members::RecordIdHits(ctx_, actor, {probe}, "account_link", false);
  if (result) on_user_changed_(user_id);
  return result;
}

Result<UserView> AccountService::ResetPassword(const Actor& actor, int64_t user_id,
                                               const std::string& password) {
  JICENG_TRY(current, Get(*actor.principal, user_id));
  for (const auto& g : current.grants)
    if (IsPrivileged(g.role))
      return Fail(ErrorKind::kForbidden, "privileged_account",
                  "安全管理员和审计员的密码只能由运维人员在服务器上重置（jiceng user passwd）/ a "
                  "security administrator's or auditor's password is reset only by the operator "
                  "on the server (jiceng user passwd)");
  JICENG_CHECK(domain::ValidatePassword(password, current.user.username));
  std::string hash = crypto::HashPassword(password);
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<UserView> {
    int64_t now = ctx_.clock.NowMs();
    // Chosen by the administrator: the holder replaces it at their next login.
    store::AccountRepository::SetPassword(tx, user_id, hash, now, /*must_change=*/true);
    store::AccountRepository::RevokeSessionsOfUser(tx, user_id, now);
    audit::Record(
        tx, ctx_, actor,
        {"user.password_reset", "user", user_id, current.user.org_id, std::nullopt, std::nullopt});
    return ViewOf(tx, user_id, now);
  });
  on_user_changed_(user_id);
  return result;
}

Result<UserView> AccountService::AddGrant(const Actor& actor, int64_t user_id, domain::Role role,
                                          int64_t org_id) {
  JICENG_TRY(current, Get(*actor.principal, user_id));
  if (user_id == actor.principal->user_id)
    return Fail(ErrorKind::kForbidden, "self_grant",
                "不能给自己授权 / you cannot change your own roles");
  if (auto s = CheckInScope(*actor.principal, org_id); !s) {
    if (s.error().kind == ErrorKind::kNotFound)
      return BadInput("org_id", "组织不存在或不在您的管辖范围 / organization not in your scope");
    return tl::unexpected(s.error());
  }
  if (IsPrivileged(role)) return PrivilegedRoleRefused();
  JICENG_CHECK(
      domain::CheckSeparation(RolesOf(current.grants), role, ctx_.config.separation_of_duties));
  if (role == domain::Role::kPiiExporter) {
    // Full personal-data exports (issue #12): only beside a city or district
    // administrator's role over the same organization (checked again at each export).
    auto tree = ctx_.orgs.snapshot();
    bool admin = std::any_of(current.grants.begin(), current.grants.end(), [&](const auto& g) {
      return (g.role == domain::Role::kCityAdmin || g.role == domain::Role::kDistrictAdmin) &&
             tree->Contains(g.org_id, org_id);
    });
    if (!admin)
      return Fail(ErrorKind::kRuleBroken, "pii_export_needs_admin",
                  "“个人信息导出”授权只能授予在该组织持有市、区级管理员角色的账号 / the "
                  "pii_exporter grant goes only to a city or district administrator of the "
                  "organization",
                  "role");
  }
  for (const auto& g : current.grants)
    if (g.role == role && g.org_id == org_id)
      return Fail(ErrorKind::kConflict, "duplicate_grant",
                  "该用户已拥有此授权 / the user already holds this role here", "role");
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<UserView> {
    int64_t now = ctx_.clock.NowMs();
    int64_t gid = store::AccountRepository::InsertGrant(tx, user_id, role, org_id,
                                                        actor.principal->user_id, now);
    audit::Record(
        tx, ctx_, actor,
        {"grant.create", "grant", gid, org_id, std::nullopt,
         nlohmann::json{{"user_id", user_id}, {"role", domain::RoleCode(role)}, {"org_id", org_id}}
             .dump()});
    return ViewOf(tx, user_id, now);
  });
  if (result) on_user_changed_(user_id);
  return result;
}

Result<UserView> AccountService::RevokeGrant(const Actor& actor, int64_t user_id,
                                             int64_t grant_id) {
  JICENG_TRY(current, Get(*actor.principal, user_id));
  if (user_id == actor.principal->user_id)
    return Fail(ErrorKind::kForbidden, "self_grant",
                "不能修改自己的授权 / you cannot change your own roles");
  auto grant = std::find_if(current.grants.begin(), current.grants.end(),
                            [&](const domain::Grant& g) { return g.id == grant_id; });
  if (grant == current.grants.end()) return NotFound("授权不存在 / grant not found");
  JICENG_CHECK(CheckInScope(*actor.principal, grant->org_id));
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<UserView> {
    if (!store::AccountRepository::DeleteGrant(tx, user_id, grant_id))
      return NotFound("授权不存在 / grant not found");
    audit::Record(tx, ctx_, actor,
                  {"grant.revoke", "grant", grant_id, grant->org_id,
                   nlohmann::json{{"user_id", user_id},
                                  {"role", domain::RoleCode(grant->role)},
                                  {"org_id", grant->org_id}}
                       .dump(),
                   std::nullopt});
    return ViewOf(tx, user_id, ctx_.clock.NowMs());
  });
  if (result) on_user_changed_(user_id);
  return result;
}

// API tokens belong to the account that creates them (三员分立): a security administrator
// who could mint a token for another account could act as that account — read revealed
// ID numbers as the city administrator — and the audit log would show the business action
// under the other account's name. So every account issues its own tokens (from a login
// session, never from a token), and a security administrator may only list and revoke
// the tokens of the accounts in their scope.
Result<std::vector<store::TokenRecord>> AccountService::ListTokens(const domain::Principal& who) {
  auto roots = domain::ScopeRoots(who, Permission::kManageAccounts);
  return ctx_.db.Read([&](store::Tx& tx) -> Result<std::vector<store::TokenRecord>> {
    if (roots.empty()) return store::AccountRepository::TokensOf(tx, who.user_id);
    return store::AccountRepository::ListTokens(tx, store::OrgRepository::PathsOf(tx, roots));
  });
}

Result<CreatedToken> AccountService::CreateToken(const Actor& actor, const NewToken& input) {
  const domain::Principal& who = *actor.principal;
  if (input.user_id != 0 && input.user_id != who.user_id)
    return Fail(ErrorKind::kForbidden, "token_for_other_account",
                "API令牌只能由账号本人签发，不能为他人签发 / an API token belongs to the account "
                "that creates it: none can be issued for another account",
                "user_id");
  if (who.token_id != 0)
    return Fail(ErrorKind::kForbidden, "token_from_token",
                "API令牌不能签发新令牌，请登录后签发 / an API token cannot issue tokens; log in "
                "to issue one",
                "");
  if (!IsValidUtf8(input.name) || HasControlChars(input.name) || Utf8Length(input.name) < 1 ||
      Utf8Length(input.name) > 64)
    return BadInput("name", "令牌名称须为1–64个字符 / token name must be 1–64 characters");
  if (input.expires_at && *input.expires_at <= ctx_.clock.NowMs())
    return Fail(ErrorKind::kRuleBroken, "expiry_in_past",
                "过期时间必须晚于当前时间 / expiry must be in the future", "expires_at");
  CreatedToken out;
  out.secret = "jct_" + crypto::RandomToken();
  return ctx_.db.Write([&](store::Tx& tx) -> Result<CreatedToken> {
    auto owner = store::AccountRepository::FindUserById(tx, who.user_id);
    if (!owner || owner->disabled)
      return Fail(ErrorKind::kRuleBroken, "user_disabled",
                  "账号已停用，不能签发令牌 / the account is disabled", "user_id");
    int64_t id = store::AccountRepository::InsertToken(tx, crypto::Sha256Hex(out.secret),
                                                       input.name, who.user_id, who.user_id,
                                                       ctx_.clock.NowMs(), input.expires_at);
    out.token = *store::AccountRepository::FindTokenById(tx, id);
    audit::Record(tx, ctx_, actor,
                  {"token.create", "api_token", id, owner->org_id, std::nullopt,
                   nlohmann::json{{"name", input.name}, {"user_id", who.user_id}}.dump()});
    return out;
  });
}

Status AccountService::RevokeToken(const Actor& actor, int64_t token_id) {
  auto token = ctx_.db.Read(
      [&](store::Tx& tx) { return store::AccountRepository::FindTokenById(tx, token_id); });
  if (!token) return NotFound("令牌不存在 / token not found");
  std::optional<int64_t> org_id;
  if (token->user_id == actor.principal->user_id) {
    org_id = actor.principal->home_org_id;  // one's own token
  } else {
    // Another account's token: a security administrator of that account's scope.
    auto owner = Get(*actor.principal, token->user_id);
    if (!owner) {
      if (owner.error().kind == ErrorKind::kNotFound)
        return NotFound("令牌不存在 / token not found");
      return tl::unexpected(owner.error());
    }
    org_id = owner->user.org_id;
  }
  return ctx_.db.Write([&](store::Tx& tx) -> Status {
    if (!store::AccountRepository::RevokeToken(tx, token_id, ctx_.clock.NowMs()))
      return Fail(ErrorKind::kConflict, "already_revoked", "令牌已撤销 / token already revoked");
    audit::Record(tx, ctx_, actor,
                  {"token.revoke", "api_token", token_id, org_id, std::nullopt,
                   nlohmann::json{{"user_id", token->user_id}}.dump()});
    return {};
  });
}

}  // namespace jiceng::accounts
