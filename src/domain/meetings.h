// Organizational life (组织生活): the meeting types of 三会一课 and their required rhythm,
// which organizations hold which, the record's states, the first-agenda-item (第一议题)
// rule, calendar periods in Asia/Shanghai time, and what a period requires.
//
// Defaults follow the 2018 branch-work regulations (《中国共产党支部工作条例（试行）》):
// branch member meetings quarterly, branch committee and group meetings monthly, a party
// lecture every quarter (local rule), a themed party day monthly, the organizational-life
// meeting and the democratic appraisal of members yearly; committees of higher-level
// organizations meet monthly and hold the leadership's democratic life meeting (民主生活会)
// yearly. A branch sets up a committee only with 7+ full members.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain {

enum class MeetingType {
  kMemberMeeting,     // 支部党员大会
  kCommitteeMeeting,  // 支委会
  kGroupMeeting,      // 党小组会
  kLecture,           // 党课
  kThemeDay,          // 主题党日
  kLifeMeeting,       // 组织生活会
  kAppraisal,         // 民主评议党员
  kPartyCommittee,    // 党委会 / 党组会
  kDemocraticLife,    // 民主生活会 (of a party committee's leadership)
};
enum class Frequency { kMonthly, kQuarterly, kYearly };
enum class MeetingState { kPlanned, kHeld, kRecorded, kConfirmed };
// kAttending (列席): a person in the recruitment pipeline who is not yet a party member
// attends without being counted — see MayAttendAs.
enum class Attendance { kPresent, kExcused, kAbsent, kAttending };

std::optional<MeetingType> ParseMeetingType(std::string_view code);
std::string_view MeetingTypeCode(MeetingType t);
std::string_view MeetingTypeName(MeetingType t);  // zh-CN
const std::vector<MeetingType>& AllMeetingTypes();
std::optional<Frequency> ParseFrequency(std::string_view code);
std::string_view FrequencyCode(Frequency f);
std::optional<MeetingState> ParseMeetingState(std::string_view code);
std::string_view MeetingStateCode(MeetingState s);
std::optional<Attendance> ParseAttendance(std::string_view code);
std::string_view AttendanceCode(Attendance a);

// May a person of member status `member_status` be on a meeting's attendance list as
// `a`? Applicants, activists and candidates (入党申请人、入党积极分子、发展对象) are not party
// members: they attend as 列席 only and are never present, excused or absent. The member
// meeting is the party members' own (《中国共产党支部工作条例（试行）》第四章: "党支部党员大会是
// 党支部的议事决策机构，由全体党员参加"), while activists are educated by joining it as guests
// (《中国共产党发展党员工作细则》第二章: "采取吸收入党积极分子听党课、参加党内有关活动…等方法，
// 对他们进行培养教育"). Everyone else — probationary and full members, and people whose
// record has ended — is counted (present, excused or absent) and never 列席.
bool MayAttendAs(std::string_view member_status, Attendance a);

// Full members from which a branch must have a committee (and so hold committee meetings):
// 《中国共产党支部工作条例（试行）》第六章 — "有正式党员7人以上的党支部，应当设立党支部委员会；
// 正式党员不足7人的党支部，设1名书记，必要时可以设1名副书记". Compliance counts the full
// members a branch had in each period (see service/meeting_rhythm.h, Rhythm), not today's.
constexpr int64_t kMembersForBranchCommittee = 7;

// A required rhythm: organizations of `org_kind` hold `type` once per `frequency`, when
// they have at least `min_full_members` full members.
struct MeetingRule {
  std::string org_kind;
  MeetingType type;
  Frequency frequency;
  int64_t min_full_members = 0;
};
// The national defaults (the store's meeting_rules table starts from these).
const std::vector<MeetingRule>& DefaultMeetingRules();
// May an organization of `org_kind` hold meetings of `type` at all? (Groups hold group
// meetings; branches the branch types; higher levels their committee meetings and the
// leadership's democratic life meeting. The organizational-life meeting and party lectures
// are held at every level.)
bool MayHold(std::string_view org_kind, MeetingType type);
// Does the first-agenda-item rule apply to `type` (a study item must open the meeting)?
bool NeedsFirstTopic(MeetingType type);

// Attachments of a meeting record: photos, PDFs and office files, told by their first
// bytes (never by the client's word): JPEG, PNG, WebP, PDF, Office Open XML (.docx, .xlsx,
// .pptx: a ZIP, named so) and legacy Office (.doc, .xls, .ppt). The content type, or
// nullopt for anything else.
std::optional<std::string_view> AttachmentType(std::string_view bytes, std::string_view name);
constexpr size_t kMaxAttachmentBytes = 20 * 1024 * 1024;
constexpr size_t kMaxAttachments = 30;  // per meeting

// A calendar period in Asia/Shanghai time: "2024" (year), "2024Q3" (quarter), "2024-07"
// (month). Dates are local "YYYY-MM-DD"; `to` is exclusive.
struct Period {
  std::string label;
  std::string from;
  std::string to;
};
Result<Period> ParsePeriod(std::string_view text);
// The period of `frequency` containing local `date`.
Period PeriodOf(Frequency frequency, const std::string& date);
// The periods of `frequency` that end inside `p` (whose due date falls in it), in order.
std::vector<Period> DuePeriods(Frequency frequency, const Period& p);

// The local (Asia/Shanghai) date of a UTC instant, "YYYY-MM-DD".
std::string ShanghaiDate(int64_t utc_ms);

}  // namespace jiceng::domain
