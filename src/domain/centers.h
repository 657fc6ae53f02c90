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
#include <vector>

#include "platform/error.h"

namespace jiceng::domain::centers {

enum class PeriodKind { kRegular, kOffPeak, kExtended };

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

}  // namespace jiceng::domain::centers
