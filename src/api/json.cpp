#include "api/json.h"

#include <charconv>

#include "platform/clock.h"
#include "platform/utf8.h"

namespace jiceng::api {
namespace {

tl::unexpected<Error> WrongType(const char* field, const char* expected) {
  return BadInput(field, std::string("字段 ") + field + " 类型错误，应为" + expected +
                             " / field '" + field + "' must be " + expected);
}

bool ParseInt64(std::string_view s, int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<json> ParseObject(const http::Request& req) {
  const std::string* type = req.Header("content-type");
  if (!type || type->find("application/json") == std::string::npos)
    return Fail(ErrorKind::kUnsupportedMedia, "unsupported_media_type",
                "请求体须为 application/json / body must be application/json");
  json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return Fail(ErrorKind::kBadInput, "malformed_json",
                "请求体不是合法的JSON（或含非法UTF-8） / body is not valid JSON (or not UTF-8)");
  if (!body.is_object())
    return Fail(ErrorKind::kBadInput, "malformed_json",
                "请求体须为JSON对象 / body must be a JSON object");
  return body;
}

Result<std::optional<std::string>> OptionalString(const json& body, const char* field,
                                                  size_t max_chars) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return WrongType(field, "字符串 / a string");
  const auto& s = it->get_ref<const std::string&>();
  if (!IsValidUtf8(s) || s.find('\0') != std::string::npos)
    return BadInput(field,
                    std::string("字段 ") + field + " 含非法字符 / field has invalid characters");
  if (Utf8Length(s) > max_chars)
    return BadInput(field, std::string("字段 ") + field + " 过长（最多" +
                               std::to_string(max_chars) + "个字符） / field '" + field +
                               "' is too long");
  return std::optional<std::string>(s);
}

Result<std::string> RequireString(const json& body, const char* field, size_t max_chars) {
  JICENG_TRY(v, OptionalString(body, field, max_chars));
  if (!v)
    return BadInput(field,
                    std::string("缺少字段 ") + field + " / field '" + field + "' is required");
  return *v;
}

Result<std::optional<int64_t>> OptionalInt(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) return WrongType(field, "整数 / an integer");
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return WrongType(field, "整数 / an integer");
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<int64_t> RequireInt(const json& body, const char* field) {
  JICENG_TRY(v, OptionalInt(body, field));
  if (!v)
    return BadInput(field,
                    std::string("缺少字段 ") + field + " / field '" + field + "' is required");
  return *v;
}

Result<std::optional<bool>> OptionalBool(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return WrongType(field, "布尔值 / a boolean");
  return std::optional<bool>(it->get<bool>());
}

Result<int64_t> PathId(const http::Request& req, const char* name) {
  auto it = req.params.find(name);
  int64_t id = 0;
  if (it == req.params.end() || !ParseInt64(it->second, id) || id <= 0) return NotFound();
  return id;
}

Result<std::optional<int64_t>> QueryInt(const http::Request& req, const char* name) {
  auto v = req.QueryParam(name);
  if (v.present && !v.well_formed)
    return BadInput(name,
                    std::string("参数 ") + name + " 编码错误 / '" + name + "' is badly encoded");
  if (!v.present || v.value.empty()) return std::optional<int64_t>();
  int64_t n = 0;
  if (!ParseInt64(v.value, n))
    return BadInput(name,
                    std::string("参数 ") + name + " 须为整数 / '" + name + "' must be an integer");
  return std::optional<int64_t>(n);
}

Result<std::string> QueryText(const http::Request& req, const char* name, size_t max_chars) {
  auto v = req.QueryParam(name);
  if (!v.present) return std::string();
  if (!v.well_formed || !IsValidUtf8(v.value) || HasControlChars(v.value) ||
      Utf8Length(v.value) > max_chars)
    return BadInput(name, std::string("参数 ") + name + " 无效 / invalid '" + name + "'");
  return std::move(v.value);
}

Result<Paging> ParsePaging(const http::Request& req) {
  Paging p;
  JICENG_TRY(page, QueryInt(req, "page"));
  JICENG_TRY(size, QueryInt(req, "size"));
  if (page) p.page = *page;
  if (size) p.size = *size;
  if (p.page < 1 || p.page > 1'000'000) return BadInput("page", "页码无效 / page must be ≥ 1");
  if (p.size < 1 || p.size > 200) return BadInput("size", "每页条数须为1–200 / size must be 1–200");
  return p;
}

http::Response Json(const json& body, int status) {
  http::Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

json ListBody(json items, int64_t total) {
  return json{{"items", std::move(items)}, {"total", total}};
}

Result<std::optional<std::optional<int64_t>>> NullableInt(const json& body, const char* field) {
  using R = std::optional<std::optional<int64_t>>;
  if (!body.contains(field)) return R();
  if (body[field].is_null()) return R(std::optional<int64_t>());
  JICENG_TRY(v, RequireInt(body, field));
  return R(v);
}

http::Response Download(const std::string& file_name, const std::string& content_type,
                        std::string bytes) {
  http::Response res;
  res.content_type = content_type;
  res.body = std::move(bytes);
  std::string encoded;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char ch : file_name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded += static_cast<char>(ch);
    } else {
      encoded += '%';
      encoded += kHex[ch >> 4];
      encoded += kHex[ch & 15];
    }
  }
  res.SetHeader("Content-Disposition",
                "attachment; filename=\"export\"; filename*=UTF-8''" + encoded);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

json OptText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json OptId(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

Result<std::vector<std::string>> StringList(const json& body, const char* field, size_t max_chars) {
  std::vector<std::string> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  if (!body[field].is_array())
    return BadInput(field, std::string(field) + " 须为数组 / must be an array");
  for (const auto& item : body[field]) {
    if (!item.is_string())
      return BadInput(field, std::string(field) + " 的每一项须为文本 / items must be strings");
    json wrapper = {{"v", item}};
    JICENG_TRY(v, RequireString(wrapper, "v", max_chars));
    out.push_back(v);
  }
  return out;
}

Result<std::vector<int64_t>> IdList(const json& body, const char* field) {
  std::vector<int64_t> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  if (!body[field].is_array())
    return BadInput(field, std::string(field) + " 须为数组 / must be an array");
  for (const auto& item : body[field]) {
    if (!item.is_number_integer() || item.get<int64_t>() <= 0)
      return BadInput(field, std::string(field) + " 的每一项须为正整数 / items must be ids");
    out.push_back(item.get<int64_t>());
  }
  return out;
}

}  // namespace jiceng::api
