// JSON request/response mapping shared by the route files. Included only by api/*.cpp so
// that nlohmann/json stays out of the rest of the tree.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"
#include "platform/error.h"

namespace jiceng::api {

using nlohmann::json;

// The body as a JSON object: 415 unless the content type is JSON, 400 on malformed JSON
// (invalid UTF-8 included) or when the top level is not an object.
Result<json> ParseObject(const http::Request& req);

// Field readers: 400 `invalid_field` naming the field on a missing required field or a
// wrong type. Strings must be well-formed UTF-8 of at most `max_chars` code points.
Result<std::string> RequireString(const json& body, const char* field, size_t max_chars = 256);
Result<std::optional<std::string>> OptionalString(const json& body, const char* field,
                                                  size_t max_chars = 256);
Result<int64_t> RequireInt(const json& body, const char* field);
Result<std::optional<int64_t>> OptionalInt(const json& body, const char* field);
Result<std::optional<bool>> OptionalBool(const json& body, const char* field);
// A nullable integer field of a PATCH: absent → nullopt (keep), null → {nullopt} (clear),
// an integer → {value} (set).
Result<std::optional<std::optional<int64_t>>> NullableInt(const json& body, const char* field);
// An optional array of strings (each at most max_chars); absent or null → empty.
Result<std::vector<std::string>> StringList(const json& body, const char* field, size_t max_chars);
// An optional array of positive integers (ids); absent or null → empty.
Result<std::vector<int64_t>> IdList(const json& body, const char* field);

// A positive integer path parameter; 404 when it is not one (the resource cannot exist).
Result<int64_t> PathId(const http::Request& req, const char* name);

struct Paging {
  int64_t page = 1;
  int64_t size = 20;
};
// ?page=&size= with size ≤ 200; 400 on anything else.
Result<Paging> ParsePaging(const http::Request& req);
// An optional integer query parameter.
Result<std::optional<int64_t>> QueryInt(const http::Request& req, const char* name);
// An optional text query parameter (UTF-8, at most max_chars).
Result<std::string> QueryText(const http::Request& req, const char* name, size_t max_chars = 200);

http::Response Json(const json& body, int status = 200);
// null for an empty text or an absent number, the value otherwise.
json OptText(const std::string& s);
json OptId(const std::optional<int64_t>& v);
// A file download: the bytes with Content-Disposition naming `file_name` (UTF-8, RFC 6266
// filename* so that Chinese names survive) and no caching.
http::Response Download(const std::string& file_name, const std::string& content_type,
                        std::string bytes);
json ListBody(json items, int64_t total);

}  // namespace jiceng::api
