// Coordinates on Chinese maps. Pure functions.
//
// Maps published in mainland China must use GCJ-02 (国测局坐标, the "Mars" datum of the
// 2002 surveying rules): WGS-84 shifted by a deterministic, non-linear offset of a few
// hundred metres — about 600 m in Shenzhen, more than half of the city's 1 km promise for
// service centers. AMap (高德) and Tencent maps speak GCJ-02; a phone's GPS gives WGS-84;
// Baidu adds its own BD-09 on top of GCJ-02. Jiceng stores GCJ-02 (what the city's map
// tiles draw) and converts what comes in:
//   WGS-84 → GCJ-02  the published forward formula (Krasovsky 1940 ellipsoid), applied only
//                    inside mainland China (outside it GCJ-02 equals WGS-84);
//   GCJ-02 → WGS-84  its inverse by fixed-point iteration, to within a millimetre;
//   BD-09 ↔ GCJ-02   Baidu's published rotation and offset.
// Distances are great-circle (haversine) on the mean Earth radius: within a city the GCJ-02
// offset is nearly constant, so distances between two GCJ-02 points are true to well under
// a metre per kilometre.
#pragma once

#include <optional>
#include <string_view>

namespace jiceng::geo {

struct LatLng {
  double lat = 0;  // degrees, north positive
  double lng = 0;  // degrees, east positive
};

// The datum a coordinate is given in.
enum class Crs { kGcj02, kWgs84, kBd09 };

// "gcj02", "wgs84" or "bd09" (the values of the API's `crs` parameter); nullopt otherwise.
std::optional<Crs> ParseCrs(std::string_view name);
std::string_view CrsCode(Crs crs);

// Whether a latitude and longitude are numbers within [-90, 90] and [-180, 180].
bool IsValid(LatLng p);

// Whether a WGS-84 point lies in mainland China (Hainan included; Hong Kong, Macao and
// Taiwan not), where the GCJ-02 shift applies. A coarse outline, kilometres off along the
// borders (towns facing each other across a border river may both count as inside): it
// decides whether to shift, it is not a border.
bool InMainland(LatLng wgs84);

LatLng Gcj02FromWgs84(LatLng wgs84);
LatLng Wgs84FromGcj02(LatLng gcj02);
LatLng Gcj02FromBd09(LatLng bd09);
LatLng Bd09FromGcj02(LatLng gcj02);

// `p` given in `crs`, as GCJ-02.
LatLng ToGcj02(LatLng p, Crs crs);

// The mean Earth radius (IUGG), for great-circle distances.
inline constexpr double kEarthMeanRadiusM = 6371008.8;

// Great-circle distance in metres.
double DistanceMeters(LatLng a, LatLng b);

}  // namespace jiceng::geo
