// Account administration for security administrators: users, role grants and API tokens,
// each within the administrator's organization subtree. Every change is audited in the
// same transaction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "service/member_service.h"
#include "store/account_repo.h"

namespace jiceng::accounts {

struct UserView {
  store::UserRecord user;  // password_hash cleared
  std::vector<domain::Grant> grants;
  bool locked = false;
  std::string member_name;  // of user.member_id (single views only)
};

struct NewUser {
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string password;
  std::vector<std::pair<domain::Role, int64_t>> grants;  // role on org; at least one
  // Chosen by someone other than its holder, who must replace it at the first login. Only
  // the demo's accounts and test fixtures (and `jiceng user add --keep-password`) set false.
  bool temporary_password = true;
};

struct UserPatch {
  int64_t version = 0;
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
  // Links the account to the member record of the person using it (null: unlinks), by id
  // or by the member's citizen ID number.
  std::optional<std::optional<int64_t>> member_id;
  std::optional<std::string> member_national_id;
};

struct UserPage {
  std::vector<UserView> items;
  int64_t total = 0;
};

struct NewToken {
  int64_t user_id = 0;  // 0 or the caller's own id: a token is never issued for another account
  std::string name;
  std::optional<int64_t> expires_at;
};

struct CreatedToken {
  store::TokenRecord token;
  std::string secret;  // shown once
};

class AccountService {
 public:
  // `on_user_changed` runs after a change to a user's grants, status or password is
  // committed (the composition root points it at the session cache).
  AccountService(const Context& ctx, std::function<void(int64_t user_id)> on_user_changed)
      : ctx_(ctx), on_user_changed_(std::move(on_user_changed)) {}

  Result<UserPage> List(const domain::Principal& who, const std::string& q, int64_t page,
                        int64_t size);
  Result<UserView> Get(const domain::Principal& who, int64_t user_id);
  Result<UserView> Create(const Actor& actor, const NewUser& input);
  Result<UserView> Update(const Actor& actor, int64_t user_id, const UserPatch& patch);
  Result<UserView> ResetPassword(const Actor& actor, int64_t user_id, const std::string& password);
  Result<UserView> AddGrant(const Actor& actor, int64_t user_id, domain::Role role, int64_t org_id);
  Result<UserView> RevokeGrant(const Actor& actor, int64_t user_id, int64_t grant_id);

  // Security administrators: the tokens of the accounts in scope; everyone else: their own.
  Result<std::vector<store::TokenRecord>> ListTokens(const domain::Principal& who);
  // A token for the caller's own account, from a login session: 403 `token_for_other_account`
  // when `user_id` names another account (security administrators included), 403
  // `token_from_token` when the caller authenticated with an API token.
  Result<CreatedToken> CreateToken(const Actor& actor, const NewToken& input);
  // One's own token, or (security administrators) a token of an account in scope.
  Status RevokeToken(const Actor& actor, int64_t token_id);

  // For the CLI: creates a user with one grant, skipping the caller checks but keeping
  // every rule on the input (policy, separation). Audited as actor "cli".
  Result<UserView> Bootstrap(const NewUser& input);

 private:
  Result<UserView> CreateChecked(const Actor& actor, const NewUser& input);
  Status CheckInScope(const domain::Principal& who, int64_t org_id) const;
  // The member the patch links the account to (`current` when it does not say). An ID
  // number registered outside the caller's scope answers exactly as an unknown one and
  // fills in `probe` (audited by the caller once the transaction is gone).
  Result<std::optional<int64_t>> MemberOf(store::Tx& tx, const domain::Principal& who,
                                          int64_t user_id, const UserPatch& patch,
                                          std::optional<int64_t> current,
                                          members::IdHit* probe) const;

  const Context& ctx_;
  std::function<void(int64_t)> on_user_changed_;
};

}  // namespace jiceng::accounts
