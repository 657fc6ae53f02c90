#include "service/auth_service.h"

#include <algorithm>

#include "domain/accounts.h"

#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/rate_limit.h"
#include "service/audit_service.h"
#include "store/account_repo.h"
#include "store/db.h"
#include "store/member_repo.h"

namespace jiceng::auth {
namespace {

// How long a cached principal is trusted before the store is asked again; bounds how late
// a revocation made by another process is noticed.
constexpr int64_t kRevalidateMs = 5'000;
// How stale the stored last_seen_at may get before it is written again.
constexpr int64_t kTouchEveryMs = 60'000;
constexpr size_t kMaxCachedSessions = 100'000;

tl::unexpected<Error> InvalidCredentials() {
  return Fail(ErrorKind::kUnauthenticated, "invalid_credentials",
              "用户名或密码错误 / wrong username or password");
}

tl::unexpected<Error> NotLoggedIn() {
  return Fail(ErrorKind::kUnauthenticated, "unauthenticated",
              "未登录或会话已过期，请重新登录 / not logged in or session expired");
}

int64_t Minutes(int64_t ms) { return std::max<int64_t>(1, (ms + 59'999) / 60'000); }

// One answer for a locked username, whether or not it has an account.
tl::unexpected<Error> Locked(int64_t remaining_ms) {
  int64_t minutes = Minutes(remaining_ms);
  return RateLimited("account_locked",
                     "登录失败次数过多，账户已锁定，请" + std::to_string(minutes) +
                         "分钟后再试 / too many failed logins; try again in " +
                         std::to_string(minutes) + " min",
                     (remaining_ms + 999) / 1000);
}

}  // namespace

// Login throttles kept in memory: failures per source address (a sliding window), and
// failures of usernames that have no account (the store's lockout rule, mirrored), so that
// an unknown name is answered exactly as a real one.
class LoginThrottle {
 public:
  explicit LoginThrottle(const Config& c)
      : by_address(c.login_address_failures, c.login_address_minutes * 60'000LL),
        unknown_names(c.lockout_attempts, c.lockout_minutes * 60'000LL) {}
  SlidingWindowLimiter by_address;
  LockoutTable unknown_names;
};

class SessionCache {
 public:
  struct Entry {
    std::shared_ptr<const domain::Principal> principal;
    int64_t session_id = 0;
    int64_t last_seen_ms = 0;     // last request seen (in memory)
    int64_t last_touched_ms = 0;  // last_seen_at as stored
    int64_t validated_ms = 0;     // last read from the store
  };

  std::optional<Entry> Get(const std::string& hash) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(hash);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& hash, Entry e) {
    std::lock_guard lock(mutex_);
    if (map_.size() >= kMaxCachedSessions) map_.clear();
    map_[hash] = std::move(e);
  }
  // The cached principal when the entry needs no store round trip (fresh enough on every
  // count), recording the request; null otherwise. One lock, no copy of the entry.
  std::shared_ptr<const domain::Principal> UseFresh(const std::string& hash, int64_t now,
                                                    int64_t idle_ms) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(hash);
    if (it == map_.end()) return nullptr;
    Entry& e = it->second;
    if (now - e.last_seen_ms > idle_ms || now - e.validated_ms > kRevalidateMs ||
        now - e.last_touched_ms > kTouchEveryMs)
      return nullptr;  // needs the store: expire, re-validate or persist last_seen
    e.last_seen_ms = now;
    return e.principal;
  }
  void Erase(const std::string& hash) {
    std::lock_guard lock(mutex_);
    map_.erase(hash);
  }
  void EvictUser(int64_t user_id) {
    std::lock_guard lock(mutex_);
    std::erase_if(map_, [&](const auto& kv) { return kv.second.principal->user_id == user_id; });
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> map_;  // token hash → entry; guarded by mutex_
};

AuthService::AuthService(const Context& ctx)
    : ctx_(ctx),
      cache_(std::make_unique<SessionCache>()),
      throttle_(std::make_unique<LoginThrottle>(ctx.config)) {}
AuthService::~AuthService() = default;

std::optional<domain::Principal> AuthService::LoadPrincipal(store::Tx& tx, int64_t user_id) {
  auto user = store::AccountRepository::FindUserById(tx, user_id);
  if (!user || user->disabled) return std::nullopt;
  domain::Principal p;
  p.user_id = user->id;
  p.username = user->username;
  p.display_name = user->display_name;
  p.home_org_id = user->org_id;
  p.must_change_password = user->must_change_password;
  p.grants = store::AccountRepository::GrantsOf(tx, user->id);
  if (user->member_id)
    if (auto m = store::MemberRepository::FindById(tx, *user->member_id)) {
      p.member_id = m->id;
      p.member_name = m->name;
    }
  return p;
}

Result<LoginResult> AuthService::StartSession(store::Tx& tx, domain::Principal principal) {
  LoginResult out;
  out.session_token = crypto::RandomToken();
  int64_t now = ctx_.clock.NowMs();
  principal.session_id = store::AccountRepository::InsertSession(
      tx, crypto::Sha256Hex(out.session_token), principal.user_id, now);
  out.principal = std::move(principal);
  return out;
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& request_id,
                                       const std::string& client_address) {
  const int64_t now = ctx_.clock.NowMs();
  // An address that failed too often is refused before anything is looked up or verified,
  // whatever the username and even with the right password: guessing from it has stopped.
  if (int64_t wait = throttle_->by_address.BlockedFor(client_address, now))
    return RateLimited("too_many_attempts",
                       "该地址登录失败次数过多，请" + std::to_string(Minutes(wait)) +
                           "分钟后再试 / too many failed logins from this address; try again in " +
                           std::to_string(Minutes(wait)) + " min",
                       (wait + 999) / 1000);
  auto count_failure = [&] { throttle_->by_address.Add(client_address, now); };
  if (username.empty() || username.size() > 64 || password.empty() || password.size() > 1024) {
    count_failure();
    return InvalidCredentials();
  }
  // Look up and verify outside the write lock: argon2id is deliberately slow.
  auto user = ctx_.db.Read(
      [&](store::Tx& tx) { return store::AccountRepository::FindUserByUsername(tx, username); });
  if (!user) {
    // A name without an account fails, locks and answers exactly like a real one (the
    // counts live in a bounded table in memory, never in the store).
    count_failure();
    if (int64_t wait = throttle_->unknown_names.LockedFor(username, now)) return Locked(wait);
    // Spend the same time as a real check so that timing does not reveal which names exist.
    static const std::string dummy = crypto::HashPassword("timing-equaliser-Aa1!");
    (void)crypto::VerifyPassword(dummy, password);
    if (throttle_->unknown_names.Fail(username, now))
      return Locked(ctx_.config.lockout_minutes * 60'000LL);
    return InvalidCredentials();
  }
  if (user->locked_until > now) {
    count_failure();
    return Locked(user->locked_until - now);
  }
  bool ok = crypto::VerifyPassword(user->password_hash, password);
  Actor actor{nullptr, request_id, user->username};
  if (!ok) {
    count_failure();
    auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<bool> {
      auto fresh = store::AccountRepository::FindUserById(tx, user->id);
      int64_t failed = (fresh ? fresh->failed_logins : 0) + 1;
      bool lock = failed >= ctx_.config.lockout_attempts;
      int64_t until = lock ? now + ctx_.config.lockout_minutes * 60'000LL : 0;
      store::AccountRepository::RecordLoginFailure(tx, user->id, lock ? 0 : failed, until);
      audit::Record(tx, ctx_, actor,
                    {lock ? "auth.locked" : "auth.login_failed", "user", user->id, user->org_id,
                     std::nullopt, std::nullopt});
      return lock;
    });
    if (result && *result) return Locked(ctx_.config.lockout_minutes * 60'000LL);
    return InvalidCredentials();
  }
  if (user->disabled) return InvalidCredentials();
  return ctx_.db.Write([&](store::Tx& tx) -> Result<LoginResult> {
    auto principal = LoadPrincipal(tx, user->id);
    if (!principal) return InvalidCredentials();
    store::AccountRepository::ClearLoginFailures(tx, user->id);
    auto result = StartSession(tx, std::move(*principal));
    if (result) {
      actor.principal = &result->principal;
      audit::Record(tx, ctx_, actor,
                    {"auth.login", "session", result->principal.session_id, std::nullopt,
                     std::nullopt, std::nullopt});
    }
    return result;
  });
}

std::optional<std::shared_ptr<const domain::Principal>> AuthService::FromCache(
    const std::string& token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  auto principal = cache_->UseFresh(crypto::Sha256Hex(token), ctx_.clock.NowMs(),
                                    ctx_.config.session_idle_minutes * 60'000LL);
  if (!principal) return std::nullopt;
  return principal;
}

Result<std::shared_ptr<const domain::Principal>> AuthService::AuthenticateSession(
    const std::string& token) {
  if (auto p = FromCache(token)) return *p;
  if (token.empty() || token.size() > 256) return NotLoggedIn();
  std::string hash = crypto::Sha256Hex(token);
  int64_t now = ctx_.clock.NowMs();
  int64_t idle_ms = ctx_.config.session_idle_minutes * 60'000LL;
  auto cached = cache_->Get(hash);
  int64_t last_seen_mem = cached ? cached->last_seen_ms : 0;
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<SessionCache::Entry> {
    auto s = store::AccountRepository::FindSession(tx, hash);
    if (!s || s->revoked_at) return NotLoggedIn();
    int64_t last_seen = std::max(s->last_seen_at, last_seen_mem);
    if (now - last_seen > idle_ms) {
      store::AccountRepository::RevokeSession(tx, s->id, now);
      return NotLoggedIn();
    }
    auto principal = LoadPrincipal(tx, s->user_id);
    if (!principal) return NotLoggedIn();
    principal->session_id = s->id;
    store::AccountRepository::TouchSession(tx, s->id, now);
    SessionCache::Entry e;
    e.principal = std::make_shared<const domain::Principal>(std::move(*principal));
    e.session_id = s->id;
    e.last_seen_ms = e.last_touched_ms = e.validated_ms = now;
    return e;
  });
  if (!result) {
    cache_->Erase(hash);
    return tl::unexpected(result.error());
  }
  cache_->Put(hash, *result);
  return result->principal;
}

Result<std::shared_ptr<const domain::Principal>> AuthService::AuthenticateBearer(
    const std::string& token) {
  if (token.empty() || token.size() > 256) return NotLoggedIn();
  std::string hash = crypto::Sha256Hex(token);
  int64_t now = ctx_.clock.NowMs();
  return ctx_.db.Write([&](store::Tx& tx) -> Result<std::shared_ptr<const domain::Principal>> {
    auto t = store::AccountRepository::FindTokenByHash(tx, hash);
    if (!t || t->revoked_at || (t->expires_at && *t->expires_at <= now)) return NotLoggedIn();
    auto principal = LoadPrincipal(tx, t->user_id);
    if (!principal) return NotLoggedIn();
    principal->token_id = t->id;
    if (!t->last_used_at || now - *t->last_used_at > kTouchEveryMs)
      store::AccountRepository::TouchToken(tx, t->id, now);
    return std::make_shared<const domain::Principal>(std::move(*principal));
  });
}

Status AuthService::Logout(const domain::Principal& who, const std::string& request_id) {
  if (!who.session_id) return {};
  auto done = ctx_.db.Write([&](store::Tx& tx) -> Status {
    store::AccountRepository::RevokeSession(tx, who.session_id, ctx_.clock.NowMs());
    audit::Record(
        tx, ctx_, Actor{&who, request_id},
        {"auth.logout", "session", who.session_id, std::nullopt, std::nullopt, std::nullopt});
    return {};
  });
  Evict(who.user_id);  // the cache is keyed by token hash; evicting the user is simplest
  return done;
}

Result<LoginResult> AuthService::ChangePassword(const domain::Principal& who,
                                                const std::string& old_password,
                                                const std::string& new_password,
                                                const std::string& request_id) {
  auto user = ctx_.db.Read(
      [&](store::Tx& tx) { return store::AccountRepository::FindUserById(tx, who.user_id); });
  if (!user) return NotLoggedIn();
  if (old_password.size() > 1024 || !crypto::VerifyPassword(user->password_hash, old_password))
    return Fail(ErrorKind::kRuleBroken, "wrong_password",
                "原密码不正确 / current password is wrong", "old_password");
  JICENG_CHECK(domain::ValidatePassword(new_password, user->username));
  if (new_password == old_password)
    return Fail(ErrorKind::kRuleBroken, "password_reused",
                "新密码不能与原密码相同 / new password must differ from the current one",
                "new_password");
  std::string hash = crypto::HashPassword(new_password);
  auto result = ctx_.db.Write([&](store::Tx& tx) -> Result<LoginResult> {
    int64_t now = ctx_.clock.NowMs();
    store::AccountRepository::SetPassword(tx, who.user_id, hash, now, /*must_change=*/false);
    store::AccountRepository::RevokeSessionsOfUser(tx, who.user_id, now);
    audit::Record(
        tx, ctx_, Actor{&who, request_id},
        {"user.password_change", "user", who.user_id, user->org_id, std::nullopt, std::nullopt});
    auto principal = LoadPrincipal(tx, who.user_id);
    if (!principal) return NotLoggedIn();
    return StartSession(tx, std::move(*principal));
  });
  Evict(who.user_id);
  return result;
}

Result<LoginResult> AuthService::StartVerifiedSession(store::Tx& tx, int64_t user_id) {
  auto principal = LoadPrincipal(tx, user_id);
  if (!principal) return NotLoggedIn();
  return StartSession(tx, std::move(*principal));
}

void AuthService::Evict(int64_t user_id) { cache_->EvictUser(user_id); }

}  // namespace jiceng::auth
