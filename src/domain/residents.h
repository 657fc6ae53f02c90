// Residents (居民): accounts opened by a mainland mobile number and a one-time code, the
// community a resident says they live in (verified by its staff: 待核实 → 已核实 / 退回),
// and the link to their member record when they are a party member. Pure rules and
// constants; the store, the sender and the clock are the service's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng::domain {

// One-time codes (短信验证码). Six digits; valid for five minutes; one use; five wrong
// tries burn the code; a new code replaces the previous one. Sending: one code per number
// per minute, five per number and twenty per client address per hour. The figures are the
// product's (issue #15), not a regulation's: a guesser gets 25 tries an hour at a number
// out of a million codes, and the SMS bill of a flood stays bounded.
constexpr int kResidentCodeDigits = 6;
constexpr int64_t kResidentCodeTtlMs = 5 * 60 * 1000;
constexpr int64_t kResidentCodeResendMs = 60 * 1000;
constexpr int kResidentCodesPerNumberHour = 5;
constexpr int kResidentCodesPerAddressHour = 20;
constexpr int kResidentCodeMaxWrongTries = 5;
constexpr int64_t kResidentHourMs = 60 * 60 * 1000;
// Failed requests to link a member record, per account per hour (ID-number probing).
constexpr int kResidentLinkFailuresHour = 5;

// Where a resident's stated residence stands.
enum class ResidenceStatus {
  kNone,      // no community stated yet
  kPending,   // 待核实: stated (or changed), not yet looked at by the community's staff
  kVerified,  // 已核实
  kReturned,  // 退回: staff could not confirm it (with a reason); the resident may state again
};
std::string_view ResidenceStatusCode(ResidenceStatus s);  // "none", "pending", …
std::optional<ResidenceStatus> ParseResidenceStatus(std::string_view code);
std::string_view ResidenceStatusName(ResidenceStatus s);  // "待核实", …

// Residents live in a community (社区) or, outside the city's core, a village (村): the
// org kinds a residence may name.
bool IsResidenceKind(std::string_view org_kind);

// A code as typed: exactly six ASCII digits (surrounding spaces ignored); 400
// `invalid_field` on `code` otherwise.
Result<std::string> ParseResidentCode(std::string_view text);

// The status after a resident states `new_community` while living at `old_community` with
// `current`: the same community keeps a pending or verified status; another one, or the same
// one after a return, is pending (again).
ResidenceStatus StatusAfterMove(std::optional<int64_t> old_community, int64_t new_community,
                                ResidenceStatus current);

// What a review decides: verified, or returned with a reason (required, ≤ 200 characters).
// 400 `invalid_field` on `reason` when returning without one. 422 `nothing_to_verify` when
// the resident has stated no community.
Result<ResidenceStatus> ReviewResidence(ResidenceStatus current, bool verified,
                                        const std::string& reason);

}  // namespace jiceng::domain
