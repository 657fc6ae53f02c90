#include "service/center_service.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "domain/meetings.h"
#include "index/facts.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/file_store.h"
#include "platform/geo_index.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/center_internal.h"
#include "service/facts_service.h"
#include "service/module_state.h"
#include "service/org_service.h"

namespace jiceng::centers {

namespace dc = domain::centers;
using domain::Role;

domain::PermissionDef ManagePermissionDef() {
  return {"centers.manage",
          {Role::kCityAdmin, Role::kDistrictAdmin, Role::kStreetAdmin, Role::kCommunityAdmin}};
}
domain::PermissionDef ServePermissionDef() {
  return {"centers.serve",
          {Role::kCityAdmin, Role::kDistrictAdmin, Role::kStreetAdmin, Role::kCommunityAdmin}};
}
domain::Permission ManagePermission() {
  static const auto p = domain::DefinePermission(ManagePermissionDef());
  return p;
}
domain::Permission ServePermission() {
  static const auto p = domain::DefinePermission(ServePermissionDef());
  return p;
}

namespace internal {

// The seats of the offering's slots on `day`, after the center's staff leave that day.
int64_t SeatsOn(store::Tx& tx, const store::CenterRecord& c, const store::OfferingRecord& o,
                int64_t day) {
  const auto text = dc::DayText(day);
  const auto leave = store::CenterRepository::LeaveOf(tx, c.id, text, text);
  const int64_t off = leave.empty() ? 0 : leave.begin()->second;
  return dc::SeatsWithLeave(static_cast<int>(o.seats), static_cast<int>(c.counters),
                            static_cast<int>(off));
}

// A string as JSON, for the audit's before/after.
std::string JsonQuote(const std::string& s) { return nlohmann::json(s).dump(); }

// The center for a change by `who`: 404 when absent or outside their scope.
Result<store::CenterRecord> CenterToManage(const Context& ctx, store::Tx& tx,
                                           const domain::Principal& who, int64_t center_id,
                                           domain::Permission permission) {
  auto c = store::CenterRepository::FindCenter(tx, center_id);
  if (!c) {
    // Without the permission anywhere, 403 before 404 (as Authorize answers).
    if (!domain::HasPermission(who, permission)) return Forbidden();
    return NotFound("服务中心不存在 / center not found");
  }
  JICENG_CHECK(orgs::Allow(ctx, who, permission, c->org_id));
  return *c;
}

facts::MeasureId Measure(const Context& ctx, const char* name) {
  return *ctx.facts.registry().Find(name);
}

int32_t MonthOf(int64_t utc_ms) { return facts::MonthIndex(domain::ShanghaiDate(utc_ms)); }

}  // namespace internal

using internal::CenterToManage;
using internal::JsonQuote;
using internal::kBookings;
using internal::kNoShows;
using internal::kVisits;
using internal::Measure;
using internal::MonthOf;
using internal::SeatsOn;

namespace {

struct DirectoryCache {
  std::mutex mutex;
  std::shared_ptr<const Directory> current;  // guarded by mutex
};

geo::LatLng FromE7(int64_t lat_e7, int64_t lng_e7) {
  return {static_cast<double>(lat_e7) / 1e7, static_cast<double>(lng_e7) / 1e7};
}

int64_t ToE7(double degrees) { return static_cast<int64_t>(std::llround(degrees * 1e7)); }

std::vector<dc::DayRule> CityRules(const std::vector<store::CityDayRecord>& days) {
  std::vector<dc::DayRule> out;
  for (const auto& d : days) {
    auto day = dc::ParseDay(d.day);
    if (!day) continue;
    dc::DayRule r;
    r.day = *day;
    r.kind = d.kind == "workday" ? dc::DayKind::kWorkday : dc::DayKind::kClosed;
    r.as_weekday = static_cast<int>(d.as_weekday);
    out.push_back(std::move(r));
  }
  return out;
}

// A center's calendar: the city's days first, so that its own rules win.
dc::Calendar CalendarOf(const store::CenterRecord& c, const std::vector<dc::DayRule>& city) {
  auto own = dc::DecodeCalendar(c.week_plan, c.day_rules);
  dc::Calendar out = own ? std::move(*own) : dc::Calendar{};
  out.rules.insert(out.rules.begin(), city.begin(), city.end());
  return out;
}

std::shared_ptr<const Directory> Load(const Context& ctx, uint64_t generation) {
  auto dir = std::make_shared<Directory>();
  dir->generation = generation;
  ctx.db.Read([&](store::Tx& tx) {
    auto city = CityRules(store::CenterRepository::CityDays(tx));
    for (auto& c : store::CenterRepository::Centers(tx)) {
      Entry e;
      e.calendar = CalendarOf(c, city);
      e.at = FromE7(c.lat_e7, c.lng_e7);
      e.center = std::move(c);
      dir->by_id[e.center.id] = dir->entries.size();
      dir->entries.push_back(std::move(e));
    }
    for (const auto& o : store::CenterRepository::Offerings(tx))
      if (auto it = dir->by_id.find(o.center_id); it != dir->by_id.end())
        dir->entries[it->second].services.push_back(o.service_id);
  });
  std::vector<geo::LatLng> points;
  points.reserve(dir->entries.size());
  for (auto& e : dir->entries) {
    std::sort(e.services.begin(), e.services.end());
    points.push_back(e.at);
  }
  dir->nearest = std::make_unique<geo::NearestIndex>(std::move(points));
  return dir;
}

tl::unexpected<Error> CenterNotFound() { return NotFound("服务中心不存在 / center not found"); }

Status CheckCity(const Context& ctx, const domain::Principal& who) {
  // The catalog and the city's calendar are the city's: a city administrator's grant at
  // the root of the tree.
  const auto tree = ctx.orgs.snapshot();
  for (const auto& g : who.grants) {
    const auto* org = tree->Find(g.org_id);
    if (g.role == Role::kCityAdmin && org && org->parent_id == 0) return {};
  }
  return Fail(ErrorKind::kForbidden, "forbidden",
              "仅市级管理员可维护服务目录和全市日历 / only the city's administrators may do this");
}

// Text of several lines (a description, the materials to bring one per line): ValidateText
// line by line, so line breaks are allowed and nothing else that is not printable.
Status ValidateParagraphs(const std::string& text, const char* field, size_t max) {
  if (Utf8Length(text) > max)
    return BadInput(field, std::string(field) + " 不超过 " + std::to_string(max) +
                               " 字 / at most " + std::to_string(max) + " characters");
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    JICENG_CHECK(ValidateText(text.substr(at, end - at), field, max, false));
    at = end + 1;
  }
  return {};
}

Status ValidateService(const store::ServiceRecord& s) {
  JICENG_CHECK(ValidateName(s.name, "name", 60, true));
  if (!dc::ParseCategory(s.category))
    return BadInput("category",
                    "服务类别无效 / category must be party, government, public or "
                    "convenience");
  if (!dc::ParseEligibility(s.eligibility))
    return BadInput("eligibility",
                    "办理对象无效 / eligibility must be anyone, residents or members");
  if (s.duration_min < 5 || s.duration_min > 480)
    return BadInput("duration_min", "办理时长须在 5 至 480 分钟之间 / duration_min 5–480");
  if (s.seats < 1 || s.seats > 500)
    return BadInput("seats", "每时段名额须在 1 至 500 之间 / seats 1–500");
  JICENG_CHECK(ValidateParagraphs(s.description, "description", 2000));
  JICENG_CHECK(ValidateParagraphs(s.materials, "materials", 2000));
  return {};
}

Result<store::CenterRecord> CheckCenter(const CenterInput& in) {
  store::CenterRecord c = in.center;
  JICENG_CHECK(ValidateName(c.name, "name", 80, true));
  if (!dc::ParseLevel(c.level))
    return BadInput("level",
                    "中心层级无效 / level must be street, community, park, market, "
                    "building or service_point");
  JICENG_CHECK(ValidateName(c.address, "address", 200, true));
  JICENG_CHECK(ValidateName(c.phone, "phone", 30, false));
  JICENG_CHECK(ValidateParagraphs(c.description, "description", 2000));
  if (c.counters < 1 || c.counters > 100)
    return BadInput("counters", "窗口数须在 1 至 100 之间 / counters 1–100");
  if (!geo::IsValid(in.location))
    return BadInput("location", "坐标无效 / the location is not a latitude and longitude");
  // Shenzhen's centers are in mainland China, where the map systems differ; a point outside
  // is kept as given (geo::ToGcj02 shifts only inside).
  if (!geo::InMainland(in.location))
    return BadInput("location", "坐标不在中国大陆境内 / the location is outside mainland China");
  JICENG_CHECK(dc::ValidateCalendar(in.calendar));
  const auto gcj = geo::ToGcj02(in.location, in.crs);
  c.lat_e7 = ToE7(gcj.lat);
  c.lng_e7 = ToE7(gcj.lng);
  c.location_source = std::string(geo::CrsCode(in.crs));
  c.week_plan = dc::EncodeWeek(in.calendar.week);
  c.day_rules = dc::EncodeRules(in.calendar.rules);
  return c;
}

std::string CenterAuditJson(const store::CenterRecord& c) {
  return "{\"name\":" + JsonQuote(c.name) + ",\"level\":" + JsonQuote(c.level) +
         ",\"org_id\":" + std::to_string(c.org_id) +
         ",\"closed\":" + (c.closed ? "true" : "false") + "}";
}

}  // namespace

std::shared_ptr<const Directory> DirectoryOf(const Context& ctx) {
  const uint64_t generation = ctx.db.Generation(store::Topic::kCenters);
  if (!ctx.state) return Load(ctx, generation);
  auto& cache = ctx.state->Get<DirectoryCache>();
  std::lock_guard lock(cache.mutex);
  if (!cache.current || cache.current->generation != generation)
    cache.current = Load(ctx, generation);
  return cache.current;
}

Result<FindResult> Find(const Context& ctx, const FindQuery& q) {
  if (!q.level.empty() && !dc::ParseLevel(q.level))
    return BadInput("level", "中心层级无效 / unknown level");
  if (q.near && !geo::IsValid(*q.near)) return BadInput("near", "坐标无效 / near must be LAT,LNG");
  FindResult out;
  out.directory = DirectoryOf(ctx);
  const auto& dir = *out.directory;
  const int64_t now = ctx.clock.NowMs();
  const int64_t today = ShanghaiDayOf(now);
  auto tree = ctx.orgs.snapshot();
  if (q.org_id && !tree->Find(*q.org_id)) return NotFound("组织不存在 / organization not found");
  const std::string q_lower = q.q;
  auto keep = [&](size_t i) {
    const auto& e = dir.entries[i];
    if (e.center.closed) return false;
    if (!q.level.empty() && e.center.level != q.level) return false;
    if (q.service_id && !std::binary_search(e.services.begin(), e.services.end(), *q.service_id))
      return false;
    if (q.org_id && !tree->Contains(*q.org_id, e.center.org_id)) return false;
    if (!q.q.empty() && e.center.name.find(q.q) == std::string::npos &&
        e.center.address.find(q.q) == std::string::npos)
      return false;
    if (q.open_now && !dc::OpenAt(e.calendar, now)) return false;
    if (q.evening && !dc::OpenInTheEvening(e.calendar, today)) return false;
    if (q.weekend && !dc::OpenAtTheWeekend(e.calendar, today)) return false;
    return true;
  };
  if (q.near) {
    for (const auto& hit : dir.nearest->Nearest(*q.near, static_cast<size_t>(q.limit), keep)) {
      if (q.within_m > 0 && hit.distance_m > static_cast<double>(q.within_m)) break;
      const auto& e = dir.entries[hit.index];
      out.items.push_back({&e, hit.distance_m, dc::OpenAt(e.calendar, now)});
    }
    out.total = static_cast<int64_t>(out.items.size());
    return out;
  }
  for (size_t i = 0; i < dir.entries.size(); ++i) {
    if (!keep(i)) continue;
    if (out.total >= q.offset && static_cast<int64_t>(out.items.size()) < q.limit)
      out.items.push_back(
          {&dir.entries[i], std::nullopt, dc::OpenAt(dir.entries[i].calendar, now)});
    ++out.total;
  }
  return out;
}

Result<CenterDetail> Get(const Context& ctx, int64_t center_id) {
  CenterDetail out;
  out.directory = DirectoryOf(ctx);
  out.entry = out.directory->Find(center_id);
  if (!out.entry) return CenterNotFound();
  ctx.db.Read([&](store::Tx& tx) {
    for (const auto& o : store::CenterRepository::OfferingsOf(tx, center_id))
      if (auto s = store::CenterRepository::FindService(tx, o.service_id))
        out.services.push_back({*s, o});
    for (const auto& p : store::CenterRepository::PhotosOf(tx, center_id))
      out.photo_ids.push_back(p.id);
    const std::string today = dc::DayText(ShanghaiDayOf(ctx.clock.NowMs()));
    for (auto& d : store::CenterRepository::DutyOf(tx, center_id, today, today))
      out.on_duty.push_back({d.name, d.post});
  });
  auto tree = ctx.orgs.snapshot();
  if (const auto* org = tree->Find(out.entry->center.org_id)) out.org_name = org->name;
  return out;
}

Result<std::vector<SlotView>> Slots(const Context& ctx, int64_t center_id, int64_t service_id,
                                    const std::string& date) {
  auto day = dc::ParseDay(date);
  if (!day) return BadInput("date", "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD");
  auto dir = DirectoryOf(ctx);
  const auto* e = dir->Find(center_id);
  if (!e || e->center.closed) return CenterNotFound();
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Read([&](store::Tx& tx) -> Result<std::vector<SlotView>> {
    auto o = store::CenterRepository::FindOffering(tx, center_id, service_id);
    if (!o) return NotFound("该中心不提供此服务 / the center does not offer this service");
    if (!o->appointment)
      return Fail(ErrorKind::kRuleBroken, "walk_in_service",
                  "此服务无需预约，开放时间内直接前往 / walk in during opening hours", "service");
    dc::SlotRules rules{static_cast<int>(o->slot_min), static_cast<int>(o->buffer_min),
                        static_cast<int>(o->seats), static_cast<int>(o->min_notice_min),
                        static_cast<int>(o->horizon_days)};
    std::vector<SlotView> out;
    auto slots = dc::SlotsOn(e->calendar, *day, rules, now);
    if (slots.empty()) return out;
    const int seats = static_cast<int>(SeatsOn(tx, e->center, *o, *day));
    for (auto& s : slots) s.capacity = seats;
    auto booked = store::CenterRepository::BookedSeats(
        tx, center_id, service_id, slots.front().start_ms, slots.back().start_ms + 1);
    for (const auto& s : slots) {
      auto it = booked.find(s.start_ms);
      out.push_back({s, it == booked.end() ? 0 : it->second});
    }
    return out;
  });
}

std::vector<store::ServiceRecord> Services(const Context& ctx) {
  return ctx.db.Read([](store::Tx& tx) { return store::CenterRepository::Services(tx); });
}

Result<store::ServiceRecord> CreateService(const Context& ctx, const Actor& actor,
                                           store::ServiceRecord input) {
  JICENG_CHECK(CheckCity(ctx, *actor.principal));
  JICENG_CHECK(ValidateService(input));
  input.created_at = ctx.clock.NowMs();
  input.version = 1;
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::ServiceRecord> {
    for (const auto& s : store::CenterRepository::Services(tx))
      if (s.name == input.name)
        return Fail(ErrorKind::kConflict, "duplicate_service",
                    "服务目录中已有同名服务 / the catalog has a service of that name", "name");
    input.id = store::CenterRepository::InsertService(tx, input);
    audit::Record(tx, ctx, actor,
                  {"service.create", "service", input.id, std::nullopt, std::nullopt,
                   "{\"name\":" + JsonQuote(input.name) + "}"});
    return input;
  });
}

Result<store::ServiceRecord> UpdateService(const Context& ctx, const Actor& actor,
                                           store::ServiceRecord input, int64_t version) {
  JICENG_CHECK(CheckCity(ctx, *actor.principal));
  JICENG_CHECK(ValidateService(input));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::ServiceRecord> {
    auto old = store::CenterRepository::FindService(tx, input.id);
    if (!old) return NotFound("服务不存在 / service not found");
    for (const auto& s : store::CenterRepository::Services(tx))
      if (s.name == input.name && s.id != input.id)
        return Fail(ErrorKind::kConflict, "duplicate_service",
                    "服务目录中已有同名服务 / the catalog has a service of that name", "name");
    if (!store::CenterRepository::UpdateService(tx, input, version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "服务已被他人修改，请刷新 / the service changed meanwhile; reload it");
    input.created_at = old->created_at;
    input.version = version + 1;
    audit::Record(
        tx, ctx, actor,
        {"service.update", "service", input.id, std::nullopt,
         "{\"name\":" + JsonQuote(old->name) + "}", "{\"name\":" + JsonQuote(input.name) + "}"});
    return input;
  });
}

Result<store::CenterRecord> CreateCenter(const Context& ctx, const Actor& actor,
                                         const CenterInput& input) {
  JICENG_TRY(c, CheckCenter(input));
  auto tree = ctx.orgs.snapshot();
  if (!tree->Find(c.org_id)) {
    if (!domain::HasPermission(*actor.principal, ManagePermission())) return Forbidden();
    return Fail(ErrorKind::kNotFound, "not_found", "组织不存在 / organization not found", "org_id");
  }
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, ManagePermission(), c.org_id));
  c.created_at = c.updated_at = ctx.clock.NowMs();
  c.version = 1;
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::CenterRecord> {
    c.id = store::CenterRepository::InsertCenter(tx, c);
    audit::Record(tx, ctx, actor,
                  {"center.create", "center", c.id, c.org_id, std::nullopt, CenterAuditJson(c)});
    return c;
  });
}

Result<store::CenterRecord> UpdateCenter(const Context& ctx, const Actor& actor, int64_t id,
                                         const CenterInput& input, int64_t version) {
  JICENG_TRY(c, CheckCenter(input));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::CenterRecord> {
    JICENG_TRY(old, CenterToManage(ctx, tx, *actor.principal, id, ManagePermission()));
    // Moving a center to another organization needs the right over both.
    if (c.org_id != old.org_id) {
      if (!ctx.orgs.snapshot()->Find(c.org_id))
        return Fail(ErrorKind::kNotFound, "not_found", "组织不存在 / organization not found",
                    "org_id");
      JICENG_CHECK(orgs::Allow(ctx, *actor.principal, ManagePermission(), c.org_id));
    }
    c.id = id;
    c.created_at = old.created_at;
    c.updated_at = ctx.clock.NowMs();
    if (!store::CenterRepository::UpdateCenter(tx, c, version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "服务中心已被他人修改，请刷新 / the center changed meanwhile; reload it");
    c.version = version + 1;
    audit::Record(
        tx, ctx, actor,
        {"center.update", "center", id, c.org_id, CenterAuditJson(old), CenterAuditJson(c)});
    return c;
  });
}

Result<store::OfferingRecord> PutOffering(const Context& ctx, const Actor& actor,
                                          store::OfferingRecord o) {
  JICENG_CHECK(dc::ValidateSlotRules({static_cast<int>(o.slot_min), static_cast<int>(o.buffer_min),
                                      static_cast<int>(o.seats), static_cast<int>(o.min_notice_min),
                                      static_cast<int>(o.horizon_days)}));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::OfferingRecord> {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, o.center_id, ManagePermission()));
    if (!store::CenterRepository::FindService(tx, o.service_id))
      return Fail(ErrorKind::kNotFound, "not_found", "服务不存在 / service not found",
                  "service_id");
    store::CenterRepository::UpsertOffering(tx, o);
    // Slots already booked take the new number of seats from now on.
    const int64_t now = ctx.clock.NowMs();
    store::CenterRepository::SetCapacity(tx, o.center_id, o.service_id, now, o.seats);
    // Days with staff leave keep their fewer seats.
    for (const auto& [day, off] :
         store::CenterRepository::LeaveOf(tx, c.id, dc::DayText(ShanghaiDayOf(now)), "9999-12-31"))
      if (auto d = dc::ParseDay(day))
        store::CenterRepository::SetDayCapacity(tx, c.id, UtcMsOfShanghai(*d, 0),
                                                UtcMsOfShanghai(*d + 1, 0), c.counters, off);
    audit::Record(tx, ctx, actor,
                  {"center.offer", "center", c.id, c.org_id, std::nullopt,
                   "{\"service_id\":" + std::to_string(o.service_id) +
                       ",\"seats\":" + std::to_string(o.seats) + "}"});
    return o;
  });
}

Status RemoveOffering(const Context& ctx, const Actor& actor, int64_t center_id,
                      int64_t service_id) {
  return ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    if (!store::CenterRepository::DeleteOffering(tx, center_id, service_id))
      return NotFound("该中心不提供此服务 / the center does not offer this service");
    audit::Record(tx, ctx, actor,
                  {"center.unoffer", "center", c.id, c.org_id,
                   "{\"service_id\":" + std::to_string(service_id) + "}", std::nullopt});
    return {};
  });
}

Status CheckPhotoUpload(const Context& ctx, const Actor& actor, int64_t center_id,
                        std::optional<uint64_t> declared_bytes) {
  if (declared_bytes && *declared_bytes > kMaxPhotoBytes)
    return Fail(ErrorKind::kTooLarge, "photo_too_large",
                "照片不能超过 5 MB / a photo is at most 5 MB", "file");
  return ctx.db.Read([&](store::Tx& tx) -> Status {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    if (store::CenterRepository::PhotosOf(tx, c.id).size() >= kMaxPhotos)
      return Fail(ErrorKind::kRuleBroken, "too_many_photos",
                  "每个中心最多 12 张照片 / at most 12 photos a center", "file");
    return {};
  });
}

Result<store::PhotoRecord> AddPhoto(const Context& ctx, const Actor& actor, int64_t center_id,
                                    std::string_view bytes) {
  if (bytes.empty()) return BadInput("file", "请上传照片 / upload a photo as the body");
  JICENG_CHECK(CheckPhotoUpload(ctx, actor, center_id, bytes.size()));
  auto type = domain::AttachmentType(bytes, "photo");
  if (!type || type->rfind("image/", 0) != 0)
    return Fail(ErrorKind::kUnsupportedMedia, "photo_type",
                "仅支持 JPEG、PNG、WebP 照片 / JPEG, PNG or WebP photos only", "file");
  JICENG_TRY(sha, StoreFile(ctx.config.attachments_dir, bytes));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::PhotoRecord> {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    store::PhotoRecord p{0,
                         c.id,
                         sha,
                         std::string(*type),
                         static_cast<int64_t>(bytes.size()),
                         actor.principal->user_id,
                         ctx.clock.NowMs()};
    p.id = store::CenterRepository::AddPhoto(tx, p);
    audit::Record(tx, ctx, actor,
                  {"center.photo", "center", c.id, c.org_id, std::nullopt,
                   nlohmann::json{{"photo_id", p.id}, {"sha256", sha}}.dump()});
    return p;
  });
}

Result<Photo> GetPhoto(const Context& ctx, int64_t center_id, int64_t photo_id) {
  auto photos = PhotosOf(ctx, center_id);
  for (auto& p : photos)
    if (p.id == photo_id) {
      JICENG_TRY(bytes, LoadFile(ctx.config.attachments_dir, p.sha256));
      return Photo{std::move(p), std::move(bytes)};
    }
  return NotFound("照片不存在 / photo not found");
}

std::vector<store::PhotoRecord> PhotosOf(const Context& ctx, int64_t center_id) {
  return ctx.db.Read(
      [&](store::Tx& tx) { return store::CenterRepository::PhotosOf(tx, center_id); });
}

Status RemovePhoto(const Context& ctx, const Actor& actor, int64_t center_id, int64_t photo_id) {
  return ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    if (!store::CenterRepository::DeletePhoto(tx, c.id, photo_id))
      return NotFound("照片不存在 / photo not found");
    audit::Record(tx, ctx, actor,
                  {"center.photo", "center", c.id, c.org_id,
                   nlohmann::json{{"photo_id", photo_id}}.dump(), std::nullopt});
    return {};
  });
}

Result<Leave> PutLeave(const Context& ctx, const Actor& actor, int64_t center_id,
                       const std::string& day, int64_t off, const std::string& reason) {
  auto parsed = dc::ParseDay(day);
  if (!parsed) return BadInput("date", "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD");
  JICENG_CHECK(ValidateText(reason, "reason", 200, false));
  return ctx.db.Write([&](store::Tx& tx) -> Result<Leave> {
    JICENG_TRY(c, CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    if (off < 0 || off > c.counters)
      return BadInput("counters_off", "停开窗口数须在 0 至 " + std::to_string(c.counters) +
                                          " 之间 / counters_off is 0 to the center's counters");
    if (off == 0)
      store::CenterRepository::DeleteLeave(tx, center_id, day);
    else
      store::CenterRepository::PutLeave(tx, center_id, day, off, reason);
    store::CenterRepository::SetDayCapacity(tx, center_id, UtcMsOfShanghai(*parsed, 0),
                                            UtcMsOfShanghai(*parsed + 1, 0), c.counters, off);
    audit::Record(tx, ctx, actor,
                  {"center.leave", "center", c.id, c.org_id, std::nullopt,
                   nlohmann::json{{"day", day}, {"counters_off", off}}.dump()});
    return Leave{day, off, reason};
  });
}

Result<std::vector<Leave>> LeaveOf(const Context& ctx, const domain::Principal& who,
                                   int64_t center_id) {
  const auto today = dc::DayText(ShanghaiDayOf(ctx.clock.NowMs()));
  return ctx.db.Read([&](store::Tx& tx) -> Result<std::vector<Leave>> {
    JICENG_TRY(c, CenterToManage(ctx, tx, who, center_id, ManagePermission()));
    std::vector<Leave> out;
    for (auto& l : store::CenterRepository::LeaveIn(tx, c.id, today, "9999-12-31"))
      out.push_back({l.day, l.counters_off, l.reason});
    return out;
  });
}

std::vector<store::CityDayRecord> CityDays(const Context& ctx) {
  return ctx.db.Read([](store::Tx& tx) { return store::CenterRepository::CityDays(tx); });
}

Result<store::CityDayRecord> PutCityDay(const Context& ctx, const Actor& actor,
                                        store::CityDayRecord day) {
  JICENG_CHECK(CheckCity(ctx, *actor.principal));
  if (!dc::ParseDay(day.day))
    return BadInput("day", "日期格式应为 YYYY-MM-DD / day must be a date");
  if (day.kind != "closed" && day.kind != "workday")
    return BadInput("kind",
                    "类型应为 closed（放假）或 workday（调休上班）/ kind: closed or workday");
  if (day.kind == "workday" && (day.as_weekday < 0 || day.as_weekday > 6))
    return BadInput("as_weekday", "调休上班须指定按星期几开放 / as_weekday 0–6");
  if (day.kind == "closed") day.as_weekday = 0;
  JICENG_CHECK(ValidateName(day.name, "name", 40, false));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::CityDayRecord> {
    store::CenterRepository::PutCityDay(tx, day);
    audit::Record(tx, ctx, actor,
                  {"center.city_day", "city_day", std::nullopt, std::nullopt, std::nullopt,
                   "{\"day\":" + JsonQuote(day.day) + ",\"kind\":" + JsonQuote(day.kind) + "}"});
    return day;
  });
}

Status DeleteCityDay(const Context& ctx, const Actor& actor, const std::string& day) {
  JICENG_CHECK(CheckCity(ctx, *actor.principal));
  return ctx.db.Write([&](store::Tx& tx) -> Status {
    if (!store::CenterRepository::DeleteCityDay(tx, day))
      return NotFound("全市日历中没有这一天 / the city's calendar has no such day");
    audit::Record(tx, ctx, actor,
                  {"center.city_day", "city_day", std::nullopt, std::nullopt,
                   "{\"day\":" + JsonQuote(day) + "}", std::nullopt});
    return {};
  });
}

Result<Stats> StatsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& period) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, ServePermission(), org_id));
  JICENG_TRY(p, domain::ParsePeriod(period));
  std::vector<facts::MeasureId> measures;
  for (const char* name : {kBookings, kVisits, "centers.tickets", "centers.tickets_resolved",
                           "centers.ratings", "centers.rating_sum", kNoShows}) {
    auto id = ctx.facts.registry().Find(name);
    if (!id) throw std::logic_error(std::string("the measure is not declared: ") + name);
    measures.push_back(*id);
  }
  auto figures = [](const std::vector<int64_t>& v) {
    return Figures{v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
  };
  const int32_t from = facts::MonthIndex(p.from), to = facts::MonthIndex(p.to);
  Stats out;
  out.period = p.label;
  auto answer = ctx.facts.Sum(tree, *root, from, to, measures);
  out.total = figures(answer.total);
  for (const auto& [month, values] : answer.by_month)
    out.by_month.push_back({facts::MonthLabel(month), figures(values)});
  if (auto it = tree->children.find(org_id); it != tree->children.end())
    for (int64_t child : it->second) {
      const auto* node = tree->Find(child);
      auto f = figures(ctx.facts.Sum(tree, *node, from, to, measures).total);
      if (f.bookings || f.tickets) out.children.push_back({child, node->name, f});
    }
  return out;
}

void DeclareFacts(facts::Registry& registry) {
  const auto bookings = registry.Declare("centers", kBookings);
  const auto visits = registry.Declare("centers", kVisits);
  const auto no_shows = registry.Declare("centers", kNoShows);
  registry.SetRecount("centers", [bookings, visits, no_shows](store::Tx& tx) {
    std::vector<facts::Fact> out;
    for (const auto& m : store::CenterRepository::MonthlyTotals(tx)) {
      const int32_t month = facts::MonthIndex(m.month);
      out.push_back({m.org_id, month, bookings, m.booked});
      out.push_back({m.org_id, month, visits, m.visited});
      out.push_back({m.org_id, month, no_shows, m.no_shows});
    }
    return out;
  });
}

}  // namespace jiceng::centers
