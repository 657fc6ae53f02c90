// The required rhythm over HTTP: GET /api/meetings/types (types and default rules),
// GET and PUT /api/meetings/rules.
#include "api/meeting_routes.h"
#include "api/schema.h"
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

const std::shared_ptr<const Fields>& RulesFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Array("rules",
                   Field::Object("rules",
                                 {Field::Enum("org_kind", OrgKindCodes(), 30).Required(),
                                  Field::Enum("type", MeetingTypeCodes(), 30).Required(),
                                  Field::Enum("frequency", FrequencyCodes(), 20).Required(),
                                  Field::Int("min_full_members")
                                      .Doc("正式党员不少于此数时适用 / applies from this many "
                                           "full members")},
                                 "每条规则须为对象 / each rule is an object"),
                   "rules 须为数组 / rules must be an array")
          .ItemMessage("每条规则须为对象 / each rule is an object")
          .Required()});
  return fields;
}

Result<http::Response> PutRules(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, RulesFields()));
  std::vector<store::RuleRecord> rules;
  for (const auto& item : body.Objects("rules"))
    rules.push_back({item.Str("org_kind"), item.Str("type"), item.Str("frequency"),
                     item.Int("min_full_members")});
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
  using namespace schema;
  json rule = Ref("MeetingRule", Obj({{"org_kind", Enum(OrgKindCodes())},
                                      {"type", Enum(MeetingTypeCodes())},
                                      {"frequency", Enum(FrequencyCodes())},
                                      {"min_full_members", Int()}}));
  json rules = Ref("MeetingRulePage", Page(rule));
  json types =
      Ref("MeetingTypes",
          Obj({{"types", ArrayOf(Ref("MeetingTypeInfo", Obj({{"code", Enum(MeetingTypeCodes())},
                                                             {"name", Str()},
                                                             {"first_topic", Bool()}})))},
               {"default_rules", ArrayOf(rule)}}));
  routes.push_back({"GET", "/api/meetings/types", "meetings",
                    "会议类型与默认频次 / meeting types and default rhythm", MeetingTypes, false,
                    true});
  routes.back().Id("getMeetingTypes").Returns(types);
  routes.push_back({"GET", "/api/meetings/rules", "meetings",
                    "各类组织的会议频次规则 / the required rhythm", GetRules});
  routes.back().Id("getMeetingRules").Returns(rules);
  routes.push_back({"PUT", "/api/meetings/rules", "meetings",
                    "设置会议频次规则（整体替换）/ set the rhythm as a whole", PutRules});
  routes.back().Id("replaceMeetingRules").Body(RulesFields()).Returns(rules);
}

}  // namespace jiceng::api
