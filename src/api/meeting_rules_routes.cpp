// The required rhythm over HTTP: GET /api/meetings/types (types and default rules),
// GET and PUT /api/meetings/rules.
#include "api/meeting_routes.h"
#include "domain/meetings.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

json RulesJson(const std::vector<store::RuleRecord>& rules) {
  json items = json::array();
  for (const auto& r : rules)
    items.push_back({{"org_kind", r.org_kind},
                     {"type", r.type},
                     {"frequency", r.frequency},
                     {"min_full_members", r.min_full_members}});
  return ListBody(items, static_cast<int64_t>(items.size()));
}

Result<http::Response> GetRules(Call& c) {
  JICENG_TRY(rules, meetings::Rules(c.svc.ctx));
  return Json(RulesJson(rules));
}

Result<http::Response> PutRules(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  if (!body.contains("rules") || !body["rules"].is_array())
    return BadInput("rules", "rules 须为数组 / rules must be an array");
  std::vector<store::RuleRecord> rules;
  for (const auto& item : body["rules"]) {
    if (!item.is_object()) return BadInput("rules", "每条规则须为对象 / each rule is an object");
    JICENG_TRY(kind, RequireString(item, "org_kind", 30));
    JICENG_TRY(type, RequireString(item, "type", 30));
    JICENG_TRY(frequency, RequireString(item, "frequency", 20));
    JICENG_TRY(min, OptionalInt(item, "min_full_members"));
    rules.push_back({kind, type, frequency, min.value_or(0)});
  }
  JICENG_TRY(saved, meetings::ReplaceRules(c.svc.ctx, c.actor(), rules));
  return Json(RulesJson(saved));
}

Result<http::Response> MeetingTypes(Call&) {
  json items = json::array();
  for (auto t : domain::AllMeetingTypes())
    items.push_back({{"code", domain::MeetingTypeCode(t)},
                     {"name", domain::MeetingTypeName(t)},
                     {"first_topic", domain::NeedsFirstTopic(t)}});
  json rules = json::array();
  for (const auto& r : domain::DefaultMeetingRules())
    rules.push_back({{"org_kind", r.org_kind},
                     {"type", domain::MeetingTypeCode(r.type)},
                     {"frequency", domain::FrequencyCode(r.frequency)},
                     {"min_full_members", r.min_full_members}});
  return Json({{"types", items}, {"default_rules", rules}});
}

}  // namespace

void RegisterMeetingRulesRoutes(Routes& routes) {
  routes.push_back({"GET", "/api/meetings/types", "meetings",
                    "会议类型与默认频次 / meeting types and default rhythm", MeetingTypes, false,
                    true});
  routes.push_back({"GET", "/api/meetings/rules", "meetings",
                    "各类组织的会议频次规则 / the required rhythm", GetRules});
  routes.push_back({"PUT", "/api/meetings/rules", "meetings",
                    "设置会议频次规则（整体替换）/ set the rhythm as a whole", PutRules, false,
                    false,
                    ObjectSchema({{"rules",
                                   {{"type", "array"},
                                    {"items", ObjectSchema({{"org_kind", StringSchema(30)},
                                                            {"type", MeetingTypeSchema()},
                                                            {"frequency", StringSchema(20)},
                                                            {"min_full_members", IntegerSchema()}},
                                                           {"org_kind", "type", "frequency"})}}}},
                                 {"rules"})});
}

}  // namespace jiceng::api
