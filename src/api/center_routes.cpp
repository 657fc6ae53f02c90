// Service centers (issue 15): the public finder and a center's page (no login), its slots,
// the administrators' centers, services offered and the city's catalog and calendar.
// Bookings: center_booking_routes.cpp; coverage and statistics: center_figure_routes.cpp;
// photos, staff leave and duty: center_staff_routes.cpp.
#include "api/center_routes.h"

#include <charconv>
#include <cmath>

#include "api/module.h"
#include "api/schema.h"
#include "api/views.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/center_service.h"
#include "service/coverage_service.h"
#include "service/org_registry.h"

namespace jiceng::api {
// Degrees to 6 decimals (~0.1 m), as maps take them.
double Round6(double degrees) { return std::round(degrees * 1e6) / 1e6; }

// "LAT,LNG" in degrees; 400 naming `field` otherwise.
Result<geo::LatLng> ParseLatLng(const std::string& text, const char* field) {
  auto comma = text.find(',');
  geo::LatLng p{NAN, NAN};
  auto number = [](std::string_view s, double* out) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size();
  };
  if (comma == std::string::npos || !number(std::string_view(text).substr(0, comma), &p.lat) ||
      !number(std::string_view(text).substr(comma + 1), &p.lng) || !geo::IsValid(p))
    return BadInput(field, std::string(field) + " 应为“纬度,经度”，如 22.543,114.058 / " + field +
                               " must be LAT,LNG in degrees");
  return p;
}

Result<geo::Crs> CrsParam(const std::string& text, const char* field) {
  if (text.empty()) return geo::Crs::kGcj02;
  auto crs = geo::ParseCrs(text);
  if (!crs) return BadInput(field, "坐标系应为 gcj02、wgs84 或 bd09 / crs: gcj02, wgs84 or bd09");
  return *crs;
}

namespace {

namespace dc = domain::centers;

constexpr const char* kWeekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

json PeriodsJson(const std::vector<dc::Period>& periods) {
  json out = json::array();
  for (const auto& p : periods)
    out.push_back({{"start", dc::MinuteText(p.start_min)},
                   {"end", dc::MinuteText(p.end_min)},
                   {"kind", std::string(dc::PeriodKindCode(p.kind))}});
  return out;
}

// The center's own calendar (as entered), and the coming week's hours after every rule.
json HoursJson(const store::CenterRecord& c, const dc::Calendar& effective, int64_t now) {
  json week = json::object(), days = json::array(), coming = json::array();
  auto own = dc::DecodeCalendar(c.week_plan, c.day_rules);
  if (own) {
    for (int d = 0; d < 7; ++d) week[kWeekdays[d]] = PeriodsJson(own->week[d]);
    for (const auto& r : own->rules) {
      json day = {{"date", dc::DayText(r.day)}};
      if (r.kind == dc::DayKind::kClosed) day["kind"] = "closed";
      if (r.kind == dc::DayKind::kWorkday) {
        day["kind"] = "workday";
        day["as"] = kWeekdays[r.as_weekday];
      }
      if (r.kind == dc::DayKind::kHours) {
        day["kind"] = "hours";
        day["periods"] = PeriodsJson(r.periods);
      }
      days.push_back(std::move(day));
    }
  }
  const int64_t today = ShanghaiDayOf(now);
  for (int64_t d = today; d < today + 7; ++d)
    coming.push_back({{"date", dc::DayText(d)},
                      {"weekday", kWeekdays[dc::WeekdayOf(d)]},
                      {"periods", PeriodsJson(dc::HoursOn(effective, d))}});
  return {{"week", week}, {"days", days}, {"coming", coming}};
}

json CenterJson(const centers::Entry& e, const index::OrgTree::Snapshot& tree, bool open_now) {
  const auto& c = e.center;
  const auto* org = tree.Find(c.org_id);
  return {{"id", c.id},
          {"name", c.name},
          {"level", c.level},
          {"org_id", c.org_id},
          {"org_name", org ? json(org->name) : json(nullptr)},
          {"address", c.address},
          {"lat", Round6(e.at.lat)},
          {"lng", Round6(e.at.lng)},
          {"location_source", c.location_source},
          {"phone", c.phone},
          {"counters", c.counters},
          {"closed", c.closed},
          {"open_now", open_now},
          {"services", e.services},
          {"version", c.version}};
}

json ServiceJson(const store::ServiceRecord& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"category", s.category},
          {"description", s.description},
          {"materials", s.materials},
          {"eligibility", s.eligibility},
          {"duration_min", s.duration_min},
          {"appointment", s.appointment},
          {"seats", s.seats},
          {"version", s.version}};
}

json OfferingJson(const store::OfferingRecord& o) {
  return {{"center_id", o.center_id},           {"service_id", o.service_id},
          {"appointment", o.appointment},       {"slot_min", o.slot_min},
          {"buffer_min", o.buffer_min},         {"seats", o.seats},
          {"min_notice_min", o.min_notice_min}, {"horizon_days", o.horizon_days}};
}

std::vector<Field> FindQueryFields() {
  return {
      Field::String("near", 60).Doc("纬度,经度（默认 GCJ-02）/ LAT,LNG, GCJ-02 unless crs says"),
      Field::Enum("crs", {"gcj02", "wgs84", "bd09"}).Strict().Doc("near 的坐标系 / near's datum"),
      Field::Int("limit", 1, 100),
      Field::Int("within", 1, 100'000).Doc("最远距离（米）/ at most this far, metres"),
      Field::Enum("open_now", {"0", "1"}).Doc("1：正在开放 / open now"),
      Field::Enum("evening", {"0", "1"}).Doc("1：今晚开放（18:00 后）/ open this evening"),
      Field::Enum("weekend", {"0", "1"}).Doc("1：本周末开放 / open at the weekend"),
      Field::Int("service", 1, INT64_MAX).Doc("提供该服务 / offers this service"),
      Field::Int("org", 1, INT64_MAX).Doc("该组织及下级管理的中心 / managed in this subtree"),
      Field::Enum("level", dc::LevelCodes()).Strict(),
      Field::String("q", 50).Doc("名称或地址含 / name or address contains"),
      Field::Int("page", 1, 1'000'000),
      Field::Int("size", 1, 200)};
}

Result<http::Response> FindCenters(Call& c) {
  centers::FindQuery q;
  JICENG_TRY(near, c.Text("near"));
  JICENG_TRY(crs_text, c.Text("crs"));
  JICENG_TRY(crs, CrsParam(crs_text, "crs"));
  if (!near.empty()) {
    JICENG_TRY(p, ParseLatLng(near, "near"));
    q.near = geo::ToGcj02(p, crs);
  }
  JICENG_TRY(limit, c.Int("limit"));
  JICENG_TRY(within, c.Int("within"));
  JICENG_TRY(service, c.Int("service"));
  JICENG_TRY(org, c.Int("org"));
  JICENG_TRY(level, c.Text("level"));
  JICENG_TRY(words, c.Text("q"));
  JICENG_TRY(paging, ParsePaging(c.req));
  q.limit = static_cast<int>(limit.value_or(near.empty() ? paging.size : 10));
  q.offset = (paging.page - 1) * q.limit;
  q.within_m = within.value_or(0);
  q.open_now = c.Flag("open_now");
  q.evening = c.Flag("evening");
  q.weekend = c.Flag("weekend");
  q.service_id = service;
  q.org_id = org;
  q.level = level;
  q.q = words;
  JICENG_TRY(found, centers::Find(c.svc.ctx, q));
  const auto tree = c.svc.ctx.orgs.snapshot();
  json items = json::array();
  for (const auto& f : found.items) {
    json item = CenterJson(*f.entry, *tree, f.open_now);
    if (f.distance_m) item["distance_m"] = static_cast<int64_t>(std::llround(*f.distance_m));
    items.push_back(std::move(item));
  }
  return Json(ListBody(items, found.total));
}

Result<http::Response> GetCenter(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(d, centers::Get(c.svc.ctx, id));
  const int64_t now = c.svc.ctx.clock.NowMs();
  const auto tree = c.svc.ctx.orgs.snapshot();
  json out = CenterJson(*d.entry, *tree, dc::OpenAt(d.entry->calendar, now));
  out["description"] = d.entry->center.description;
  out["hours"] = HoursJson(d.entry->center, d.entry->calendar, now);
  json services = json::array();
  for (const auto& s : d.services) {
    json item = ServiceJson(s.service);
    item["offering"] = OfferingJson(s.offering);
    services.push_back(std::move(item));
  }
  out["services"] = services;
  json photos = json::array();
  for (int64_t p : d.photo_ids)
    photos.push_back("/api/centers/" + std::to_string(id) + "/photos/" + std::to_string(p));
  out["photos"] = photos;
  out["on_duty"] = OnDutyJson(d.on_duty);
  return Json(out);
}

Result<http::Response> GetSlots(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(service, c.Int("service"));
  JICENG_TRY(date, c.Text("date"));
  if (!service) return BadInput("service", "须指定服务 / service is required");
  if (date.empty()) date = dc::DayText(ShanghaiDayOf(c.svc.ctx.clock.NowMs()));
  JICENG_TRY(slots, centers::Slots(c.svc.ctx, id, *service, date));
  json items = json::array();
  for (const auto& s : slots)
    items.push_back({{"start", FormatShanghai(s.slot.start_ms)},
                     {"end", FormatShanghai(s.slot.end_ms)},
                     {"capacity", s.slot.capacity},
                     {"booked", s.booked},
                     {"kind", std::string(dc::PeriodKindCode(s.slot.kind))}});
  return Json({{"date", date}, {"items", items}});
}

// Hours as entered: {"week": {"mon": [periods], …}, "days": [{"date","kind","as","periods"}]}.
Field PeriodsDecl(const char* name) {
  return Field::Array(
      name,
      Field::Object(name,
                    {Field::String("start", 5).Required(), Field::String("end", 5).Required(),
                     Field::Enum("kind", dc::PeriodKindCodes()).Strict()},
                    "时段须为对象 / a period is an object"),
      std::string(name) + " 须为时段数组 / must be an array of periods", 12);
}

Field HoursDecl() {
  Fields week;
  for (const char* d : kWeekdays) week.push_back(PeriodsDecl(d));
  return Field::Object(
             "hours",
             {Field::Object("week", week, "week 须为对象 / week must be an object").Required(),
              Field::Array(
                  "days",
                  Field::Object(
                      "days",
                      {Field::Date("date").Required(),
                       Field::Enum("kind", {"closed", "workday", "hours"}).Strict().Required(),
                       Field::Enum("as", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
                           .Strict(),
                       PeriodsDecl("periods")},
                      "日期规则须为对象 / a day rule is an object"),
                  "days 须为数组 / days must be an array", 400)},
             "hours 须为对象 / hours must be an object")
      .Required();
}

Result<std::vector<dc::Period>> ReadPeriods(const std::vector<Parsed>& items, const char* field) {
  std::vector<dc::Period> out;
  for (const auto& p : items) {
    auto start = dc::ParseMinute(p.Str("start"));
    auto end = dc::ParseMinute(p.Str("end"));
    if (!start || !end)
      return Fail(ErrorKind::kBadInput, "invalid_hours",
                  "开放时间有误：时间应为 HH:MM / invalid hours: times are HH:MM", field);
    auto kind = dc::ParsePeriodKind(p.Str("kind")).value_or(dc::PeriodKind::kRegular);
    out.push_back({*start, *end, kind});
  }
  return out;
}

int WeekdayIndex(const std::string& code) {
  for (int d = 0; d < 7; ++d)
    if (code == kWeekdays[d]) return d;
  return -1;
}

Result<dc::Calendar> ReadHours(const Parsed& hours) {
  dc::Calendar cal;
  auto week = hours.Object("week");
  for (int d = 0; d < 7; ++d) {
    JICENG_TRY(periods, ReadPeriods(week->Objects(kWeekdays[d]), "hours.week"));
    cal.week[d] = std::move(periods);
  }
  for (const auto& day : hours.Objects("days")) {
    dc::DayRule r;
    auto parsed = dc::ParseDay(day.Str("date"));
    if (!parsed) return BadInput("hours.days", "日期应为 YYYY-MM-DD / dates are YYYY-MM-DD");
    r.day = *parsed;
    const auto kind = day.Str("kind");
    if (kind == "closed") r.kind = dc::DayKind::kClosed;
    if (kind == "workday") {
      r.kind = dc::DayKind::kWorkday;
      r.as_weekday = WeekdayIndex(day.Str("as"));
      if (r.as_weekday < 0)
        return Fail(ErrorKind::kBadInput, "invalid_hours",
                    "开放时间有误：调休须指定按星期几开放 / a working day names its weekday (as)",
                    "hours.days");
    }
    if (kind == "hours") {
      r.kind = dc::DayKind::kHours;
      JICENG_TRY(periods, ReadPeriods(day.Objects("periods"), "hours.days"));
      r.periods = std::move(periods);
    }
    cal.rules.push_back(std::move(r));
  }
  return cal;
}

const std::shared_ptr<const Fields>& CenterFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("org_id").Required().Doc("管理的党组织 / the managing organization"),
      Field::String("name", 80).Required(),
      Field::Enum("level", dc::LevelCodes()).Required(),
      Field::String("address", 200).Required(),
      Field::String("location", 60).Required().Doc("纬度,经度 / LAT,LNG"),
      Field::Enum("crs", {"gcj02", "wgs84", "bd09"})
          .Doc("location 的坐标系：手机 GPS 为 wgs84，百度为 bd09 / location's datum"),
      Field::String("phone", 30),
      Field::Int("counters", 1, 100),
      Field::String("description", 2000),
      Field::Bool("closed").Doc("停止服务 / out of service"),
      HoursDecl(),
      Field::Int("version").Doc("修改时必填 / required when changing"),
  });
  return fields;
}

Result<centers::CenterInput> ReadCenter(const Parsed& body) {
  centers::CenterInput in;
  in.center.org_id = body.Int("org_id");
  in.center.name = body.Str("name");
  in.center.level = body.Str("level");
  in.center.address = body.Str("address");
  in.center.phone = body.Str("phone");
  in.center.counters = body.OptInt("counters").value_or(1);
  in.center.description = body.Str("description");
  in.center.closed = body.OptBool("closed").value_or(false);
  JICENG_TRY(location, ParseLatLng(body.Str("location"), "location"));
  JICENG_TRY(crs, CrsParam(body.Str("crs"), "crs"));
  in.location = location;
  in.crs = crs;
  JICENG_TRY(calendar, ReadHours(*body.Object("hours")));
  in.calendar = std::move(calendar);
  return in;
}

Result<http::Response> CenterAnswer(Call& c, int64_t id, int status) {
  JICENG_TRY(d, centers::Get(c.svc.ctx, id));
  const auto tree = c.svc.ctx.orgs.snapshot();
  const int64_t now = c.svc.ctx.clock.NowMs();
  json out = CenterJson(*d.entry, *tree, dc::OpenAt(d.entry->calendar, now));
  out["description"] = d.entry->center.description;
  out["hours"] = HoursJson(d.entry->center, d.entry->calendar, now);
  return Json(out, status);
}

Result<http::Response> CreateCenter(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CenterFields()));
  JICENG_TRY(in, ReadCenter(body));
  JICENG_TRY(created, centers::CreateCenter(c.svc.ctx, c.actor(), in));
  return CenterAnswer(c, created.id, 201);
}

Result<http::Response> ReplaceCenter(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, CenterFields()));
  if (!body.OptInt("version")) return BadInput("version", "须提供 version / version is required");
  JICENG_TRY(in, ReadCenter(body));
  JICENG_TRY(updated, centers::UpdateCenter(c.svc.ctx, c.actor(), id, in, body.Int("version")));
  return CenterAnswer(c, updated.id, 200);
}

const std::shared_ptr<const Fields>& OfferingFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Bool("appointment").Doc("需预约；省略时按服务目录 / by appointment"),
             Field::Int("slot_min"), Field::Int("buffer_min"), Field::Int("seats"),
             Field::Int("min_notice_min"), Field::Int("horizon_days")});
  return fields;
}

Result<http::Response> PutOffering(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(service_id, PathId(c.req, "service_id"));
  JICENG_TRY(body, ParseBody(c.req, OfferingFields()));
  // What the body leaves out comes from the catalog's defaults.
  store::ServiceRecord defaults;
  for (const auto& s : centers::Services(c.svc.ctx))
    if (s.id == service_id) defaults = s;
  store::OfferingRecord o;
  o.center_id = id;
  o.service_id = service_id;
  o.appointment = body.OptBool("appointment").value_or(defaults.appointment);
  o.slot_min = body.OptInt("slot_min").value_or(defaults.duration_min);
  o.buffer_min = body.OptInt("buffer_min").value_or(0);
  o.seats = body.OptInt("seats").value_or(defaults.seats);
  o.min_notice_min = body.OptInt("min_notice_min").value_or(60);
  o.horizon_days = body.OptInt("horizon_days").value_or(14);
  JICENG_TRY(saved, centers::PutOffering(c.svc.ctx, c.actor(), o));
  return Json(OfferingJson(saved));
}

Result<http::Response> RemoveOffering(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(service_id, PathId(c.req, "service_id"));
  JICENG_CHECK(centers::RemoveOffering(c.svc.ctx, c.actor(), id, service_id));
  http::Response res;
  res.status = 204;
  return res;
}

Result<http::Response> ListServices(Call& c) {
  json items = json::array();
  for (const auto& s : centers::Services(c.svc.ctx)) items.push_back(ServiceJson(s));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

const std::shared_ptr<const Fields>& ServiceFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::String("name", 60).Required(), Field::Enum("category", dc::CategoryCodes()).Required(),
      Field::String("description", 2000), Field::String("materials", 2000),
      Field::Enum("eligibility", dc::EligibilityCodes()), Field::Int("duration_min").Required(),
      Field::Bool("appointment"), Field::Int("seats"),
      Field::Int("version").Doc("修改时必填 / required when changing")});
  return fields;
}

store::ServiceRecord ReadService(const Parsed& body) {
  store::ServiceRecord s;
  s.name = body.Str("name");
  s.category = body.Str("category");
  s.description = body.Str("description");
  s.materials = body.Str("materials");
  s.eligibility = body.OptStr("eligibility").value_or("anyone");
  s.duration_min = body.Int("duration_min");
  s.appointment = body.OptBool("appointment").value_or(true);
  s.seats = body.OptInt("seats").value_or(1);
  return s;
}

Result<http::Response> CreateService(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ServiceFields()));
  JICENG_TRY(s, centers::CreateService(c.svc.ctx, c.actor(), ReadService(body)));
  return Json(ServiceJson(s), 201);
}

Result<http::Response> ReplaceService(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, ServiceFields()));
  if (!body.OptInt("version")) return BadInput("version", "须提供 version / version is required");
  auto input = ReadService(body);
  input.id = id;
  JICENG_TRY(s, centers::UpdateService(c.svc.ctx, c.actor(), input, body.Int("version")));
  return Json(ServiceJson(s));
}

json CityDayJson(const store::CityDayRecord& d) {
  json out = {{"date", d.day}, {"kind", d.kind}, {"name", d.name}};
  if (d.kind == "workday") out["as"] = kWeekdays[d.as_weekday];
  return out;
}

Result<http::Response> ListCityDays(Call& c) {
  json items = json::array();
  for (const auto& d : centers::CityDays(c.svc.ctx)) items.push_back(CityDayJson(d));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

const std::shared_ptr<const Fields>& CityDayFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Enum("kind", {"closed", "workday"}).Strict().Required(),
             Field::Enum("as", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
                 .Strict()
                 .Doc("调休上班按星期几开放 / a working day's weekday"),
             Field::String("name", 40)});
  return fields;
}

Result<http::Response> PutCityDay(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CityDayFields()));
  store::CityDayRecord d;
  d.day = c.req.params["date"];
  d.kind = body.Str("kind");
  d.as_weekday = d.kind == "workday" ? WeekdayIndex(body.Str("as")) : 0;
  d.name = body.Str("name");
  JICENG_TRY(saved, centers::PutCityDay(c.svc.ctx, c.actor(), d));
  return Json(CityDayJson(saved));
}

Result<http::Response> DeleteCityDay(Call& c) {
  JICENG_CHECK(centers::DeleteCityDay(c.svc.ctx, c.actor(), c.req.params["date"]));
  http::Response res;
  res.status = 204;
  return res;
}

json PeriodSchema() {
  using namespace schema;
  return Obj({{"start", Str()}, {"end", Str()}, {"kind", Enum(dc::PeriodKindCodes())}});
}

json CenterSchema(bool detail) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> props = {
      {"id", Int()},
      {"name", Str()},
      {"level", Enum(dc::LevelCodes())},
      {"org_id", Int()},
      {"org_name", Null(Str())},
      {"address", Str()},
      {"lat", Num()},
      {"lng", Num()},
      {"location_source", Enum({"gcj02", "wgs84", "bd09"})},
      {"phone", Str()},
      {"counters", Int()},
      {"closed", Bool()},
      {"open_now", Bool()},
      {"version", Int()},
      {"distance_m", Int()}};
  if (!detail) {
    props.push_back({"services", ArrayOf(Int())});
    return Obj(props, {"distance_m"});
  }
  json week = json::object();
  json periods = ArrayOf(PeriodSchema());
  props.push_back({"description", Str()});
  props.push_back(
      {"hours",
       Obj({{"week", Obj({{"mon", periods},
                          {"tue", periods},
                          {"wed", periods},
                          {"thu", periods},
                          {"fri", periods},
                          {"sat", periods},
                          {"sun", periods}})},
            {"days", ArrayOf(Obj({{"date", Date()},
                                  {"kind", Enum({"closed", "workday", "hours"})},
                                  {"as", Str()},
                                  {"periods", periods}},
                                 {"as", "periods"}))},
            {"coming",
             ArrayOf(Obj({{"date", Date()}, {"weekday", Str()}, {"periods", periods}}))}})});
  props.push_back({"services", Any()});
  props.push_back({"photos", ArrayOf(Str())});
  props.push_back({"on_duty", OnDutySchema()});  // today's, on a center's page
  return Obj(props, {"distance_m", "services", "photos", "on_duty"});
}

json ServiceSchema() {
  using namespace schema;
  return Ref("Service", Obj({{"id", Int()},
                             {"name", Str()},
                             {"category", Enum(dc::CategoryCodes())},
                             {"description", Str()},
                             {"materials", Str()},
                             {"eligibility", Enum(dc::EligibilityCodes())},
                             {"duration_min", Int()},
                             {"appointment", Bool()},
                             {"seats", Int()},
                             {"version", Int()}}));
}

json OfferingSchema() {
  using namespace schema;
  return Ref("Offering", Obj({{"center_id", Int()},
                              {"service_id", Int()},
                              {"appointment", Bool()},
                              {"slot_min", Int()},
                              {"buffer_min", Int()},
                              {"seats", Int()},
                              {"min_notice_min", Int()},
                              {"horizon_days", Int()}}));
}

json CityDaySchema() {
  using namespace schema;
  return Ref(
      "CityDay",
      Obj({{"date", Date()}, {"kind", Enum({"closed", "workday"})}, {"name", Str()}, {"as", Str()}},
          {"as"}));
}

void RegisterCenterRoutes(Routes& routes) {
  using namespace schema;
  routes.push_back({"GET", "/api/centers", "centers",
                    "查找党群服务中心（最近优先）/ find service centers, nearest first",
                    FindCenters, true, false, nullptr, FindQueryFields()});
  routes.back()
      .Id("findCenters")
      .Returns(Ref("CenterList", Page(Ref("Center", CenterSchema(false)))));
  routes.push_back({"GET", "/api/centers/{id}", "centers",
                    "服务中心详情：服务与开放时间 / a center with its services and hours",
                    GetCenter, true});
  routes.back().Id("getCenter").Returns(Ref("CenterDetail", CenterSchema(true)));
  routes.push_back({"GET",
                    "/api/centers/{id}/slots",
                    "centers",
                    "某服务某日的可预约时段 / a service's slots on a day",
                    GetSlots,
                    true,
                    false,
                    nullptr,
                    {Field::Int("service", 1, INT64_MAX).Doc("服务 / the service (required)"),
                     Field::Date("date").Doc("YYYY-MM-DD，默认今天 / today by default")}});
  routes.back()
      .Id("listCenterSlots")
      .Returns(Ref("CenterSlots",
                   Obj({{"date", Date()},
                        {"items", ArrayOf(Obj({{"start", DateTime()},
                                               {"end", DateTime()},
                                               {"capacity", Int()},
                                               {"booked", Int()},
                                               {"kind", Enum(dc::PeriodKindCodes())}}))}})))
      .Errors({422});
  routes.push_back(
      {"POST", "/api/centers", "centers", "新建服务中心 / add a service center", CreateCenter});
  routes.back().Id("createCenter").Body(CenterFields()).Returns(Ref("CenterDetail"), 201);
  routes.push_back({"PUT", "/api/centers/{id}", "centers",
                    "修改服务中心（整体替换，带 version）/ replace a center", ReplaceCenter});
  routes.back().Id("replaceCenter").Body(CenterFields()).Returns(Ref("CenterDetail")).Errors({409});
  routes.push_back({"PUT", "/api/centers/{id}/services/{service_id}", "centers",
                    "中心提供某项服务及其预约规则 / offer a service with its booking rules",
                    PutOffering});
  routes.back().Id("putCenterService").Body(OfferingFields()).Returns(OfferingSchema());
  routes.push_back({"DELETE", "/api/centers/{id}/services/{service_id}", "centers",
                    "中心停止提供某项服务 / stop offering a service", RemoveOffering});
  routes.back().Id("removeCenterService").Returns(nullptr, 204);
  RegisterCenterStaffRoutes(routes);  // photos, staff leave, duty: center_staff_routes.cpp
  routes.push_back({"GET", "/api/services", "centers", "全市服务目录 / the city's service catalog",
                    ListServices, true});
  routes.back().Id("listServices").Returns(Ref("ServiceList", Page(ServiceSchema())));
  routes.push_back({"POST", "/api/services", "centers", "新增目录服务（市级）/ add to the catalog",
                    CreateService});
  routes.back()
      .Id("createService")
      .Body(ServiceFields())
      .Returns(ServiceSchema(), 201)
      .Errors({409});
  routes.push_back({"PUT", "/api/services/{id}", "centers",
                    "修改目录服务（市级）/ change a catalog entry", ReplaceService});
  routes.back().Id("replaceService").Body(ServiceFields()).Returns(ServiceSchema()).Errors({409});
  routes.push_back({"GET", "/api/city-days", "centers",
                    "全市节假日与调休 / the city's holidays and adjusted working days",
                    ListCityDays, true});
  routes.back().Id("listCityDays").Returns(Ref("CityDayList", Page(CityDaySchema())));
  routes.push_back({"PUT", "/api/city-days/{date}", "centers",
                    "设置节假日或调休上班日（市级）/ set a holiday or adjusted working day",
                    PutCityDay});
  routes.back().Id("putCityDay").Body(CityDayFields()).Returns(CityDaySchema());
  routes.push_back({"DELETE", "/api/city-days/{date}", "centers",
                    "删除全市日历中的一天（市级）/ remove a day from the city's calendar",
                    DeleteCityDay});
  routes.back().Id("deleteCityDay").Returns(nullptr, 204);
  RegisterCenterFigureRoutes(routes);
  RegisterCenterBookingRoutes(routes);
}

}  // namespace

// The centers module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module CentersModule() {
  Module m;
  m.name = "centers";
  m.summary = "党群服务中心与预约 / party-mass service centers and bookings";
  m.permissions = {centers::ManagePermissionDef(), centers::ServePermissionDef()};
  m.routes = RegisterCenterRoutes;
  m.facts = centers::DeclareFacts;
  // Each minute, the bookings whose reminder is due get their text message, and those
  // nobody came to are marked no-shows.
  m.jobs = {
      {"centers.reminders", 60'000,
       [](const Context& ctx, std::stop_token stop) { centers::SendReminders(ctx, 500, stop); }},
      {"centers.no_shows", 60'000,
       [](const Context& ctx, std::stop_token) { centers::MarkNoShows(ctx); }}};
  return m;
}

}  // namespace jiceng::api
