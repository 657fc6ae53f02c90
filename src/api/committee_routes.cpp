// An organization's committee: GET/PUT /api/orgs/{id}/committee; the subtree's organizations
// due for re-election (GET /api/orgs/{id}/reelections) and flagged for their size
// (GET /api/orgs/{id}/size-flags).
#include "api/committee_json.h"
#include "api/route.h"
#include "service/committee_service.h"

namespace jiceng::api {

json SizeFlagsJson(const committees::SizeFlags& flags) {
  json items = json::array();
  for (const auto& f : flags.items)
    items.push_back({{"org_id", f.org_id},
                     {"name", f.name},
                     {"kind", f.kind},
                     {"full_members", f.full_members},
                     {"members", f.members},
                     {"flag", f.flag},
                     {"flag_name", f.flag_name}});
  return {{"counts", flags.counts}, {"items", items}, {"total", flags.total}};
}

namespace {

json TermJson(const std::optional<store::TermRecord>& t) {
  if (!t) return nullptr;
  return {
      {"elected_on", t->elected_on}, {"term_years", t->term_years}, {"expires_on", t->expires_on}};
}

json CommitteeJson(const committees::Committee& c) {
  json seats = json::array();
  for (const auto& s : c.seats)
    seats.push_back({{"seat", s.seat},
                     {"member_id", OptId(s.member_id)},
                     {"name", s.name},
                     {"part_time", s.part_time},
                     {"non_shenzhen_hukou", s.non_shenzhen_hukou},
                     {"since", OptText(s.since)},
                     {"reason", OptText(s.reason)}});
  return {{"org_id", c.org_id},
          {"seats", seats},
          {"part_time", c.part_time},
          {"non_shenzhen_hukou", c.non_shenzhen_hukou},
          {"full_members", c.full_members},
          {"term", TermJson(c.term)}};
}

Result<http::Response> GetCommittee(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(committee, committees::Get(c.svc.ctx, *c.who, id));
  return Json(CommitteeJson(committee));
}

// The term: absent keeps the recorded one, "term": null clears it, an object sets it.
Result<std::optional<std::optional<committees::TermInput>>> ParseTerm(const json& body) {
  using Out = std::optional<std::optional<committees::TermInput>>;
  if (!body.contains("term")) return Out{};
  const auto& t = body["term"];
  if (t.is_null()) return Out{std::optional<committees::TermInput>{}};
  if (!t.is_object()) return BadInput("term", "term 须为对象或 null / term must be an object");
  JICENG_TRY(elected_on, RequireString(t, "elected_on", 10));
  JICENG_TRY(years, RequireInt(t, "term_years"));
  return Out{committees::TermInput{elected_on, years}};
}

Result<http::Response> PutCommittee(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  if (!body.contains("seats") || !body["seats"].is_array())
    return BadInput("seats", "seats 须为数组 / seats must be an array");
  std::vector<committees::SeatInput> seats;
  for (const auto& item : body["seats"]) {
    if (!item.is_object()) return BadInput("seats", "每个席位须为对象 / each seat is an object");
    committees::SeatInput s;
    JICENG_TRY(seat, RequireString(item, "seat", 20));
    JICENG_TRY(member, OptionalInt(item, "member_id"));
    JICENG_TRY(name, OptionalString(item, "name", 50));
    JICENG_TRY(part_time, OptionalBool(item, "part_time"));
    JICENG_TRY(hukou, OptionalBool(item, "non_shenzhen_hukou"));
    JICENG_TRY(since, OptionalString(item, "since", 10));
    JICENG_TRY(reason, OptionalString(item, "reason", 200));
    s.seat = seat;
    s.member_id = member;
    s.name = name.value_or("");
    s.part_time = part_time.value_or(false);
    s.non_shenzhen_hukou = hukou;
    s.since = since.value_or("");
    s.reason = reason.value_or("");
    seats.push_back(std::move(s));
  }
  JICENG_TRY(term, ParseTerm(body));
  JICENG_TRY(committee, committees::Replace(c.svc.ctx, c.actor(), id, seats, term));
  return Json(CommitteeJson(committee));
}

Result<http::Response> GetReelections(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(within, QueryInt(c.req, "within_months"));
  JICENG_TRY(list, committees::Reelections(c.svc.ctx, *c.who, id, within.value_or(6), paging.page,
                                           paging.size));
  json items = json::array();
  for (const auto& r : list.items)
    items.push_back({{"org_id", r.org_id},
                     {"name", r.name},
                     {"kind", r.kind},
                     {"elected_on", r.term.elected_on},
                     {"term_years", r.term.term_years},
                     {"expires_on", r.term.expires_on},
                     {"expired", r.expired}});
  json body = ListBody(items, list.total);
  body["today"] = list.today;
  body["until"] = list.until;
  return Json(body);
}

Result<http::Response> GetSizeFlags(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(flag, QueryText(c.req, "flag", 40));
  JICENG_TRY(flags, committees::SizeFlagsOf(c.svc.ctx, *c.who, id, flag, paging.page, paging.size));
  return Json(SizeFlagsJson(flags));
}

}  // namespace

void RegisterCommitteeRoutes(Routes& routes) {
  routes.push_back(
      {"GET", "/api/orgs/{id}/committee", "orgs", "组织的委员会 / the committee", GetCommittee});
  json seat = ObjectSchema({{"seat", StringSchema(20)},
                            {"member_id", IntegerSchema()},
                            {"name", StringSchema(50)},
                            {"part_time", BooleanSchema()},
                            {"non_shenzhen_hukou", BooleanSchema()},
                            {"since", StringSchema(10)},
                            {"reason", StringSchema(200)}},
                           {"seat"});
  json term = ObjectSchema({{"elected_on", StringSchema(10)}, {"term_years", IntegerSchema()}},
                           {"elected_on", "term_years"});
  routes.push_back(
      {"PUT", "/api/orgs/{id}/committee", "orgs",
       "设置委员会及任期（整体替换）/ set the committee and its term as a whole", PutCommittee,
       false, false,
       ObjectSchema({{"seats", {{"type", "array"}, {"items", seat}}}, {"term", term}}, {"seats"})});
  routes.push_back({"GET",
                    "/api/orgs/{id}/reelections",
                    "orgs",
                    "下辖应换届的组织（任期已满或将满）/ organizations due for re-election",
                    GetReelections,
                    false,
                    false,
                    nullptr,
                    {"within_months", "page", "size"}});
  routes.push_back({"GET",
                    "/api/orgs/{id}/size-flags",
                    "orgs",
                    "下辖规模不合规定的组织 / organizations flagged for their size",
                    GetSizeFlags,
                    false,
                    false,
                    nullptr,
                    {"flag", "page", "size"}});
}

}  // namespace jiceng::api
