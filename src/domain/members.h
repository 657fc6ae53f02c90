// The development pipeline of party members (发展党员), as the Party Constitution and the
// 2014 detailed rules on recruiting members set it out. Pure functions over dated stages;
// dates are Shanghai calendar days "YYYY-MM-DD".
//
//   applicant ──▶ activist ──(≥ 1 year of cultivation)──▶ candidate ──▶ probationary
//   probationary ──(1 year, or once extended by 6–12 months)──▶ full
//   full ──▶ transferred_out | expelled | withdrawn        any stage ──▶ deceased
//   probationary ──▶ probation_cancelled (取消预备党员资格; never "expelled": 党章 art. 7,
//                    细则 art. 32) | transferred_out
//   applicant/activist/candidate/probationary ──▶ withdrawn (leaves the pipeline)
//
// Registering a person at a stage (the API, imports, demo data) applies the same date rules
// as moving along the pipeline: see Register.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain {

enum class MemberStatus {
  kApplicant,           // 入党申请人
  kActivist,            // 入党积极分子
  kCandidate,           // 发展对象
  kProbationary,        // 预备党员
  kFull,                // 正式党员
  kTransferredOut,      // 组织关系已转出
  kDeceased,            // 去世
  kExpelled,            // 开除党籍
  kWithdrawn,           // 出党、退党或退出发展程序
  kProbationCancelled,  // 取消预备党员资格 (党章 art. 7; 细则 art. 32): not a discipline
};

std::optional<MemberStatus> ParseMemberStatus(std::string_view code);
std::string_view MemberStatusCode(MemberStatus s);
std::string_view MemberStatusName(MemberStatus s);  // zh-CN, as on the import template
// 申请人/积极分子/发展对象/预备党员/正式党员 (the import template's 人员类别) → status.
std::optional<MemberStatus> MemberStatusFromTemplateName(std::string_view name);
bool IsMember(MemberStatus s);  // probationary or full: counted as party members
// Every status code, in declaration order (for the OpenAPI enums).
std::vector<std::string_view> MemberStatusCodes();
// The statuses a person may be registered with: the pipeline's stages and full members.
bool IsRegistrable(MemberStatus s);
std::vector<std::string_view> RegistrableStatusCodes();

struct Pipeline {
  MemberStatus status = MemberStatus::kApplicant;
  std::string birth_date;
  std::string applied_on, activist_on, candidate_on, joined_on, full_on, left_on;
  std::string probation_ends_on;  // joined_on + 1 year, later if extended
  bool probation_extended = false;
};

// Starts the pipeline: at least 18 years old on the day of application (Constitution art. 1).
Result<Pipeline> Apply(const std::string& birth_date, const std::string& applied_on,
                       const std::string& today);
// Moves to `to` on day `on`. 422 `illegal_transition` (with the reason) for a jump the
// rules do not allow, a date before the previous stage, in the future, or too early.
Result<Pipeline> Advance(const Pipeline& p, MemberStatus to, const std::string& on,
                         const std::string& today);
// Extends probation once, by 6 to 12 months.
Result<Pipeline> ExtendProbation(const Pipeline& p, int months);

// A person registered at a stage of the pipeline, with the dates of the stages passed.
struct Registration {
  MemberStatus status = MemberStatus::kApplicant;
  std::string birth_date;
  std::string applied_on, activist_on, candidate_on, joined_on, full_on;
};
// The pipeline as Advance would have left it had the person gone through it on those dates;
// the error names the offending field. The rules are Advance's:
// - a person still in the pipeline (applicant to probationary) carries the date of every
//   stage passed, so that every step can be checked; a full member carries joined_on at
//   least (the earlier dates of members of long standing are often unknown), and the
//   earlier dates given are checked all the same;
// - dates in stage order, none in the future, 18 years old at the first (党章 art. 1);
// - a year or more as an activist before candidacy (细则 art. 13);
// - full membership from the day probation ends: one year after joining, or 6–12 months
//   later when probation was extended (党章 art. 7; 细则 art. 32, 34), not after today.
Result<Pipeline> Register(const Registration& r, const std::string& today);

// A calendar date "YYYY-MM-DD" (four digits, two, two; a real day of years 1–9999).
bool ParseDate(std::string_view date, int* y, int* m, int* d);
// Calendar arithmetic: 29 February plus one year is 28 February. "" when `date` is not a
// date (see ParseDate) or the result falls outside years 1–9999 — never a made-up date.
std::string AddYears(const std::string& date, int years);
std::string AddMonths(const std::string& date, int months);

}  // namespace jiceng::domain
