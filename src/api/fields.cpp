#include "api/fields.h"

#include <stdexcept>

#include "platform/utf8.h"

namespace jiceng::api {
namespace {

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

Status CheckValue(const json& v, const Field& f);

tl::unexpected<Error> WrongFieldType(const std::string& field, const char* expected) {
  return BadInput(field, "字段 " + field + " 类型错误，应为" + expected + " / field " +
                             Quoted(field) + " must be " + expected);
}

Status CheckString(const json& v, const Field& f) {
  if (!v.is_string()) return WrongFieldType(f.name, "字符串 / a string");
  const auto& s = v.get_ref<const std::string&>();
  if (!IsValidUtf8(s) || s.find('\0') != std::string::npos)
    return BadInput(f.name, "字段 " + f.name + " 含非法字符 / field has invalid characters");
  if (Utf8Length(s) > f.max_chars)
    return BadInput(f.name, "字段 " + f.name + " 过长（最多" + std::to_string(f.max_chars) +
                                "个字符） / field " + Quoted(f.name) + " is too long");
  if (f.type == Field::Type::kEnum && f.strict_codes) {
    bool known = false;
    for (const auto& code : f.codes) known = known || code == s;
    if (!known) {
      std::string list;
      for (const auto& code : f.codes) list += (list.empty() ? "" : ", ") + code;
      return BadInput(f.name, "字段 " + f.name + " 取值无效 / field " + Quoted(f.name) +
                                  " must be one of " + list);
    }
  }
  return {};
}

Status CheckInt(const json& v, const Field& f) {
  if (!v.is_number_integer()) return WrongFieldType(f.name, "整数 / an integer");
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return WrongFieldType(f.name, "整数 / an integer");
  int64_t n = v.get<int64_t>();
  if ((f.min && n < *f.min) || (f.max && n > *f.max))
    return BadInput(f.name, !f.range_message.empty() ? f.range_message
                                                     : "字段 " + f.name + " 超出范围 / field " +
                                                           Quoted(f.name) + " is out of range");
  return {};
}

Status CheckValue(const json& v, const Field& f) {
  switch (f.type) {
    case Field::Type::kString:
    case Field::Type::kEnum:
    case Field::Type::kDate:
      return CheckString(v, f);
    case Field::Type::kInteger:
      return CheckInt(v, f);
    case Field::Type::kBoolean:
      if (!v.is_boolean()) return WrongFieldType(f.name, "布尔值 / a boolean");
      return {};
    case Field::Type::kObject:
      if (!v.is_object()) return BadInput(f.name, f.shape_message);
      return CheckFields(v, *f.fields);
    case Field::Type::kArray: {
      if (!v.is_array() || (f.max_items && v.size() > f.max_items))
        return BadInput(f.name, f.shape_message);
      for (const auto& item : v) {
        if (f.items->type == Field::Type::kObject) {
          if (!item.is_object())
            return BadInput(f.name, f.item_message.empty() ? f.shape_message : f.item_message);
          JICENG_CHECK(CheckFields(item, *f.items->fields));
        } else {
          if (item.is_null() && !f.item_message.empty()) return BadInput(f.name, f.item_message);
          JICENG_CHECK(CheckValue(item, *f.items));
        }
      }
      return {};
    }
  }
  return {};
}

}  // namespace

Field Field::String(const char* name, size_t max_chars) {
  Field f(name, Type::kString);
  f.max_chars = max_chars;
  return f;
}
Field Field::Int(const char* name) { return Field(name, Type::kInteger); }
Field Field::Int(const char* name, int64_t min, int64_t max, std::string range_message) {
  Field f(name, Type::kInteger);
  f.min = min;
  f.max = max;
  f.range_message = std::move(range_message);
  return f;
}
Field Field::Bool(const char* name) { return Field(name, Type::kBoolean); }
Field Field::Enum(const char* name, const std::vector<std::string_view>& codes, size_t max_chars) {
  Field f(name, Type::kEnum);
  for (auto c : codes) f.codes.emplace_back(c);
  f.max_chars = max_chars;
  return f;
}
Field Field::Enum(const char* name, std::initializer_list<const char*> codes, size_t max_chars) {
  Field f(name, Type::kEnum);
  for (auto c : codes) f.codes.emplace_back(c);
  f.max_chars = max_chars;
  return f;
}
Field Field::Strict() const {
  Field f = *this;
  f.strict_codes = true;
  return f;
}
Field Field::Date(const char* name) {
  Field f(name, Type::kDate);
  f.max_chars = 10;
  return f;
}
Field Field::Array(const char* name, Field item, std::string shape_message, size_t max_items) {
  Field f(name, Type::kArray);
  item.name = name;
  f.items = std::make_shared<const Field>(std::move(item));
  f.shape_message = std::move(shape_message);
  f.max_items = max_items;
  return f;
}
Field Field::Object(const char* name, Fields fields, std::string shape_message) {
  Field f(name, Type::kObject);
  f.fields = std::make_shared<const Fields>(std::move(fields));
  f.shape_message = std::move(shape_message);
  return f;
}
Field Field::Required() const {
  Field f = *this;
  f.presence = Presence::kRequired;
  return f;
}
Field Field::Nullable() const {
  Field f = *this;
  f.presence = Presence::kNullable;
  return f;
}
Field Field::Doc(std::string text) const {
  Field f = *this;
  f.description = std::move(text);
  return f;
}
Field Field::ItemMessage(std::string text) const {
  Field f = *this;
  f.item_message = std::move(text);
  return f;
}

json Field::Schema() const {
  json s;
  switch (type) {
    case Type::kString:
      s = {{"type", "string"}, {"maxLength", max_chars}};
      break;
    case Type::kEnum:
      s = {{"type", "string"}, {"enum", codes}};
      break;
    case Type::kDate:
      s = {{"type", "string"}, {"format", "date"}, {"example", "2024-07-01"}};
      break;
    case Type::kInteger:
      s = {{"type", "integer"}, {"format", "int64"}};
      if (min) s["minimum"] = *min;
      if (max) s["maximum"] = *max;
      break;
    case Type::kBoolean:
      s = {{"type", "boolean"}};
      break;
    case Type::kObject:
      s = ObjectSchemaOf(*fields);
      break;
    case Type::kArray:
      s = {{"type", "array"},
           {"items",
            items->type == Type::kObject ? ObjectSchemaOf(*items->fields) : items->Schema()}};
      if (max_items) s["maxItems"] = max_items;
      break;
  }
  if (presence == Presence::kNullable) s["nullable"] = true;
  if (!description.empty()) s["description"] = description;
  return s;
}

json ObjectSchemaOf(const Fields& fields) {
  json props = json::object();
  json required = json::array();
  for (const auto& f : fields) {
    props[f.name] = f.Schema();
    if (f.presence == Field::Presence::kRequired) required.push_back(f.name);
  }
  json s = {{"type", "object"}, {"properties", props}};
  if (!required.empty()) s["required"] = required;
  return s;
}

Status CheckFields(const json& object, const Fields& fields) {
  for (const auto& f : fields) {
    auto it = object.find(f.name);
    if (it == object.end() || it->is_null()) {
      if (f.presence == Field::Presence::kRequired && !f.shape_message.empty())
        return BadInput(f.name, f.shape_message);
      if (f.presence == Field::Presence::kRequired)
        return BadInput(f.name,
                        "缺少字段 " + f.name + " / field " + Quoted(f.name) + " is required");
      continue;
    }
    JICENG_CHECK(CheckValue(*it, f));
  }
  return {};
}

Result<Parsed> ParseBody(const http::Request& req, const std::shared_ptr<const Fields>& fields) {
  JICENG_TRY(body, ParseObject(req));
  JICENG_CHECK(CheckFields(body, *fields));
  auto doc = std::make_shared<const json>(std::move(body));
  const json* at = doc.get();
  return Parsed(std::move(doc), at, fields);
}

const Field& Parsed::Decl(const char* name) const {
  for (const auto& f : *fields_)
    if (f.name == name) return f;
  throw std::logic_error(std::string("undeclared request field: ") + name);
}

const json* Parsed::Find(const char* name) const {
  Decl(name);
  auto it = at_->find(name);
  return it == at_->end() ? nullptr : &*it;
}

bool Parsed::Has(const char* name) const { return Find(name) != nullptr; }
bool Parsed::IsNull(const char* name) const {
  const json* v = Find(name);
  return v && v->is_null();
}
std::string Parsed::Str(const char* name) const { return OptStr(name).value_or(""); }
std::optional<std::string> Parsed::OptStr(const char* name) const {
  const json* v = Find(name);
  if (!v || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}
int64_t Parsed::Int(const char* name) const { return OptInt(name).value_or(0); }
std::optional<int64_t> Parsed::OptInt(const char* name) const {
  const json* v = Find(name);
  if (!v || !v->is_number_integer()) return std::nullopt;
  return v->get<int64_t>();
}
std::optional<bool> Parsed::OptBool(const char* name) const {
  const json* v = Find(name);
  if (!v || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}
std::optional<std::optional<int64_t>> Parsed::NullInt(const char* name) const {
  const json* v = Find(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  return std::optional<int64_t>(v->get<int64_t>());
}
std::vector<Parsed> Parsed::Objects(const char* name) const {
  const Field& f = Decl(name);
  std::vector<Parsed> out;
  const json* v = Find(name);
  if (!v || !v->is_array()) return out;
  for (const auto& item : *v) out.emplace_back(doc_, &item, f.items->fields);
  return out;
}
std::optional<Parsed> Parsed::Object(const char* name) const {
  const Field& f = Decl(name);
  const json* v = Find(name);
  if (!v || !v->is_object()) return std::nullopt;
  return Parsed(doc_, v, f.fields);
}
std::vector<int64_t> Parsed::Ints(const char* name) const {
  std::vector<int64_t> out;
  const json* v = Find(name);
  if (!v || !v->is_array()) return out;
  for (const auto& item : *v) out.push_back(item.get<int64_t>());
  return out;
}
std::vector<std::string> Parsed::Strs(const char* name) const {
  std::vector<std::string> out;
  const json* v = Find(name);
  if (!v || !v->is_array()) return out;
  for (const auto& item : *v) out.push_back(item.get<std::string>());
  return out;
}

}  // namespace jiceng::api
