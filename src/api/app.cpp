#include "api/app.h"

#include <spdlog/spdlog.h>

#include "api/route.h"
#include "http/router.h"
#include "http/static_files.h"
#include "index/org_tree.h"
#include "service/auth_service.h"
#include "store/db.h"

namespace jiceng::api {
namespace {

constexpr const char* kSessionCookie = "jiceng_session";

bool UnsafeMethod(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

// A path with a ".." or "." segment, a backslash or a NUL never names anything we serve.
bool SuspiciousPath(const std::string& path) {
  if (path.find('\\') != std::string::npos) return true;
  for (auto seg : http::SplitPath(path))
    if (seg == ".." || seg == ".") return true;
  return false;
}

std::string HostOf(const std::string& origin) {
  auto scheme = origin.find("://");
  return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

void AddApiHeaders(http::Response& r) {
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
}

}  // namespace

http::Response ErrorToResponse(const Error& e) {
  int status = 500;
  switch (e.kind) {
    case ErrorKind::kBadInput:
      status = 400;
      break;
    case ErrorKind::kUnauthenticated:
      status = 401;
      break;
    case ErrorKind::kForbidden:
      status = 403;
      break;
    case ErrorKind::kNotFound:
      status = 404;
      break;
    case ErrorKind::kMethodNotAllowed:
      status = 405;
      break;
    case ErrorKind::kConflict:
      status = 409;
      break;
    case ErrorKind::kTooLarge:
      status = 413;
      break;
    case ErrorKind::kUnsupportedMedia:
      status = 415;
      break;
    case ErrorKind::kRuleBroken:
      status = 422;
      break;
    case ErrorKind::kRateLimited:
      status = 429;
      break;
    case ErrorKind::kUnavailable:
      status = 503;
      break;
    case ErrorKind::kInternal:
      status = 500;
      break;
  }
  auto r = http::ErrorResponse(status, e.code, e.message, e.field);
  if (e.retry_after_s > 0) r.SetHeader("Retry-After", std::to_string(e.retry_after_s));
  AddApiHeaders(r);
  return r;
}

struct App::Impl {
  Services& svc;
  const http::StaticFiles& static_files;
  std::shared_ptr<const Routes> table;
  const Routes& routes;
  http::Router<size_t> router;

  Impl(Services& s, const http::StaticFiles& f, std::shared_ptr<const Routes> r)
      : svc(s), static_files(f), table(std::move(r)), routes(*table) {
    for (size_t i = 0; i < routes.size(); ++i) router.Add(routes[i].method, routes[i].pattern, i);
  }

  // A cross-site request must not change anything. Browsers send Origin on every
  // cross-origin unsafe request and Sec-Fetch-Site on all of them; either one naming
  // another site is refused. Machine clients send neither.
  std::optional<Error> CrossSite(const http::Request& req) const {
    if (!UnsafeMethod(req.method)) return std::nullopt;
    const std::string* origin = req.Header("origin");
    const std::string* host = req.Header("host");
    bool foreign_origin = origin && (*origin == "null" || !host || HostOf(*origin) != *host);
    const std::string* site = req.Header("sec-fetch-site");
    bool foreign_fetch = site && *site != "same-origin" && *site != "none";
    if (foreign_origin || foreign_fetch)
      return Error{ErrorKind::kForbidden, "cross_site_request",
                   "拒绝跨站请求 / cross-site request refused", ""};
    return std::nullopt;
  }

  std::string BearerToken(const http::Request& req) const {
    const std::string* auth = req.Header("authorization");
    if (!auth || auth->rfind("Bearer ", 0) != 0) return {};
    return auth->substr(7);
  }

  Result<http::Response> Run(const RouteDef& route, http::Request& req,
                             std::shared_ptr<const domain::Principal> who) {
    JICENG_CHECK(AllowedBeforePasswordChange(route, who.get()));
    Call call{req, who.get(), svc, std::move(who), &route.query};
    if (route.admit) JICENG_CHECK(route.admit(call));
    return route.handler(call);
  }

  // A session holding a temporary password (set by an administrator) may do nothing but
  // what it needs to replace it. API tokens are issued deliberately to integrations and
  // are not held back.
  static Status AllowedBeforePasswordChange(const RouteDef& route, const domain::Principal* who) {
    if (!who || !who->must_change_password || who->session_id == 0 || route.before_password_change)
      return {};
    return Fail(ErrorKind::kForbidden, "password_change_required",
                "请先修改初始密码 / change your temporary password first", "");
  }

  // The caller of a non-public route, by API token or session cookie (401 otherwise).
  Result<std::shared_ptr<const domain::Principal>> Authenticate(http::Request& req) {
    std::string bearer = BearerToken(req);
    auto principal = bearer.empty() ? svc.auth.AuthenticateSession(req.Cookie(kSessionCookie))
                                    : svc.auth.AuthenticateBearer(bearer);
    if (principal) req.user_id = (*principal)->user_id;
    return principal;
  }

  // Store errors a request can meet, as HTTP; nullopt for those that are internal errors.
  static std::optional<http::Response> StoreErrorResponse(const store::StoreError& e) {
    using K = store::StoreError::Kind;
    switch (e.kind()) {
      case K::kUniqueViolation:
        return ErrorToResponse(
            {ErrorKind::kConflict, "duplicate", "记录已存在 / already exists", ""});
      case K::kForeignKey:
        return ErrorToResponse({ErrorKind::kRuleBroken, "reference_missing",
                                "引用的记录不存在 / a referenced record does not exist", ""});
      case K::kSerialization: {
        // Lost a race with a concurrent transaction (after the retries the route asked
        // for): nothing was written, and the same request may well succeed in a moment.
        Error busy{ErrorKind::kUnavailable, "store_conflict",
                   "并发冲突，请稍后重试 / the change collided with another; retry shortly", "", 1};
        return ErrorToResponse(busy);
      }
      case K::kBusy:
      case K::kConnection:
        return ErrorToResponse({ErrorKind::kUnavailable, "store_unavailable",
                                "数据库暂不可用，请稍后重试 / store unavailable, retry later", ""});
      default:
        return std::nullopt;
    }
  }

  static http::Response InternalError() {
    return ErrorToResponse(
        {ErrorKind::kInternal, "internal_error", "服务器内部错误 / internal server error", ""});
  }

  // The answer to the exception being handled, logged with the request id: the same on
  // the fast path, the blocking path and admission. Call only inside a catch block.
  static http::Response ExceptionResponse(const http::Request& req, const char* where) {
    try {
      throw;
    } catch (const store::StoreError& e) {
      spdlog::error("request {} ({} {}, {}): store error: {}", req.request_id, req.method,
                    req.route, where, e.what());
      if (auto r = StoreErrorResponse(e)) return *r;
    } catch (const std::exception& e) {
      spdlog::error("request {} ({} {}, {}): unexpected error: {}", req.request_id, req.method,
                    req.route, where, e.what());
    } catch (...) {
      spdlog::error("request {} ({} {}, {}): unexpected non-standard exception", req.request_id,
                    req.method, req.route, where);
    }
    return InternalError();
  }

  http::Response Finish(Result<http::Response> result) {
    if (!result) return ErrorToResponse(result.error());
    AddApiHeaders(*result);
    return std::move(*result);
  }

  // Routing and the checks that need no store. Returns a response to send now, or nullopt
  // with req.route_index set when the route itself must run.
  std::optional<http::Response> Route(http::Request& req) {
    if (!req.path_valid || SuspiciousPath(req.path))
      return ErrorToResponse(
          {ErrorKind::kBadInput, "bad_path", "非法的请求路径 / invalid path", ""});
    bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/api" || req.path == "/healthz" ||
               req.path == "/readyz" || req.path == "/metrics";
    if (!api) {
      req.route = "(static)";
      if (auto r = static_files.Serve(req)) return r;
      return ErrorToResponse({ErrorKind::kNotFound, "not_found", "页面不存在 / not found", ""});
    }
    auto match = router.Find(req.method, req.path);
    if (match.outcome == http::Router<size_t>::Match::kNotFound) {
      req.route = "(unmatched)";
      return ErrorToResponse(
          {ErrorKind::kNotFound, "route_not_found", "接口不存在 / no such API endpoint", ""});
    }
    if (match.outcome == http::Router<size_t>::Match::kMethodNotAllowed) {
      req.route = "(unmatched)";
      auto r = ErrorToResponse({ErrorKind::kMethodNotAllowed, "method_not_allowed",
                                "不支持该请求方法 / method not allowed", ""});
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      r.SetHeader("Allow", allow);
      return r;
    }
    req.route_index = static_cast<int>(match.entry->value);
    req.route = match.entry->pattern;
    req.params = std::move(match.params);
    if (auto e = CrossSite(req)) return ErrorToResponse(*e);
    return std::nullopt;
  }
};

App::App(Services& services, const http::StaticFiles& static_files,
         std::shared_ptr<const Routes> routes)
    : impl_(std::make_unique<Impl>(services, static_files, std::move(routes))) {}
App::~App() = default;

const Routes& App::routes() const { return impl_->routes; }

std::vector<std::string> App::RouteKeys() const {
  std::vector<std::string> out;
  for (const auto& r : impl_->routes) out.push_back(r.method + " " + r.pattern);
  return out;
}

// Every entry point pins the org tree for the request (index/org_tree.h): the permission
// check, the SQL scope and the JSON mapping see one snapshot. An exception escaping a route
// is answered as the JSON error it maps to (500 internal_error when it is unexpected) and
// logged with the request id, on every path.
std::optional<http::Response> App::HandleFast(http::Request& req) {
  try {
    if (auto early = impl_->Route(req)) return early;
    const RouteDef& route = impl_->routes[req.route_index];
    if (!route.fast) return std::nullopt;
    index::OrgTree::Pin pin(impl_->svc.ctx.orgs);
    if (route.public_route) return impl_->Finish(impl_->Run(route, req, nullptr));
    if (!impl_->BearerToken(req).empty()) return std::nullopt;
    auto principal = impl_->svc.auth.FromCache(req.Cookie(kSessionCookie));
    if (!principal) return std::nullopt;  // needs the store to authenticate
    req.user_id = (*principal)->user_id;
    return impl_->Finish(impl_->Run(route, req, *principal));
  } catch (...) {
    return Impl::ExceptionResponse(req, "fast path");
  }
}

http::Response App::HandleBlocking(http::Request& req) {
  try {
    if (req.route_index < 0) {
      if (auto early = impl_->Route(req)) return *early;
    }
    const RouteDef& route = impl_->routes[req.route_index];
    index::OrgTree::Pin pin(impl_->svc.ctx.orgs);
    if (route.public_route) return impl_->Finish(impl_->Run(route, req, nullptr));
    auto principal = impl_->Authenticate(req);
    if (!principal) return ErrorToResponse(principal.error());
    return impl_->Finish(impl_->Run(route, req, *principal));
  } catch (...) {
    return Impl::ExceptionResponse(req, "blocking");
  }
}

std::optional<http::Response> App::Admit(http::Request& head) {
  try {
    if (auto early = impl_->Route(head)) return early;
    const RouteDef& route = impl_->routes[head.route_index];
    if (!route.upload) {
      if (!head.content_length) return std::nullopt;  // chunked: read up to the JSON limit
      return ErrorToResponse(
          {ErrorKind::kTooLarge, "body_too_large", "请求体过大 / request body too large", ""});
    }
    index::OrgTree::Pin pin(impl_->svc.ctx.orgs);
    auto principal = impl_->Authenticate(head);
    if (!principal) return ErrorToResponse(principal.error());
    if (auto ok = Impl::AllowedBeforePasswordChange(route, principal->get()); !ok)
      return ErrorToResponse(ok.error());
    if (route.admit) {
      Call call{head, principal->get(), impl_->svc, *principal, &route.query};
      if (auto ok = route.admit(call); !ok) return ErrorToResponse(ok.error());
    }
    head.upload_admitted = true;
    return std::nullopt;
  } catch (...) {
    return Impl::ExceptionResponse(head, "admission");
  }
}

}  // namespace jiceng::api
