// Call's query readers (api/route.h): each parameter read through the route's declaration
// (RouteDef::query), the same one the OpenAPI document shows, so the document and the checks
// cannot drift. The messages are QueryText/QueryInt's (api/json.h).
#include <algorithm>
#include <stdexcept>

#include "api/route.h"

namespace jiceng::api {
namespace {

const Field& Declared(const Call& c, const char* name) {
  if (c.query)
    for (const auto& f : *c.query)
      if (f.name == name) return f;
  throw std::logic_error(std::string("query parameter '") + name +
                         "' is read but not declared by the route (RouteDef::query)");
}

}  // namespace

Result<std::string> Call::Text(const char* name) const {
  const Field& f = Declared(*this, name);
  if (f.type != Field::Type::kString && f.type != Field::Type::kEnum &&
      f.type != Field::Type::kDate)
    throw std::logic_error(std::string("query parameter '") + name + "' is not declared as text");
  JICENG_TRY(text, QueryText(req, name, f.max_chars));
  if (f.type == Field::Type::kEnum && f.strict_codes && !text.empty() &&
      std::find(f.codes.begin(), f.codes.end(), text) == f.codes.end())
    return BadInput(name, std::string("参数 ") + name + " 无效 / invalid '" + name + "'");
  return text;
}

Result<std::optional<int64_t>> Call::Int(const char* name) const {
  const Field& f = Declared(*this, name);
  if (f.type != Field::Type::kInteger)
    throw std::logic_error(std::string("query parameter '") + name +
                           "' is not declared as an integer");
  JICENG_TRY(n, QueryInt(req, name));
  if (n && ((f.min && *n < *f.min) || (f.max && *n > *f.max)))
    return BadInput(name, !f.range_message.empty() ? f.range_message
                                                   : std::string("参数 ") + name + " 超出范围 / '" +
                                                         name + "' is out of range");
  return n;
}

bool Call::Flag(const char* name) const {
  const Field& f = Declared(*this, name);
  const bool zero_one =
      f.type == Field::Type::kEnum && f.codes == std::vector<std::string>{"0", "1"};
  if (f.type != Field::Type::kBoolean && !zero_one)
    throw std::logic_error(std::string("query parameter '") + name + "' is not declared as a flag");
  return req.Query(name).value_or("") == "1";
}

}  // namespace jiceng::api
