// How a module declares its HTTP routes. Each api/<module>_routes.cpp builds its routes in
// one function that its descriptor (api/module.h) names; the app serves the routes of every
// module in runtime/modules.cpp. A route says who may call it, whether it may run on an io
// thread, and what it does; the OpenAPI document is generated from the same table, so no
// route can be missing from it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/fields.h"
#include "api/json.h"
#include "domain/access.h"
#include "http/message.h"
#include "service/context.h"

namespace jiceng {
namespace auth {
class AuthService;
}
namespace accounts {
class AccountService;
}
namespace http {
class Metrics;
}

namespace api {

struct Services {
  Context& ctx;
  auth::AuthService& auth;
  accounts::AccountService& accounts;
  http::Metrics& metrics;
  std::function<std::string()> openapi;  // the OpenAPI document, rendered once
};

// One call of a route handler.
struct Call {
  http::Request& req;
  const domain::Principal* who;  // null on public routes
  Services& svc;
  // Owns *who; lets a route cache what it rendered for this exact principal.
  std::shared_ptr<const domain::Principal> who_shared;
  // The route's declared query parameters (RouteDef::query): the one declaration the
  // OpenAPI document shows and the readers below check.
  const std::vector<Field>* query = nullptr;

  Actor actor() const { return Actor{who, req.request_id}; }

  // A query parameter, read by its declaration: text (string, enum or date) of at most the
  // declared length, or an integer within the declared range; "" / nullopt when absent;
  // 400 invalid_field naming it otherwise. A flag (declared as the enum "0"/"1") is "1" for true,
  // anything else false. Reading a parameter the route does not declare is a programming error
  // (std::logic_error → 500).
  Result<std::string> Text(const char* name) const;
  Result<std::optional<int64_t>> Int(const char* name) const;
  bool Flag(const char* name) const;
};

using RouteHandler = std::function<Result<http::Response>(Call&)>;
// A check that runs before the request body is read or parsed (who may send this file,
// how large it may be): its error is the answer, and the body is never looked at.
using AdmitCheck = std::function<Status(Call&)>;

struct RouteDef {
  std::string method;
  std::string pattern;
  std::string tag;      // the module's name (set by RoutesOf), for OpenAPI grouping
  std::string summary;  // one line, Chinese first
  RouteHandler handler;
  bool public_route = false;  // callable without logging in
  bool fast = false;          // never touches the store: may run on an io thread
  json request_schema;        // JSON Schema of the body (null: none, or see `body`)
  std::vector<Field> query;   // query parameters, for OpenAPI
  // A file upload: the body may be up to max_upload_bytes, and is read only once the
  // caller is authenticated and `admit` (if any) has passed. Other routes take at most
  // max_body_bytes.
  bool upload = false;
  AdmitCheck admit;  // runs before the handler on every path, and before the body of an upload
  // Open to a session whose password is temporary (who am I, change it, log out); every
  // other logged-in route answers it 403 password_change_required.
  bool before_password_change = false;

  // For the OpenAPI document (api/openapi.cpp), declared after push_back with the setters
  // below: an identifier (camelCase, unique; checked by a test), the body's fields (the
  // handler parses with the same declaration), the success answer and the 4xx beyond the
  // defaults (400 with input, 401/403/404 unless public, 404 with a path id, 409 with a
  // version, 413/415 with a body, 422 on writes).
  std::string operation_id;
  std::shared_ptr<const Fields> body;
  int success_status = 200;
  int success_also = 0;          // a second success status with the same body (e.g. 200 and 201)
  json response_schema;          // the success body's JSON Schema (null: none)
  std::string response_media;    // a download's media type(s), `|`-separated; "" for JSON
  std::string response_summary;  // what the success answer is
  std::vector<int> errors;
  bool no_default_errors = false;

  RouteDef& Id(std::string id) {
    operation_id = std::move(id);
    return *this;
  }
  RouteDef& Body(std::shared_ptr<const Fields> fields) {
    body = std::move(fields);
    return *this;
  }
  RouteDef& Returns(json schema, int status = 200) {
    response_schema = std::move(schema);
    success_status = status;
    return *this;
  }
  RouteDef& ReturnsFile(std::string media_types, int status = 200) {
    response_media = std::move(media_types);
    success_status = status;
    return *this;
  }
  RouteDef& Errors(std::vector<int> statuses) {
    errors.insert(errors.end(), statuses.begin(), statuses.end());
    return *this;
  }
};

using Routes = std::vector<RouteDef>;

// Media types of downloads, for RouteDef::ReturnsFile.
inline constexpr const char* kCsvMedia = "text/csv";
inline constexpr const char* kXlsxMedia =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* kCalendarMedia = "text/calendar";

// All routes of all modules (api::AllModules), in order (runtime/modules.cpp); built once.
const Routes& AllRoutes();

// A tag of the document: a module's name and its one-line summary (api::Module).
struct Tag {
  std::string name, description;
};

// The OpenAPI 3.0 document for `routes`, grouped by `tags` (a route's tag is its module's
// name; a tag not listed is described by its name).
json OpenApiDocument(const Routes& routes, const std::vector<Tag>& tags = {});

// The 4xx statuses a route may answer (defaults and declared), ascending.
std::vector<int> ErrorStatuses(const RouteDef& r);

// Checks `value` against `schema` (the subset the document uses: type, properties,
// required, additionalProperties: false, items, enum, nullable, $ref to a component).
// Returns "" when it conforms, else where and why not.
std::string ValidateJson(const json& schema, const json& value);

// Schema helpers for route declarations.
json ObjectSchema(std::vector<std::pair<std::string, json>> properties,
                  std::vector<std::string> required);
json StringSchema(int max_length = 256);
json IntegerSchema();
json BooleanSchema();

}  // namespace api
}  // namespace jiceng
