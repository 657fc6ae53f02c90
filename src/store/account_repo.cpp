#include "store/account_repo.h"

#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define USER_COLUMNS                                                                  \
  "u.id, u.username, u.display_name, u.org_id, u.password_hash, u.disabled, "         \
  "u.failed_logins, u.locked_until, u.password_changed_at, u.created_at, u.version, " \
  "u.member_id, u.must_change_password "

const Query kSelectUserById{"select_user_by_id",
                            "SELECT " USER_COLUMNS "FROM users u WHERE u.id = ?1"};
const Query kSelectUserByUsername{"select_user_by_username",
                                  "SELECT " USER_COLUMNS "FROM users u WHERE u.username = ?1"};
const Query kInsertUser{"insert_user",
                        "INSERT INTO users (username, display_name, org_id, password_hash, "
                        "disabled, password_changed_at, created_at, must_change_password) VALUES "
                        "(?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7) RETURNING id"};
const Query kUpdateUserProfile{"update_user_profile",
                               "UPDATE users SET display_name = ?3, disabled = ?4, member_id = ?5, "
                               "version = version + 1 WHERE id = ?1 AND version = ?2"};
const Query kSelectUserByMember{"select_user_by_member",
                                "SELECT " USER_COLUMNS "FROM users u WHERE u.member_id = ?1"};
const Query kUpdatePassword{"update_user_password",
                            "UPDATE users SET password_hash = ?2, password_changed_at = ?3, "
                            "must_change_password = ?4, failed_logins = 0, locked_until = 0, "
                            "version = version + 1 WHERE id = ?1"};
const Query kUpdateLoginFailure{
    "update_user_login_failure",
    "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1"};
const Query kClearLoginFailures{
    "clear_user_login_failures",
    "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?1 AND failed_logins <> 0"};

const Query kSelectGrants{"select_grants_of_user",
                          "SELECT id, role, org_id FROM grants WHERE user_id = ?1 ORDER BY id"};
const Query kInsertGrant{"insert_grant",
                         "INSERT INTO grants (user_id, role, org_id, granted_by, created_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"};
const Query kDeleteGrant{"delete_grant", "DELETE FROM grants WHERE id = ?2 AND user_id = ?1"};
const Query kCountRole{"count_users_with_role",
                       "SELECT COUNT(DISTINCT user_id) FROM grants WHERE role = ?1"};

const Query kInsertSession{"insert_session",
                           "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) "
                           "VALUES (?1, ?2, ?3, ?3) RETURNING id"};
const Query kSelectSession{"select_session_by_hash",
                           "SELECT id, user_id, created_at, last_seen_at, revoked_at FROM "
                           "sessions WHERE token_hash = ?1"};
const Query kTouchSession{"touch_session",
                          "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1 AND last_seen_at "
                          "< ?2"};
const Query kRevokeSession{"revoke_session",
                           "UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS "
                           "NULL"};
const Query kRevokeUserSessions{"revoke_sessions_of_user",
                                "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND "
                                "revoked_at IS NULL"};

#define TOKEN_COLUMNS                                                               \
  "t.id, t.name, t.user_id, u.username, t.created_by, t.created_at, t.expires_at, " \
  "t.last_used_at, t.revoked_at "
const Query kInsertToken{"insert_api_token",
                         "INSERT INTO api_tokens (token_hash, name, user_id, created_by, "
                         "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"};
const Query kSelectTokenByHash{"select_api_token_by_hash",
                               "SELECT " TOKEN_COLUMNS
                               "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE "
                               "t.token_hash = ?1"};
const Query kSelectTokenById{"select_api_token_by_id",
                             "SELECT " TOKEN_COLUMNS
                             "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1"};
const Query kSelectTokensOfUser{"select_api_tokens_of_user",
                                "SELECT " TOKEN_COLUMNS
                                "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE "
                                "t.user_id = ?1 ORDER BY t.id DESC LIMIT 500"};
const Query kRevokeToken{"revoke_api_token",
                         "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS "
                         "NULL"};
const Query kTouchToken{"touch_api_token", "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1"};

UserRecord ToUser(const Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.Int(3),  r.Text(4),    r.Int(5) != 0, r.Int(6),
          r.Int(7), r.Int(8),  r.Int(9),  r.Int(10), r.OptInt(11), r.Int(12) != 0};
}

TokenRecord ToToken(const Row& r) {
  return {r.Int(0), r.Text(1),   r.Int(2),    r.Text(3),  r.Int(4),
          r.Int(5), r.OptInt(6), r.OptInt(7), r.OptInt(8)};
}

std::string UserWhere(const UserFilter& f, Params& params, Dialect dialect) {
  std::string where = " FROM users u JOIN orgs o ON o.id = u.org_id WHERE " +
                      PathPrefixClause("o.path", f.path_prefixes, params, dialect);
  if (!f.q.empty()) {
    params.push_back("%" + EscapeLike(f.q) + "%");
    std::string p = "?" + std::to_string(params.size());
    where +=
        " AND (u.username LIKE " + p + " ESCAPE '\\' OR u.display_name LIKE " + p + " ESCAPE '\\')";
  }
  return where;
}

}  // namespace

std::optional<UserRecord> AccountRepository::FindUserById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectUserById, {id});
  return r ? std::optional(ToUser(*r)) : std::nullopt;
}

std::optional<UserRecord> AccountRepository::FindUserByUsername(Tx& tx, const std::string& name) {
  auto r = tx.FetchOne(kSelectUserByUsername, {name});
  return r ? std::optional(ToUser(*r)) : std::nullopt;
}

int64_t AccountRepository::InsertUser(Tx& tx, const UserRecord& u) {
  return tx
      .FetchOne(kInsertUser, {u.username, u.display_name, u.org_id, u.password_hash,
                              int64_t{u.disabled}, u.created_at, int64_t{u.must_change_password}})
      ->Int(0);
}

std::optional<UserRecord> AccountRepository::FindUserByMember(Tx& tx, int64_t member_id) {
  auto r = tx.FetchOne(kSelectUserByMember, {member_id});
  return r ? std::optional(ToUser(*r)) : std::nullopt;
}

bool AccountRepository::UpdateUserProfile(Tx& tx, int64_t id, int64_t expected_version,
                                          const std::string& display_name, bool disabled,
                                          std::optional<int64_t> member_id) {
  return tx.Exec(kUpdateUserProfile,
                 {id, expected_version, display_name, int64_t{disabled}, Opt(member_id)}) == 1;
}

void AccountRepository::SetPassword(Tx& tx, int64_t id, const std::string& hash, int64_t now,
                                    bool must_change) {
  tx.Exec(kUpdatePassword, {id, hash, now, int64_t{must_change}});
}

void AccountRepository::RecordLoginFailure(Tx& tx, int64_t id, int64_t failed,
                                           int64_t locked_until) {
  tx.Exec(kUpdateLoginFailure, {id, failed, locked_until});
}

void AccountRepository::ClearLoginFailures(Tx& tx, int64_t id) {
  tx.Exec(kClearLoginFailures, {id});
}

std::vector<UserRecord> AccountRepository::ListUsers(Tx& tx, const UserFilter& f) {
  Params params;
  std::string sql = "SELECT " USER_COLUMNS + UserWhere(f, params, tx.dialect());
  sql += " ORDER BY u.id" + PageClause(f.limit, f.offset, params);
  std::vector<UserRecord> out;
  for (const auto& r : tx.Fetch({"list_users", sql.c_str()}, params)) out.push_back(ToUser(r));
  return out;
}

int64_t AccountRepository::CountUsers(Tx& tx, const UserFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + UserWhere(f, params, tx.dialect());
  return tx.FetchOne({"count_users", sql.c_str()}, params)->Int(0);
}

std::vector<domain::Grant> AccountRepository::GrantsOf(Tx& tx, int64_t user_id) {
  std::vector<domain::Grant> out;
  for (const auto& r : tx.Fetch(kSelectGrants, {user_id})) {
    if (auto role = domain::ParseRole(r.Text(1))) out.push_back({r.Int(0), *role, r.Int(2)});
  }
  return out;
}

int64_t AccountRepository::InsertGrant(Tx& tx, int64_t user_id, domain::Role role, int64_t org_id,
                                       int64_t granted_by, int64_t now_ms) {
  return tx
      .FetchOne(kInsertGrant,
                {user_id, std::string(domain::RoleCode(role)), org_id, granted_by, now_ms})
      ->Int(0);
}

bool AccountRepository::DeleteGrant(Tx& tx, int64_t user_id, int64_t grant_id) {
  return tx.Exec(kDeleteGrant, {user_id, grant_id}) == 1;
}

int64_t AccountRepository::CountUsersWithRole(Tx& tx, domain::Role role) {
  return tx.FetchOne(kCountRole, {std::string(domain::RoleCode(role))})->Int(0);
}

int64_t AccountRepository::InsertSession(Tx& tx, const std::string& token_hash, int64_t user_id,
                                         int64_t now_ms) {
  return tx.FetchOne(kInsertSession, {token_hash, user_id, now_ms})->Int(0);
}

std::optional<SessionRecord> AccountRepository::FindSession(Tx& tx, const std::string& hash) {
  auto r = tx.FetchOne(kSelectSession, {hash});
  if (!r) return std::nullopt;
  return SessionRecord{r->Int(0), r->Int(1), r->Int(2), r->Int(3), r->OptInt(4)};
}

void AccountRepository::TouchSession(Tx& tx, int64_t session_id, int64_t now_ms) {
  tx.Exec(kTouchSession, {session_id, now_ms});
}

void AccountRepository::RevokeSession(Tx& tx, int64_t session_id, int64_t now_ms) {
  tx.Exec(kRevokeSession, {session_id, now_ms});
}

void AccountRepository::RevokeSessionsOfUser(Tx& tx, int64_t user_id, int64_t now_ms) {
  tx.Exec(kRevokeUserSessions, {user_id, now_ms});
}

int64_t AccountRepository::InsertToken(Tx& tx, const std::string& token_hash,
                                       const std::string& name, int64_t user_id, int64_t created_by,
                                       int64_t now_ms, std::optional<int64_t> expires_at) {
  return tx
      .FetchOne(kInsertToken, {token_hash, name, user_id, created_by, now_ms, Opt(expires_at)})
      ->Int(0);
}

std::optional<TokenRecord> AccountRepository::FindTokenByHash(Tx& tx, const std::string& hash) {
  auto r = tx.FetchOne(kSelectTokenByHash, {hash});
  return r ? std::optional(ToToken(*r)) : std::nullopt;
}

std::optional<TokenRecord> AccountRepository::FindTokenById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectTokenById, {id});
  return r ? std::optional(ToToken(*r)) : std::nullopt;
}

std::vector<TokenRecord> AccountRepository::ListTokens(Tx& tx,
                                                       const std::vector<std::string>& prefixes) {
  Params params;
  std::string sql = "SELECT " TOKEN_COLUMNS
                    "FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN orgs o ON o.id = "
                    "u.org_id WHERE " +
                    PathPrefixClause("o.path", prefixes, params, tx.dialect()) +
                    " ORDER BY t.id DESC LIMIT 500";
  std::vector<TokenRecord> out;
  for (const auto& r : tx.Fetch({"list_api_tokens", sql.c_str()}, params))
    out.push_back(ToToken(r));
  return out;
}

std::vector<TokenRecord> AccountRepository::TokensOf(Tx& tx, int64_t user_id) {
  std::vector<TokenRecord> out;
  for (const auto& r : tx.Fetch(kSelectTokensOfUser, {user_id})) out.push_back(ToToken(r));
  return out;
}

bool AccountRepository::RevokeToken(Tx& tx, int64_t id, int64_t now_ms) {
  return tx.Exec(kRevokeToken, {id, now_ms}) == 1;
}

void AccountRepository::TouchToken(Tx& tx, int64_t id, int64_t now_ms) {
  tx.Exec(kTouchToken, {id, now_ms});
}

}  // namespace jiceng::store
