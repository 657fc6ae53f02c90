#include "domain/meetings.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "domain/identifiers.h"
#include "platform/clock.h"

namespace jiceng::domain {
namespace {

struct MeetingTypeInfo {
  MeetingType type;
  std::string_view code, name;
};
// In the enum's order (a type's slot in the in-memory stats is its enum value).
constexpr std::array<MeetingTypeInfo, 9> kMeetingTypes{{
    {MeetingType::kMemberMeeting, "member_meeting", "支部党员大会"},
    {MeetingType::kCommitteeMeeting, "committee_meeting", "支委会"},
    {MeetingType::kGroupMeeting, "group_meeting", "党小组会"},
    {MeetingType::kLecture, "lecture", "党课"},
    {MeetingType::kThemeDay, "theme_day", "主题党日"},
    {MeetingType::kLifeMeeting, "life_meeting", "组织生活会"},
    {MeetingType::kAppraisal, "appraisal", "民主评议党员"},
    {MeetingType::kPartyCommittee, "party_committee", "党委会/党组会"},
    {MeetingType::kDemocraticLife, "democratic_life", "民主生活会"},
}};

bool IsBranch(std::string_view kind) { return kind == "branch" || kind == "joint_branch"; }

// Organizations led by a party committee (党委) or a working committee: every kind above
// the general branch.
bool IsCommitteeLevel(std::string_view kind) {
  return !IsBranch(kind) && kind != "general_branch" && kind != "group";
}

std::string FormatDate(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Months are 1..12; `month` may run past 12 (next year).
std::string MonthStart(int year, int month) {
  return FormatDate(year + (month - 1) / 12, (month - 1) % 12 + 1, 1);
}

}  // namespace

std::optional<MeetingType> ParseMeetingType(std::string_view code) {
  for (const auto& t : kMeetingTypes)
    if (t.code == code) return t.type;
  return std::nullopt;
}
std::string_view MeetingTypeCode(MeetingType t) {
  return kMeetingTypes[static_cast<size_t>(t)].code;
}
std::string_view MeetingTypeName(MeetingType t) {
  return kMeetingTypes[static_cast<size_t>(t)].name;
}
const std::vector<MeetingType>& AllMeetingTypes() {
  static const std::vector<MeetingType> all = [] {
    std::vector<MeetingType> v;
    for (const auto& t : kMeetingTypes) v.push_back(t.type);
    return v;
  }();
  return all;
}

std::optional<Frequency> ParseFrequency(std::string_view code) {
  if (code == "monthly") return Frequency::kMonthly;
  if (code == "quarterly") return Frequency::kQuarterly;
  if (code == "yearly") return Frequency::kYearly;
  return std::nullopt;
}
std::string_view FrequencyCode(Frequency f) {
  switch (f) {
    case Frequency::kMonthly:
      return "monthly";
    case Frequency::kQuarterly:
      return "quarterly";
    case Frequency::kYearly:
      return "yearly";
  }
  return "";
}

std::optional<MeetingState> ParseMeetingState(std::string_view code) {
  if (code == "planned") return MeetingState::kPlanned;
  if (code == "held") return MeetingState::kHeld;
  if (code == "recorded") return MeetingState::kRecorded;
  if (code == "confirmed") return MeetingState::kConfirmed;
  return std::nullopt;
}
std::string_view MeetingStateCode(MeetingState s) {
  switch (s) {
    case MeetingState::kPlanned:
      return "planned";
    case MeetingState::kHeld:
      return "held";
    case MeetingState::kRecorded:
      return "recorded";
    case MeetingState::kConfirmed:
      return "confirmed";
  }
  return "";
}

std::optional<Attendance> ParseAttendance(std::string_view code) {
  if (code == "present") return Attendance::kPresent;
  if (code == "excused") return Attendance::kExcused;
  if (code == "absent") return Attendance::kAbsent;
  if (code == "attending") return Attendance::kAttending;
  return std::nullopt;
}
std::string_view AttendanceCode(Attendance a) {
  switch (a) {
    case Attendance::kPresent:
      return "present";
    case Attendance::kExcused:
      return "excused";
    case Attendance::kAbsent:
      return "absent";
    case Attendance::kAttending:
      return "attending";
  }
  return "";
}

bool MayAttendAs(std::string_view member_status, Attendance a) {
  const bool pipeline =
      member_status == "applicant" || member_status == "activist" || member_status == "candidate";
  return pipeline == (a == Attendance::kAttending);
}

const std::vector<MeetingRule>& DefaultMeetingRules() {
  static const std::vector<MeetingRule> rules = [] {
    using T = MeetingType;
    using F = Frequency;
    std::vector<MeetingRule> v;
    for (const char* kind : {"branch", "joint_branch"}) {
      v.push_back({kind, T::kMemberMeeting, F::kQuarterly});
      v.push_back({kind, T::kCommitteeMeeting, F::kMonthly, kMembersForBranchCommittee});
      v.push_back({kind, T::kLecture, F::kQuarterly});
      v.push_back({kind, T::kThemeDay, F::kMonthly});
      v.push_back({kind, T::kLifeMeeting, F::kYearly});
      v.push_back({kind, T::kAppraisal, F::kYearly});
    }
    v.push_back({"group", T::kGroupMeeting, F::kMonthly});
    v.push_back({"general_branch", T::kCommitteeMeeting, F::kMonthly});
    v.push_back({"general_branch", T::kLifeMeeting, F::kYearly});
    // Party committees (基层党委, the working committees of streets, communities and parks):
    // the yearly meeting is the leadership's 民主生活会, not the 组织生活会 that branches hold
    // (支部工作条例 第五章). 《县以上党和国家机关党员领导干部民主生活会若干规定》(2016 revision):
    // "民主生活会一般每年召开1次"; the leaderships of primary-level party committees (基层党委
    // 领导班子) hold theirs on the same yearly rhythm. Migration 0015 moves stored rules alike.
    for (const char* kind :
         {"city", "district", "functional_area", "street", "town", "community", "village", "park",
          "building", "industry", "association", "enterprise", "organ"}) {
      v.push_back({kind, T::kPartyCommittee, F::kMonthly});
      v.push_back({kind, T::kDemocraticLife, F::kYearly});
    }
    return v;
  }();
  return rules;
}

bool MayHold(std::string_view kind, MeetingType type) {
  switch (type) {
    case MeetingType::kGroupMeeting:
      return kind == "group";
    case MeetingType::kMemberMeeting:
    case MeetingType::kCommitteeMeeting:
      return IsBranch(kind) || kind == "general_branch";
    case MeetingType::kThemeDay:
    case MeetingType::kAppraisal:
      return IsBranch(kind) || kind == "general_branch";
    case MeetingType::kLecture:
    case MeetingType::kLifeMeeting:
      return kind != "group";
    case MeetingType::kPartyCommittee:
    case MeetingType::kDemocraticLife:
      return IsCommitteeLevel(kind);
  }
  return false;
}

bool NeedsFirstTopic(MeetingType type) {
  // Every committee meeting and every 三会一课 session opens with study; the yearly
  // organizational-life meeting, the leadership's democratic life meeting and the
  // appraisal follow their own agenda (criticism and self-criticism).
  return type != MeetingType::kLifeMeeting && type != MeetingType::kAppraisal &&
         type != MeetingType::kDemocraticLife;
}

Result<Period> ParsePeriod(std::string_view text) {
  auto bad = [&] {
    return BadInput("period",
                    "期间格式应为 2024、2024Q3 或 2024-07 / period must be like 2024, 2024Q3 or "
                    "2024-07");
  };
  if (text.size() < 4 || !AllDigits(text.substr(0, 4))) return bad();
  int year = std::stoi(std::string(text.substr(0, 4)));
  if (year < 1921 || year > 2999) return bad();
  if (text.size() == 4)
    return Period{std::string(text), FormatDate(year, 1, 1), FormatDate(year + 1, 1, 1)};
  if (text.size() == 6 && (text[4] == 'Q' || text[4] == 'q') && text[5] >= '1' && text[5] <= '4') {
    int q = text[5] - '0';
    return Period{std::to_string(year) + "Q" + std::to_string(q), MonthStart(year, q * 3 - 2),
                  MonthStart(year, q * 3 + 1)};
  }
  if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(5, 2))) {
    int m = std::stoi(std::string(text.substr(5, 2)));
    if (m < 1 || m > 12) return bad();
    return Period{std::string(text), MonthStart(year, m), MonthStart(year, m + 1)};
  }
  return bad();
}

Period PeriodOf(Frequency frequency, const std::string& date) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2));
  char label[16];
  switch (frequency) {
    case Frequency::kMonthly:
      std::snprintf(label, sizeof label, "%04d-%02d", y, m);
      return {label, MonthStart(y, m), MonthStart(y, m + 1)};
    case Frequency::kQuarterly: {
      int q = (m - 1) / 3 + 1;
      std::snprintf(label, sizeof label, "%04dQ%d", y, q);
      return {label, MonthStart(y, q * 3 - 2), MonthStart(y, q * 3 + 1)};
    }
    case Frequency::kYearly:
      return {std::to_string(y), FormatDate(y, 1, 1), FormatDate(y + 1, 1, 1)};
  }
  return {};
}

std::vector<Period> DuePeriods(Frequency frequency, const Period& p) {
  std::vector<Period> out;
  // Walk the frequency's periods from the one containing p.from; keep those that end
  // inside p (their exclusive end is after p.from and at most p.to).
  Period cur = PeriodOf(frequency, p.from);
  while (cur.to <= p.to) {
    if (cur.to > p.from) out.push_back(cur);
    cur = PeriodOf(frequency, cur.to);
  }
  return out;
}

std::string ShanghaiDate(int64_t utc_ms) { return FormatShanghai(utc_ms).substr(0, 10); }

std::optional<std::string_view> AttachmentType(std::string_view bytes, std::string_view name) {
  auto starts = [&](std::string_view magic) { return bytes.starts_with(magic); };
  std::string ext;
  if (auto dot = name.rfind('.'); dot != std::string_view::npos)
    for (char c : name.substr(dot + 1)) ext += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts("RIFF") && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP") return "image/webp";
  if (starts("%PDF-")) return "application/pdf";
  if (starts(std::string_view("PK\x03\x04", 4))) {
    if (ext == "docx")
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == "pptx")
      return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    return std::nullopt;
  }
  if (starts(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))) {
    if (ext == "doc") return "application/msword";
    if (ext == "xls") return "application/vnd.ms-excel";
    if (ext == "ppt") return "application/vnd.ms-powerpoint";
  }
  return std::nullopt;
}

}  // namespace jiceng::domain
