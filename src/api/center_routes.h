// The centers module's JSON, shared by its two route files (center_routes.cpp: centers,
// the catalog and the city's calendar; center_booking_routes.cpp: bookings). Included only
// by those two.
#pragma once

#include "api/json.h"
#include "api/route.h"
#include "store/center_repo.h"

namespace jiceng::api {

json BookingJson(const store::BookingRecord& b, int64_t now, bool with_person);
json BookingSchema();
void RegisterCenterBookingRoutes(Routes& routes);

}  // namespace jiceng::api
