#include "http/message.h"

#include <nlohmann/json.hpp>

namespace jiceng::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

const std::string* Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return &v;
  return nullptr;
}

Request::QueryValue Request::QueryParam(std::string_view name) const {
  QueryValue out;
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    auto eq = pair.find('=');
    std::string key;
    if (!PercentDecode(pair.substr(0, eq), key, true) || key != name) continue;
    out.present = true;
    if (eq != std::string_view::npos)
      out.well_formed = PercentDecode(pair.substr(eq + 1), out.value, true);
    return out;
  }
  return out;
}

std::optional<std::string> Request::Query(std::string_view name) const {
  auto v = QueryParam(name);
  if (!v.present || !v.well_formed) return std::nullopt;
  return std::move(v.value);
}

std::string Request::Cookie(std::string_view name) const {
  const std::string* header = Header("cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
  }
  return {};
}

Response ErrorResponse(int status, std::string_view code, std::string_view message,
                       std::string_view field) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  Response r;
  r.status = status;
  r.body =
      nlohmann::json{{"error", err}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace jiceng::http
