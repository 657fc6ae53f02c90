#include "platform/geo.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numbers>

namespace jiceng::geo {
namespace {

constexpr double kPi = std::numbers::pi;
// GCJ-02 is defined on the Krasovsky 1940 ellipsoid.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyE2 = 0.00669342162296594323;
// BD-09's rotation constant: π × 3000 / 180.
constexpr double kBdPi = kPi * 3000.0 / 180.0;

// Mainland China's outline, coarse, as (longitude, latitude) along the border and the coast:
// the north-east along the Amur and the Ussuri, Korea, the coast south (with Hainan, around
// Hong Kong along the Shenzhen River and Deep Bay, and around Macao), Vietnam, Laos, Myanmar,
// the Himalaya, the Pamirs, Central Asia, Mongolia. Vertices are tens of kilometres apart,
// closer where Shenzhen meets Hong Kong.
constexpr double kMainland[][2] = {
    {121.5, 53.4},    {123.5, 53.6},     {125.6, 53.1},     {127.4, 50.2},    {129.5, 49.4},
    {131.0, 47.7},    {134.7, 48.4},     {133.1, 45.1},     {131.9, 45.3},    {131.3, 44.9},
    {131.2, 42.9},    {130.6, 42.4},     {129.9, 43.0},     {128.9, 42.0},    {128.0, 41.9},
    {127.0, 41.5},    {126.0, 40.9},     {124.4, 40.1},     {122.3, 39.4},    {121.75, 39.0},
    {121.7, 38.85},   {121.3, 38.75},    {121.1, 38.7},     {121.6, 39.8},    {122.2, 40.6},
    {121.0, 40.8},    {119.5, 39.8},     {118.0, 39.0},     {117.6, 38.6},    {118.9, 37.6},
    {119.9, 37.2},    {120.3, 37.7},     {120.8, 37.85},    {121.5, 37.8},    {122.7, 37.4},
    {120.3, 36.0},    {119.2, 34.9},     {120.9, 32.6},     {121.9, 31.7},    {122.0, 30.8},
    {122.3, 29.9},    {121.9, 28.8},     {121.0, 27.9},     {120.3, 26.8},    {119.8, 25.5},
    {118.6, 24.5},    {118.1, 24.4},     {117.2, 23.6},     {116.7, 23.3},    {115.4, 22.75},
    {114.65, 22.6},   {114.56, 22.43},   {114.44, 22.45},   {114.37, 22.54},  {114.22, 22.555},
    {114.15, 22.545}, {114.1, 22.524},   {114.06, 22.518},  {114.03, 22.508}, {113.93, 22.44},
    {113.88, 22.38},  {113.555, 22.215}, {113.535, 22.205}, {113.53, 22.15},  {113.525, 22.1},
    {113.3, 21.95},   {112.5, 21.8},     {111.0, 21.5},     {110.4, 21.2},    {110.3, 20.3},
    {110.5, 20.2},    {111.1, 19.6},     {110.3, 18.4},     {109.5, 18.1},    {108.6, 18.5},
    {108.6, 19.3},    {109.2, 20.0},     {109.7, 20.3},     {109.8, 21.4},    {109.1, 21.35},
    {108.5, 21.6},    {108.0, 21.5},     {107.35, 21.6},    {106.7, 21.95},   {106.6, 22.35},
    {105.85, 22.9},   {105.3, 23.35},    {104.3, 22.75},    {103.95, 22.45},  {103.3, 22.8},
    {102.5, 22.7},    {102.1, 22.4},     {101.6, 21.2},     {101.15, 21.14},  {100.2, 21.4},
    {99.2, 22.1},     {98.9, 23.2},      {97.7, 23.9},      {97.6, 24.8},     {98.2, 25.5},
    {98.7, 27.5},     {97.5, 28.3},      {96.5, 29.0},      {95.5, 29.0},     {94.0, 29.2},
    {92.0, 27.9},     {89.2, 27.4},      {88.1, 27.9},      {86.9, 28.0},     {85.0, 28.3},
    {84.0, 28.6},     {82.0, 30.2},      {81.2, 30.2},      {80.0, 30.9},     {78.7, 31.5},
    {78.4, 32.6},     {79.5, 34.0},      {78.0, 35.5},      {76.1, 35.9},     {75.5, 36.8},
    {74.8, 37.2},     {73.6, 39.4},      {75.6, 40.6},      {78.4, 41.4},     {80.2, 42.2},
    {80.4, 44.9},     {82.6, 45.2},      {83.0, 47.2},      {85.6, 47.0},     {87.3, 49.17},
    {88.8, 48.1},     {90.0, 47.9},      {91.0, 46.4},      {90.9, 45.3},     {93.5, 44.9},
    {95.4, 44.3},     {96.4, 42.7},      {99.5, 42.6},      {101.8, 42.5},    {105.0, 41.6},
    {107.0, 42.4},    {110.4, 42.8},     {112.0, 43.75},    {113.6, 44.8},    {116.6, 46.3},
    {119.9, 46.7},    {119.7, 47.3},     {118.5, 47.95},    {117.4, 47.7},    {115.6, 47.8},
    {116.7, 49.8},    {117.9, 49.5},     {119.2, 50.3},     {120.8, 52.6},
};

// The two series of the GCJ-02 offset, in metres on the ellipsoid, at x = lng − 105,
// y = lat − 35 (degrees).
double OffsetLat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double OffsetLng(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The forward shift, wherever the point is (the callers decide whether it applies).
LatLng Shift(LatLng p) {
  double dlat = OffsetLat(p.lng - 105.0, p.lat - 35.0);
  double dlng = OffsetLng(p.lng - 105.0, p.lat - 35.0);
  double rad = p.lat / 180.0 * kPi;
  double magic = 1.0 - kKrasovskyE2 * std::sin(rad) * std::sin(rad);
  double sqrt_magic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kKrasovskyA * (1.0 - kKrasovskyE2)) / (magic * sqrt_magic) * kPi);
  dlng = (dlng * 180.0) / (kKrasovskyA / sqrt_magic * std::cos(rad) * kPi);
  return {p.lat + dlat, p.lng + dlng};
}

}  // namespace

std::optional<Crs> ParseCrs(std::string_view name) {
  if (name == "gcj02") return Crs::kGcj02;
  if (name == "wgs84") return Crs::kWgs84;
  if (name == "bd09") return Crs::kBd09;
  return std::nullopt;
}

std::string_view CrsCode(Crs crs) {
  switch (crs) {
    case Crs::kWgs84:
      return "wgs84";
    case Crs::kBd09:
      return "bd09";
    case Crs::kGcj02:
      break;
  }
  return "gcj02";
}

bool IsValid(LatLng p) {
  return std::isfinite(p.lat) && std::isfinite(p.lng) && p.lat >= -90 && p.lat <= 90 &&
         p.lng >= -180 && p.lng <= 180;
}

bool InMainland(LatLng p) {
  // Crossings of a ray to the east with the outline: odd inside, even outside.
  bool inside = false;
  constexpr size_t n = std::size(kMainland);
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    double xi = kMainland[i][0], yi = kMainland[i][1];
    double xj = kMainland[j][0], yj = kMainland[j][1];
    if ((yi > p.lat) != (yj > p.lat) && p.lng < (xj - xi) * (p.lat - yi) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

LatLng Gcj02FromWgs84(LatLng p) { return InMainland(p) ? Shift(p) : p; }

LatLng Wgs84FromGcj02(LatLng g) {
  // The shift varies slowly (metres per kilometre): w ← w + (g − shift(w)) converges to a
  // millimetre in a few steps.
  LatLng w = g;
  for (int i = 0; i < 30; ++i) {
    LatLng s = Gcj02FromWgs84(w);
    double dlat = g.lat - s.lat, dlng = g.lng - s.lng;
    w.lat += dlat;
    w.lng += dlng;
    if (std::abs(dlat) < 1e-10 && std::abs(dlng) < 1e-10) break;
  }
  return w;
}

LatLng Gcj02FromBd09(LatLng b) {
  double x = b.lng - 0.0065, y = b.lat - 0.006;
  double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBdPi);
  double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBdPi);
  return {z * std::sin(theta), z * std::cos(theta)};
}

LatLng Bd09FromGcj02(LatLng g) {
  double z = std::sqrt(g.lng * g.lng + g.lat * g.lat) + 0.00002 * std::sin(g.lat * kBdPi);
  double theta = std::atan2(g.lat, g.lng) + 0.000003 * std::cos(g.lng * kBdPi);
  return {z * std::sin(theta) + 0.006, z * std::cos(theta) + 0.0065};
}

LatLng ToGcj02(LatLng p, Crs crs) {
  switch (crs) {
    case Crs::kGcj02:
      return p;
    case Crs::kWgs84:
      return Gcj02FromWgs84(p);
    case Crs::kBd09:
      return Gcj02FromBd09(p);
  }
  return p;
}

double DistanceMeters(LatLng a, LatLng b) {
  double rad = kPi / 180.0;
  double dlat = (b.lat - a.lat) * rad, dlng = (b.lng - a.lng) * rad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) + std::cos(a.lat * rad) *
                                                           std::cos(b.lat * rad) *
                                                           std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthMeanRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace jiceng::geo
