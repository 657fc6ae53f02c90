#include "platform/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace jiceng {
namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kMinuteMs = 60'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string Format(int64_t ms, int64_t offset_ms, const char* suffix) {
  int64_t local = ms + offset_ms;
  int64_t secs = local >= 0 ? local / 1000 : (local - 999) / 1000;
  int millis = static_cast<int>(local - secs * 1000);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis, suffix);
  return buf;
}

bool ValidDate(int y, int m, int d) {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y, m);
}

}  // namespace

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// Howard Hinnant's algorithm.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t SystemClock::NowMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatShanghai(int64_t utc_ms) { return Format(utc_ms, kShanghaiOffsetMs, "+08:00"); }
std::string FormatUtc(int64_t utc_ms) { return Format(utc_ms, 0, "Z"); }

bool ParseIsoTime(const std::string& s, int64_t* out) {
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return false;
  if (!ValidDate(y, mo, d)) return false;
  int64_t offset_ms = kShanghaiOffsetMs;
  size_t pos = 10;
  int millis = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return false;
    int m = 0;
    if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &m) != 3 || m != 8)
      return false;
    if (h > 23 || mi > 59 || sec > 60) return false;
    pos += 9;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) millis = millis * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return false;
      for (int i = digits; i < 3; ++i) millis *= 10;
    }
    if (pos == s.size()) return false;  // a time without an offset is ambiguous
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      offset_ms = 0;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2 || oh > 14 || om > 59)
        return false;
      offset_ms = (oh * 3600 + om * 60) * 1000LL * (s[pos] == '-' ? -1 : 1);
    } else {
      return false;
    }
  }
  int64_t days = DaysFromCivil(y, mo, d);
  *out = ((days * 86400 + h * 3600 + mi * 60 + sec) * 1000 + millis) - offset_ms;
  return true;
}

int64_t ShanghaiDayOf(int64_t utc_ms) { return FloorDiv(utc_ms + kShanghaiOffsetMs, kDayMs); }

int ShanghaiMinuteOf(int64_t utc_ms) {
  int64_t local = utc_ms + kShanghaiOffsetMs;
  return static_cast<int>((local - FloorDiv(local, kDayMs) * kDayMs) / kMinuteMs);
}

int64_t UtcMsOfShanghai(int64_t day, int minute) {
  return day * kDayMs + minute * kMinuteMs - kShanghaiOffsetMs;
}

}  // namespace jiceng
