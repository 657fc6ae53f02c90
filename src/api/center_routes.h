// What the centers module's route files share (center_routes.cpp: centers, the catalog, the
// city's calendar; center_booking_routes.cpp: bookings; center_figure_routes.cpp: coverage
// and statistics; center_staff_routes.cpp: photos, staff leave, duty). Included only by
// those.
#pragma once

#include "api/json.h"
#include "api/route.h"
#include "platform/geo.h"
#include "store/center_repo.h"

namespace jiceng::centers {
struct OnDuty;
}

namespace jiceng::api {

json BookingJson(const store::BookingRecord& b, int64_t now, bool with_person);
json BookingSchema();
void RegisterCenterBookingRoutes(Routes& routes);
void RegisterCenterFigureRoutes(Routes& routes);
void RegisterCenterStaffRoutes(Routes& routes);

// Today's staff on duty as the center's page shows them, and its schema.
json OnDutyJson(const std::vector<centers::OnDuty>& staff);
json OnDutySchema();

// Degrees to 6 decimals (~0.1 m), as maps take them.
double Round6(double degrees);
// "LAT,LNG" in degrees; 400 naming `field` otherwise.
Result<geo::LatLng> ParseLatLng(const std::string& text, const char* field);
// A `crs` parameter: gcj02 (the default when empty), wgs84 or bd09; 400 naming `field`.
Result<geo::Crs> CrsParam(const std::string& text, const char* field);

}  // namespace jiceng::api
