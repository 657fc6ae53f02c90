// An organization's committee: GET/PUT /api/orgs/{id}/committee.
#include "api/route.h"
#include "service/committee_service.h"

namespace jiceng::api {
namespace {

json CommitteeJson(const committees::Committee& c) {
  json seats = json::array();
  for (const auto& s : c.seats)
    seats.push_back({{"seat", s.seat},
                     {"member_id", OptId(s.member_id)},
                     {"name", s.name},
                     {"part_time", s.part_time},
                     {"non_shenzhen_hukou", s.non_shenzhen_hukou},
                     {"since", OptText(s.since)}});
  return {{"org_id", c.org_id},
          {"seats", seats},
          {"part_time", c.part_time},
          {"non_shenzhen_hukou", c.non_shenzhen_hukou}};
}

Result<http::Response> GetCommittee(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(committee, committees::Get(c.svc.ctx, *c.who, id));
  return Json(CommitteeJson(committee));
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
    s.seat = seat;
    s.member_id = member;
    s.name = name.value_or("");
    s.part_time = part_time.value_or(false);
    s.non_shenzhen_hukou = hukou;
    s.since = since.value_or("");
    seats.push_back(std::move(s));
  }
  JICENG_TRY(committee, committees::Replace(c.svc.ctx, c.actor(), id, seats));
  return Json(CommitteeJson(committee));
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
                            {"since", StringSchema(10)}},
                           {"seat"});
  routes.push_back({"PUT", "/api/orgs/{id}/committee", "orgs",
                    "设置委员会（整体替换）/ set the committee as a whole", PutCommittee, false,
                    false,
                    ObjectSchema({{"seats", {{"type", "array"}, {"items", seat}}}}, {"seats"})});
}

}  // namespace jiceng::api
