// An organization's committee: GET/PUT /api/orgs/{id}/committee; the subtree's organizations
// due for re-election (GET /api/orgs/{id}/reelections) and flagged for their size
// (GET /api/orgs/{id}/size-flags).
#include "api/committee_json.h"
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
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

json SizeFlagsSchema() {
  using namespace schema;
  return Ref("SizeFlags", Obj({{"counts", MapOf(Int())},
                               {"items", ArrayOf(Obj({{"org_id", Int()},
                                                      {"name", Str()},
                                                      {"kind", OrgKind()},
                                                      {"full_members", Int()},
                                                      {"members", Int()},
                                                      {"flag", Str()},
                                                      {"flag_name", Str()}}))},
                               {"total", Int()}}));
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

const std::shared_ptr<const Fields>& PutFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Array("seats",
                   Field::Object("seats",
                                 {Field::String("seat", 20).Required(), Field::Int("member_id"),
                                  Field::String("name", 50), Field::Bool("part_time"),
                                  Field::Bool("non_shenzhen_hukou"), Field::Date("since"),
                                  Field::String("reason", 200)},
                                 "每个席位须为对象 / each seat is an object"),
                   "seats 须为数组 / seats must be an array")
          .Required(),
      // absent keeps the recorded term, null clears it, an object sets it
      Field::Object("term",
                    {Field::Date("elected_on").Required(), Field::Int("term_years").Required()},
                    "term 须为对象或 null / term must be an object")
          .Nullable()
          .Doc("省略：保留；null：清除 / absent keeps it, null clears it"),
  });
  return fields;
}

Result<http::Response> PutCommittee(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, PutFields()));
  std::vector<committees::SeatInput> seats;
  for (const auto& item : body.Objects("seats")) {
    committees::SeatInput s;
    s.seat = item.Str("seat");
    s.member_id = item.OptInt("member_id");
    s.name = item.Str("name");
    s.part_time = item.OptBool("part_time").value_or(false);
    s.non_shenzhen_hukou = item.OptBool("non_shenzhen_hukou");
    s.since = item.Str("since");
    s.reason = item.Str("reason");
    seats.push_back(std::move(s));
  }
  std::optional<std::optional<committees::TermInput>> term;
  if (body.IsNull("term")) {
    term = std::optional<committees::TermInput>();
  } else if (auto t = body.Object("term")) {
    term = std::optional<committees::TermInput>(
        committees::TermInput{t->Str("elected_on"), t->Int("term_years")});
  }
  JICENG_TRY(committee, committees::Replace(c.svc.ctx, c.actor(), id, seats, term));
  return Json(CommitteeJson(committee));
}

Result<http::Response> GetReelections(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(within, c.Int("within_months"));
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
  JICENG_TRY(flag, c.Text("flag"));
  JICENG_TRY(flags, committees::SizeFlagsOf(c.svc.ctx, *c.who, id, flag, paging.page, paging.size));
  return Json(SizeFlagsJson(flags));
}

json CommitteeSchema() {
  using namespace schema;
  return Ref("Committee", Obj({{"org_id", Int()},
                               {"seats", ArrayOf(Obj({{"seat", Str()},
                                                      {"member_id", Null(Int())},
                                                      {"name", Str()},
                                                      {"part_time", Bool()},
                                                      {"non_shenzhen_hukou", Null(Bool())},
                                                      {"since", Null(Date())},
                                                      {"reason", Null(Str())}}))},
                               {"part_time", Int()},
                               {"non_shenzhen_hukou", Int()},
                               {"full_members", Int()},
                               {"term", Null(Ref("Term", Obj({{"elected_on", Date()},
                                                              {"term_years", Int()},
                                                              {"expires_on", Date()}})))}}));
}

}  // namespace

void RegisterCommitteeRoutes(Routes& routes) {
  using namespace schema;
  json committee = CommitteeSchema();
  routes.push_back(
      {"GET", "/api/orgs/{id}/committee", "orgs", "组织的委员会 / the committee", GetCommittee});
  routes.back().Id("getCommittee").Returns(committee);
  routes.push_back({"PUT", "/api/orgs/{id}/committee", "orgs",
                    "设置委员会及任期（整体替换）/ set the committee and its term as a whole",
                    PutCommittee});
  routes.back().Id("putCommittee").Body(PutFields()).Returns(committee);
  routes.push_back({"GET",
                    "/api/orgs/{id}/reelections",
                    "orgs",
                    "下辖应换届的组织（任期已满或将满）/ organizations due for re-election",
                    GetReelections,
                    false,
                    false,
                    nullptr,
                    {Field::Int("within_months").Doc("默认 6 / default 6"),
                     Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back()
      .Id("listReelections")
      .Returns(Ref("ReelectionPage", Page(Obj({{"org_id", Int()},
                                               {"name", Str()},
                                               {"kind", OrgKind()},
                                               {"elected_on", Date()},
                                               {"term_years", Int()},
                                               {"expires_on", Date()},
                                               {"expired", Bool()}}),
                                          {{"today", Date()}, {"until", Date()}})));
  routes.push_back(
      {"GET",
       "/api/orgs/{id}/size-flags",
       "orgs",
       "下辖规模不合规定的组织 / organizations flagged for their size",
       GetSizeFlags,
       false,
       false,
       nullptr,
       {Field::String("flag", 40), Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listSizeFlags").Returns(SizeFlagsSchema());
}

// The committees module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module CommitteesModule() {
  Module m;
  m.name = "committees";
  m.summary = "党组织委员会 / committees";
  m.routes = RegisterCommitteeRoutes;
  return m;
}

}  // namespace jiceng::api
