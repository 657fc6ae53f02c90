// The OpenAPI document as text, for `jiceng openapi` (no JSON types in this header).
#pragma once

#include <string>

namespace jiceng::api {

// The document for every route of every module, pretty-printed (indent 2) or compact.
std::string OpenApiText(bool pretty);

}  // namespace jiceng::api
