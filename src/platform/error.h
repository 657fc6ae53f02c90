// Expected failures travel as values: every domain and store function that can fail for a
// reason the caller controls returns Result<T>. Exceptions are reserved for the exceptional
// (a broken database connection, out of memory). The one place that turns an Error into an
// HTTP status and JSON body is http/error_mapping.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace jiceng {

enum class ErrorKind {
  kBadInput,          // 400: malformed or wrongly typed input
  kUnauthenticated,   // 401: not logged in, or bad credentials
  kForbidden,         // 403: logged in, but the action is not allowed
  kNotFound,          // 404: absent, or outside the caller's scope
  kMethodNotAllowed,  // 405
  kConflict,          // 409: stale version, duplicate
  kTooLarge,          // 413
  kUnsupportedMedia,  // 415
  kRuleBroken,        // 422: well-formed input that breaks a domain rule
  kRateLimited,       // 429: too many attempts, account locked
  kUnavailable,       // 503: store unreachable, shutting down
  kInternal,          // 500
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;           // snake_case, stable, for programs
  std::string message;        // plain words for people (zh-CN first)
  std::string field;          // the offending input field, when there is one
  int64_t retry_after_s = 0;  // 429: seconds until a retry may succeed (Retry-After header)
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message,
                                  std::string field = {}) {
  return tl::unexpected<Error>(Error{kind, std::move(code), std::move(message), std::move(field)});
}

// 429 with a Retry-After of `retry_after_s` seconds (at least 1).
inline tl::unexpected<Error> RateLimited(std::string code, std::string message,
                                         int64_t retry_after_s) {
  Error e{ErrorKind::kRateLimited, std::move(code), std::move(message), {}};
  e.retry_after_s = retry_after_s < 1 ? 1 : retry_after_s;
  return tl::unexpected<Error>(std::move(e));
}

inline tl::unexpected<Error> BadInput(std::string field, std::string message) {
  return Fail(ErrorKind::kBadInput, "invalid_field", std::move(message), std::move(field));
}

inline tl::unexpected<Error> NotFound(std::string message = "资源不存在 / not found") {
  return Fail(ErrorKind::kNotFound, "not_found", std::move(message));
}

inline tl::unexpected<Error> Forbidden(std::string message = "无权执行此操作 / not allowed") {
  return Fail(ErrorKind::kForbidden, "forbidden", std::move(message));
}

// Propagates the error of a Result-returning expression, binding its value otherwise.
#define JICENG_TRY(var, expr)                                       \
  auto var##_result_ = (expr);                                      \
  if (!var##_result_) return tl::unexpected(var##_result_.error()); \
  auto var = std::move(*var##_result_)

#define JICENG_CHECK(expr)                                              \
  do {                                                                  \
    auto jiceng_status_ = (expr);                                       \
    if (!jiceng_status_) return tl::unexpected(jiceng_status_.error()); \
  } while (0)

}  // namespace jiceng
