// The OpenAPI 3.0 document, generated from the route table: operation ids, parameters and
// request bodies from the routes' field declarations, typed responses from their declared
// schemas, and the 4xx each operation may answer. Also the validator the API tests run on
// every JSON answer (ValidateJson), so the document stays true.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "api/module.h"
#include "api/openapi.h"
#include "api/route.h"
#include "api/schema.h"
#include "http/router.h"

namespace jiceng::api {
namespace schema {
namespace {

struct Registry {
  std::mutex mu;
  std::map<std::string, json> schemas;
};
Registry& Components_() {
  static Registry r;
  return r;
}

}  // namespace

json Str() { return {{"type", "string"}}; }
json Int() { return {{"type", "integer"}, {"format", "int64"}}; }
json Num() { return {{"type", "number"}}; }
json Bool() { return {{"type", "boolean"}}; }
json Date() { return {{"type", "string"}, {"format", "date"}}; }
json DateTime() { return {{"type", "string"}, {"format", "date-time"}}; }
json Enum(const std::vector<std::string_view>& codes) {
  json list = json::array();
  for (auto c : codes) list.push_back(std::string(c));
  return {{"type", "string"}, {"enum", list}};
}
json Enum(std::initializer_list<const char*> codes) {
  json list = json::array();
  for (auto c : codes) list.push_back(c);
  return {{"type", "string"}, {"enum", list}};
}
json Null(json s) {
  if (s.contains("$ref"))  // every nullable component is an object
    return {{"type", "object"}, {"allOf", json::array({s})}, {"nullable", true}};
  s["nullable"] = true;
  return s;
}
json ArrayOf(json item) { return {{"type", "array"}, {"items", std::move(item)}}; }
json Any() { return json::object(); }
json MapOf(json value) { return {{"type", "object"}, {"additionalProperties", std::move(value)}}; }
json Obj(std::vector<std::pair<std::string, json>> props, std::vector<std::string> optional) {
  json p = json::object();
  json required = json::array();
  for (auto& [k, v] : props) {
    if (std::find(optional.begin(), optional.end(), k) == optional.end()) required.push_back(k);
    p[k] = std::move(v);
  }
  json s = {{"type", "object"}, {"properties", p}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}
json Page(json item, std::vector<std::pair<std::string, json>> extra) {
  extra.insert(extra.begin(), {{"items", ArrayOf(std::move(item))}, {"total", Int()}});
  return Obj(std::move(extra));
}

json Ref(const std::string& name, json schema) {
  auto& r = Components_();
  std::lock_guard lock(r.mu);
  auto [it, added] = r.schemas.emplace(name, schema);
  if (!added && it->second != schema)
    throw std::logic_error("component schema " + name + " declared twice, differently");
  return {{"$ref", "#/components/schemas/" + name}};
}
json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
json Components() {
  auto& r = Components_();
  std::lock_guard lock(r.mu);
  json out = json::object();
  for (const auto& [k, v] : r.schemas) out[k] = v;
  return out;
}
json ErrorRef() {
  // Open at the top: an import's 422 lists its problems beside the error.
  static const json ref =
      Ref("Error",
          {{"type", "object"},
           {"properties",
            {{"error", Obj({{"code", Str()}, {"message", Str()}, {"field", Str()}}, {"field"})}}},
           {"required", {"error"}}});
  return ref;
}

}  // namespace schema

namespace {

bool HasPathParam(const RouteDef& r) { return r.pattern.find('{') != std::string::npos; }

bool BodyHasVersion(const RouteDef& r) {
  if (!r.body) return false;
  for (const auto& f : *r.body)
    if (f.name == "version") return true;
  return false;
}

const char* ErrorDescription(int status) {
  switch (status) {
    case 400:
      return "输入有误 / bad input";
    case 401:
      return "未登录 / not logged in";
    case 403:
      return "无权执行 / not allowed";
    case 404:
      return "不存在或不在权限范围内 / not found or outside your scope";
    case 409:
      return "冲突（版本过期、重复）/ conflict: stale version or duplicate";
    case 413:
      return "请求体过大 / too large";
    case 415:
      return "不支持的媒体类型 / unsupported media type";
    case 422:
      return "违反业务规则 / breaks a rule";
    case 429:
      return "请求过于频繁 / rate limited";
    case 503:
      return "暂不可用 / unavailable";
    default:
      return "错误 / error";
  }
}

std::string Lower(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string_view TypeOf(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "?";
  }
}

using Schemas = std::map<std::string, json>;

// The first way `v` breaks `schema`, prefixed by `at` (v's JSON path), or "" when it
// conforms. `at` grows and shrinks in place as the walk descends: every API test checks
// every answer, so the walk allocates nothing on the way down.
std::string Validate(const json& schema, const json& v, std::string& at, const Schemas& components);

std::string ValidateAt(const json& schema, const json& v, std::string& at, std::string_view step,
                       const Schemas& components) {
  const size_t n = at.size();
  at += '/';
  at += step;
  std::string e = Validate(schema, v, at, components);
  at.resize(n);
  return e;
}

std::string Validate(const json& schema, const json& v, std::string& at,
                     const Schemas& components) {
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    constexpr std::string_view kPrefix = "#/components/schemas/";
    auto it = components.find(ref->get_ref<const std::string&>().substr(kPrefix.size()));
    if (it == components.end()) return at + ": unknown component " + ref->get<std::string>();
    return Validate(it->second, v, at, components);
  }
  if (v.is_null()) {
    if (schema.value("nullable", false) || schema.empty()) return "";
    return at + ": null where the schema does not allow it";
  }
  for (const char* key : {"oneOf", "anyOf"})
    if (auto any = schema.find(key); any != schema.end()) {
      std::string first;
      for (const auto& s : *any) {
        auto e = Validate(s, v, at, components);
        if (e.empty()) return "";
        if (first.empty()) first = e;
      }
      return at + ": matches none of " + key + " (" + first + ")";
    }
  if (auto all = schema.find("allOf"); all != schema.end()) {
    for (const auto& s : *all)
      if (auto e = Validate(s, v, at, components); !e.empty()) return e;
    return "";
  }
  if (auto t = schema.find("type"); t != schema.end()) {
    const std::string& want = t->get_ref<const std::string&>();
    std::string_view got = TypeOf(v);
    bool ok = want == got || (want == "number" && got == "integer");
    if (!ok) return at + ": " + std::string(got) + " where the schema says " + want;
  }
  if (auto e = schema.find("enum"); e != schema.end()) {
    if (std::find(e->begin(), e->end(), v) == e->end())
      return at + ": " + v.dump() + " is not one of " + e->dump();
  }
  if (v.is_object()) {
    auto props = schema.find("properties");
    if (auto req = schema.find("required"); req != schema.end())
      for (const auto& name : *req)
        if (!v.contains(name.get_ref<const std::string&>()))
          return at + ": missing required property " + name.get<std::string>();
    auto extra = schema.find("additionalProperties");
    bool closed = extra != schema.end() && *extra == false;
    for (const auto& [k, item] : v.items()) {
      if (props != schema.end())
        if (auto p = props->find(k); p != props->end()) {
          if (auto e = ValidateAt(*p, item, at, k, components); !e.empty()) return e;
          continue;
        }
      if (closed) return at + ": property " + k + " is not declared";
      if (extra != schema.end() && extra->is_object())
        if (auto e = ValidateAt(*extra, item, at, k, components); !e.empty()) return e;
    }
  }
  if (v.is_array()) {
    if (auto items = schema.find("items"); items != schema.end())
      for (size_t i = 0; i < v.size(); ++i)
        if (auto e = ValidateAt(*items, v[i], at, std::to_string(i), components); !e.empty())
          return e;
  }
  return "";
}

}  // namespace

std::vector<int> ErrorStatuses(const RouteDef& r) {
  std::set<int> s(r.errors.begin(), r.errors.end());
  if (!r.no_default_errors) {
    bool input = r.body || !r.request_schema.is_null() || !r.query.empty();
    if (input) s.insert(400);
    // A badly encoded path or query is 400 on every logged-in route.
    if (!r.public_route) s.insert(400);
    // A change may meet a concurrent one (stale version, duplicate, state already moved on).
    if (r.method != "GET" && !r.public_route) s.insert(409);
    // Every logged-in route is scoped: an id (in the path, the body or the query) outside
    // the caller's subtree is 404, like an absent one.
    if (!r.public_route) {
      s.insert(401);
      s.insert(403);
      s.insert(404);
    }
    if (HasPathParam(r)) s.insert(404);
    if (BodyHasVersion(r)) s.insert(409);
    if (r.body || !r.request_schema.is_null() || r.upload) {
      s.insert(413);
      s.insert(415);
    }
    if (r.method != "GET" && !r.public_route) s.insert(422);
  }
  return {s.begin(), s.end()};
}

std::string ValidateJson(const json& schema, const json& value) {
  // The registry's schemas are read in place, under its lock (copying them for every
  // answer checked was a fifth of the API suites' time under the sanitizers).
  auto& r = schema::Components_();
  std::lock_guard lock(r.mu);
  std::string at = "$";
  return Validate(schema, value, at, r.schemas);
}

json OpenApiDocument(const Routes& routes, const std::vector<Tag>& tags) {
  json error_ref = schema::ErrorRef();
  json paths = json::object();
  json tag_list = json::array();
  std::set<std::string> seen_tags;
  for (const auto& r : routes)
    if (seen_tags.insert(r.tag).second) {
      std::string description = r.tag;
      for (const auto& t : tags)
        if (t.name == r.tag) description = t.description;
      tag_list.push_back({{"name", r.tag}, {"description", description}});
    }
  for (const auto& r : routes) {
    json op = {{"summary", r.summary}, {"tags", {r.tag}}, {"operationId", r.operation_id}};
    json params = json::array();
    for (auto seg : http::SplitPath(r.pattern)) {
      if (seg.size() > 2 && seg.front() == '{') {
        // Ids are integers; `{date}` (a center's leave, the city's days) is YYYY-MM-DD.
        const std::string name(seg.substr(1, seg.size() - 2));
        params.push_back({{"name", name},
                          {"in", "path"},
                          {"required", true},
                          {"schema", name == "date" ? schema::Date() : IntegerSchema()}});
      }
    }
    for (const auto& q : r.query) {
      json p = {{"name", q.name},
                {"in", "query"},
                {"required", q.presence == Field::Presence::kRequired},
                {"schema", q.Schema()}};
      if (!q.description.empty()) p["description"] = q.description;
      p["schema"].erase("description");
      params.push_back(std::move(p));
    }
    if (!params.empty()) op["parameters"] = params;
    json body_schema = r.body ? ObjectSchemaOf(*r.body) : r.request_schema;
    if (r.upload) {
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/octet-stream",
                              {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    } else if (!body_schema.is_null()) {
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", body_schema}}}}}};
    }
    json responses = json::object();
    std::string ok = std::to_string(r.success_status);
    json success = {{"description", r.response_summary.empty() ? "成功 / OK" : r.response_summary}};
    if (!r.response_media.empty()) {
      json content = json::object();
      std::string media = r.response_media;
      size_t start = 0;
      while (start <= media.size()) {
        size_t bar = media.find('|', start);
        std::string one =
            media.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (one.rfind("text/plain", 0) == 0)
          content[one] = {{"schema", {{"type", "string"}}}};
        else
          content[one] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
      success["content"] = content;
    } else if (!r.response_schema.is_null()) {
      success["content"] = {{"application/json", {{"schema", r.response_schema}}}};
    }
    responses[ok] = success;
    if (r.success_also) responses[std::to_string(r.success_also)] = success;
    for (int status : ErrorStatuses(r))
      responses[std::to_string(status)] = {
          {"description", ErrorDescription(status)},
          {"content", {{"application/json", {{"schema", error_ref}}}}}};
    op["responses"] = responses;
    if (r.public_route) op["security"] = json::array();
    paths[r.pattern][Lower(r.method)] = op;
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Jiceng 基层 API"},
        {"version", JICENG_VERSION},
        {"description",
         "智慧党建与基层治理平台 / smart party-building and grassroots governance"}}},
      {"servers", json::array({{{"url", "/"}, {"description", "同源 / same origin"}}})},
      {"tags", tag_list},
      {"paths", paths},
      {"components",
       {{"schemas", schema::Components()},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "jiceng_session"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
      {"security", json::array({{{"session", json::array()}}, {{"bearer", json::array()}}})},
  };
}

std::string OpenApiText(bool pretty) {
  return OpenApiDocument(AllRoutes(), TagsOf(AllModules()))
      .dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace jiceng::api
