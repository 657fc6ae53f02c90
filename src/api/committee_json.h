// JSON of the committee module's answers shared with other routes (the stats' size flags).
#pragma once

#include <nlohmann/json.hpp>

#include "service/committee_service.h"

namespace jiceng::api {

// {"counts":{flag:n,…},"items":[…],"total":N}
nlohmann::json SizeFlagsJson(const committees::SizeFlags& flags);
// Its schema (component SizeFlags).
nlohmann::json SizeFlagsSchema();

}  // namespace jiceng::api
