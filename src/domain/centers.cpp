#include "domain/centers.h"

#include <algorithm>
#include <string>

#include "platform/clock.h"

namespace jiceng::domain::centers {
namespace {

constexpr int kEvening = 18 * 60;

tl::unexpected<Error> InvalidHours(const char* field, const std::string& why) {
  return Fail(ErrorKind::kBadInput, "invalid_hours", "开放时间有误：" + why + " / invalid hours",
              field);
}

}  // namespace

Status ValidatePeriods(const std::vector<Period>& periods, const char* field) {
  int last_end = -1;
  for (const auto& p : periods) {
    if (p.start_min < 0 || p.end_min > 1440)
      return InvalidHours(field, "时间须在 00:00 至 24:00 之间");
    if (p.end_min <= p.start_min) return InvalidHours(field, "结束须晚于开始");
    // Touching periods (12:00–12:00) are one period written twice; a break lasts a minute.
    if (p.start_min <= last_end) return InvalidHours(field, "时段须按时间先后排列且互不重叠");
    last_end = p.end_min;
  }
  return {};
}

Status ValidateCalendar(const Calendar& calendar) {
  static constexpr const char* kDays[7] = {"hours.mon", "hours.tue", "hours.wed", "hours.thu",
                                           "hours.fri", "hours.sat", "hours.sun"};
  for (int d = 0; d < 7; ++d)
    if (auto s = ValidatePeriods(calendar.week[d], kDays[d]); !s) return s;
  for (const auto& r : calendar.rules) {
    if (r.kind == DayKind::kWorkday && (r.as_weekday < 0 || r.as_weekday > 6))
      return InvalidHours("rules.as_weekday", "调休须指定按星期几开放");
    if (r.kind == DayKind::kHours) {
      if (r.periods.empty()) return InvalidHours("rules.periods", "特别开放日须有时段");
      if (auto s = ValidatePeriods(r.periods, "rules.periods"); !s) return s;
    }
  }
  return {};
}

Status ValidateSlotRules(const SlotRules& r) {
  auto bad = [](const char* field, const char* why) {
    return Fail(ErrorKind::kBadInput, "invalid_slot_rules",
                std::string("预约规则有误：") + why + " / invalid booking rules", field);
  };
  if (r.slot_min < 5 || r.slot_min > 480) return bad("slot_min", "每次时长须在 5 至 480 分钟之间");
  if (r.buffer_min < 0 || r.buffer_min > 120)
    return bad("buffer_min", "间隔须在 0 至 120 分钟之间");
  if (r.seats < 1 || r.seats > 500) return bad("seats", "每时段名额须在 1 至 500 之间");
  if (r.min_notice_min < 0 || r.min_notice_min > 10080)
    return bad("min_notice_min", "提前预约时间须在 0 至 10080 分钟之间");
  if (r.horizon_days < 0 || r.horizon_days > 90)
    return bad("horizon_days", "可预约天数须在 0 至 90 天之间");
  return {};
}

int WeekdayOf(int64_t day) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  return static_cast<int>(((day % 7) + 7 + 3) % 7);
}

std::vector<Period> HoursOn(const Calendar& calendar, int64_t day) {
  for (auto it = calendar.rules.rbegin(); it != calendar.rules.rend(); ++it) {
    if (it->day != day) continue;
    switch (it->kind) {
      case DayKind::kClosed:
        return {};
      case DayKind::kWorkday:
        return calendar.week[it->as_weekday];
      case DayKind::kHours:
        return it->periods;
    }
  }
  return calendar.week[WeekdayOf(day)];
}

bool OpenAt(const Calendar& calendar, int64_t utc_ms) {
  int minute = ShanghaiMinuteOf(utc_ms);
  for (const auto& p : HoursOn(calendar, ShanghaiDayOf(utc_ms)))
    if (minute >= p.start_min && minute < p.end_min) return true;
  return false;
}

bool OpenInTheEvening(const Calendar& calendar, int64_t day) {
  for (const auto& p : HoursOn(calendar, day))
    if (p.end_min > kEvening) return true;
  return false;
}

bool OpenAtTheWeekend(const Calendar& calendar, int64_t day) {
  int64_t saturday = day - WeekdayOf(day) + 5;  // of `day`'s week (Monday = 0)
  for (int64_t d = std::max(day, saturday); d <= saturday + 1; ++d)
    if (!HoursOn(calendar, d).empty()) return true;
  return false;
}

std::vector<Slot> SlotsOn(const Calendar& calendar, int64_t day, const SlotRules& rules,
                          int64_t now_ms) {
  std::vector<Slot> out;
  int64_t today = ShanghaiDayOf(now_ms);
  if (day < today || day > today + rules.horizon_days || rules.slot_min <= 0) return out;
  int64_t earliest = now_ms + rules.min_notice_min * int64_t{60'000};
  int step = rules.slot_min + rules.buffer_min;
  for (const auto& p : HoursOn(calendar, day)) {
    for (int start = p.start_min; start + rules.slot_min <= p.end_min; start += step) {
      int64_t start_ms = UtcMsOfShanghai(day, start);
      if (start_ms < earliest) continue;
      out.push_back({start_ms, UtcMsOfShanghai(day, start + rules.slot_min), rules.seats, p.kind});
    }
  }
  return out;
}

}  // namespace jiceng::domain::centers
