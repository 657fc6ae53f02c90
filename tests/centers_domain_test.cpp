// domain/centers.h: a service center's hours, day rules (holidays, 调休, special hours) and
// appointment slots, in Shanghai time.
#include <gtest/gtest.h>

#include "domain/centers.h"
#include "platform/clock.h"

namespace jiceng::domain::centers {
namespace {

constexpr int64_t kMon = 20794;  // 2026-12-07, a Monday
constexpr int64_t kWed = kMon + 2;
constexpr int64_t kSat = kMon + 5;
constexpr int64_t kSun = kMon + 6;
constexpr int64_t kThuOct1 = 20727;   // 2026-10-01, a Thursday
constexpr int64_t kSunSep20 = 20716;  // 2026-09-20, a Sunday

int64_t At(const char* iso) {
  int64_t ms = 0;
  EXPECT_TRUE(ParseIsoTime(iso, &ms)) << iso;
  return ms;
}

Period P(int h0, int m0, int h1, int m1, PeriodKind kind = PeriodKind::kRegular) {
  return {h0 * 60 + m0, h1 * 60 + m1, kind};
}

// A street center's week: weekdays 9–12 and 14–18 (the lunch break between), Wednesday
// evenings 18:30–20:30 (延时), Saturday mornings 9–12 (错时), closed on Sundays.
Calendar StreetCenter() {
  Calendar c;
  for (int d = 0; d < 5; ++d) c.week[d] = {P(9, 0, 12, 0), P(14, 0, 18, 0)};
  c.week[2].push_back(P(18, 30, 20, 30, PeriodKind::kExtended));
  c.week[5] = {P(9, 0, 12, 0, PeriodKind::kOffPeak)};
  return c;
}

TEST(CentersDomain, ShanghaiDaysAndMinutes) {
  EXPECT_EQ(WeekdayOf(kMon), 0);
  EXPECT_EQ(WeekdayOf(kSun), 6);
  EXPECT_EQ(WeekdayOf(0), 3);  // 1970-01-01, a Thursday
  EXPECT_EQ(WeekdayOf(-1), 2);
  EXPECT_EQ(DaysFromCivil(2026, 12, 7), kMon);
  // Shanghai's midnight is 16:00 UTC the day before.
  EXPECT_EQ(ShanghaiDayOf(At("2026-12-06T16:00:00Z")), kMon);
  EXPECT_EQ(ShanghaiMinuteOf(At("2026-12-06T16:00:00Z")), 0);
  EXPECT_EQ(ShanghaiDayOf(At("2026-12-06T15:59:59Z")), kMon - 1);
  EXPECT_EQ(ShanghaiMinuteOf(At("2026-12-06T15:59:59Z")), 1439);
  EXPECT_EQ(UtcMsOfShanghai(kMon, 10 * 60), At("2026-12-07T10:00:00+08:00"));
  // Before 1970 the day is still the floor.
  EXPECT_EQ(ShanghaiDayOf(-1), 0);
  EXPECT_EQ(ShanghaiDayOf(-8 * 3'600'000 - 1), -1);
  EXPECT_EQ(ShanghaiMinuteOf(-8 * 3'600'000 - 1), 1439);
}

TEST(CentersDomain, OpenWithinPeriodsNotInBreaksOrAfterHours) {
  Calendar c = StreetCenter();
  ASSERT_TRUE(ValidateCalendar(c));
  EXPECT_EQ(HoursOn(c, kMon).size(), 2u);
  EXPECT_EQ(HoursOn(c, kWed).size(), 3u);
  EXPECT_TRUE(HoursOn(c, kSun).empty());
  EXPECT_FALSE(OpenAt(c, At("2026-12-07T08:59:00+08:00")));
  EXPECT_TRUE(OpenAt(c, At("2026-12-07T09:00:00+08:00")));  // a period's start is open
  EXPECT_TRUE(OpenAt(c, At("2026-12-07T11:59:00+08:00")));
  EXPECT_FALSE(OpenAt(c, At("2026-12-07T12:00:00+08:00")));  // its end is not
  EXPECT_FALSE(OpenAt(c, At("2026-12-07T13:30:00+08:00")));  // the lunch break
  EXPECT_TRUE(OpenAt(c, At("2026-12-07T14:00:00+08:00")));
  EXPECT_FALSE(OpenAt(c, At("2026-12-07T19:00:00+08:00")));
  EXPECT_TRUE(OpenAt(c, At("2026-12-09T19:00:00+08:00")));  // Wednesday's 延时
  EXPECT_TRUE(OpenAt(c, At("2026-12-12T10:00:00+08:00")));  // Saturday's 错时
  EXPECT_FALSE(OpenAt(c, At("2026-12-13T10:00:00+08:00")));
  // 10:00 in Shanghai is 02:00 UTC: the instant, not the UTC clock face, decides.
  EXPECT_TRUE(OpenAt(c, At("2026-12-07T02:00:00Z")));
  EXPECT_FALSE(OpenAt(c, At("2026-12-07T10:00:00Z")));  // 18:00 in Shanghai
}

TEST(CentersDomain, DayRulesCloseOpenAsAWeekdayOrSetHoursAndTheLastWins) {
  Calendar c = StreetCenter();
  // The city's calendar: closed on a public holiday; a Sunday made a working day (调休)
  // keeps Monday's hours.
  c.rules.push_back({kThuOct1, DayKind::kClosed, 0, {}});
  c.rules.push_back({kSunSep20, DayKind::kWorkday, 0, {}});
  ASSERT_TRUE(ValidateCalendar(c));
  EXPECT_TRUE(HoursOn(c, kThuOct1).empty());
  EXPECT_FALSE(OpenAt(c, At("2026-10-01T10:00:00+08:00")));
  EXPECT_TRUE(OpenAt(c, At("2026-10-02T10:00:00+08:00")));  // the rule is for one day
  EXPECT_EQ(HoursOn(c, kSunSep20).size(), 2u);
  EXPECT_TRUE(OpenAt(c, At("2026-09-20T15:00:00+08:00")));
  // The center's own rule comes after the city's: it opens on the holiday morning.
  c.rules.push_back({kThuOct1, DayKind::kHours, 0, {P(9, 0, 12, 0, PeriodKind::kOffPeak)}});
  ASSERT_TRUE(ValidateCalendar(c));
  EXPECT_TRUE(OpenAt(c, At("2026-10-01T10:00:00+08:00")));
  EXPECT_FALSE(OpenAt(c, At("2026-10-01T15:00:00+08:00")));
}

TEST(CentersDomain, EveningAndWeekendFilters) {
  Calendar c = StreetCenter();
  EXPECT_TRUE(OpenInTheEvening(c, kWed));
  EXPECT_FALSE(OpenInTheEvening(c, kMon));  // closes at 18:00 sharp
  EXPECT_FALSE(OpenInTheEvening(c, kSat));
  EXPECT_TRUE(OpenAtTheWeekend(c, kMon));  // Saturday morning
  EXPECT_TRUE(OpenAtTheWeekend(c, kSat));
  EXPECT_FALSE(OpenAtTheWeekend(c, kSun));  // Sunday: only that Sunday is left
  c.rules.push_back({kSat, DayKind::kClosed, 0, {}});
  EXPECT_FALSE(OpenAtTheWeekend(c, kMon));
  EXPECT_TRUE(OpenAtTheWeekend(c, kMon + 7));  // next week's Saturday is open again
}

TEST(CentersDomain, SlotsFollowPeriodsNoticeBufferAndHorizon) {
  Calendar c = StreetCenter();
  SlotRules r;  // 30 min, no buffer, 1 seat, an hour's notice, 14 days
  r.seats = 3;
  int64_t at8 = At("2026-12-07T08:00:00+08:00");
  auto slots = SlotsOn(c, kMon, r, at8);
  ASSERT_EQ(slots.size(), 14u);  // 9:00–11:30 and 14:00–17:30, none over the lunch break
  EXPECT_EQ(slots[0].start_ms, At("2026-12-07T09:00:00+08:00"));  // exactly an hour ahead
  EXPECT_EQ(slots[0].end_ms, At("2026-12-07T09:30:00+08:00"));
  EXPECT_EQ(slots[0].capacity, 3);
  EXPECT_EQ(slots[5].start_ms, At("2026-12-07T11:30:00+08:00"));
  EXPECT_EQ(slots[6].start_ms, At("2026-12-07T14:00:00+08:00"));
  EXPECT_EQ(slots.back().start_ms, At("2026-12-07T17:30:00+08:00"));
  // At 09:10 the hour's notice leaves 10:30 as the first slot.
  auto later = SlotsOn(c, kMon, r, At("2026-12-07T09:10:00+08:00"));
  ASSERT_EQ(later.size(), 11u);
  EXPECT_EQ(later[0].start_ms, At("2026-12-07T10:30:00+08:00"));
  // A 10-minute buffer after each: 9:00, 9:40, 10:20, 11:00 (11:40 would end past noon).
  r.buffer_min = 10;
  auto buffered = SlotsOn(c, kMon, r, at8);
  EXPECT_EQ(buffered[3].start_ms, At("2026-12-07T11:00:00+08:00"));
  EXPECT_EQ(buffered[4].start_ms, At("2026-12-07T14:00:00+08:00"));
  r.buffer_min = 0;
  // Saturday's slots are off-peak; Sunday has none; nor has a day past the horizon, or one
  // gone by.
  auto saturday = SlotsOn(c, kSat, r, at8);
  ASSERT_EQ(saturday.size(), 6u);
  EXPECT_EQ(saturday[0].kind, PeriodKind::kOffPeak);
  EXPECT_TRUE(SlotsOn(c, kSun, r, at8).empty());
  EXPECT_EQ(SlotsOn(c, kMon + 14, r, at8).size(), 14u);
  EXPECT_TRUE(SlotsOn(c, kMon + 15, r, at8).empty());
  EXPECT_TRUE(SlotsOn(c, kMon - 1, r, at8).empty());
  r.horizon_days = 0;  // today only
  EXPECT_EQ(SlotsOn(c, kMon, r, at8).size(), 14u);
  EXPECT_TRUE(SlotsOn(c, kMon + 1, r, at8).empty());
  // A holiday closure has no slots.
  c.rules.push_back({kMon, DayKind::kClosed, 0, {}});
  EXPECT_TRUE(SlotsOn(c, kMon, r, at8).empty());
}

TEST(CentersDomain, BadHoursAndRulesAreRefusedWithTheirField) {
  auto code = [](const Status& s) { return s ? std::string() : s.error().code; };
  auto field = [](const Status& s) { return s ? std::string() : s.error().field; };
  EXPECT_TRUE(ValidatePeriods({}, "hours.mon"));  // closed all day
  EXPECT_TRUE(ValidatePeriods({P(0, 0, 24, 0)}, "hours.mon"));
  for (const auto& bad : std::vector<std::vector<Period>>{
           {P(9, 0, 9, 0)},                    // nothing
           {P(12, 0, 9, 0)},                   // backwards
           {{-10, 60}},                        // before midnight
           {{600, 1441}},                      // past 24:00
           {P(9, 0, 12, 0), P(11, 0, 14, 0)},  // overlapping
           {P(9, 0, 12, 0), P(12, 0, 14, 0)},  // touching: one period written twice
           {P(14, 0, 18, 0), P(9, 0, 12, 0)},  // out of order
       }) {
    auto s = ValidatePeriods(bad, "hours.tue");
    EXPECT_EQ(code(s), "invalid_hours");
    EXPECT_EQ(field(s), "hours.tue");
  }
  Calendar c = StreetCenter();
  c.week[6] = {P(9, 0, 12, 0), P(10, 0, 11, 0)};
  EXPECT_EQ(field(ValidateCalendar(c)), "hours.sun");
  c = StreetCenter();
  c.rules.push_back({kMon, DayKind::kWorkday, 7, {}});
  EXPECT_EQ(field(ValidateCalendar(c)), "rules.as_weekday");
  c = StreetCenter();
  c.rules.push_back({kMon, DayKind::kHours, 0, {}});
  EXPECT_EQ(field(ValidateCalendar(c)), "rules.periods");

  EXPECT_TRUE(ValidateSlotRules(SlotRules{}));
  auto with = [](auto set) {
    SlotRules r;
    set(r);
    return ValidateSlotRules(r);
  };
  EXPECT_EQ(field(with([](SlotRules& r) { r.slot_min = 4; })), "slot_min");
  EXPECT_EQ(field(with([](SlotRules& r) { r.slot_min = 481; })), "slot_min");
  EXPECT_EQ(field(with([](SlotRules& r) { r.buffer_min = -1; })), "buffer_min");
  EXPECT_EQ(field(with([](SlotRules& r) { r.seats = 0; })), "seats");
  EXPECT_EQ(field(with([](SlotRules& r) { r.seats = 501; })), "seats");
  EXPECT_EQ(field(with([](SlotRules& r) { r.min_notice_min = 10081; })), "min_notice_min");
  EXPECT_EQ(field(with([](SlotRules& r) { r.horizon_days = 91; })), "horizon_days");
  EXPECT_EQ(code(with([](SlotRules& r) { r.seats = 0; })), "invalid_slot_rules");
}

TEST(CentersDomain, NoReminderIsSentFromNineAtNightToEightInTheMorning) {
  // Monday 2027-03-01 in Shanghai is 2027-02-28T16:00Z.
  const int64_t midnight = 1'803'830'400'000, minute = 60'000;
  EXPECT_TRUE(InQuietHours(midnight));
  EXPECT_TRUE(InQuietHours(midnight + (8 * 60 - 1) * minute));  // 07:59
  EXPECT_FALSE(InQuietHours(midnight + 8 * 60 * minute));       // 08:00
  EXPECT_FALSE(InQuietHours(midnight + (21 * 60 - 1) * minute));
  EXPECT_TRUE(InQuietHours(midnight + 21 * 60 * minute));  // 21:00
}

TEST(CentersDomain, AReminderGoesTheDayBeforeOrTwoHoursBeforeForALateBooking) {
  constexpr int64_t h = 3'600'000;
  const int64_t start = 100 * h;
  // Booked days ahead: 24 hours before the start.
  EXPECT_EQ(ReminderAt(start - 72 * h, start, 24 * h), start - 24 * h);
  EXPECT_EQ(ReminderAt(start - 24 * h, start, 24 * h), start - 24 * h);  // on the edge
  // Booked inside the day before: two hours before the start …
  EXPECT_EQ(ReminderAt(start - 24 * h + 1, start, 24 * h), start - 2 * h);
  EXPECT_EQ(ReminderAt(start - 2 * h, start, 24 * h), start - 2 * h);
  // … unless that is already past: the confirmation is fresh, no reminder.
  EXPECT_EQ(ReminderAt(start - 2 * h + 1, start, 24 * h), std::nullopt);
  // A lead shorter than two hours is the only one; 0 turns reminders off.
  EXPECT_EQ(ReminderAt(start - 5 * h, start, h), start - h);
  EXPECT_EQ(ReminderAt(start - h + 1, start, h), std::nullopt);
  EXPECT_EQ(ReminderAt(start - 72 * h, start, 0), std::nullopt);
}

}  // namespace
}  // namespace jiceng::domain::centers
