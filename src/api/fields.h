// One declaration of a request's fields drives both the parser and the OpenAPI schema.
// A route file declares its bodies and query parameters as `Fields`; the OpenAPI document
// renders them (api/openapi.cpp) and the handler reads the body through `ParseBody`, which
// checks every declared field in declaration order and answers 400 `invalid_field` naming
// the first bad one — the same checks and messages as the RequireString/OptionalInt
// readers of api/json.h. Included only by api/*.cpp (nlohmann/json stays in api/).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json.h"

namespace jiceng::api {

struct Field;
using Fields = std::vector<Field>;

struct Field {
  enum class Type { kString, kInteger, kBoolean, kEnum, kDate, kArray, kObject };
  enum class Presence { kOptional, kRequired, kNullable };

  std::string name;
  Type type = Type::kString;
  Presence presence = Presence::kOptional;
  size_t max_chars = 256;                // strings, enums, dates
  std::optional<int64_t> min, max;       // integers
  std::string range_message;             // 400 message when an integer is out of range
  std::vector<std::string> codes;        // enums
  bool strict_codes = false;             // the parser refuses other codes
  std::shared_ptr<const Field> items;    // arrays: the element (its name is the array's)
  std::shared_ptr<const Fields> fields;  // objects (and arrays of objects): their fields
  size_t max_items = 0;                  // arrays: 0 = unbounded
  std::string shape_message;             // 400 message when an array/object has the wrong shape
  std::string item_message;              // 400 message when an array element is not an object
  std::string description;

  // A string of at most 256 characters: lets a route list plain query names.
  Field(const char* n) : name(n) {}  // NOLINT(google-explicit-constructor)
  Field(std::string n, Type t) : name(std::move(n)), type(t) {}

  static Field String(const char* name, size_t max_chars = 256);
  static Field Int(const char* name);
  static Field Int(const char* name, int64_t min, int64_t max, std::string range_message = {});
  static Field Bool(const char* name);
  // One of `codes` (from the domain's own code list). The parser checks a string of at
  // most max_chars; the domain refuses other codes with its own error (as before the
  // declarations), unless Strict() makes the parser refuse them (400 naming the field).
  static Field Enum(const char* name, const std::vector<std::string_view>& codes,
                    size_t max_chars = 64);
  static Field Enum(const char* name, std::initializer_list<const char*> codes,
                    size_t max_chars = 64);
  // YYYY-MM-DD (the parser takes a string of at most 10 characters; the domain checks it).
  static Field Date(const char* name);
  // An array of `item`; shape_message when it is not an array (or longer than max_items).
  static Field Array(const char* name, Field item, std::string shape_message, size_t max_items = 0);
  // An object with its own fields (checked the same way).
  static Field Object(const char* name, Fields fields, std::string shape_message);

  Field Required() const;
  Field Nullable() const;  // null is a value of its own (a PATCH's "clear")
  Field Doc(std::string text) const;
  Field ItemMessage(std::string text) const;
  Field Strict() const;

  // This field's JSON Schema (without its presence, which belongs to the object).
  json Schema() const;
};

// The JSON Schema of an object with `fields` (unknown properties are ignored, as the
// parser ignores them).
json ObjectSchemaOf(const Fields& fields);

// A body (or a part of one) whose declared fields have been checked. Reading a field that
// was not declared is a programming error (std::logic_error → 500).
class Parsed {
 public:
  Parsed(std::shared_ptr<const json> doc, const json* at, std::shared_ptr<const Fields> fields)
      : doc_(std::move(doc)), at_(at), fields_(std::move(fields)) {}

  bool Has(const char* name) const;         // present (null counts as present)
  bool IsNull(const char* name) const;      // present and null
  std::string Str(const char* name) const;  // "" when absent or null
  std::optional<std::string> OptStr(const char* name) const;
  int64_t Int(const char* name) const;  // 0 when absent
  std::optional<int64_t> OptInt(const char* name) const;
  std::optional<bool> OptBool(const char* name) const;
  // A nullable integer of a PATCH: absent → nullopt (keep), null → {nullopt} (clear).
  std::optional<std::optional<int64_t>> NullInt(const char* name) const;
  // The elements of an array of objects (empty when absent or null).
  std::vector<Parsed> Objects(const char* name) const;
  // An object field (nullopt when absent or null).
  std::optional<Parsed> Object(const char* name) const;
  std::vector<int64_t> Ints(const char* name) const;
  std::vector<std::string> Strs(const char* name) const;
  const json& Raw() const { return *at_; }

 private:
  const Field& Decl(const char* name) const;
  const json* Find(const char* name) const;

  std::shared_ptr<const json> doc_;
  const json* at_;
  std::shared_ptr<const Fields> fields_;
};

// Checks `fields` on a JSON object (exactly the RequireString/OptionalInt… checks).
Status CheckFields(const json& object, const Fields& fields);
// The body as a JSON object (415/400 as ParseObject) with `fields` checked.
Result<Parsed> ParseBody(const http::Request& req, const std::shared_ptr<const Fields>& fields);

}  // namespace jiceng::api
