#include "domain/residents.h"

#include <array>

#include "platform/utf8.h"

namespace jiceng::domain {
namespace {

struct ResidenceStatusInfo {
  ResidenceStatus status;
  std::string_view code, name;
};
constexpr std::array<ResidenceStatusInfo, 4> kResidenceStatuses{{
    {ResidenceStatus::kNone, "none", "未申报"},
    {ResidenceStatus::kPending, "pending", "待核实"},
    {ResidenceStatus::kVerified, "verified", "已核实"},
    {ResidenceStatus::kReturned, "returned", "退回"},
}};

const ResidenceStatusInfo& ResidenceInfo(ResidenceStatus s) {
  for (const auto& i : kResidenceStatuses)
    if (i.status == s) return i;
  return kResidenceStatuses[0];
}

}  // namespace

std::string_view ResidenceStatusCode(ResidenceStatus s) { return ResidenceInfo(s).code; }
std::string_view ResidenceStatusName(ResidenceStatus s) { return ResidenceInfo(s).name; }

std::optional<ResidenceStatus> ParseResidenceStatus(std::string_view code) {
  for (const auto& i : kResidenceStatuses)
    if (i.code == code) return i.status;
  return std::nullopt;
}

bool IsResidenceKind(std::string_view org_kind) {
  return org_kind == "community" || org_kind == "village";
}

Result<std::string> ParseResidentCode(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool digits = text.size() == kResidentCodeDigits;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (!digits) return BadInput("code", "验证码应为6位数字 / the code has 6 digits");
  return std::string(text);
}

ResidenceStatus StatusAfterMove(std::optional<int64_t> old_community, int64_t new_community,
                                ResidenceStatus current) {
  // Stating the same community again keeps a pending or verified status; after a return it
  // asks for another review.
  if (old_community && *old_community == new_community &&
      (current == ResidenceStatus::kPending || current == ResidenceStatus::kVerified))
    return current;
  return ResidenceStatus::kPending;
}

Result<ResidenceStatus> ReviewResidence(ResidenceStatus current, bool verified,
                                        const std::string& reason) {
  if (current == ResidenceStatus::kNone)
    return Fail(ErrorKind::kRuleBroken, "nothing_to_verify",
                "该居民尚未申报居住社区 / the resident has not stated a community yet");
  JICENG_CHECK(ValidateText(reason, "reason", 200, /*required=*/!verified));
  return verified ? ResidenceStatus::kVerified : ResidenceStatus::kReturned;
}

}  // namespace jiceng::domain
