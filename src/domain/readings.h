// Members' reading of study materials (学习记录): one session — what, when it began, how
// long — as reported by the reader's client while and after reading.
#pragma once

#include <cstdint>

#include "platform/error.h"

namespace jiceng::domain {

// Longest session counted: a reader who leaves a page open is not studying all night.
constexpr int64_t kMaxReadingSeconds = 4 * 3600;
// How far a client's clock may run ahead of the server's.
constexpr int64_t kReadingClockSkewMs = 5 * 60 * 1000;
// How late a session may be reported (an app that was offline): 30 days after it began.
constexpr int64_t kReadingReportDays = 30;

// A session starting at `started_at_ms` (UTC) lasting `seconds`, reported at `now_ms`:
// 1 ≤ seconds ≤ kMaxReadingSeconds, not ending in the future, not older than
// kReadingReportDays.
Status ValidateReading(int64_t started_at_ms, int64_t seconds, int64_t now_ms);

}  // namespace jiceng::domain
