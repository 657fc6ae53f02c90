// The one clock. Session expiry, lockouts and audit timestamps all read time through a
// Clock so that tests can move time forward without sleeping. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace jiceng {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
};

// A clock that only moves when told to. For tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void Advance(int64_t ms) { now_ms_ += ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

// ISO 8601 in Asia/Shanghai (UTC+8, no daylight saving since 1991), e.g.
// "2024-08-15T19:30:00.000+08:00". Storage is UTC; this is for display and export.
std::string FormatShanghai(int64_t utc_ms);
// ISO 8601 UTC, e.g. "2024-08-15T11:30:00.000Z".
std::string FormatUtc(int64_t utc_ms);
// Parses ISO 8601 with a "Z" or "+hh:mm" offset, or a bare date (taken as Shanghai
// midnight). Returns false on anything else.
bool ParseIsoTime(const std::string& text, int64_t* utc_ms);
// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
// Asia/Shanghai's offset from UTC: eight hours all year.
inline constexpr int64_t kShanghaiOffsetMs = 8 * 3600 * 1000;
// The Shanghai civil day (days since 1970-01-01) and minute of the day (0–1439) of a UTC
// instant, and the UTC instant of a Shanghai day and minute.
int64_t ShanghaiDayOf(int64_t utc_ms);
int ShanghaiMinuteOf(int64_t utc_ms);
int64_t UtcMsOfShanghai(int64_t day, int minute);
// The days of month `m` (1–12) of Gregorian year `y`.
int DaysInMonth(int y, int m);

}  // namespace jiceng
