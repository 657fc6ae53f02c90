// SQL for accounts (users), their role grants, browser sessions and API tokens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "store/db.h"

namespace jiceng::store {

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string password_hash;
  bool disabled = false;
  int64_t failed_logins = 0;
  int64_t locked_until = 0;
  int64_t password_changed_at = 0;
  int64_t created_at = 0;
  int64_t version = 1;
  std::optional<int64_t> member_id;  // the member record of the person using the account
  // The password was chosen by someone else (created or reset by an administrator): its
  // holder must replace it before anything else.
  bool must_change_password = false;
};

struct UserFilter {
  std::vector<std::string> path_prefixes;  // users whose home org lies under any of these
  std::string q;                           // substring of username or display name
  int64_t offset = 0;
  int64_t limit = 20;
};

struct SessionRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  std::optional<int64_t> revoked_at;
};

struct TokenRecord {
  int64_t id = 0;
  std::string name;
  int64_t user_id = 0;
  std::string username;
  int64_t created_by = 0;
  int64_t created_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> revoked_at;
};

class AccountRepository {
 public:
  // Users
  static std::optional<UserRecord> FindUserById(Tx& tx, int64_t id);
  static std::optional<UserRecord> FindUserByUsername(Tx& tx, const std::string& username);
  static int64_t InsertUser(Tx& tx, const UserRecord& u);
  static std::optional<UserRecord> FindUserByMember(Tx& tx, int64_t member_id);
  // Returns false when `expected_version` is stale.
  static bool UpdateUserProfile(Tx& tx, int64_t id, int64_t expected_version,
                                const std::string& display_name, bool disabled,
                                std::optional<int64_t> member_id);
  // `must_change`: the password was set by someone other than its holder.
  static void SetPassword(Tx& tx, int64_t id, const std::string& hash, int64_t now_ms,
                          bool must_change);
  static void RecordLoginFailure(Tx& tx, int64_t id, int64_t failed_logins, int64_t locked_until);
  static void ClearLoginFailures(Tx& tx, int64_t id);
  static std::vector<UserRecord> ListUsers(Tx& tx, const UserFilter& f);
  static int64_t CountUsers(Tx& tx, const UserFilter& f);

  // Grants
  static std::vector<domain::Grant> GrantsOf(Tx& tx, int64_t user_id);
  static int64_t InsertGrant(Tx& tx, int64_t user_id, domain::Role role, int64_t org_id,
                             int64_t granted_by, int64_t now_ms);
  static bool DeleteGrant(Tx& tx, int64_t user_id, int64_t grant_id);
  static int64_t CountUsersWithRole(Tx& tx, domain::Role role);

  // Sessions: only the SHA-256 of the token is stored.
  static int64_t InsertSession(Tx& tx, const std::string& token_hash, int64_t user_id,
                               int64_t now_ms);
  static std::optional<SessionRecord> FindSession(Tx& tx, const std::string& token_hash);
  static void TouchSession(Tx& tx, int64_t session_id, int64_t now_ms);
  static void RevokeSession(Tx& tx, int64_t session_id, int64_t now_ms);
  static void RevokeSessionsOfUser(Tx& tx, int64_t user_id, int64_t now_ms);

  // API tokens
  static int64_t InsertToken(Tx& tx, const std::string& token_hash, const std::string& name,
                             int64_t user_id, int64_t created_by, int64_t now_ms,
                             std::optional<int64_t> expires_at);
  static std::optional<TokenRecord> FindTokenByHash(Tx& tx, const std::string& token_hash);
  static std::optional<TokenRecord> FindTokenById(Tx& tx, int64_t id);
  static std::vector<TokenRecord> ListTokens(Tx& tx, const std::vector<std::string>& prefixes);
  // The tokens of one account, newest first (at most 500).
  static std::vector<TokenRecord> TokensOf(Tx& tx, int64_t user_id);
  static bool RevokeToken(Tx& tx, int64_t id, int64_t now_ms);
  static void TouchToken(Tx& tx, int64_t id, int64_t now_ms);
};

}  // namespace jiceng::store
