// Party-mass service centers (党群服务中心, issue 15): opening hours and appointment slots.
// Pure functions.
//
// Time is Shanghai's (UTC+8, no daylight saving since 1991). A day is a Shanghai civil
// date, counted as days since 1970-01-01 (DaysFromCivil); a time of day is minutes since
// its midnight, 0–1440.
//
// A center's hours are a week's plan — each day's periods in order, the gaps between them
// its breaks — with periods marked as off-peak (错时: when working people are free, e.g.
// weekend mornings) or extended (延时: evenings). Day rules override the plan for one date:
// closed (a public holiday, the center's own closure), a working day (调休: a weekend day
// the State Council's holiday arrangement makes a working day, kept with the hours of a
// named weekday), or special hours. Rules are read in order and the last for a date wins,
// so a center's own rules go after the city's calendar.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain::centers {

// A center's place in the network (the city's figures: a center in every street and
// community, more in parks, markets and office buildings, service points in villages).
enum class Level { kStreet, kCommunity, kPark, kMarket, kBuilding, kServicePoint };
// The catalog's four kinds of service (党务 / 政务 / 公共服务 / 便民服务).
enum class Category { kParty, kGovernment, kPublic, kConvenience };
// Who may book a service: anyone with an account, residents whose residence is verified,
// or party members (an account linked to a member record).
enum class Eligibility { kAnyone, kResidents, kMembers };

std::optional<Level> ParseLevel(std::string_view code);
std::string_view LevelCode(Level level);  // "street", "community", … "service_point"
const std::vector<std::string_view>& LevelCodes();
std::optional<Category> ParseCategory(std::string_view code);
std::string_view CategoryCode(Category category);  // "party", "government", …
const std::vector<std::string_view>& CategoryCodes();
std::optional<Eligibility> ParseEligibility(std::string_view code);
std::string_view EligibilityCode(Eligibility eligibility);  // "anyone", "residents", "members"
const std::vector<std::string_view>& EligibilityCodes();

enum class PeriodKind { kRegular, kOffPeak, kExtended };
std::optional<PeriodKind> ParsePeriodKind(std::string_view code);
std::string_view PeriodKindCode(PeriodKind kind);  // "regular", "off_peak", "extended"
const std::vector<std::string_view>& PeriodKindCodes();

struct Period {
  int start_min = 0;  // inclusive
  int end_min = 0;    // exclusive
  PeriodKind kind = PeriodKind::kRegular;
};

// Monday = 0 … Sunday = 6.
using WeekPlan = std::array<std::vector<Period>, 7>;

enum class DayKind { kClosed, kWorkday, kHours };

struct DayRule {
  int64_t day = 0;
  DayKind kind = DayKind::kClosed;
  int as_weekday = 0;           // kWorkday: whose hours the day keeps (0 = Monday)
  std::vector<Period> periods;  // kHours
};

struct Calendar {
  WeekPlan week;
  std::vector<DayRule> rules;
};

// Booking rules of one service at one center.
struct SlotRules {
  int slot_min = 30;        // length of an appointment
  int buffer_min = 0;       // after each, before the next
  int seats = 1;            // people served at once
  int min_notice_min = 60;  // how long before its start a slot can still be booked
  int horizon_days = 14;    // how far ahead (0 = today only)
};

struct Slot {
  int64_t start_ms = 0;  // UTC
  int64_t end_ms = 0;
  int capacity = 0;
  PeriodKind kind = PeriodKind::kRegular;
};

// A day's periods: each within 0–1440, longer than nothing, in order and apart (a break of
// at least a minute; touching periods are one period). 400 `invalid_hours` with `field`.
Status ValidatePeriods(const std::vector<Period>& periods, const char* field);
Status ValidateCalendar(const Calendar& calendar);
// 400 `invalid_slot_rules` unless 5 ≤ slot ≤ 480 min, 0 ≤ buffer ≤ 120, 1 ≤ seats ≤ 500,
// 0 ≤ notice ≤ 10080 (a week), 0 ≤ horizon ≤ 90 days.
Status ValidateSlotRules(const SlotRules& rules);

// 0 = Monday … 6 = Sunday. (Shanghai days and minutes: platform/clock.h.)
int WeekdayOf(int64_t day);
// "YYYY-MM-DD" of a day, and back (nullopt unless a real date of years 1900–2999).
std::string DayText(int64_t day);
std::optional<int64_t> ParseDay(std::string_view text);
// "HH:MM" of a minute of the day (1440 is "24:00"), and back (nullopt unless 00:00–24:00).
std::string MinuteText(int minute);
std::optional<int> ParseMinute(std::string_view text);

// The calendar as stored (one text column each, readable in a database shell):
//  - the week: seven days, Monday first, separated by '|'; a day's periods separated by
//    ','; a period "540-720" in minutes, suffixed 'o' when off-peak or 'e' when extended:
//    "540-720,840-1080|…|600-720o|";
//  - the rules, separated by ';': "2026-10-01:c" (closed), "2026-10-10:w0" (working day
//    with Monday's hours), "2026-12-24:h540-720,780-1020e" (special hours).
// Decoding checks the syntax and ValidateCalendar; 400 `invalid_hours` otherwise.
std::string EncodeWeek(const WeekPlan& week);
std::string EncodeRules(const std::vector<DayRule>& rules);
Result<Calendar> DecodeCalendar(std::string_view week, std::string_view rules);

// The periods a center is open on `day`, after the day rules.
std::vector<Period> HoursOn(const Calendar& calendar, int64_t day);
// Whether it is open at the instant (a period's start is open, its end is not).
bool OpenAt(const Calendar& calendar, int64_t utc_ms);
// Whether it is open at or after 18:00 on `day` ("open this evening").
bool OpenInTheEvening(const Calendar& calendar, int64_t day);
// Whether it opens on the coming weekend ("open at the weekend"): the Saturday or Sunday of
// `day`'s week, from `day` on (on a Sunday, that Sunday).
bool OpenAtTheWeekend(const Calendar& calendar, int64_t day);

// The slots of `day`: each period is cut into slots of `slot_min` (with `buffer_min`
// between), none running past the period's end; slots starting within `min_notice_min` of
// `now_ms`, or on a day beyond `horizon_days` from today, are not offered.
std::vector<Slot> SlotsOn(const Calendar& calendar, int64_t day, const SlotRules& rules,
                          int64_t now_ms);

// Seats a slot offers on a day with `off` of the center's `counters` windows unstaffed
// (leave, training): the seats in proportion to the windows open, rounded down; 0 when
// every window is closed.
int SeatsWithLeave(int seats, int counters, int off);

// Appointments a person may hold at once (booked and not yet begun), across all centers:
// enough for a family's errands, too few to hoard a center's seats.
inline constexpr int kMaxUpcomingBookings = 3;
// A booking may be cancelled or moved until its start; after it, it is a visit or a
// no-show.
inline constexpr int64_t kNoShowGraceMs = 30 * 60'000;  // after the end, before "no-show"

// A booking's reminder (one text message): `lead_ms` before its start (the day before, by
// default), or — for a booking made after that point — kLateReminderMs before the start;
// a booking made later than that gets none (its confirmation is minutes old). nullopt:
// no reminder (also when `lead_ms` is 0: reminders are off).
inline constexpr int64_t kLateReminderMs = 2 * 3'600'000;
std::optional<int64_t> ReminderAt(int64_t created_at, int64_t start_at, int64_t lead_ms);
// No reminder is sent from 21:00 to 08:00 Shanghai time: one due then goes out at 08:00 (if
// its booking has not begun), as people expect of a service's text messages at night.
inline constexpr int kQuietFromMinute = 21 * 60, kQuietUntilMinute = 8 * 60;
bool InQuietHours(int64_t utc_ms);

}  // namespace jiceng::domain::centers
