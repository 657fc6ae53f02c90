#include "domain/centers.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "domain/meetings.h"
#include "domain/members.h"
#include "platform/clock.h"

namespace jiceng::domain::centers {
namespace {

constexpr int kEvening = 18 * 60;

tl::unexpected<Error> InvalidHours(const char* field, const std::string& why) {
  return Fail(ErrorKind::kBadInput, "invalid_hours", "开放时间有误：" + why + " / invalid hours",
              field);
}

// A code table: the enum's values in order, their codes.
template <class E, size_t N>
struct Codes {
  std::array<std::string_view, N> codes;
  std::optional<E> Parse(std::string_view code) const {
    for (size_t i = 0; i < N; ++i)
      if (codes[i] == code) return static_cast<E>(i);
    return std::nullopt;
  }
  std::string_view Code(E e) const { return codes.at(static_cast<size_t>(e)); }
  const std::vector<std::string_view>& All() const {
    static const std::vector<std::string_view> all(codes.begin(), codes.end());
    return all;
  }
};

constexpr Codes<Level, 6> kLevels{
    {"street", "community", "park", "market", "building", "service_point"}};
constexpr Codes<Category, 4> kCategories{{"party", "government", "public", "convenience"}};
constexpr Codes<Eligibility, 3> kEligibilities{{"anyone", "residents", "members"}};
constexpr Codes<PeriodKind, 3> kPeriodKinds{{"regular", "off_peak", "extended"}};

// Reads a non-negative integer at the front of `s`, advancing it.
bool TakeInt(std::string_view& s, int* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec != std::errc() || end == s.data() || *out < 0) return false;
  s.remove_prefix(static_cast<size_t>(end - s.data()));
  return true;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  if (s.empty()) return out;
  for (size_t at = 0;;) {
    size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string_view::npos ? next : next - at));
    if (next == std::string_view::npos) return out;
    at = next + 1;
  }
}

void AppendPeriods(std::string& out, const std::vector<Period>& periods) {
  for (size_t i = 0; i < periods.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(periods[i].start_min) + '-' + std::to_string(periods[i].end_min);
    if (periods[i].kind == PeriodKind::kOffPeak) out += 'o';
    if (periods[i].kind == PeriodKind::kExtended) out += 'e';
  }
}

std::optional<std::vector<Period>> ParsePeriods(std::string_view s) {
  std::vector<Period> out;
  for (auto part : Split(s, ',')) {
    Period p;
    if (!TakeInt(part, &p.start_min) || part.empty() || part.front() != '-') return std::nullopt;
    part.remove_prefix(1);
    if (!TakeInt(part, &p.end_min)) return std::nullopt;
    if (part == "o")
      p.kind = PeriodKind::kOffPeak;
    else if (part == "e")
      p.kind = PeriodKind::kExtended;
    else if (!part.empty())
      return std::nullopt;
    out.push_back(p);
  }
  return out;
}

}  // namespace

std::optional<Level> ParseLevel(std::string_view code) { return kLevels.Parse(code); }
std::string_view LevelCode(Level level) { return kLevels.Code(level); }
const std::vector<std::string_view>& LevelCodes() { return kLevels.All(); }
std::optional<Category> ParseCategory(std::string_view code) { return kCategories.Parse(code); }
std::string_view CategoryCode(Category category) { return kCategories.Code(category); }
const std::vector<std::string_view>& CategoryCodes() { return kCategories.All(); }
std::optional<Eligibility> ParseEligibility(std::string_view code) {
  return kEligibilities.Parse(code);
}
std::string_view EligibilityCode(Eligibility e) { return kEligibilities.Code(e); }
const std::vector<std::string_view>& EligibilityCodes() { return kEligibilities.All(); }
std::optional<PeriodKind> ParsePeriodKind(std::string_view code) {
  return kPeriodKinds.Parse(code);
}
std::string_view PeriodKindCode(PeriodKind kind) { return kPeriodKinds.Code(kind); }
const std::vector<std::string_view>& PeriodKindCodes() { return kPeriodKinds.All(); }

std::string DayText(int64_t day) { return ShanghaiDate(UtcMsOfShanghai(day, 0)); }

std::optional<int64_t> ParseDay(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !ParseDate(text, &y, &m, &d) || y < 1900 || y > 2999)
    return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string MinuteText(int minute) {
  const int h = minute / 60, m = minute % 60;
  return {static_cast<char>('0' + h / 10 % 10), static_cast<char>('0' + h % 10), ':',
          static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

std::optional<int> ParseMinute(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string EncodeWeek(const WeekPlan& week) {
  std::string out;
  for (int d = 0; d < 7; ++d) {
    if (d) out += '|';
    AppendPeriods(out, week[d]);
  }
  return out;
}

std::string EncodeRules(const std::vector<DayRule>& rules) {
  std::string out;
  for (const auto& r : rules) {
    if (!out.empty()) out += ';';
    out += DayText(r.day) + ':';
    switch (r.kind) {
      case DayKind::kClosed:
        out += 'c';
        break;
      case DayKind::kWorkday:
        out += 'w' + std::to_string(r.as_weekday);
        break;
      case DayKind::kHours:
        out += 'h';
        AppendPeriods(out, r.periods);
        break;
    }
  }
  return out;
}

Result<Calendar> DecodeCalendar(std::string_view week, std::string_view rules) {
  Calendar c;
  auto days = Split(week, '|');
  if (days.size() != 7) return InvalidHours("hours.week", "一周须有七天");
  for (int d = 0; d < 7; ++d) {
    auto periods = ParsePeriods(days[d]);
    if (!periods) return InvalidHours("hours.week", "时段格式有误");
    c.week[d] = std::move(*periods);
  }
  for (auto text : Split(rules, ';')) {
    DayRule r;
    auto day = ParseDay(text.substr(0, 10));
    if (!day || text.size() < 12 || text[10] != ':')
      return InvalidHours("hours.days", "日期格式有误");
    r.day = *day;
    auto rest = text.substr(11);
    char kind = rest.front();
    rest.remove_prefix(1);
    if (kind == 'c' && rest.empty()) {
      r.kind = DayKind::kClosed;
    } else if (kind == 'w' && TakeInt(rest, &r.as_weekday) && rest.empty()) {
      r.kind = DayKind::kWorkday;
    } else if (kind == 'h') {
      auto periods = ParsePeriods(rest);
      if (!periods) return InvalidHours("hours.days", "时段格式有误");
      r.kind = DayKind::kHours;
      r.periods = std::move(*periods);
    } else {
      return InvalidHours("hours.days", "日期规则有误");
    }
    c.rules.push_back(std::move(r));
  }
  JICENG_CHECK(ValidateCalendar(c));
  return c;
}

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

int SeatsWithLeave(int seats, int counters, int off) {
  if (counters <= 0 || off <= 0) return seats;
  if (off >= counters) return 0;
  return static_cast<int>(int64_t{seats} * (counters - off) / counters);
}

bool InQuietHours(int64_t utc_ms) {
  const int64_t minute = (utc_ms - UtcMsOfShanghai(ShanghaiDayOf(utc_ms), 0)) / 60'000;
  return minute >= kQuietFromMinute || minute < kQuietUntilMinute;
}

std::optional<int64_t> ReminderAt(int64_t created_at, int64_t start_at, int64_t lead_ms) {
  if (lead_ms <= 0) return std::nullopt;
  if (created_at <= start_at - lead_ms) return start_at - lead_ms;
  const int64_t late = std::min(lead_ms, kLateReminderMs);
  if (created_at <= start_at - late) return start_at - late;
  return std::nullopt;
}

}  // namespace jiceng::domain::centers
