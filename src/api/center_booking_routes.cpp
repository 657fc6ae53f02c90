// Residents' bookings at service centers (issue 15): book, list one's own, cancel, move;
// the center's staff list a day's bookings and check people in.
#include "api/center_routes.h"

#include "api/schema.h"
#include "api/views.h"
#include "platform/clock.h"
#include "service/center_service.h"

namespace jiceng::api {

json BookingJson(const store::BookingRecord& b, int64_t now, bool with_person) {
  json out = {
      {"id", b.id},
      {"center_id", b.center_id},
      {"center_name", b.center_name},
      {"service_id", b.service_id},
      {"service_name", b.service_name},
      {"start", FormatShanghai(b.start_at)},
      {"end", FormatShanghai(b.end_at)},
      {"status", centers::StatusAt(b, now)},
      {"note", b.note},
      {"created_at", TimeJson(b.created_at)},
      {"cancelled_at", TimeJson(b.cancelled_at)},
      {"visited_at", TimeJson(b.visited_at)},
      // 0 marks a booking whose reminder could not go out (no number on file).
      {"reminded_at", b.reminded_at.value_or(0) > 0 ? TimeJson(b.reminded_at) : json(nullptr)},
      {"version", b.version}};
  if (with_person) out["person"] = b.user_name;
  return out;
}

json BookingSchema() {
  using namespace schema;
  return Ref("Booking", Obj({{"id", Int()},
                             {"center_id", Int()},
                             {"center_name", Str()},
                             {"service_id", Int()},
                             {"service_name", Str()},
                             {"start", DateTime()},
                             {"end", DateTime()},
                             {"status", Enum({"booked", "visited", "cancelled", "no_show"})},
                             {"note", Str()},
                             {"created_at", Null(DateTime())},
                             {"cancelled_at", Null(DateTime())},
                             {"visited_at", Null(DateTime())},
                             {"reminded_at", Null(DateTime())},
                             {"version", Int()},
                             {"person", Str()}},
                            {"person"}));
}

namespace {

Result<int64_t> StartParam(const std::string& text) {
  int64_t at = 0;
  if (!ParseIsoTime(text, &at) || text.size() < 16)
    return BadInput("start",
                    "start 应为 ISO 8601 时间，如 2026-12-08T09:00:00+08:00 / start must "
                    "be an ISO 8601 time");
  return at;
}

const std::shared_ptr<const Fields>& BookingFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("center_id").Required(), Field::Int("service_id").Required(),
             Field::String("start", 40).Required().Doc("时段开始，ISO 8601 / the slot's start"),
             Field::String("note", 200)});
  return fields;
}

Result<http::Response> Book(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, BookingFields()));
  JICENG_TRY(start, StartParam(body.Str("start")));
  JICENG_TRY(
      b, centers::Book(c.svc.ctx, c.actor(),
                       {body.Int("center_id"), body.Int("service_id"), start, body.Str("note")}));
  return Json(BookingJson(b, c.svc.ctx.clock.NowMs(), false), 201);
}

Result<http::Response> MyBookings(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  auto page = centers::Mine(c.svc.ctx, *c.who, paging.page, paging.size);
  const int64_t now = c.svc.ctx.clock.NowMs();
  json items = json::array();
  for (const auto& b : page.items) items.push_back(BookingJson(b, now, false));
  return Json(ListBody(items, page.total));
}

const std::shared_ptr<const Fields>& CancelBookingFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{Field::String("reason", 200)});
  return fields;
}

Result<http::Response> CancelBooking(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, CancelBookingFields()));
  JICENG_TRY(b, centers::Cancel(c.svc.ctx, c.actor(), id, body.Str("reason")));
  return Json(BookingJson(b, c.svc.ctx.clock.NowMs(), false));
}

const std::shared_ptr<const Fields>& RescheduleFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("start", 40).Required().Doc("新时段开始 / the new slot's start")});
  return fields;
}

Result<http::Response> MoveBooking(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, RescheduleFields()));
  JICENG_TRY(start, StartParam(body.Str("start")));
  JICENG_TRY(b, centers::Reschedule(c.svc.ctx, c.actor(), id, start));
  return Json(BookingJson(b, c.svc.ctx.clock.NowMs(), false));
}

Result<http::Response> CheckIn(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(b, centers::CheckIn(c.svc.ctx, c.actor(), id));
  return Json(BookingJson(b, c.svc.ctx.clock.NowMs(), true));
}

Result<http::Response> CenterBookings(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(date, c.Text("date"));
  const int64_t now = c.svc.ctx.clock.NowMs();
  if (date.empty()) date = domain::centers::DayText(ShanghaiDayOf(now));
  JICENG_TRY(list, centers::OfCenterOn(c.svc.ctx, *c.who, id, date));
  json items = json::array();
  for (const auto& b : list) items.push_back(BookingJson(b, now, true));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

void RegisterCenterBookingRoutes(Routes& routes) {
  using namespace schema;
  routes.push_back({"POST", "/api/bookings", "centers",
                    "预约服务（名额已满答 409 slot_full）/ book a slot", Book});
  routes.back()
      .Id("createBooking")
      .Body(BookingFields())
      .Returns(BookingSchema(), 201)
      .Errors({409});
  routes.push_back({"GET",
                    "/api/bookings/mine",
                    "centers",
                    "我的预约 / my bookings",
                    MyBookings,
                    false,
                    false,
                    nullptr,
                    {Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listMyBookings").Returns(Ref("BookingList", Page(BookingSchema())));
  routes.push_back({"POST", "/api/bookings/{id}/cancel", "centers",
                    "取消我的预约 / cancel my booking", CancelBooking});
  routes.back()
      .Id("cancelBooking")
      .Body(CancelBookingFields())
      .Returns(BookingSchema())
      .Errors({409});
  routes.push_back({"POST", "/api/bookings/{id}/reschedule", "centers",
                    "改约到同一服务的其他时段 / move my booking to another slot", MoveBooking});
  routes.back()
      .Id("rescheduleBooking")
      .Body(RescheduleFields())
      .Returns(BookingSchema())
      .Errors({409});
  routes.push_back({"POST", "/api/bookings/{id}/check-in", "centers",
                    "到场签到（中心工作人员）/ check a booking in at the center", CheckIn});
  routes.back().Id("checkInBooking").Returns(BookingSchema()).Errors({409});
  routes.push_back({"GET",
                    "/api/centers/{id}/bookings",
                    "centers",
                    "中心某日的预约（工作人员）/ a center's bookings of a day",
                    CenterBookings,
                    false,
                    false,
                    nullptr,
                    {Field::Date("date").Doc("YYYY-MM-DD，默认今天 / today by default")}});
  routes.back().Id("listCenterBookings").Returns(Ref("CenterBookingList", Page(BookingSchema())));
}

}  // namespace jiceng::api
