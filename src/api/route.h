// How a module declares its HTTP routes. Each api/<module>_routes.cpp has one
// Register<Module>Routes(Routes&) function; app.cpp calls them all. A route says who may
// call it, whether it may run on an io thread, and what it does; the OpenAPI document is
// generated from the same table, so no route can be missing from it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

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

  Actor actor() const { return Actor{who, req.request_id}; }
};

using RouteHandler = std::function<Result<http::Response>(Call&)>;
// A check that runs before the request body is read or parsed (who may send this file,
// how large it may be): its error is the answer, and the body is never looked at.
using AdmitCheck = std::function<Status(Call&)>;

struct RouteDef {
  std::string method;
  std::string pattern;
  std::string tag;      // the module, for OpenAPI grouping
  std::string summary;  // one line, Chinese first
  RouteHandler handler;
  bool public_route = false;       // callable without logging in
  bool fast = false;               // never touches the store: may run on an io thread
  json request_schema;             // JSON Schema of the body, for OpenAPI (null: no body)
  std::vector<std::string> query;  // query parameter names, for OpenAPI
  // A file upload: the body may be up to max_upload_bytes, and is read only once the
  // caller is authenticated and `admit` (if any) has passed. Other routes take at most
  // max_body_bytes.
  bool upload = false;
  AdmitCheck admit;  // runs before the handler on every path, and before the body of an upload
};

using Routes = std::vector<RouteDef>;

void RegisterSystemRoutes(Routes& routes);
void RegisterAuthRoutes(Routes& routes);
void RegisterAccountRoutes(Routes& routes);
void RegisterAuditRoutes(Routes& routes);
void RegisterOrgRoutes(Routes& routes);
void RegisterMemberRoutes(Routes& routes);
void RegisterUnitRoutes(Routes& routes);
void RegisterTransferRoutes(Routes& routes);
void RegisterCommitteeRoutes(Routes& routes);
void RegisterMeetingRoutes(Routes& routes);
void RegisterMaterialRoutes(Routes& routes);
void RegisterSearchRoutes(Routes& routes);
void RegisterReadingRoutes(Routes& routes);
void RegisterImportRoutes(Routes& routes);

// All routes of all modules, in registration order.
Routes AllRoutes();

// The OpenAPI 3.0 document for `routes`.
json OpenApiDocument(const Routes& routes);

// Schema helpers for route declarations.
json ObjectSchema(std::vector<std::pair<std::string, json>> properties,
                  std::vector<std::string> required);
json StringSchema(int max_length = 256);
json IntegerSchema();
json BooleanSchema();

}  // namespace api
}  // namespace jiceng
