// Plain HTTP request and response types. Beast stays inside http/server.cpp; everything
// else (routes, services, tests) sees only these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jiceng::http {

struct Request {
  std::string method;  // "GET"
  std::string target;  // raw request target, "/api/users?page=2"
  std::string path;    // percent-decoded path, "/api/users"
  std::string query;   // raw query string, "page=2"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::optional<uint64_t> content_length;  // as declared; nullopt when chunked or absent
  bool upload_admitted = false;            // set by Handler::Admit: the body may be upload-sized
  std::string remote_ip;
  std::string request_id;
  bool path_valid = true;  // false when percent-decoding failed or produced bad UTF-8

  // Filled by the router.
  std::string route;  // the matched pattern, "/api/users/{id}", for metrics and logs
  std::map<std::string, std::string> params;
  int route_index = -1;  // index into the route table, -1 when unrouted

  // Filled by authentication, for the access log.
  int64_t user_id = 0;

  const std::string* Header(std::string_view lower_name) const;
  // The first value of a query parameter, percent-decoded; nullopt when absent or when its
  // percent-encoding is broken (QueryParam tells the two apart).
  std::optional<std::string> Query(std::string_view name) const;
  struct QueryValue {
    bool present = false;
    bool well_formed = true;  // false on a broken %-escape
    std::string value;
  };
  QueryValue QueryParam(std::string_view name) const;
  // The value of a cookie; empty when absent.
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after this response

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Percent-decodes `in`; `plus_is_space` for query strings. False on a bad escape.
bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space);

// A JSON error body in the shape of DESIGN.md:
// {"error":{"code":"…","message":"…","field":"…"}}.
Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field = {});

}  // namespace jiceng::http
