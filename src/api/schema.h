// Response schemas for the OpenAPI document: small builders over JSON Schema and the
// named component schemas (Member, MemberPage, Org, …). Responses are closed
// (`additionalProperties: false`) and every property listed is required unless named
// optional, so the API tests can check each JSON answer against its route's declaration
// (api::ValidateJson). Included only by api/*.cpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/json.h"

namespace jiceng::api::schema {

json Str();
json Int();
json Num();
json Bool();
json Date();      // YYYY-MM-DD
json DateTime();  // ISO 8601 in Asia/Shanghai
json Enum(const std::vector<std::string_view>& codes);
json Enum(std::initializer_list<const char*> codes);
json Null(json s);  // the same, or null
json ArrayOf(json item);
json Any();              // any JSON value (free-form)
json MapOf(json value);  // an object keyed by codes, every value `value`
// A closed object: every property required except those named in `optional`.
json Obj(std::vector<std::pair<std::string, json>> props, std::vector<std::string> optional = {});
// {"items": [item…], "total": N} plus any `extra` properties.
json Page(json item, std::vector<std::pair<std::string, json>> extra = {});

// Registers `schema` as components/schemas/<name> and returns a $ref to it. The same name
// may be registered again only with the same schema.
json Ref(const std::string& name, json schema);
// A $ref to a component registered elsewhere.
json Ref(const std::string& name);
// Every registered component.
json Components();
// The Error component every 4xx and 5xx answer has (DESIGN.md's error shape), registered
// on first use.
json ErrorRef();

}  // namespace jiceng::api::schema
