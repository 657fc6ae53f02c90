// Logging in and out, sessions, API-token authentication and password changes.
//
// Sessions are opaque random tokens; the store keeps only their SHA-256. Authenticated
// principals are cached in memory so that a cached read needs no store round trip; an
// entry is re-validated against the store every few seconds, and every change that
// affects a user (disable, grants, password) evicts that user's entries at once.
//
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"

namespace jiceng::store {
class Tx;
}

namespace jiceng::auth {

struct LoginResult {
  std::string session_token;  // goes to the cookie; never logged or stored
  domain::Principal principal;
};

class SessionCache;
class LoginThrottle;

class AuthService {
 public:
  explicit AuthService(const Context& ctx);
  ~AuthService();

  // 401 `invalid_credentials` (same message whether or not the user exists, and for
  // disabled accounts); 429 `account_locked` after too many failures of one username,
  // whether or not it has an account; 429 `too_many_attempts` once `client_address` has
  // failed too often, whatever the username.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& request_id, const std::string& client_address = {});

  // The principal of a session token, from the cache when it is fresh there. Never touches
  // the store when `cache_only` is set (returns nullopt on a miss); otherwise 401 when the
  // token is unknown, revoked or idle too long.
  std::optional<std::shared_ptr<const domain::Principal>> FromCache(const std::string& token);
  Result<std::shared_ptr<const domain::Principal>> AuthenticateSession(const std::string& token);
  Result<std::shared_ptr<const domain::Principal>> AuthenticateBearer(const std::string& token);

  Status Logout(const domain::Principal& who, const std::string& request_id);

  // Checks the old password and the policy, then revokes every session of the user and
  // returns a fresh session for the caller.
  Result<LoginResult> ChangePassword(const domain::Principal& who, const std::string& old_password,
                                     const std::string& new_password,
                                     const std::string& request_id);

  // Starts a session for `user_id`, whose holder has just proved who they are by other means
  // (a resident's one-time code: service/resident_service.h), in the caller's write
  // transaction. Records nothing in the audit log: the caller records how they proved it.
  // 401 `unauthenticated` when the account is gone or disabled.
  Result<LoginResult> StartVerifiedSession(store::Tx& tx, int64_t user_id);

  // Drops cached principals of a user (after grants, disable or password change).
  void Evict(int64_t user_id);

  // Loads the principal of a user (grants included), or nullopt when the user is gone or
  // disabled. Requires an open transaction.
  static std::optional<domain::Principal> LoadPrincipal(store::Tx& tx, int64_t user_id);

 private:
  Result<LoginResult> StartSession(store::Tx& tx, domain::Principal principal);

  const Context& ctx_;
  std::unique_ptr<SessionCache> cache_;
  std::unique_ptr<LoginThrottle> throttle_;
};

}  // namespace jiceng::auth
