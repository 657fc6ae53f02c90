// Booking reminders: one text message per booking before its start (service/center_service.h).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "domain/centers.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "service/center_internal.h"
#include "service/center_service.h"
#include "service/resident_service.h"
#include "service/sms_sender.h"
#include "store/center_repo.h"
#include "store/db.h"

namespace jiceng::centers {

namespace dc = domain::centers;

std::string ReminderText(const store::BookingRecord& b, const std::string& address,
                         const std::string& materials) {
  // "2027-03-02T09:00:00.000+08:00" → 3月2日（周二）09:00.
  static constexpr const char* kWeekdays[] = {"一", "二", "三", "四", "五", "六", "日"};
  const std::string at = FormatShanghai(b.start_at);
  const int month = std::stoi(at.substr(5, 2)), day = std::stoi(at.substr(8, 2));
  // Day 0 of the epoch, 1970-01-01, was a Thursday (index 3 from Monday).
  const int64_t days = ShanghaiDayOf(b.start_at);
  const char* weekday = kWeekdays[((days % 7) + 7 + 3) % 7];
  std::string bring;
  size_t from = 0;
  while (from <= materials.size()) {
    size_t end = materials.find('\n', from);
    if (end == std::string::npos) end = materials.size();
    std::string item = materials.substr(from, end - from);
    if (!item.empty()) bring += (bring.empty() ? "" : "、") + item;
    from = end + 1;
  }
  std::string text = "【基层】预约提醒：您预约了" + b.center_name + "的“" + b.service_name +
                     "”，时间" + std::to_string(month) + "月" + std::to_string(day) + "日（周" +
                     weekday + "）" + at.substr(11, 5);
  if (!address.empty()) text += "，地址：" + address;
  if (!bring.empty()) text += "。请携带：" + bring;
  text += "。如不能前往，请在“我的预约”中取消。";
  return text;
}

ReminderRun SendReminders(const Context& ctx, int64_t limit, std::stop_token stop) {
  ReminderRun run;
  const int64_t lead = int64_t{ctx.config.reminder_hours} * 3'600'000;
  if (lead <= 0) return run;
  const int64_t late = std::min(lead, dc::kLateReminderMs);
  const int64_t now = ctx.clock.NowMs();
  if (dc::InQuietHours(now)) return run;  // they wait for 08:00
  std::vector<store::BookingRecord> due;
  ctx.db.Read(
      [&](store::Tx& tx) { due = store::CenterRepository::ToRemind(tx, now, lead, late, limit); });
  auto sender = sms::SenderOf(ctx);
  auto dir = DirectoryOf(ctx);
  for (const auto& b : due) {
    if (stop.stop_requested()) break;  // the server is stopping: the rest wait for the next
    // The sweep's SQL mirrors the domain's rule; the rule has the last word.
    const auto at = dc::ReminderAt(b.created_at, b.start_at, lead);
    if (!at || *at > now) {
      spdlog::error("reminders: booking {} read as due but is not (the rule and the SQL differ)",
                    b.id);
      continue;
    }
    // The number read and the reminder claimed in one transaction (as read: a booking moved
    // meanwhile is not claimed); sent after it commits. Without a number the claim says so
    // (reminded_at 0), and the booking is not read again.
    std::optional<std::string> phone;
    std::string materials;
    bool claimed = false;
    auto status = ctx.db.Write([&](store::Tx& tx) -> Status {
      JICENG_TRY(mobile, residents::ProvenMobile(ctx, tx, b.user_id));
      phone = mobile;
      claimed = store::CenterRepository::ClaimReminder(tx, b.id, b.start_at, phone ? now : 0);
      if (auto s = store::CenterRepository::FindService(tx, b.service_id)) materials = s->materials;
      return {};
    });
    if (!status) {
      ++run.failed;  // e.g. no personal-data key: nothing was claimed
      spdlog::error("reminders: booking {}: {}", b.id, status.error().message);
      continue;
    }
    if (!claimed) continue;  // another server sent it, or it was moved or cancelled meanwhile
    if (!phone) {
      ++run.skipped;
      continue;
    }
    const auto* entry = dir->Find(b.center_id);
    const std::string address = entry ? entry->center.address : std::string();
    sms::Message message{*phone,
                         "booking_reminder",
                         {{"booking_id", std::to_string(b.id)},
                          {"center", b.center_name},
                          {"service", b.service_name},
                          {"start", FormatShanghai(b.start_at)}},
                         ReminderText(b, address, materials)};
    if (auto sent = sender->Send(message); sent) {
      ++run.sent;
      continue;
    }
    // Released for the next run, a try counted (three, and it is left alone).
    ++run.failed;
    ctx.db.Write([&](store::Tx& tx) -> Status {
      store::CenterRepository::ReleaseReminder(tx, b.id, now);
      return {};
    });
  }
  if (run.sent || run.failed || run.skipped)
    spdlog::info(
        "reminders: {} sent, {} failed (tried again later, three times at most), {} "
        "without a number",
        run.sent, run.failed, run.skipped);
  return run;
}

}  // namespace jiceng::centers
