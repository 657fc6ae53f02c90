#include "domain/members.h"

#include <array>
#include <cstdio>

#include "domain/orgs.h"
#include "platform/clock.h"

namespace jiceng::domain {
namespace {

using S = MemberStatus;

struct StatusInfo {
  S status;
  std::string_view code;
  std::string_view name;
};

constexpr std::array<StatusInfo, 9> kStatuses{{
    {S::kApplicant, "applicant", "申请人"},
    {S::kActivist, "activist", "积极分子"},
    {S::kCandidate, "candidate", "发展对象"},
    {S::kProbationary, "probationary", "预备党员"},
    {S::kFull, "full", "正式党员"},
    {S::kTransferredOut, "transferred_out", "已转出"},
    {S::kDeceased, "deceased", "已去世"},
    {S::kExpelled, "expelled", "开除党籍"},
    {S::kWithdrawn, "withdrawn", "出党/退出"},
}};

const StatusInfo& Info(S s) {
  for (const auto& i : kStatuses)
    if (i.status == s) return i;
  return kStatuses[0];
}

bool Terminal(S s) {
  return s == S::kTransferredOut || s == S::kDeceased || s == S::kExpelled || s == S::kWithdrawn;
}

tl::unexpected<Error> Illegal(const std::string& zh, const std::string& en) {
  return Fail(ErrorKind::kRuleBroken, "illegal_transition", zh + " / " + en, "status");
}

std::string Date(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// The date stamped for the stage being left (the latest date so far).
const std::string& LastDate(const Pipeline& p) {
  switch (p.status) {
    case S::kApplicant:
      return p.applied_on;
    case S::kActivist:
      return p.activist_on;
    case S::kCandidate:
      return p.candidate_on;
    case S::kProbationary:
      return p.joined_on;
    case S::kFull:
      return p.full_on;
    default:
      return p.left_on;
  }
}

}  // namespace

std::optional<MemberStatus> ParseMemberStatus(std::string_view code) {
  for (const auto& i : kStatuses)
    if (i.code == code) return i.status;
  return std::nullopt;
}
std::string_view MemberStatusCode(MemberStatus s) { return Info(s).code; }
std::string_view MemberStatusName(MemberStatus s) { return Info(s).name; }

std::optional<MemberStatus> MemberStatusFromTemplateName(std::string_view name) {
  for (const auto& i : kStatuses)
    if (i.name == name && !Terminal(i.status)) return i.status;
  return std::nullopt;
}

bool IsMember(MemberStatus s) { return s == S::kProbationary || s == S::kFull; }

std::string AddMonths(const std::string& date, int months) {
  int y, m, d;
  std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d);
  int total = y * 12 + (m - 1) + months;
  y = total / 12;
  m = total % 12 + 1;
  return Date(y, m, std::min(d, DaysInMonth(y, m)));
}

std::string AddYears(const std::string& date, int years) { return AddMonths(date, 12 * years); }

Result<Pipeline> Apply(const std::string& birth_date, const std::string& applied_on,
                       const std::string& today) {
  if (auto s = ValidateDate(applied_on, "applied_on"); !s) return tl::unexpected(s.error());
  if (birth_date.size() != 10 || birth_date < "1900-01-01")
    return BadInput("birth_date", "出生日期无效 / invalid birth date");
  if (applied_on > today)
    return Fail(ErrorKind::kRuleBroken, "future_date",
                "日期不能晚于今天 / the date cannot be in the future", "applied_on");
  if (AddYears(birth_date, 18) > applied_on)
    return Fail(ErrorKind::kRuleBroken, "too_young",
                "申请入党须年满十八岁 / applicants must be at least 18 years old", "applied_on");
  Pipeline p;
  p.birth_date = birth_date;
  p.applied_on = applied_on;
  return p;
}

Result<Pipeline> Advance(const Pipeline& p, MemberStatus to, const std::string& on,
                         const std::string& today) {
  if (auto s = ValidateDate(on, "on"); !s) return tl::unexpected(s.error());
  if (on > today)
    return Fail(ErrorKind::kRuleBroken, "future_date",
                "日期不能晚于今天 / the date cannot be in the future", "on");
  if (Terminal(p.status))
    return Illegal("「" + std::string(MemberStatusName(p.status)) + "」不能再变更状态",
                   "no change follows " + std::string(MemberStatusCode(p.status)));
  if (on < LastDate(p))
    return Illegal("日期早于上一阶段（" + LastDate(p) + "）",
                   "the date precedes the previous stage (" + LastDate(p) + ")");
  Pipeline next = p;
  auto from = std::string(MemberStatusName(p.status));
  auto jump = [&] {
    return Illegal("不能从「" + from + "」直接变为「" + std::string(MemberStatusName(to)) + "」",
                   "cannot go from " + std::string(MemberStatusCode(p.status)) + " to " +
                       std::string(MemberStatusCode(to)));
  };
  switch (to) {
    case S::kActivist:
      if (p.status != S::kApplicant) return jump();
      next.activist_on = on;
      break;
    case S::kCandidate:
      if (p.status != S::kActivist) return jump();
      if (on < AddYears(p.activist_on, 1))
        return Illegal("入党积极分子须经一年以上培养教育和考察，最早于 " +
                           AddYears(p.activist_on, 1) + " 列为发展对象",
                       "activists need at least a year of cultivation (earliest " +
                           AddYears(p.activist_on, 1) + ")");
      next.candidate_on = on;
      break;
    case S::kProbationary:
      if (p.status != S::kCandidate) return jump();
      next.joined_on = on;
      next.probation_ends_on = AddYears(on, 1);
      break;
    case S::kFull:
      if (p.status != S::kProbationary) return jump();
      if (on < p.probation_ends_on)
        return Illegal("预备期至 " + p.probation_ends_on + " 届满，届满前不能转正",
                       "probation runs until " + p.probation_ends_on);
      // Full membership counts from the day probation ends, whenever the branch decides.
      next.full_on = p.probation_ends_on;
      break;
    case S::kTransferredOut:
    case S::kExpelled:
      if (!IsMember(p.status)) return jump();
      next.left_on = on;
      break;
    case S::kWithdrawn:
    case S::kDeceased:
      next.left_on = on;
      break;
    case S::kApplicant:
      return jump();
  }
  next.status = to;
  return next;
}

Result<Pipeline> ExtendProbation(const Pipeline& p, int months) {
  if (p.status != S::kProbationary)
    return Illegal("只有预备党员可以延长预备期", "only probationary members can be extended");
  if (p.probation_extended)
    return Illegal("预备期只能延长一次", "probation can be extended only once");
  if (months < 6 || months > 12)
    return Fail(ErrorKind::kRuleBroken, "invalid_extension",
                "延长预备期为半年至一年 / an extension is 6 to 12 months", "months");
  Pipeline next = p;
  next.probation_ends_on = AddMonths(p.probation_ends_on, months);
  next.probation_extended = true;
  return next;
}

}  // namespace jiceng::domain
