// Residents' bookings at service centers (center_service.h): book, cancel, move, check in,
// and the lists; the seat is taken by one conditional update in the booking's transaction
// (store/center_repo.h, TakeSeat).
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "index/facts.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/center_internal.h"
#include "service/facts_service.h"
#include "service/org_service.h"
#include "store/resident_repo.h"

namespace jiceng::centers {

namespace dc = domain::centers;
using internal::CenterToManage;
using internal::JsonQuote;
using internal::kBookings;
using internal::kNoShows;
using internal::kVisits;
using internal::Measure;
using internal::MonthOf;
using internal::SeatsOn;

namespace {

constexpr int64_t kCheckInEarlyMs = 30 * 60'000;

// Who may book a service (the catalog's `eligibility`): anyone with an account; party
// members (an account linked to a member record); or residents of the city, that is a
// resident whose stated community its staff have verified (已核实), or a member.
Status CheckEligible(store::Tx& tx, const domain::Principal& who, const store::ServiceRecord& s) {
  auto e = dc::ParseEligibility(s.eligibility).value_or(dc::Eligibility::kAnyone);
  if (e == dc::Eligibility::kMembers && !who.member_id)
    return Fail(ErrorKind::kForbidden, "not_eligible",
                "该服务仅面向党员（账号须关联党员档案）/ this service is for party members only");
  if (e == dc::Eligibility::kResidents && !who.member_id) {
    auto resident = store::ResidentRepository::FindByUser(tx, who.user_id);
    if (!resident || resident->status != "verified")
      return Fail(ErrorKind::kForbidden, "not_eligible",
                  "该服务仅面向居住地已核实的居民（请在“我的”中填写所住社区，待社区核实）/ "
                  "this service is for residents whose community has been verified");
  }
  return {};
}

// Whether `start_at` is a slot of the center's calendar for the offering now.
std::optional<dc::Slot> SlotAt(const Entry& e, const store::OfferingRecord& o, int64_t start_at,
                               int64_t now) {
  dc::SlotRules rules{static_cast<int>(o.slot_min), static_cast<int>(o.buffer_min),
                      static_cast<int>(o.seats), static_cast<int>(o.min_notice_min),
                      static_cast<int>(o.horizon_days)};
  for (const auto& s : dc::SlotsOn(e.calendar, ShanghaiDayOf(start_at), rules, now))
    if (s.start_ms == start_at) return s;
  return std::nullopt;
}

tl::unexpected<Error> NotASlot() {
  return Fail(ErrorKind::kRuleBroken, "not_a_slot",
              "该时段不可预约（未开放、已过或超出可预约范围）/ no bookable slot starts then",
              "start");
}

tl::unexpected<Error> BookingNotFound() { return NotFound("预约不存在 / booking not found"); }

// A booking that changed between its read and its update (a second tap, a race with a move
// or a check-in): the change is refused and rolled back.
tl::unexpected<Error> BookingChanged() {
  return Fail(ErrorKind::kConflict, "version_conflict",
              "预约刚刚已有变化，请刷新 / the booking changed meanwhile; reload it");
}

}  // namespace

Result<store::BookingRecord> Book(const Context& ctx, const Actor& actor, const BookingInput& in) {
  const auto& who = *actor.principal;
  JICENG_CHECK(ValidateText(in.note, "note", 200, false));
  auto dir = DirectoryOf(ctx);
  const auto* e = dir->Find(in.center_id);
  if (!e || e->center.closed)
    return Fail(ErrorKind::kNotFound, "not_found", "服务中心不存在 / center not found",
                "center_id");
  const int64_t now = ctx.clock.NowMs();
  store::RetryPolicy retry;
  retry.attempts = 5;
  return ctx.db.Write(
      [&](store::Tx& tx) -> Result<store::BookingRecord> {
        auto o = store::CenterRepository::FindOffering(tx, in.center_id, in.service_id);
        auto s = store::CenterRepository::FindService(tx, in.service_id);
        if (!o || !s)
          return Fail(ErrorKind::kNotFound, "not_found",
                      "该中心不提供此服务 / the center does not offer this service", "service_id");
        if (!o->appointment)
          return Fail(ErrorKind::kRuleBroken, "walk_in_service",
                      "此服务无需预约，开放时间内直接前往 / walk in during opening hours",
                      "service_id");
        JICENG_CHECK(CheckEligible(tx, who, *s));
        auto slot = SlotAt(*e, *o, in.start_at, now);
        if (!slot) return NotASlot();
        store::CenterRepository::LockPerson(tx, who.user_id);
        if (store::CenterRepository::CountUpcoming(tx, who.user_id, now) >=
            dc::kMaxUpcomingBookings)
          return Fail(ErrorKind::kRuleBroken, "too_many_bookings",
                      "每人最多同时保留 " + std::to_string(dc::kMaxUpcomingBookings) +
                          " 个未到期的预约 / at most " + std::to_string(dc::kMaxUpcomingBookings) +
                          " upcoming bookings");
        for (const auto& b :
             store::CenterRepository::OfCenter(tx, in.center_id, in.start_at, in.start_at + 1))
          if (b.user_id == who.user_id && b.service_id == in.service_id && b.status == "booked")
            return Fail(ErrorKind::kConflict, "already_booked",
                        "您已预约该时段 / you have already booked this slot");
        if (!store::CenterRepository::TakeSeat(
                tx, in.center_id, in.service_id, in.start_at,
                SeatsOn(tx, e->center, *o, ShanghaiDayOf(in.start_at))))
          return Fail(ErrorKind::kConflict, "slot_full",
                      "该时段已约满，请选择其他时段 / the slot is full; choose another");
        store::BookingRecord b;
        b.center_id = in.center_id;
        b.service_id = in.service_id;
        b.user_id = who.user_id;
        b.org_id = e->center.org_id;
        b.start_at = slot->start_ms;
        b.end_at = slot->end_ms;
        b.status = "booked";
        b.note = in.note;
        b.created_at = now;
        b.id = store::CenterRepository::InsertBooking(tx, b);
        facts::Record(ctx, tx, {{b.org_id, MonthOf(b.start_at), Measure(ctx, kBookings), 1}});
        audit::Record(tx, ctx, actor,
                      {"booking.create", "booking", b.id, b.org_id, std::nullopt,
                       "{\"center_id\":" + std::to_string(b.center_id) +
                           ",\"service_id\":" + std::to_string(b.service_id) +
                           ",\"start\":" + JsonQuote(FormatShanghai(b.start_at)) + "}"});
        return *store::CenterRepository::FindBooking(tx, b.id);
      },
      retry);
}

Result<store::BookingRecord> Cancel(const Context& ctx, const Actor& actor, int64_t booking_id,
                                    const std::string& reason) {
  JICENG_CHECK(ValidateText(reason, "reason", 200, false));
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::BookingRecord> {
    auto b = store::CenterRepository::FindBooking(tx, booking_id);
    if (!b || b->user_id != actor.principal->user_id) return BookingNotFound();
    if (b->status != "booked" || b->start_at <= now)
      return Fail(ErrorKind::kRuleBroken, "booking_closed",
                  "预约已开始、已取消或已办理，不能再取消 / the booking can no longer be "
                  "cancelled");
    if (!store::CenterRepository::Cancel(tx, b->id, b->version, now, reason))
      return BookingChanged();
    store::CenterRepository::ReleaseSeat(tx, b->center_id, b->service_id, b->start_at);
    facts::Record(ctx, tx, {{b->org_id, MonthOf(b->start_at), Measure(ctx, kBookings), -1}});
    audit::Record(tx, ctx, actor,
                  {"booking.cancel", "booking", b->id, b->org_id, std::nullopt, std::nullopt});
    return *store::CenterRepository::FindBooking(tx, b->id);
  });
}

Result<store::BookingRecord> Reschedule(const Context& ctx, const Actor& actor, int64_t booking_id,
                                        int64_t start_at) {
  auto dir = DirectoryOf(ctx);
  const int64_t now = ctx.clock.NowMs();
  store::RetryPolicy retry;
  retry.attempts = 5;
  return ctx.db.Write(
      [&](store::Tx& tx) -> Result<store::BookingRecord> {
        // One person's bookings one after another (as Book), then this booking.
        store::CenterRepository::LockPerson(tx, actor.principal->user_id);
        auto b = store::CenterRepository::FindBooking(tx, booking_id);
        if (!b || b->user_id != actor.principal->user_id) return BookingNotFound();
        if (b->status != "booked" || b->start_at <= now)
          return Fail(ErrorKind::kRuleBroken, "booking_closed",
                      "预约已开始、已取消或已办理，不能再改期 / the booking can no longer be "
                      "moved");
        if (start_at == b->start_at) return *b;
        const auto* e = dir->Find(b->center_id);
        auto o = store::CenterRepository::FindOffering(tx, b->center_id, b->service_id);
        if (!e || e->center.closed || !o) return NotASlot();
        auto slot = SlotAt(*e, *o, start_at, now);
        if (!slot) return NotASlot();
        for (const auto& other :
             store::CenterRepository::OfCenter(tx, b->center_id, start_at, start_at + 1))
          if (other.user_id == b->user_id && other.service_id == b->service_id &&
              other.status == "booked")
            return Fail(ErrorKind::kConflict, "already_booked",
                        "您已预约该时段 / you have already booked this slot");
        if (!store::CenterRepository::TakeSeat(tx, b->center_id, b->service_id, start_at,
                                               SeatsOn(tx, e->center, *o, ShanghaiDayOf(start_at))))
          return Fail(ErrorKind::kConflict, "slot_full",
                      "该时段已约满，请选择其他时段 / the slot is full; choose another");
        store::CenterRepository::ReleaseSeat(tx, b->center_id, b->service_id, b->start_at);
        if (!store::CenterRepository::Move(tx, b->id, b->version, slot->start_ms, slot->end_ms))
          return BookingChanged();
        facts::Record(ctx, tx,
                      {{b->org_id, MonthOf(b->start_at), Measure(ctx, kBookings), -1},
                       {b->org_id, MonthOf(slot->start_ms), Measure(ctx, kBookings), 1}});
        audit::Record(tx, ctx, actor,
                      {"booking.move", "booking", b->id, b->org_id,
                       "{\"start\":" + JsonQuote(FormatShanghai(b->start_at)) + "}",
                       "{\"start\":" + JsonQuote(FormatShanghai(slot->start_ms)) + "}"});
        return *store::CenterRepository::FindBooking(tx, b->id);
      },
      retry);
}

Result<store::BookingRecord> CheckIn(const Context& ctx, const Actor& actor, int64_t booking_id) {
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::BookingRecord> {
    auto b = store::CenterRepository::FindBooking(tx, booking_id);
    if (!b) {
      if (!domain::HasPermission(*actor.principal, ServePermission())) return Forbidden();
      return BookingNotFound();
    }
    JICENG_CHECK(orgs::Allow(ctx, *actor.principal, ServePermission(), b->org_id));
    if (b->status == "visited") return *b;  // a second scan is acknowledged, not counted
    // A no-show (marked once its end and grace passed) is past the window, not cancelled.
    if (b->status != "booked" && b->status != "no_show")
      return Fail(ErrorKind::kRuleBroken, "booking_closed",
                  "预约已取消 / the booking was cancelled");
    if (b->status == "no_show" || now < b->start_at - kCheckInEarlyMs ||
        now > b->end_at + dc::kNoShowGraceMs)
      return Fail(ErrorKind::kRuleBroken, "outside_check_in_window",
                  "只能在预约开始前 30 分钟至结束后 30 分钟内签到 / check in from 30 minutes "
                  "before the start to 30 minutes after the end");
    if (!store::CenterRepository::CheckIn(tx, b->id, b->version, now, actor.principal->user_id))
      return BookingChanged();
    facts::Record(ctx, tx, {{b->org_id, MonthOf(b->start_at), Measure(ctx, kVisits), 1}});
    audit::Record(tx, ctx, actor,
                  {"booking.check_in", "booking", b->id, b->org_id, std::nullopt, std::nullopt});
    return *store::CenterRepository::FindBooking(tx, b->id);
  });
}

BookingPage Mine(const Context& ctx, const domain::Principal& who, int64_t page, int64_t size) {
  return ctx.db.Read([&](store::Tx& tx) {
    BookingPage out;
    out.items =
        store::CenterRepository::OfUser(tx, who.user_id, size, (page - 1) * size, &out.total);
    return out;
  });
}

Result<std::vector<store::BookingRecord>> OfCenterOn(const Context& ctx,
                                                     const domain::Principal& who,
                                                     int64_t center_id, const std::string& date) {
  auto day = dc::ParseDay(date);
  if (!day) return BadInput("date", "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD");
  return ctx.db.Read([&](store::Tx& tx) -> Result<std::vector<store::BookingRecord>> {
    JICENG_TRY(c, CenterToManage(ctx, tx, who, center_id, ServePermission()));
    return store::CenterRepository::OfCenter(tx, c.id, UtcMsOfShanghai(*day, 0),
                                             UtcMsOfShanghai(*day + 1, 0));
  });
}

int64_t MarkNoShows(const Context& ctx, int64_t limit) {
  const int64_t now = ctx.clock.NowMs();
  auto marked = ctx.db.Write([&](store::Tx& tx) -> Result<int64_t> {
    const auto missed = store::CenterRepository::MarkNoShows(tx, now - dc::kNoShowGraceMs, limit);
    std::vector<facts::Fact> counted;
    for (const auto& m : missed)
      counted.push_back({m.org_id, MonthOf(m.start_at), Measure(ctx, kNoShows), 1});
    facts::Record(ctx, tx, counted);
    return static_cast<int64_t>(missed.size());
  });
  if (!marked) {
    spdlog::error("bookings: no-shows not marked: {}", marked.error().message);
    return 0;
  }
  const int64_t n = *marked;
  if (n) spdlog::info("bookings: {} no-shows marked", n);
  return n;
}

std::string StatusAt(const store::BookingRecord& b, int64_t now) {
  if (b.status == "booked" && b.end_at + dc::kNoShowGraceMs < now) return "no_show";
  return b.status;
}

}  // namespace jiceng::centers
