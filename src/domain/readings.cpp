#include "domain/readings.h"

namespace jiceng::domain {

Status ValidateReading(int64_t started_at_ms, int64_t seconds, int64_t now_ms) {
  if (seconds < 1 || seconds > kMaxReadingSeconds)
    return BadInput("seconds", "阅读时长须为 1–14400 秒 / seconds must be 1–14400 (4 hours)");
  if (started_at_ms + seconds * 1000 > now_ms + kReadingClockSkewMs)
    return BadInput("started_at", "阅读不能结束于将来 / a reading cannot end in the future");
  if (started_at_ms < now_ms - kReadingReportDays * 86'400'000)
    return BadInput("started_at",
                    "只能补报 30 天内的阅读 / readings older than 30 days cannot be reported");
  return {};
}

}  // namespace jiceng::domain
