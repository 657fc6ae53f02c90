#include "domain/members.h"

#include <algorithm>
#include <array>
#include <cstdint>
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

constexpr std::array<StatusInfo, 10> kStatuses{{
    {S::kApplicant, "applicant", "申请人"},
    {S::kActivist, "activist", "积极分子"},
    {S::kCandidate, "candidate", "发展对象"},
    {S::kProbationary, "probationary", "预备党员"},
    {S::kFull, "full", "正式党员"},
    {S::kTransferredOut, "transferred_out", "已转出"},
    {S::kDeceased, "deceased", "已去世"},
    {S::kExpelled, "expelled", "开除党籍"},
    {S::kWithdrawn, "withdrawn", "出党/退出"},
    {S::kProbationCancelled, "probation_cancelled", "取消预备党员资格"},
}};

const StatusInfo& Info(S s) {
  for (const auto& i : kStatuses)
    if (i.status == s) return i;
  return kStatuses[0];
}

bool Terminal(S s) {
  return s == S::kTransferredOut || s == S::kDeceased || s == S::kExpelled || s == S::kWithdrawn ||
         s == S::kProbationCancelled;
}

tl::unexpected<Error> Illegal(const std::string& zh, const std::string& en,
                              const std::string& field = "status") {
  return Fail(ErrorKind::kRuleBroken, "illegal_transition", zh + " / " + en, field);
}

tl::unexpected<Error> Future(const std::string& field) {
  return Fail(ErrorKind::kRuleBroken, "future_date",
              "日期不能晚于今天 / the date cannot be in the future", field);
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

// The rules of the steps, shared by Advance (one step at a time) and Register (a person
// entered at a stage with the dates of the steps behind them).

// 党章 art. 1, 细则 art. 5: one applies at eighteen or older.
tl::unexpected<Error> TooYoung(const std::string& field) {
  return Fail(ErrorKind::kRuleBroken, "too_young",
              "申请入党须年满十八岁 / applicants must be at least 18 years old", field);
}
bool OldEnough(const std::string& birth_date, const std::string& applied_on) {
  return AddYears(birth_date, 18) <= applied_on;
}

// 细则 art. 13: an activist is cultivated and examined for a year or more before being
// listed as a candidate (发展对象).
std::string EarliestCandidacy(const std::string& activist_on) { return AddYears(activist_on, 1); }
tl::unexpected<Error> NotCultivatedAYear(const std::string& activist_on, const std::string& field) {
  std::string earliest = EarliestCandidacy(activist_on);
  return Illegal("入党积极分子须经一年以上培养教育和考察，最早于 " + earliest +
                     " 列为发展对象（《发展党员工作细则》第十三条）",
                 "activists need at least a year of cultivation (earliest " + earliest + ")",
                 field);
}

// 党章 art. 7, 细则 art. 32: probation is one year from the day the branch's general
// meeting admits the candidate; 细则 art. 34: party standing counts from its end.
std::string ProbationEnds(const std::string& joined_on) { return AddYears(joined_on, 1); }
// 党章 art. 7, 细则 art. 32: probation may be extended once, by six months to a year.
constexpr int kMinExtensionMonths = 6, kMaxExtensionMonths = 12;

int DigitsValue(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
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

std::vector<std::string_view> MemberStatusCodes() {
  std::vector<std::string_view> out;
  for (const auto& i : kStatuses) out.push_back(i.code);
  return out;
}

bool IsRegistrable(MemberStatus s) { return !Terminal(s); }

std::vector<std::string_view> RegistrableStatusCodes() {
  std::vector<std::string_view> out;
  for (const auto& i : kStatuses)
    if (IsRegistrable(i.status)) out.push_back(i.code);
  return out;
}

bool ParseDate(std::string_view date, int* y, int* m, int* d) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  int year = DigitsValue(date.substr(0, 4)), month = DigitsValue(date.substr(5, 2)),
      day = DigitsValue(date.substr(8, 2));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
    return false;
  *y = year;
  *m = month;
  *d = day;
  return true;
}

std::string AddMonths(const std::string& date, int months) {
  int y, m, d;
  if (!ParseDate(date, &y, &m, &d)) return "";
  // In 64 bits: any `months` an int holds, without overflow.
  int64_t total = int64_t{y} * 12 + (m - 1) + months;
  if (total < 12 || total >= int64_t{10000} * 12) return "";
  y = static_cast<int>(total / 12);
  m = static_cast<int>(total % 12) + 1;
  return Date(y, m, std::min(d, DaysInMonth(y, m)));
}

std::string AddYears(const std::string& date, int years) {
  if (years > 10000 || years < -10000) return "";
  return AddMonths(date, 12 * years);
}

Result<Pipeline> Apply(const std::string& birth_date, const std::string& applied_on,
                       const std::string& today) {
  if (auto s = ValidateDate(applied_on, "applied_on"); !s) return tl::unexpected(s.error());
  int y, m, d;
  if (!ParseDate(birth_date, &y, &m, &d) || birth_date < "1900-01-01")
    return BadInput("birth_date", "出生日期无效 / invalid birth date");
  if (applied_on > today) return Future("applied_on");
  if (!OldEnough(birth_date, applied_on)) return TooYoung("applied_on");
  Pipeline p;
  p.birth_date = birth_date;
  p.applied_on = applied_on;
  return p;
}

Result<Pipeline> Advance(const Pipeline& p, MemberStatus to, const std::string& on,
                         const std::string& today) {
  if (auto s = ValidateDate(on, "on"); !s) return tl::unexpected(s.error());
  if (on > today) return Future("on");
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
      if (on < EarliestCandidacy(p.activist_on)) return NotCultivatedAYear(p.activist_on, "status");
      next.candidate_on = on;
      break;
    case S::kProbationary:
      if (p.status != S::kCandidate) return jump();
      next.joined_on = on;
      next.probation_ends_on = ProbationEnds(on);
      break;
    case S::kFull:
      if (p.status != S::kProbationary) return jump();
      if (on < p.probation_ends_on)
        return Illegal("预备期至 " + p.probation_ends_on + " 届满，届满前不能转正",
                       "probation runs until " + p.probation_ends_on);
      // Full membership counts from the day probation ends, whenever the branch decides
      // (细则 art. 34).
      next.full_on = p.probation_ends_on;
      break;
    case S::kExpelled:
      // A probationary member is not expelled: their probationary membership is cancelled
      // (党章 art. 7; 细则 art. 32, which does so for breaches of discipline as well).
      if (p.status == S::kProbationary)
        return Illegal(
            "预备党员不适用开除党籍，应取消预备党员资格（党章第七条、《发展党员工作细则》第三十"
            "二条）",
            "a probationary member is not expelled: cancel the probationary membership "
            "(probation_cancelled) instead");
      if (p.status != S::kFull) return jump();
      next.left_on = on;
      break;
    case S::kProbationCancelled:
      // 党章 art. 7; 细则 art. 32: at the end of probation, or during it for a breach of
      // discipline; only a probationary member's membership can be cancelled.
      if (p.status != S::kProbationary) return jump();
      next.left_on = on;
      break;
    case S::kTransferredOut:
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
  if (months < kMinExtensionMonths || months > kMaxExtensionMonths)
    return Fail(ErrorKind::kRuleBroken, "invalid_extension",
                "延长预备期为半年至一年 / an extension is 6 to 12 months", "months");
  Pipeline next = p;
  next.probation_ends_on = AddMonths(p.probation_ends_on, months);
  next.probation_extended = true;
  return next;
}

Result<Pipeline> Register(const Registration& r, const std::string& today) {
  if (!IsRegistrable(r.status))
    return Fail(ErrorKind::kRuleBroken, "invalid_status",
                "登记时人员类别须为申请人、积极分子、发展对象、预备党员或正式党员 / status must be "
                "applicant, activist, candidate, probationary or full",
                "status");
  int by, bm, bd;
  if (!ParseDate(r.birth_date, &by, &bm, &bd))
    return BadInput("birth_date", "出生日期无效 / invalid birth date");
  if (r.birth_date > today)
    return BadInput("birth_date", "出生日期晚于今天 / the birth date is in the future");
  struct Stage {
    const std::string& date;
    const char* field;
    const char* zh;
    S stage;
  };
  const Stage stages[] = {{r.applied_on, "applied_on", "申请入党日期", S::kApplicant},
                          {r.activist_on, "activist_on", "确定积极分子日期", S::kActivist},
                          {r.candidate_on, "candidate_on", "确定发展对象日期", S::kCandidate},
                          {r.joined_on, "joined_on", "入党日期", S::kProbationary},
                          {r.full_on, "full_on", "转正日期", S::kFull}};
  const Stage* previous = nullptr;
  const Stage* first = nullptr;
  std::string earliest_candidacy;  // set once the activist date is known
  for (const auto& s : stages) {
    bool reached = static_cast<int>(s.stage) <= static_cast<int>(r.status);
    if (s.date.empty()) {
      // Everyone still in the pipeline carries every date behind them; a full member at
      // least the day they joined (full_on then follows from it).
      bool required = reached && (r.status == S::kFull ? s.stage == S::kProbationary : true);
      if (required)
        return BadInput(s.field, std::string("缺少") + s.zh + "（" + s.field + "），「" +
                                     std::string(MemberStatusName(r.status)) + "」须填写 / " +
                                     s.field + " is required for this status");
      continue;
    }
    if (!reached)
      return Illegal(
          std::string(s.zh) + "不适用于「" + std::string(MemberStatusName(r.status)) + "」",
          std::string(s.field) + " does not apply to this status", s.field);
    JICENG_CHECK(ValidateDate(s.date, s.field));
    if (s.date > today) return Future(s.field);
    if (previous && s.date < previous->date)
      return Illegal(std::string(s.zh) + "（" + s.date + "）早于" + previous->zh + "（" +
                         previous->date + "）",
                     std::string(s.field) + " precedes " + previous->field, s.field);
    if (!first) {
      first = &s;
      if (!OldEnough(r.birth_date, s.date)) return TooYoung(s.field);
    }
    // Candidacy, and so every stage after it, comes a year or more after activism.
    if ((s.stage == S::kCandidate || s.stage == S::kProbationary) && !earliest_candidacy.empty() &&
        s.date < earliest_candidacy)
      return NotCultivatedAYear(r.activist_on, s.field);
    if (s.stage == S::kActivist) earliest_candidacy = EarliestCandidacy(s.date);
    previous = &s;
  }
  Pipeline p;
  p.status = r.status;
  p.birth_date = r.birth_date;
  p.applied_on = r.applied_on;
  p.activist_on = r.activist_on;
  p.candidate_on = r.candidate_on;
  p.joined_on = r.joined_on;
  if (IsMember(r.status)) p.probation_ends_on = ProbationEnds(r.joined_on);
  if (r.status == S::kFull) {
    const std::string& due = p.probation_ends_on;
    if (r.full_on.empty()) {
      if (due > today)
        return Illegal("预备期至 " + due + " 届满，届满前应登记为预备党员",
                       "probation runs until " + due + "; register as probationary", "joined_on");
      p.full_on = due;
    } else if (r.full_on == due) {
      p.full_on = due;
    } else {
      // Full membership begins the day probation ends (细则 art. 34): a year after
      // joining, or after an extension of six months to a year (党章 art. 7; 细则 art. 32).
      std::string shortest = AddMonths(due, kMinExtensionMonths),
                  longest = AddMonths(due, kMaxExtensionMonths);
      if (r.full_on < shortest || r.full_on > longest)
        return Illegal("转正日期应为预备期满之日：" + due + "（延长预备期的，为 " + shortest +
                           " 至 " + longest + " 之间）",
                       "full membership starts the day probation ends: " + due +
                           " (after an extension, " + shortest + " to " + longest + ")",
                       "full_on");
      p.full_on = r.full_on;
      p.probation_ends_on = r.full_on;
      p.probation_extended = true;
    }
  }
  return p;
}

}  // namespace jiceng::domain
