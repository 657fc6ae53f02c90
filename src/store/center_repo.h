// SQL for service centers, the service catalog, the city's calendar, slots and bookings
// (migration 0024).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct ServiceRecord {
  int64_t id = 0;
  std::string name, category, description, materials, eligibility;
  int64_t duration_min = 30;
  bool appointment = true;
  int64_t seats = 1;
  int64_t created_at = 0;
  int64_t version = 1;
};

struct CenterRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string name, level, address;
  int64_t lat_e7 = 0, lng_e7 = 0;  // GCJ-02
  std::string location_source;
  std::string phone;
  int64_t counters = 1;
  std::string description;
  std::string week_plan, day_rules;  // domain/centers.h's text
  bool closed = false;
  int64_t created_at = 0, updated_at = 0;
  int64_t version = 1;
};

// A service as one center offers it.
struct OfferingRecord {
  int64_t center_id = 0, service_id = 0;
  bool appointment = true;
  int64_t slot_min = 30, buffer_min = 0, seats = 1, min_notice_min = 60, horizon_days = 14;
};

struct CityDayRecord {
  std::string day;   // YYYY-MM-DD
  std::string kind;  // closed | workday
  int64_t as_weekday = 0;
  std::string name;
};

struct BookingRecord {
  int64_t id = 0;
  int64_t center_id = 0, service_id = 0, user_id = 0, org_id = 0;
  int64_t start_at = 0, end_at = 0;
  std::string status;  // booked | visited | cancelled
  std::string note;
  int64_t created_at = 0;
  std::optional<int64_t> cancelled_at;
  std::string cancel_reason;
  std::optional<int64_t> visited_at, checked_in_by;
  int64_t version = 1;
  std::optional<int64_t> reminded_at;  // when its reminder was sent (claimed); 0: none sent
  // Joined in lists.
  std::string center_name, service_name, user_name;
};

// A day of staff leave at a center.
struct LeaveRecord {
  std::string day;  // YYYY-MM-DD
  int64_t counters_off = 0;
  std::string reason;
};

// One person on duty at a center on a day.
struct DutyRecord {
  std::string day;  // YYYY-MM-DD
  std::string name, post;
};

// Bookings per organization and local month, for the facts.
struct BookingMonth {
  int64_t org_id = 0;
  std::string month;  // YYYY-MM
  int64_t booked = 0, visited = 0, no_shows = 0;
};

// A booking marked as a no-show: its id, organization and start (the facts' month).
struct MissedBooking {
  int64_t id = 0, org_id = 0, start_at = 0;
};

struct PhotoRecord {
  int64_t id = 0, center_id = 0;
  std::string sha256, content_type;
  int64_t size = 0;
  int64_t created_by = 0, created_at = 0;
};

// A weighted point of where people live (migration 0027).
struct PopulationPoint {
  int64_t org_id = 0;
  int64_t lat_e7 = 0, lng_e7 = 0;  // GCJ-02
  int64_t weight = 0;
};

class CenterRepository {
 public:
  // The catalog.
  static std::vector<ServiceRecord> Services(Tx& tx);
  static std::optional<ServiceRecord> FindService(Tx& tx, int64_t id);
  static int64_t InsertService(Tx& tx, const ServiceRecord& s);
  // False when `expected_version` is stale.
  static bool UpdateService(Tx& tx, const ServiceRecord& s, int64_t expected_version);

  // Centers.
  static std::vector<CenterRecord> Centers(Tx& tx);
  static std::optional<CenterRecord> FindCenter(Tx& tx, int64_t id);
  static int64_t InsertCenter(Tx& tx, const CenterRecord& c);
  static bool UpdateCenter(Tx& tx, const CenterRecord& c, int64_t expected_version);
  static void InsertCenters(Tx& tx, const std::vector<CenterRecord>& centers);  // bulk (demo)

  // Offerings.
  static std::vector<OfferingRecord> Offerings(Tx& tx);
  static std::vector<OfferingRecord> OfferingsOf(Tx& tx, int64_t center_id);
  static std::optional<OfferingRecord> FindOffering(Tx& tx, int64_t center_id, int64_t service_id);
  static void UpsertOffering(Tx& tx, const OfferingRecord& o);
  static bool DeleteOffering(Tx& tx, int64_t center_id, int64_t service_id);
  static void InsertOfferings(Tx& tx, const std::vector<OfferingRecord>& offerings);  // bulk

  // The city's calendar.
  static std::vector<CityDayRecord> CityDays(Tx& tx);
  static void PutCityDay(Tx& tx, const CityDayRecord& d);
  static bool DeleteCityDay(Tx& tx, const std::string& day);

  // Slots: the seats taken per start in [from, to).
  static std::map<int64_t, int64_t> BookedSeats(Tx& tx, int64_t center_id, int64_t service_id,
                                                int64_t from, int64_t to);
  // Takes a seat of the slot (creating its row with `capacity` on its first booking); false
  // when the slot is full. The conditional update is the whole guarantee against
  // overbooking: it waits for a concurrent booking of the same slot to finish and then
  // re-reads `booked`.
  static bool TakeSeat(Tx& tx, int64_t center_id, int64_t service_id, int64_t start_at,
                       int64_t capacity);
  static void ReleaseSeat(Tx& tx, int64_t center_id, int64_t service_id, int64_t start_at);
  // New capacity for the slots of a service from `from` on (a change of its seats).
  static void SetCapacity(Tx& tx, int64_t center_id, int64_t service_id, int64_t from,
                          int64_t capacity);

  // Bookings.
  static int64_t InsertBooking(Tx& tx, const BookingRecord& b);
  static std::optional<BookingRecord> FindBooking(Tx& tx, int64_t id);
  // Locks the person's row until the transaction ends (PostgreSQL; SQLite has one writer),
  // so that two bookings of one person are counted one after the other.
  static void LockPerson(Tx& tx, int64_t user_id);
  static int64_t CountUpcoming(Tx& tx, int64_t user_id, int64_t now);
  static std::vector<BookingRecord> OfUser(Tx& tx, int64_t user_id, int64_t limit, int64_t offset,
                                           int64_t* total);
  // A center's bookings with starts in [from, to), in time order.
  static std::vector<BookingRecord> OfCenter(Tx& tx, int64_t center_id, int64_t from, int64_t to);
  // Each applies only to a booking still `booked` at `version`; false when it changed
  // meanwhile (the caller rolls back: nothing else of the change may happen).
  static bool Cancel(Tx& tx, int64_t id, int64_t version, int64_t at, const std::string& reason);
  static bool CheckIn(Tx& tx, int64_t id, int64_t version, int64_t at, int64_t staff_user_id);
  static bool Move(Tx& tx, int64_t id, int64_t version, int64_t start_at, int64_t end_at);
  // Reminders: the bookings whose reminder is due at `now` (domain::centers::ReminderAt with
  // `lead_ms`, and `late_ms` = min(lead, kLateReminderMs)), soonest first, fewer than three
  // failed tries; a claim marks one reminded `at` (0: none will be sent) if nobody did and it
  // still starts at `start_at` (false otherwise); a release undoes the claim made `at` and
  // counts a failed try.
  static std::vector<BookingRecord> ToRemind(Tx& tx, int64_t now, int64_t lead_ms, int64_t late_ms,
                                             int64_t limit);
  static bool ClaimReminder(Tx& tx, int64_t id, int64_t start_at, int64_t at);
  // Marks up to `limit` bookings still booked that ended before `ended_before` as no-shows
  // (each only if still booked); returns those it marked.
  static std::vector<MissedBooking> MarkNoShows(Tx& tx, int64_t ended_before, int64_t limit);
  static void ReleaseReminder(Tx& tx, int64_t id, int64_t at);
  // Photos.
  static std::vector<PhotoRecord> PhotosOf(Tx& tx, int64_t center_id);
  static int64_t AddPhoto(Tx& tx, const PhotoRecord& p);
  static bool DeletePhoto(Tx& tx, int64_t center_id, int64_t photo_id);

  // Staff leave: windows unstaffed per day ("YYYY-MM-DD" → counters off) in [from, to].
  static std::map<std::string, int64_t> LeaveOf(Tx& tx, int64_t center_id, const std::string& from,
                                                const std::string& to);
  // Staff on duty: a day's list replaced as a whole (empty: cleared), and the lists of
  // [from, to] by day, in their order.
  static void PutDuty(Tx& tx, int64_t center_id, const std::string& day,
                      const std::vector<DutyRecord>& staff);
  static std::vector<DutyRecord> DutyOf(Tx& tx, int64_t center_id, const std::string& from,
                                        const std::string& to);
  // The entries of [from, to], by day, with their reasons.
  static std::vector<LeaveRecord> LeaveIn(Tx& tx, int64_t center_id, const std::string& from,
                                          const std::string& to);
  static void PutLeave(Tx& tx, int64_t center_id, const std::string& day, int64_t off,
                       const std::string& reason);
  static bool DeleteLeave(Tx& tx, int64_t center_id, const std::string& day);
  // New capacities for the booked slots of [from, to) of every service the center offers
  // (seats by the offering, reduced for leave), never below what is booked.
  static void SetDayCapacity(Tx& tx, int64_t center_id, int64_t from, int64_t to, int64_t counters,
                             int64_t off);

  // Population points: all of them, replaced by source, bulk-inserted.
  static std::vector<PopulationPoint> Population(Tx& tx);
  static int64_t DeletePopulation(Tx& tx, const std::string& source);
  static void InsertPopulation(Tx& tx, const std::vector<PopulationPoint>& points,
                               const std::string& source);

  // Bookings, visits and no-shows (as marked by MarkNoShows) by organization and month.
  static std::vector<BookingMonth> MonthlyTotals(Tx& tx);
};

}  // namespace jiceng::store
