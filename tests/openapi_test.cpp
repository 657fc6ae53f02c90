// The OpenAPI document and the field declarations behind it: operation ids, typed
// responses, listed errors, the parser a declaration drives, and the response validator
// the API tests run on every answer (ApiTest::CheckAgainstDocument).
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/fields.h"
#include "api/route.h"
#include "api/schema.h"

namespace jiceng::api {
namespace {

// Callable without logging in (the probes, the document, the centers' public finder): no 401.
bool Public(const RouteDef& r) { return r.public_route; }

TEST(OpenApi, EveryRouteHasAUniqueCamelCaseOperationId) {
  std::set<std::string> seen;
  const std::regex camel("^[a-z][a-zA-Z0-9]*$");
  for (const auto& r : AllRoutes()) {
    EXPECT_TRUE(std::regex_match(r.operation_id, camel))
        << r.method << " " << r.pattern << ": '" << r.operation_id << "'";
    EXPECT_TRUE(seen.insert(r.operation_id).second) << "duplicate id " << r.operation_id;
  }
}

TEST(OpenApi, EveryRouteDeclaresItsSuccessAnswer) {
  for (const auto& r : AllRoutes())
    EXPECT_TRUE(!r.response_schema.is_null() || !r.response_media.empty() ||
                r.success_status == 204)
        << r.method << " " << r.pattern;
}

TEST(OpenApi, EveryOperationListsItsErrors) {
  json doc = OpenApiDocument(AllRoutes());
  for (const auto& r : AllRoutes()) {
    if (Public(r)) continue;
    std::string method = r.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    const json& responses = doc["paths"][r.pattern][method]["responses"];
    EXPECT_TRUE(responses.contains("401")) << r.pattern;
    bool has_4xx = false;
    for (const auto& [code, _] : responses.items()) has_4xx = has_4xx || code[0] == '4';
    EXPECT_TRUE(has_4xx) << r.pattern;
    if (r.body) {
      EXPECT_TRUE(responses.contains("400")) << r.pattern;
      EXPECT_TRUE(responses.contains("415")) << r.pattern;
    }
  }
}

TEST(OpenApi, DocumentNamesComponentsAndEnumsFromTheDomain) {
  json doc = OpenApiDocument(AllRoutes());
  const json& schemas = doc["components"]["schemas"];
  for (const char* name : {"Member", "MemberPage", "Org", "User", "Me", "Error", "Unit"})
    EXPECT_TRUE(schemas.contains(name)) << name;
  const json& status = schemas["Member"]["properties"]["status"];
  ASSERT_TRUE(status.contains("enum"));
  EXPECT_NE(std::find(status["enum"].begin(), status["enum"].end(), "probationary"),
            status["enum"].end())
      << status.dump();
  const json& create = doc["paths"]["/api/members"]["post"];
  EXPECT_EQ(create["operationId"], "createMember");
  EXPECT_EQ(create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Member");
  const json& body = create["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(body["properties"]["name"]["maxLength"], 50);
  EXPECT_EQ(body["required"], json({"org_id", "name", "national_id", "status"}));
  const json& csv = doc["paths"]["/api/exports/members.csv"]["get"]["responses"]["200"];
  EXPECT_TRUE(csv["content"].contains("text/csv"));
  bool typed_query = false;
  for (const auto& p : doc["paths"]["/api/members"]["get"]["parameters"])
    if (p["name"] == "under") typed_query = p["schema"]["type"] == "integer";
  EXPECT_TRUE(typed_query);
}

TEST(OpenApi, MeetingsAndMaterialsAreDeclaredWithTheDomainsCodes) {
  json doc = OpenApiDocument(AllRoutes());
  const json& schemas = doc["components"]["schemas"];
  for (const char* name : {"Meeting", "MeetingSummary", "MeetingPage", "Compliance", "MeetingStats",
                           "Material", "MaterialPage", "Reminder", "MeetingRule"})
    EXPECT_TRUE(schemas.contains(name)) << name;
  auto has = [](const json& list, const char* code) {
    return std::find(list.begin(), list.end(), code) != list.end();
  };
  EXPECT_TRUE(has(schemas["Meeting"]["properties"]["state"]["enum"], "confirmed"));
  EXPECT_TRUE(has(schemas["Meeting"]["properties"]["type"]["enum"], "theme_day"));
  EXPECT_TRUE(has(schemas["AttendanceLine"]["properties"]["status"]["enum"], "excused"));
  EXPECT_TRUE(has(schemas["MeetingRule"]["properties"]["frequency"]["enum"], "quarterly"));
  const json& create = doc["paths"]["/api/meetings"]["post"];
  EXPECT_EQ(create["operationId"], "createMeeting");
  EXPECT_EQ(create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Meeting");
  const json& body = create["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(body["required"], json({"org_id", "type", "title", "held_at"}));
  EXPECT_EQ(body["properties"]["attendance"]["items"]["required"], json({"member_id", "status"}));
  EXPECT_TRUE(
      has(body["properties"]["attendance"]["items"]["properties"]["status"]["enum"], "absent"));
  EXPECT_TRUE(
      doc["paths"]["/api/orgs/{id}/ledger.xlsx"]["get"]["responses"]["200"]["content"].contains(
          kXlsxMedia));
  EXPECT_TRUE(
      doc["paths"]["/api/meetings/{id}/attachments/{aid}"]["get"]["responses"]["200"]["content"]
          .contains("application/pdf"));
  EXPECT_TRUE(
      doc["paths"]["/api/meetings/{id}/attachments/{aid}"]["delete"]["responses"].contains("204"));
  EXPECT_EQ(doc["paths"]["/api/materials"]["get"]["operationId"], "listMaterials");
}

http::Request JsonRequest(const std::string& body) {
  http::Request req;
  req.headers.push_back({"content-type", "application/json"});
  req.body = body;
  return req;
}

std::shared_ptr<const Fields> Sample() {
  return std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::String("name", 5),
      Field::Int("months", 0, 120, "月数无效 / invalid months"),
      Field::Int("unit_id").Nullable(),
      Field::Enum("order", {"asc", "desc"}).Strict(),
      Field::Array("items", Field::Object("items", {Field::String("seat", 20).Required()}, "x"),
                   "items 须为数组 / items must be an array", 2)
          .ItemMessage("每项须为对象 / each item is an object"),
  });
}

TEST(Fields, ParseChecksEveryDeclaredFieldLikeTheReaders) {
  auto fields = Sample();
  auto missing = ParseBody(JsonRequest(R"({"name":"a"})"), fields);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "invalid_field");
  EXPECT_EQ(missing.error().field, "version");
  EXPECT_EQ(missing.error().message, "缺少字段 version / field 'version' is required");
  auto long_name = ParseBody(JsonRequest(R"({"version":1,"name":"abcdef"})"), fields);
  ASSERT_FALSE(long_name);
  EXPECT_EQ(long_name.error().field, "name");
  auto wrong = ParseBody(JsonRequest(R"({"version":"1"})"), fields);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "字段 version 类型错误，应为整数 / an integer / field "
            "'version' must be 整数 / an integer");
  auto range = ParseBody(JsonRequest(R"({"version":1,"months":121})"), fields);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().message, "月数无效 / invalid months");
  auto order = ParseBody(JsonRequest(R"({"version":1,"order":"up"})"), fields);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().field, "order");
  auto shape = ParseBody(JsonRequest(R"({"version":1,"items":[{"seat":"a"},{},{}]})"), fields);
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().message, "items 须为数组 / items must be an array");
  auto item = ParseBody(JsonRequest(R"({"version":1,"items":[3]})"), fields);
  ASSERT_FALSE(item);
  EXPECT_EQ(item.error().message, "每项须为对象 / each item is an object");
  auto inner = ParseBody(JsonRequest(R"({"version":1,"items":[{}]})"), fields);
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().field, "seat");
  auto not_json = ParseBody(http::Request{}, fields);
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, "unsupported_media_type");

  auto ok = ParseBody(
      JsonRequest(R"({"version":3,"name":"张三","unit_id":null,"items":[{"seat":"书记"}]})"),
      fields);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->Int("version"), 3);
  EXPECT_EQ(ok->Str("name"), "张三");
  auto cleared = ok->NullInt("unit_id");
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(*cleared);
  EXPECT_FALSE(ok->NullInt("months"));
  ASSERT_EQ(ok->Objects("items").size(), 1u);
  EXPECT_EQ(ok->Objects("items")[0].Str("seat"), "书记");
  EXPECT_THROW(ok->Str("undeclared"), std::logic_error);
}

TEST(Fields, SchemaComesFromTheSameDeclaration) {
  json s = ObjectSchemaOf(*Sample());
  EXPECT_EQ(s["required"], json({"version"}));
  EXPECT_EQ(s["properties"]["name"]["maxLength"], 5);
  EXPECT_EQ(s["properties"]["months"]["maximum"], 120);
  EXPECT_EQ(s["properties"]["unit_id"]["nullable"], true);
  EXPECT_EQ(s["properties"]["order"]["enum"], json({"asc", "desc"}));
  EXPECT_EQ(s["properties"]["items"]["maxItems"], 2);
  EXPECT_EQ(s["properties"]["items"]["items"]["required"], json({"seat"}));
}

TEST(OpenApi, ValidatorCatchesWhatTheDocumentDoesNotSay) {
  using namespace schema;
  json s = Obj({{"id", Int()},
                {"name", Null(Str())},
                {"kind", Enum({"a", "b"})},
                {"tags", ArrayOf(Str())},
                {"counts", MapOf(Int())}},
               {"counts"});
  EXPECT_EQ(ValidateJson(s, {{"id", 1}, {"name", nullptr}, {"kind", "a"}, {"tags", {"x"}}}), "");
  EXPECT_NE(
      ValidateJson(
          s, {{"id", 1}, {"name", "n"}, {"kind", "a"}, {"tags", json::array()}, {"extra", 1}}),
      "");
  EXPECT_NE(ValidateJson(s, {{"id", 1}, {"name", "n"}, {"kind", "a"}}), "");
  EXPECT_NE(ValidateJson(s, {{"id", "1"}, {"name", "n"}, {"kind", "a"}, {"tags", json::array()}}),
            "");
  EXPECT_NE(ValidateJson(s, {{"id", 1}, {"name", "n"}, {"kind", "c"}, {"tags", json::array()}}),
            "");
  EXPECT_NE(ValidateJson(s, {{"id", nullptr}, {"name", "n"}, {"kind", "a"}, {"tags", {1}}}), "");
  EXPECT_NE(ValidateJson(s, {{"id", 1},
                             {"name", "n"},
                             {"kind", "a"},
                             {"tags", json::array()},
                             {"counts", {{"x", "y"}}}}),
            "");
  EXPECT_EQ(ValidateJson(Ref("Member"), {{"id", 1}}).empty(), false);
}

}  // namespace
}  // namespace jiceng::api
