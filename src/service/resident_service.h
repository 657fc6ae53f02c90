// Residents (居民) as users of the product: signing up and in with a mobile number and a
// one-time code, stating the community they live in (reviewed by its staff), and linking to
// their member record when they are a party member.
//
// The number is personal data: stored sealed with a blind index for look-up (platform/
// pii.h), shown masked to everyone but the resident, never logged in clear, never in the
// audit log. Codes are kept only as a keyed hash. Sending is throttled in memory per number
// and per client address (platform/rate_limit.h); verification per code (5 wrong tries).
// Answers never tell whether a number has an account.
//
// Thread-safe. The sender and the throttles live in the runtime's module state (ctx.state).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "platform/rate_limit.h"
#include "service/auth_service.h"
#include "service/context.h"
#include "store/resident_repo.h"

namespace jiceng::residents {

struct CodeIssued {
  int64_t expires_in_s = 0;
  int64_t resend_after_s = 0;
};

// A resident as one reader sees them.
struct ResidentView {
  store::ResidentRecord record;
  std::string phone;        // the 11 digits: only in the resident's own view, else ""
  std::string member_name;  // the linked member's name, "" when not linked
};

struct ResidentPage {
  std::vector<store::ResidentRecord> items;
  int64_t total = 0;
};

// A resident's own change (PATCH): absent fields stay as they are.
struct ResidentUpdate {
  std::optional<std::string> name;
  std::optional<int64_t> community_id;
};

// The module's state for one runtime (ctx.state, service/module_state.h): the in-memory
// throttles. Codes go out through the runtime's SMS sender (service/sms_sender.h).
// Thread-safe.
class ResidentState {
 public:
  ResidentState();

  // Held across the sending limits' check and count, so that concurrent requests for one
  // number cannot all pass the check before any is counted.
  std::mutex sending;
  SlidingWindowLimiter resend;         // per number: one code a minute
  SlidingWindowLimiter per_number;     // per number: five an hour
  SlidingWindowLimiter per_address;    // per client address: twenty an hour
  SlidingWindowLimiter link_failures;  // per account: five mismatches an hour
};

// Issues a code for `phone` (any mainland mobile notation) and hands it to the sender;
// the previous code of the number stops working. 400 `invalid_field` (phone); 429
// `code_too_soon` within a minute of the last code, `too_many_codes` beyond five per
// number or twenty per `client_address` in an hour (Retry-After in the error). The same
// answer whether or not the number has an account.
Result<CodeIssued> RequestCode(const Context& ctx, const std::string& phone,
                               const std::string& client_address);

// Checks the code and signs in, creating the account on the number's first success. 401
// `invalid_code` for a wrong, expired or used code (one message for all); 429
// `too_many_attempts` once the code took five wrong tries (it is burnt).
Result<auth::LoginResult> SignIn(const Context& ctx, auth::AuthService& auth_service,
                                 const std::string& phone, const std::string& code,
                                 const std::string& request_id);

// The caller's own record (404 when the account is not a resident's).
Result<ResidentView> Mine(const Context& ctx, const domain::Principal& who);
// Sets the caller's name and/or community (a community or village); another community
// than the stated one goes back to pending. 422 `not_a_community`.
Result<ResidentView> UpdateMine(const Context& ctx, auth::AuthService& auth_service,
                                const Actor& actor, const ResidentUpdate& update);
// Links the caller's account to the member record with this ID number and exactly this
// name (a probationary or full member's, not linked to another account); 422
// `member_not_matched` otherwise (one answer for every mismatch); 429 `rate_limited` after
// five mismatches in an hour.
Result<ResidentView> LinkMember(const Context& ctx, auth::AuthService& auth_service,
                                const Actor& actor, const std::string& national_id,
                                const std::string& name);

// The number the resident with account `user_id` proved (11 digits), for a text message to
// them (a booking's reminder); nullopt when the account is not a resident's. Read inside
// the caller's transaction; shown to nobody, so not a reveal (nothing is audited).
Result<std::optional<std::string>> ProvenMobile(const Context& ctx, store::Tx& tx, int64_t user_id);

// Residents who live in the subtree of `org_id` (staff who manage members there), with
// `status` when not empty; most recently changed first.
Result<ResidentPage> List(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          const std::string& status, int64_t limit, int64_t offset);
// Staff's review of a resident's stated community: verified, or returned with a reason.
// 404 for a resident outside the caller's scope (or not stated anywhere); 409
// `version_conflict` when `version` is given and stale.
Result<store::ResidentRecord> Review(const Context& ctx, const Actor& actor, int64_t resident_id,
                                     bool verified, const std::string& reason,
                                     std::optional<int64_t> version);

}  // namespace jiceng::residents
