// The centers' figures (issue 15): the 1 km coverage of an organization's area with its
// what-if (GET /api/coverage) and the centers' bookings, visits, requests and satisfaction by
// month and child organization (GET /api/orgs/{id}/center-stats).
#include <cmath>

#include "api/center_routes.h"
#include "api/schema.h"
#include "api/views.h"
#include "service/center_service.h"
#include "service/coverage_service.h"
#include "service/org_registry.h"

namespace jiceng::api {
namespace {

using Props = std::vector<std::pair<std::string, json>>;

// An object schema with `base`'s properties and then `more`.
json Extended(const Props& base, Props more) {
  Props props = base;
  props.insert(props.end(), more.begin(), more.end());
  return schema::Obj(props);
}

json FiguresJson(const coverage::Figures& f) {
  return {
      {"population", f.population},
      // Nobody reachable (no center in service): no distance, rather than infinity.
      {"mean_distance_m",
       std::isfinite(f.mean_distance_m) ? json(std::llround(f.mean_distance_m)) : json(nullptr)},
      {"share_within_1000m", std::round(f.share_within_1000m * 10000) / 10000},
      {"p90_m", std::isfinite(f.p90_m) ? json(std::llround(f.p90_m)) : json(nullptr)}};
}

Result<http::Response> Coverage(Call& c) {
  JICENG_TRY(org, c.Int("org"));
  JICENG_TRY(add, c.Text("add"));
  JICENG_TRY(crs_text, c.Text("crs"));
  JICENG_TRY(crs, CrsParam(crs_text, "crs"));
  JICENG_TRY(gaps, c.Int("gaps"));
  if (!org) return BadInput("org", "须指定组织 / org is required");
  std::vector<geo::LatLng> added;
  for (size_t at = 0; !add.empty() && at <= add.size();) {
    size_t end = add.find(';', at);
    if (end == std::string::npos) end = add.size();
    JICENG_TRY(p, ParseLatLng(add.substr(at, end - at), "add"));
    added.push_back(geo::ToGcj02(p, crs));
    if (added.size() > 20) return BadInput("add", "最多 20 个拟建点 / at most 20 proposed centers");
    at = end + 1;
  }
  JICENG_TRY(
      r, coverage::Measure(c.svc.ctx, *c.who, *org, added, static_cast<size_t>(gaps.value_or(50))));
  json out = FiguresJson(r.figures);
  out["before"] = FiguresJson(r.before);
  json rows = json::array();
  for (const auto& row : r.rows) {
    json item = FiguresJson(row.figures);
    item["org_id"] = row.org_id;
    item["name"] = row.name;
    rows.push_back(std::move(item));
  }
  out["rows"] = rows;
  json gaps_json = json::array();
  for (const auto& g : r.uncovered)
    gaps_json.push_back(
        {{"lat", Round6(g.at.lat)},
         {"lng", Round6(g.at.lng)},
         {"weight", g.weight},
         {"distance_m",
          std::isfinite(g.distance_m) ? json(std::llround(g.distance_m)) : json(nullptr)}});
  out["uncovered"] = gaps_json;
  return Json(out);
}

json FiguresOf(const centers::Figures& f) {
  return {{"bookings", f.bookings},
          {"visits", f.visits},
          {"no_shows", f.no_shows},
          {"tickets", f.tickets},
          {"tickets_resolved", f.tickets_resolved},
          {"ratings", f.ratings},
          {"satisfaction", f.ratings ? json(std::round(static_cast<double>(f.rating_sum) * 100 /
                                                       static_cast<double>(f.ratings)) /
                                            100)
                                     : json(nullptr)}};
}

Result<http::Response> CenterStats(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(period, c.Text("period"));
  if (period.empty()) period = orgs::TodayInShanghai(c.svc.ctx).substr(0, 4);
  JICENG_TRY(stats, centers::StatsOf(c.svc.ctx, *c.who, id, period));
  json out = FiguresOf(stats.total);
  out["period"] = stats.period;
  json months = json::array(), children = json::array();
  for (const auto& [month, f] : stats.by_month) {
    json m = FiguresOf(f);
    m["month"] = month;
    months.push_back(std::move(m));
  }
  for (const auto& row : stats.children) {
    json r = FiguresOf(row.figures);
    r["org_id"] = row.org_id;
    r["name"] = row.name;
    children.push_back(std::move(r));
  }
  out["by_month"] = months;
  out["children"] = children;
  return Json(out);
}

}  // namespace

void RegisterCenterFigureRoutes(Routes& routes) {
  using namespace schema;
  const Props figures = {{"population", Int()},
                         {"mean_distance_m", Null(Int())},
                         {"share_within_1000m", Num()},
                         {"p90_m", Null(Int())}};
  auto with = [&](Props more) { return Extended(figures, std::move(more)); };
  routes.push_back(
      {"GET",
       "/api/coverage",
       "centers",
       "一公里服务圈：人口加权的最近中心距离，可加拟建点 / the 1 km promise, measured",
       Coverage,
       false,
       false,
       nullptr,
       {Field::Int("org", 1, INT64_MAX).Doc("组织（必填）/ the organization's area"),
        Field::String("add", 1000).Doc("拟建点“纬度,经度”，多个以分号分隔 / proposed centers"),
        Field::Enum("crs", {"gcj02", "wgs84", "bd09"}).Strict(),
        Field::Int("gaps", 0, 1000).Doc("返回最远的人口点数（默认 50）/ uncovered points")}});
  routes.back()
      .Id("getCoverage")
      .Returns(Ref("Coverage", with({{"before", Obj(figures)},
                                     {"rows", ArrayOf(with({{"org_id", Int()}, {"name", Str()}}))},
                                     {"uncovered", ArrayOf(Obj({{"lat", Num()},
                                                                {"lng", Num()},
                                                                {"weight", Int()},
                                                                {"distance_m", Null(Int())}}))}})));
  const Props counts = {{"bookings", Int()},          {"visits", Int()},
                        {"no_shows", Int()},          {"tickets", Int()},
                        {"tickets_resolved", Int()},  {"ratings", Int()},
                        {"satisfaction", Null(Num())}};
  auto counted = [&](Props more) { return Extended(counts, std::move(more)); };
  routes.push_back({"GET",
                    "/api/orgs/{id}/center-stats",
                    "centers",
                    "服务中心的预约、到访、诉求与满意度（按月、按下级）/ the centers' figures",
                    CenterStats,
                    false,
                    false,
                    nullptr,
                    {Field::String("period", 10)
                         .Doc("YYYY、YYYY-MM 或 YYYYQn（如 2026Q4）；默认今年 / a "
                              "year, month or quarter (2026Q4); this year")}});
  routes.back()
      .Id("getCenterStats")
      .Returns(
          Ref("CenterStats",
              counted({{"period", Str()},
                       {"by_month", ArrayOf(counted({{"month", Str()}}))},
                       {"children", ArrayOf(counted({{"org_id", Int()}, {"name", Str()}}))}})));
}

}  // namespace jiceng::api
