// Party-mass service centers (党群服务中心, issue 15): the city's catalog of services, the
// centers with their opening calendars and the services each offers, the public finder
// (nearest first, open now, this evening, at the weekend, offering a service), the slots
// of a day, and residents' bookings that never exceed a slot's seats.
//
// Who does what:
//  - anyone, without logging in: find centers, read a center, its services and slots;
//  - `centers.manage` (city, district, street and community administrators): the centers
//    of organizations in their subtree, their services and calendars; the city
//    administrator also the catalog and the city's calendar (holidays, 调休);
//  - anyone logged in (residents first): book, cancel, move their own bookings;
//  - `centers.serve` (the same administrators; a center's staff): the day's bookings of a
//    center in scope, and check-in, which turns a booking into a visit.
//
// The directory of centers is kept in memory (every center's location, calendar and
// services: ~2,300 in the city), rebuilt after a committed change (store::Topic::kCenters).
#pragma once

#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/centers.h"
#include "platform/error.h"
#include "platform/geo.h"
#include "service/context.h"
#include "store/center_repo.h"

namespace jiceng::facts {
class Registry;
}

namespace jiceng::centers {

// Module permissions (declared in the module's descriptor).
domain::Permission ManagePermission();
domain::Permission ServePermission();
domain::PermissionDef ManagePermissionDef();
domain::PermissionDef ServePermissionDef();

// One center as the finder knows it.
struct Entry {
  store::CenterRecord center;
  domain::centers::Calendar calendar;  // the city's days first, then the center's
  std::vector<int64_t> services;       // offered, ascending
  geo::LatLng at;                      // GCJ-02
};

class Directory;
// The directory as of the last committed change.
std::shared_ptr<const Directory> DirectoryOf(const Context& ctx);

struct FindQuery {
  std::optional<geo::LatLng> near;  // GCJ-02; absent: by name
  int limit = 20;
  int64_t offset = 0;  // without `near` only
  bool open_now = false, evening = false, weekend = false;
  std::optional<int64_t> service_id;
  std::optional<int64_t> org_id;  // the organization's subtree
  std::string level;
  std::string q;         // words of the name or address
  int64_t within_m = 0;  // > 0: no farther than this
};

struct Found {
  const Entry* entry = nullptr;
  std::optional<double> distance_m;
  bool open_now = false;
};

struct FindResult {
  std::shared_ptr<const Directory> directory;  // keeps `items` valid
  std::vector<Found> items;
  int64_t total = 0;  // without `near`: all that match
};

// Open centers (not closed) matching the query; nearest first with `near`, else by
// organization and name. 400 `invalid_field` for an unknown level, a `near` off the map.
Result<FindResult> Find(const Context& ctx, const FindQuery& query);

struct OfferedService {
  store::ServiceRecord service;
  store::OfferingRecord offering;
};

// One person on duty at a center (the staff's rota: service/center_staff.cpp).
struct OnDuty {
  std::string name, post;
};

struct CenterDetail {
  std::shared_ptr<const Directory> directory;
  const Entry* entry = nullptr;
  std::vector<OfferedService> services;
  std::vector<int64_t> photo_ids;
  std::string org_name;
  std::vector<OnDuty> on_duty;  // today's, in the rota's order
};
// A center, open or closed (404 when there is none).
Result<CenterDetail> Get(const Context& ctx, int64_t center_id);

struct SlotView {
  domain::centers::Slot slot;
  int64_t booked = 0;
};
// The slots of `date` (YYYY-MM-DD) for a service the center offers by appointment: 404
// for an unknown center or a service it does not offer, 422 `walk_in_service` for a
// walk-in one.
Result<std::vector<SlotView>> Slots(const Context& ctx, int64_t center_id, int64_t service_id,
                                    const std::string& date);

// The catalog.
std::vector<store::ServiceRecord> Services(const Context& ctx);
Result<store::ServiceRecord> CreateService(const Context& ctx, const Actor& actor,
                                           store::ServiceRecord input);
Result<store::ServiceRecord> UpdateService(const Context& ctx, const Actor& actor,
                                           store::ServiceRecord input, int64_t version);

// A center as entered: its location in any of the three systems (converted to GCJ-02).
struct CenterInput {
  store::CenterRecord center;  // id, lat/lng, created/updated, version ignored
  geo::LatLng location;
  geo::Crs crs = geo::Crs::kGcj02;
  domain::centers::Calendar calendar;
};
Result<store::CenterRecord> CreateCenter(const Context& ctx, const Actor& actor,
                                         const CenterInput& input);
Result<store::CenterRecord> UpdateCenter(const Context& ctx, const Actor& actor, int64_t id,
                                         const CenterInput& input, int64_t version);
// Offers (or changes) a service at a center, or stops offering it.
Result<store::OfferingRecord> PutOffering(const Context& ctx, const Actor& actor,
                                          store::OfferingRecord offering);
Status RemoveOffering(const Context& ctx, const Actor& actor, int64_t center_id,
                      int64_t service_id);

// Photos (JPEG, PNG or WebP, at most 5 MB each and 12 a center), added and removed by the
// center's managers, shown to anyone.
inline constexpr size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr size_t kMaxPhotos = 12;
Status CheckPhotoUpload(const Context& ctx, const Actor& actor, int64_t center_id,
                        std::optional<uint64_t> declared_bytes);
Result<store::PhotoRecord> AddPhoto(const Context& ctx, const Actor& actor, int64_t center_id,
                                    std::string_view bytes);
struct Photo {
  store::PhotoRecord record;
  std::string bytes;
};
Result<Photo> GetPhoto(const Context& ctx, int64_t center_id, int64_t photo_id);
std::vector<store::PhotoRecord> PhotosOf(const Context& ctx, int64_t center_id);
Status RemovePhoto(const Context& ctx, const Actor& actor, int64_t center_id, int64_t photo_id);

// Staff leave: `off` of the center's windows unstaffed on `day` (YYYY-MM-DD); that day's
// slots offer proportionally fewer seats (domain::centers::SeatsWithLeave), never fewer than
// already booked. `off` 0 removes the entry. Managers of the center.
struct Leave {
  std::string day;
  int64_t counters_off = 0;
  std::string reason;
};
Result<Leave> PutLeave(const Context& ctx, const Actor& actor, int64_t center_id,
                       const std::string& day, int64_t off, const std::string& reason);
// The leave entered from today on.
Result<std::vector<Leave>> LeaveOf(const Context& ctx, const domain::Principal& who,
                                   int64_t center_id);

// Staff on duty (service/center_staff.cpp, 值班安排): a day's list — a name and a post
// (值班领导, 窗口 …) each, at most kMaxOnDuty, no name twice — replaced as a whole by the
// center's managers, for today up to a year ahead (an empty list clears the day); the lists
// of up to 92 days for them; today's for anyone, with the center (Get: the page shows names
// and posts, nothing else).
struct DutyDay {
  std::string day;  // YYYY-MM-DD
  std::vector<OnDuty> staff;
};
inline constexpr size_t kMaxOnDuty = 20;
Result<DutyDay> PutDuty(const Context& ctx, const Actor& actor, int64_t center_id,
                        const std::string& day, std::vector<OnDuty> staff);
Result<std::vector<DutyDay>> DutyOf(const Context& ctx, const domain::Principal& who,
                                    int64_t center_id, const std::string& from,
                                    const std::string& to);

// The city's calendar: holidays and adjusted working days (city administrators).
std::vector<store::CityDayRecord> CityDays(const Context& ctx);
Result<store::CityDayRecord> PutCityDay(const Context& ctx, const Actor& actor,
                                        store::CityDayRecord day);
Status DeleteCityDay(const Context& ctx, const Actor& actor, const std::string& day);

// Bookings.
struct BookingInput {
  int64_t center_id = 0, service_id = 0;
  int64_t start_at = 0;
  std::string note;
};
// 201 when booked; 409 `slot_full` when its seats are taken, 409 `already_booked` for the
// same slot twice, 422 `too_many_bookings` past the per-person limit, 422 `not_a_slot` for
// a start that is no slot of that day (closed, past, beyond the horizon, too soon),
// 403 `not_eligible` for a service the person may not book.
Result<store::BookingRecord> Book(const Context& ctx, const Actor& actor, const BookingInput& in);
// The caller's own booking (404 for anyone else's): cancel until its start, move to another
// slot of the same service and center (the new seat is taken before the old is freed).
Result<store::BookingRecord> Cancel(const Context& ctx, const Actor& actor, int64_t booking_id,
                                    const std::string& reason);
Result<store::BookingRecord> Reschedule(const Context& ctx, const Actor& actor, int64_t booking_id,
                                        int64_t start_at);
// Staff: a booking checked in at the center, from 30 minutes before its start to the
// no-show grace after its end.
Result<store::BookingRecord> CheckIn(const Context& ctx, const Actor& actor, int64_t booking_id);

struct BookingPage {
  std::vector<store::BookingRecord> items;
  int64_t total = 0;
};
BookingPage Mine(const Context& ctx, const domain::Principal& who, int64_t page, int64_t size);
// A center's bookings of one day (staff of the center's organization).
Result<std::vector<store::BookingRecord>> OfCenterOn(const Context& ctx,
                                                     const domain::Principal& who,
                                                     int64_t center_id, const std::string& date);
// Marks the bookings still booked whose end and grace have passed as no-shows (at most
// `limit` a run) and counts them in the facts (centers.no_shows, by the center's
// organization and the booking's month), in one transaction; returns how many. The module's
// job runs it every minute (api::CentersModule); until then a read already says no_show.
int64_t MarkNoShows(const Context& ctx, int64_t limit = 1000);
// "booked", "visited", "cancelled" or "no_show" (marked, or booked and ended before now −
// grace).
std::string StatusAt(const store::BookingRecord& b, int64_t now);

// Reminders (service/center_reminders.cpp): sends each booking whose reminder is due now
// (domain::centers::ReminderAt with `config.reminder_hours`) one text message through the
// runtime's SMS sender — the center, its address, the service, the time and what to bring —
// to the number the resident proved. A reminder is claimed in the store before it is sent
// (one conditional update, as read: two servers never both send it, nor the old time of a
// booking moved meanwhile) and released when sending fails, so the next run tries again —
// three tries in all. A booking whose account has no number is marked (reminded_at 0) and
// skipped. At most `limit` a run, soonest first. The module's
// job runs it every minute (api::CentersModule).
struct ReminderRun {
  int sent = 0;
  int failed = 0;   // the sender refused; tried again next run
  int skipped = 0;  // no number to send to (an account that is not a resident's)
};
// `stop`: a stopping server's request to leave the rest for later (checked between bookings).
ReminderRun SendReminders(const Context& ctx, int64_t limit = 500, std::stop_token stop = {});
// The reminder's text for a booking (zh-CN, as a resident reads it).
std::string ReminderText(const store::BookingRecord& b, const std::string& address,
                         const std::string& materials);

// The centers' figures for an organization's subtree and period ("2027", "2027Q1",
// "2027-03"), from the facts (by the center's organization and the month of the booking or
// the request): in total, by month, and for each child organization. Staff (`centers.serve`).
struct Figures {
  int64_t bookings = 0, visits = 0, tickets = 0, tickets_resolved = 0, ratings = 0, rating_sum = 0;
  int64_t no_shows = 0;
};
struct StatsRow {
  int64_t org_id = 0;
  std::string name;
  Figures figures;
};
struct Stats {
  std::string period;
  Figures total;
  std::vector<std::pair<std::string, Figures>> by_month;  // "2027-03"
  std::vector<StatsRow> children;
};
Result<Stats> StatsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& period);

// The module's measures: centers.bookings, centers.visits, centers.no_shows by the center's
// organization and month.
void DeclareFacts(facts::Registry& registry);

}  // namespace jiceng::centers
