#include "store/center_repo.h"

#include "platform/clock.h"

namespace jiceng::store {
namespace {

#define SERVICE_COLUMNS                                                                         \
  "id, name, category, description, materials, eligibility, duration_min, appointment, seats, " \
  "created_at, version "
#define CENTER_COLUMNS                                                                   \
  "id, org_id, name, level, address, lat_e7, lng_e7, location_source, phone, counters, " \
  "description, week_plan, day_rules, closed, created_at, updated_at, version "
#define OFFERING_COLUMNS \
  "center_id, service_id, appointment, slot_min, buffer_min, seats, min_notice_min, horizon_days "
#define BOOKING_COLUMNS                                                                    \
  "b.id, b.center_id, b.service_id, b.user_id, b.org_id, b.start_at, b.end_at, b.status, " \
  "b.note, b.created_at, b.cancelled_at, b.cancel_reason, b.visited_at, b.checked_in_by, " \
  "b.version, b.reminded_at "
#define BOOKING_JOINS                                                          \
  ", c.name, s.name, u.display_name FROM bookings b JOIN centers c ON c.id = " \
  "b.center_id JOIN services s ON s.id = b.service_id JOIN users u ON u.id = b.user_id "

const Query kServices{"services", "SELECT " SERVICE_COLUMNS "FROM services ORDER BY category, id"};
const Query kFindService{"find_service", "SELECT " SERVICE_COLUMNS "FROM services WHERE id = ?1"};
const Query kInsertService{
    "insert_service",
    "INSERT INTO services (name, category, description, materials, eligibility, duration_min, "
    "appointment, seats, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id"};
const Query kUpdateService{
    "update_service",
    "UPDATE services SET name = ?2, category = ?3, description = ?4, materials = ?5, "
    "eligibility = ?6, duration_min = ?7, appointment = ?8, seats = ?9, version = version + 1 "
    "WHERE id = ?1 AND version = ?10"};

const Query kCenters{"centers", "SELECT " CENTER_COLUMNS "FROM centers ORDER BY id"};
const Query kFindCenter{"find_center", "SELECT " CENTER_COLUMNS "FROM centers WHERE id = ?1"};
const Query kInsertCenter{
    "insert_center",
    "INSERT INTO centers (org_id, name, level, address, lat_e7, lng_e7, location_source, phone, "
    "counters, description, week_plan, day_rules, closed, created_at, updated_at) VALUES (?1, "
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14) RETURNING id"};
const Query kUpdateCenter{
    "update_center",
    "UPDATE centers SET org_id = ?2, name = ?3, level = ?4, address = ?5, lat_e7 = ?6, lng_e7 = "
    "?7, location_source = ?8, phone = ?9, counters = ?10, description = ?11, week_plan = ?12, "
    "day_rules = ?13, closed = ?14, updated_at = ?15, version = version + 1 WHERE id = ?1 AND "
    "version = ?16"};

const Query kOfferings{
    "offerings", "SELECT " OFFERING_COLUMNS "FROM center_services ORDER BY center_id, service_id"};
const Query kOfferingsOf{"offerings_of", "SELECT " OFFERING_COLUMNS
                                         "FROM center_services WHERE center_id = ?1 ORDER BY "
                                         "service_id"};
const Query kFindOffering{"find_offering", "SELECT " OFFERING_COLUMNS
                                           "FROM center_services WHERE center_id = ?1 AND "
                                           "service_id = ?2"};
const Query kUpsertOffering{
    "upsert_offering",
    "INSERT INTO center_services (" OFFERING_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (center_id, service_id) DO UPDATE SET "
    "appointment = excluded.appointment, slot_min = excluded.slot_min, buffer_min = "
    "excluded.buffer_min, seats = excluded.seats, min_notice_min = excluded.min_notice_min, "
    "horizon_days = excluded.horizon_days"};
const Query kDeleteOffering{"delete_offering",
                            "DELETE FROM center_services WHERE center_id = ?1 AND service_id = ?2"};

const Query kCityDays{"city_days",
                      "SELECT day, kind, as_weekday, name FROM city_days ORDER BY day"};
const Query kPutCityDay{"put_city_day",
                        "INSERT INTO city_days (day, kind, as_weekday, name) VALUES (?1, ?2, ?3, "
                        "?4) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, as_weekday = "
                        "excluded.as_weekday, name = excluded.name"};
const Query kDeleteCityDay{"delete_city_day", "DELETE FROM city_days WHERE day = ?1"};

const Query kBookedSeats{"booked_seats",
                         "SELECT start_at, booked FROM center_slots WHERE center_id = ?1 AND "
                         "service_id = ?2 AND start_at >= ?3 AND start_at < ?4"};
const Query kEnsureSlot{"ensure_slot",
                        "INSERT INTO center_slots (center_id, service_id, start_at, capacity, "
                        "booked) VALUES (?1, ?2, ?3, ?4, 0) ON CONFLICT (center_id, service_id, "
                        "start_at) DO NOTHING"};
const Query kTakeSeat{"take_seat",
                      "UPDATE center_slots SET booked = booked + 1 WHERE center_id = ?1 AND "
                      "service_id = ?2 AND start_at = ?3 AND booked < capacity"};
const Query kReleaseSeat{"release_seat",
                         "UPDATE center_slots SET booked = booked - 1 WHERE center_id = ?1 AND "
                         "service_id = ?2 AND start_at = ?3 AND booked > 0"};
// A capacity below the seats already taken keeps those bookings (the CHECK allows no
// fewer): the slot takes no more until cancellations bring it under.
const Query kSetCapacity{"set_slot_capacity",
                         "UPDATE center_slots SET capacity = CASE WHEN booked > ?4 THEN booked "
                         "ELSE ?4 END WHERE center_id = ?1 AND service_id = ?2 AND start_at >= ?3"};

const Query kInsertBooking{
    "insert_booking",
    "INSERT INTO bookings (center_id, service_id, user_id, org_id, start_at, end_at, status, "
    "note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'booked', ?7, ?8) RETURNING id"};
const Query kFindBooking{"find_booking", "SELECT " BOOKING_COLUMNS BOOKING_JOINS "WHERE b.id = ?1"};
const Query kLockPersonPg{"lock_person", "SELECT id FROM users WHERE id = ?1 FOR UPDATE"};
const Query kCountUpcoming{"count_upcoming_bookings",
                           "SELECT COUNT(*) FROM bookings WHERE user_id = ?1 AND status = "
                           "'booked' AND start_at > ?2"};
const Query kOfUser{"bookings_of_user",
                    "SELECT " BOOKING_COLUMNS BOOKING_JOINS
                    "WHERE b.user_id = ?1 ORDER BY b.start_at DESC, b.id DESC LIMIT ?2 OFFSET ?3"};
const Query kCountOfUser{"count_bookings_of_user",
                         "SELECT COUNT(*) FROM bookings WHERE user_id = ?1"};
const Query kOfCenter{"bookings_of_center",
                      "SELECT " BOOKING_COLUMNS BOOKING_JOINS
                      "WHERE b.center_id = ?1 AND b.start_at >= ?2 AND b.start_at < ?3 ORDER BY "
                      "b.start_at, b.id"};
// Each change of a booking applies only to a booking still booked, at the version read: of
// two changes racing (a double tap on cancel, cancel against a move or a check-in), one
// wins and the other changes nothing (0 rows), so a seat is never freed twice.
const Query kCancel{
    "cancel_booking",
    "UPDATE bookings SET status = 'cancelled', cancelled_at = ?2, cancel_reason = "
    "?3, version = version + 1 WHERE id = ?1 AND status = 'booked' AND version = ?4"};
const Query kCheckIn{"check_in_booking",
                     "UPDATE bookings SET status = 'visited', visited_at = ?2, checked_in_by = ?3, "
                     "version = version + 1 WHERE id = ?1 AND status = 'booked' AND version = ?4"};
// A moved booking is reminded again, of its new time.
const Query kMove{"move_booking",
                  "UPDATE bookings SET start_at = ?2, end_at = ?3, reminded_at = NULL, version = "
                  "version + 1 WHERE id = ?1 AND status = 'booked' AND version = ?4"};
// The bookings whose reminder is due at ?1 (domain::centers::ReminderAt, with ?2 the lead
// and ?3 the late lead): made before start − lead and now past it, or made after it, before
// start − late, and now past that; not begun, not reminded.
const Query kToRemind{
    "bookings_to_remind",
    "SELECT " BOOKING_COLUMNS BOOKING_JOINS
    "WHERE b.status = 'booked' AND b.reminded_at IS NULL AND b.reminder_tries < 3 AND b.start_at > "
    "?1 AND b.start_at - ?2 "
    "<= ?1 AND (b.created_at <= b.start_at - ?2 OR (b.created_at <= b.start_at - ?3 AND "
    "b.start_at - ?3 <= ?1)) ORDER BY b.start_at, b.id LIMIT ?4"};
// Claimed only as read: a booking moved meanwhile (its reminder cleared, its start changed)
// is not claimed with the old time.
const Query kClaimReminder{"claim_reminder",
                           "UPDATE bookings SET reminded_at = ?2 WHERE id = ?1 AND status = "
                           "'booked' AND reminded_at IS NULL AND start_at = ?3"};
const Query kReleaseReminder{
    "release_reminder",
    "UPDATE bookings SET reminded_at = NULL, reminder_tries = reminder_tries + 1 WHERE id = ?1 "
    "AND reminded_at = ?2"};
// Grouped by Shanghai day (integer arithmetic both stores share); months are made in C++.
const Query kMonthly{
    "booking_days",
    "SELECT org_id, (start_at + 28800000) / 86400000, COUNT(*), SUM(CASE WHEN status = 'visited' "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END) "
    "FROM bookings WHERE status <> 'cancelled' GROUP BY org_id, (start_at + 28800000) / "
    "86400000"};
// Bookings still booked that ended before ?1: no-shows to mark.
const Query kMissed{
    "missed_bookings",
    "SELECT id, org_id, start_at FROM bookings WHERE status = 'booked' AND end_at < "
    "?1 ORDER BY end_at, id LIMIT ?2"};
const Query kMarkNoShow{"mark_no_show",
                        "UPDATE bookings SET status = 'no_show', version = version + 1 WHERE id = "
                        "?1 AND status = 'booked'"};

ServiceRecord ToService(const Row& r) {
  return {r.Int(0), r.Text(1),     r.Text(2), r.Text(3), r.Text(4), r.Text(5),
          r.Int(6), r.Int(7) != 0, r.Int(8),  r.Int(9),  r.Int(10)};
}

CenterRecord ToCenter(const Row& r) {
  return {r.Int(0),   r.Int(1),       r.Text(2), r.Text(3), r.Text(4),  r.Int(5),
          r.Int(6),   r.Text(7),      r.Text(8), r.Int(9),  r.Text(10), r.Text(11),
          r.Text(12), r.Int(13) != 0, r.Int(14), r.Int(15), r.Int(16)};
}

OfferingRecord ToOffering(const Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2) != 0, r.Int(3), r.Int(4), r.Int(5), r.Int(6), r.Int(7)};
}

BookingRecord ToBooking(const Row& r) {
  BookingRecord b;
  b.id = r.Int(0);
  b.center_id = r.Int(1);
  b.service_id = r.Int(2);
  b.user_id = r.Int(3);
  b.org_id = r.Int(4);
  b.start_at = r.Int(5);
  b.end_at = r.Int(6);
  b.status = r.Text(7);
  b.note = r.Text(8);
  b.created_at = r.Int(9);
  b.cancelled_at = r.OptInt(10);
  b.cancel_reason = r.Text(11);
  b.visited_at = r.OptInt(12);
  b.checked_in_by = r.OptInt(13);
  b.version = r.Int(14);
  b.reminded_at = r.OptInt(15);
  b.center_name = r.Text(16);
  b.service_name = r.Text(17);
  b.user_name = r.Text(18);
  return b;
}

Params OfferingParams(const OfferingRecord& o) {
  return {o.center_id,  o.service_id, int64_t{o.appointment}, o.slot_min,
          o.buffer_min, o.seats,      o.min_notice_min,       o.horizon_days};
}

}  // namespace

std::vector<ServiceRecord> CenterRepository::Services(Tx& tx) {
  std::vector<ServiceRecord> out;
  for (const auto& r : tx.Fetch(kServices)) out.push_back(ToService(r));
  return out;
}

std::optional<ServiceRecord> CenterRepository::FindService(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kFindService, {id});
  return r ? std::optional(ToService(*r)) : std::nullopt;
}

int64_t CenterRepository::InsertService(Tx& tx, const ServiceRecord& s) {
  return tx
      .FetchOne(kInsertService, {s.name, s.category, s.description, s.materials, s.eligibility,
                                 s.duration_min, int64_t{s.appointment}, s.seats, s.created_at})
      ->Int(0);
}

bool CenterRepository::UpdateService(Tx& tx, const ServiceRecord& s, int64_t expected_version) {
  return tx.Exec(kUpdateService,
                 {s.id, s.name, s.category, s.description, s.materials, s.eligibility,
                  s.duration_min, int64_t{s.appointment}, s.seats, expected_version}) == 1;
}

std::vector<CenterRecord> CenterRepository::Centers(Tx& tx) {
  std::vector<CenterRecord> out;
  for (const auto& r : tx.Fetch(kCenters)) out.push_back(ToCenter(r));
  return out;
}

std::optional<CenterRecord> CenterRepository::FindCenter(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kFindCenter, {id});
  return r ? std::optional(ToCenter(*r)) : std::nullopt;
}

int64_t CenterRepository::InsertCenter(Tx& tx, const CenterRecord& c) {
  Params p = {c.org_id,          c.name,      c.level,    c.address,     c.lat_e7,    c.lng_e7,
              c.location_source, c.phone,     c.counters, c.description, c.week_plan, c.day_rules,
              int64_t{c.closed}, c.created_at};
  tx.Touch(Topic::kCenters);
  return tx.FetchOne(kInsertCenter, p)->Int(0);
}

bool CenterRepository::UpdateCenter(Tx& tx, const CenterRecord& c, int64_t expected_version) {
  Params p = {c.id,        c.org_id,          c.name,        c.level,
              c.address,   c.lat_e7,          c.lng_e7,      c.location_source,
              c.phone,     c.counters,        c.description, c.week_plan,
              c.day_rules, int64_t{c.closed}, c.updated_at,  expected_version};
  tx.Touch(Topic::kCenters);
  return tx.Exec(kUpdateCenter, p) == 1;
}

void CenterRepository::InsertCenters(Tx& tx, const std::vector<CenterRecord>& centers) {
  std::vector<Params> rows;
  rows.reserve(centers.size());
  for (const auto& c : centers)
    rows.push_back({c.org_id, c.name, c.level, c.address, c.lat_e7, c.lng_e7, c.location_source,
                    c.phone, c.counters, c.description, c.week_plan, c.day_rules, int64_t{c.closed},
                    c.created_at, c.updated_at});
  tx.InsertRows(
      "centers",
      {"org_id", "name", "level", "address", "lat_e7", "lng_e7", "location_source", "phone",
       "counters", "description", "week_plan", "day_rules", "closed", "created_at", "updated_at"},
      rows);
  tx.Touch(Topic::kCenters);
}

std::vector<OfferingRecord> CenterRepository::Offerings(Tx& tx) {
  std::vector<OfferingRecord> out;
  for (const auto& r : tx.Fetch(kOfferings)) out.push_back(ToOffering(r));
  return out;
}

std::vector<OfferingRecord> CenterRepository::OfferingsOf(Tx& tx, int64_t center_id) {
  std::vector<OfferingRecord> out;
  for (const auto& r : tx.Fetch(kOfferingsOf, {center_id})) out.push_back(ToOffering(r));
  return out;
}

std::optional<OfferingRecord> CenterRepository::FindOffering(Tx& tx, int64_t center_id,
                                                             int64_t service_id) {
  auto r = tx.FetchOne(kFindOffering, {center_id, service_id});
  return r ? std::optional(ToOffering(*r)) : std::nullopt;
}

void CenterRepository::UpsertOffering(Tx& tx, const OfferingRecord& o) {
  tx.Exec(kUpsertOffering, OfferingParams(o));
  tx.Touch(Topic::kCenters);
}

bool CenterRepository::DeleteOffering(Tx& tx, int64_t center_id, int64_t service_id) {
  tx.Touch(Topic::kCenters);
  return tx.Exec(kDeleteOffering, {center_id, service_id}) == 1;
}

void CenterRepository::InsertOfferings(Tx& tx, const std::vector<OfferingRecord>& offerings) {
  std::vector<Params> rows;
  rows.reserve(offerings.size());
  for (const auto& o : offerings) rows.push_back(OfferingParams(o));
  tx.InsertRows("center_services",
                {"center_id", "service_id", "appointment", "slot_min", "buffer_min", "seats",
                 "min_notice_min", "horizon_days"},
                rows);
  tx.Touch(Topic::kCenters);
}

std::vector<CityDayRecord> CenterRepository::CityDays(Tx& tx) {
  std::vector<CityDayRecord> out;
  for (const auto& r : tx.Fetch(kCityDays))
    out.push_back({r.Text(0), r.Text(1), r.Int(2), r.Text(3)});
  return out;
}

void CenterRepository::PutCityDay(Tx& tx, const CityDayRecord& d) {
  tx.Exec(kPutCityDay, {d.day, d.kind, d.as_weekday, d.name});
  tx.Touch(Topic::kCenters);
}

bool CenterRepository::DeleteCityDay(Tx& tx, const std::string& day) {
  tx.Touch(Topic::kCenters);
  return tx.Exec(kDeleteCityDay, {day}) == 1;
}

std::map<int64_t, int64_t> CenterRepository::BookedSeats(Tx& tx, int64_t center_id,
                                                         int64_t service_id, int64_t from,
                                                         int64_t to) {
  std::map<int64_t, int64_t> out;
  for (const auto& r : tx.Fetch(kBookedSeats, {center_id, service_id, from, to}))
    out[r.Int(0)] = r.Int(1);
  return out;
}

bool CenterRepository::TakeSeat(Tx& tx, int64_t center_id, int64_t service_id, int64_t start_at,
                                int64_t capacity) {
  tx.Exec(kEnsureSlot, {center_id, service_id, start_at, capacity});
  return tx.Exec(kTakeSeat, {center_id, service_id, start_at}) == 1;
}

void CenterRepository::ReleaseSeat(Tx& tx, int64_t center_id, int64_t service_id,
                                   int64_t start_at) {
  tx.Exec(kReleaseSeat, {center_id, service_id, start_at});
}

void CenterRepository::SetCapacity(Tx& tx, int64_t center_id, int64_t service_id, int64_t from,
                                   int64_t capacity) {
  tx.Exec(kSetCapacity, {center_id, service_id, from, capacity});
}

int64_t CenterRepository::InsertBooking(Tx& tx, const BookingRecord& b) {
  return tx
      .FetchOne(kInsertBooking, {b.center_id, b.service_id, b.user_id, b.org_id, b.start_at,
                                 b.end_at, b.note, b.created_at})
      ->Int(0);
}

std::optional<BookingRecord> CenterRepository::FindBooking(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kFindBooking, {id});
  return r ? std::optional(ToBooking(*r)) : std::nullopt;
}

void CenterRepository::LockPerson(Tx& tx, int64_t user_id) {
  if (tx.dialect() == Dialect::kPostgres) tx.Fetch(kLockPersonPg, {user_id});
}

int64_t CenterRepository::CountUpcoming(Tx& tx, int64_t user_id, int64_t now) {
  return tx.FetchOne(kCountUpcoming, {user_id, now})->Int(0);
}

std::vector<BookingRecord> CenterRepository::OfUser(Tx& tx, int64_t user_id, int64_t limit,
                                                    int64_t offset, int64_t* total) {
  std::vector<BookingRecord> out;
  for (const auto& r : tx.Fetch(kOfUser, {user_id, limit, offset})) out.push_back(ToBooking(r));
  *total = tx.FetchOne(kCountOfUser, {user_id})->Int(0);
  return out;
}

std::vector<BookingRecord> CenterRepository::OfCenter(Tx& tx, int64_t center_id, int64_t from,
                                                      int64_t to) {
  std::vector<BookingRecord> out;
  for (const auto& r : tx.Fetch(kOfCenter, {center_id, from, to})) out.push_back(ToBooking(r));
  return out;
}

bool CenterRepository::Cancel(Tx& tx, int64_t id, int64_t version, int64_t at,
                              const std::string& reason) {
  return tx.Exec(kCancel, {id, at, reason, version}) == 1;
}

bool CenterRepository::CheckIn(Tx& tx, int64_t id, int64_t version, int64_t at,
                               int64_t staff_user_id) {
  return tx.Exec(kCheckIn, {id, at, staff_user_id, version}) == 1;
}

bool CenterRepository::Move(Tx& tx, int64_t id, int64_t version, int64_t start_at, int64_t end_at) {
  return tx.Exec(kMove, {id, start_at, end_at, version}) == 1;
}

std::vector<BookingRecord> CenterRepository::ToRemind(Tx& tx, int64_t now, int64_t lead_ms,
                                                      int64_t late_ms, int64_t limit) {
  std::vector<BookingRecord> out;
  for (const auto& r : tx.Fetch(kToRemind, {now, lead_ms, late_ms, limit}))
    out.push_back(ToBooking(r));
  return out;
}

std::vector<MissedBooking> CenterRepository::MarkNoShows(Tx& tx, int64_t ended_before,
                                                         int64_t limit) {
  std::vector<MissedBooking> out;
  for (const auto& r : tx.Fetch(kMissed, {ended_before, limit}))
    if (tx.Exec(kMarkNoShow, {r.Int(0)}) == 1) out.push_back({r.Int(0), r.Int(1), r.Int(2)});
  return out;
}

bool CenterRepository::ClaimReminder(Tx& tx, int64_t id, int64_t start_at, int64_t at) {
  return tx.Exec(kClaimReminder, {id, at, start_at}) == 1;
}

void CenterRepository::ReleaseReminder(Tx& tx, int64_t id, int64_t at) {
  tx.Exec(kReleaseReminder, {id, at});
}

std::vector<PhotoRecord> CenterRepository::PhotosOf(Tx& tx, int64_t center_id) {
  std::vector<PhotoRecord> out;
  for (const auto& r : tx.Fetch({"center_photos",
                                 "SELECT id, center_id, sha256, content_type, size, created_by, "
                                 "created_at FROM center_photos WHERE center_id = ?1 ORDER BY id"},
                                {center_id}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Int(5), r.Int(6)});
  return out;
}

int64_t CenterRepository::AddPhoto(Tx& tx, const PhotoRecord& p) {
  return tx
      .FetchOne({"add_center_photo",
                 "INSERT INTO center_photos (center_id, sha256, content_type, size, created_by, "
                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id"},
                {p.center_id, p.sha256, p.content_type, p.size, p.created_by, p.created_at})
      ->Int(0);
}

bool CenterRepository::DeletePhoto(Tx& tx, int64_t center_id, int64_t photo_id) {
  return tx.Exec(
             {"delete_center_photo", "DELETE FROM center_photos WHERE center_id = ?1 AND id = ?2"},
             {center_id, photo_id}) == 1;
}

void CenterRepository::PutDuty(Tx& tx, int64_t center_id, const std::string& day,
                               const std::vector<DutyRecord>& staff) {
  tx.Exec({"clear_duty", "DELETE FROM center_duty WHERE center_id = ?1 AND day = ?2"},
          {center_id, day});
  int64_t position = 0;
  for (const auto& d : staff)
    tx.Exec({"put_duty",
             "INSERT INTO center_duty (center_id, day, position, name, post) VALUES (?1, ?2, ?3, "
             "?4, ?5)"},
            {center_id, day, position++, d.name, d.post});
}

std::vector<DutyRecord> CenterRepository::DutyOf(Tx& tx, int64_t center_id, const std::string& from,
                                                 const std::string& to) {
  std::vector<DutyRecord> out;
  for (const auto& r : tx.Fetch({"duty_of",
                                 "SELECT day, name, post FROM center_duty WHERE center_id = ?1 AND "
                                 "day >= ?2 AND day <= ?3 ORDER BY day, position"},
                                {center_id, from, to}))
    out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

std::vector<LeaveRecord> CenterRepository::LeaveIn(Tx& tx, int64_t center_id,
                                                   const std::string& from, const std::string& to) {
  std::vector<LeaveRecord> out;
  for (const auto& r : tx.Fetch({"center_leave",
                                 "SELECT day, counters_off, reason FROM center_leave WHERE "
                                 "center_id = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day"},
                                {center_id, from, to}))
    out.push_back({r.Text(0), r.Int(1), r.Text(2)});
  return out;
}

std::map<std::string, int64_t> CenterRepository::LeaveOf(Tx& tx, int64_t center_id,
                                                         const std::string& from,
                                                         const std::string& to) {
  std::map<std::string, int64_t> out;
  for (auto& l : LeaveIn(tx, center_id, from, to)) out[l.day] = l.counters_off;
  return out;
}

void CenterRepository::PutLeave(Tx& tx, int64_t center_id, const std::string& day, int64_t off,
                                const std::string& reason) {
  tx.Exec({"put_center_leave",
           "INSERT INTO center_leave (center_id, day, counters_off, reason) VALUES (?1, ?2, ?3, "
           "?4) ON CONFLICT (center_id, day) DO UPDATE SET counters_off = excluded.counters_off, "
           "reason = excluded.reason"},
          {center_id, day, off, reason});
}

bool CenterRepository::DeleteLeave(Tx& tx, int64_t center_id, const std::string& day) {
  return tx.Exec(
             {"delete_center_leave", "DELETE FROM center_leave WHERE center_id = ?1 AND day = ?2"},
             {center_id, day}) == 1;
}

void CenterRepository::SetDayCapacity(Tx& tx, int64_t center_id, int64_t from, int64_t to,
                                      int64_t counters, int64_t off) {
  // seats × (counters − off) / counters in integers, as domain::centers::SeatsWithLeave, and
  // never below the seats already taken (the bookings stand).
#define SEATS_WITH_LEAVE                                                                       \
  "(SELECT CASE WHEN CAST(?5 AS BIGINT) >= CAST(?4 AS BIGINT) THEN 0 ELSE o.seats * "          \
  "(CAST(?4 AS BIGINT) - CAST(?5 AS BIGINT)) / CAST(?4 AS BIGINT) END FROM center_services o " \
  "WHERE o.center_id = center_slots.center_id AND o.service_id = center_slots.service_id)"
  tx.Exec({"set_day_capacity",
           "UPDATE center_slots SET capacity = CASE WHEN booked > " SEATS_WITH_LEAVE
           " THEN booked ELSE " SEATS_WITH_LEAVE
           " END WHERE center_id = ?1 AND start_at >= ?2 AND start_at < ?3 AND EXISTS (SELECT 1 "
           "FROM center_services o WHERE o.center_id = center_slots.center_id AND o.service_id = "
           "center_slots.service_id)"},
          {center_id, from, to, counters, off});
#undef SEATS_WITH_LEAVE
}

std::vector<PopulationPoint> CenterRepository::Population(Tx& tx) {
  std::vector<PopulationPoint> out;
  tx.ScanInts({"population_points", "SELECT org_id, lat_e7, lng_e7, weight FROM population_points"},
              {}, [&](const int64_t* v) {
                out.push_back({v[0], v[1], v[2], v[3]});
              });
  return out;
}

int64_t CenterRepository::DeletePopulation(Tx& tx, const std::string& source) {
  tx.Touch(Topic::kCenters);
  return tx.Exec({"delete_population", "DELETE FROM population_points WHERE source = ?1"},
                 {source});
}

void CenterRepository::InsertPopulation(Tx& tx, const std::vector<PopulationPoint>& points,
                                        const std::string& source) {
  std::vector<Params> rows;
  rows.reserve(points.size());
  for (const auto& p : points) rows.push_back({p.org_id, p.lat_e7, p.lng_e7, p.weight, source});
  tx.InsertRows("population_points", {"org_id", "lat_e7", "lng_e7", "weight", "source"}, rows);
  tx.Touch(Topic::kCenters);
}

std::vector<BookingMonth> CenterRepository::MonthlyTotals(Tx& tx) {
  std::map<std::pair<int64_t, std::string>, BookingMonth> months;
  for (const auto& r : tx.Fetch(kMonthly)) {
    // The month of a Shanghai day, from its UTC midnight shifted back to Shanghai's.
    std::string month = FormatShanghai(UtcMsOfShanghai(r.Int(1), 0)).substr(0, 7);
    auto& m = months[{r.Int(0), month}];
    m.org_id = r.Int(0);
    m.month = month;
    m.booked += r.Int(2);
    m.visited += r.Int(3);
    m.no_shows += r.Int(4);
  }
  std::vector<BookingMonth> out;
  for (auto& [key, m] : months) out.push_back(m);
  return out;
}

}  // namespace jiceng::store
