// Members' study records: POST /api/materials/{id}/readings, GET /api/readings/mine,
// GET /api/orgs/{id}/readers.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "index/org_tree.h"
#include "service/org_registry.h"
#include "service/reading_service.h"

namespace jiceng::api {
namespace {

json TotalsJson(const store::ReadingTotals& t) {
  return {{"sessions", t.sessions}, {"minutes", t.seconds / 60}, {"materials", t.materials}};
}

json ReadingJson(const store::ReadingRecord& r) {
  json out = {{"id", r.id},
              {"member_id", r.member_id},
              {"material_id", r.material_id},
              {"started_at", TimeJson(r.started_at)},
              {"read_on", r.read_on},
              {"seconds", r.seconds},
              {"updated_at", TimeJson(r.updated_at)}};
  if (!r.material_title.empty()) out["material_title"] = r.material_title;
  return out;
}

// The period of a statistics question; this year (Asia/Shanghai) when absent.
Result<std::string> PeriodParam(Call& c) {
  JICENG_TRY(period, c.Text("period"));
  return period.empty() ? orgs::TodayInShanghai(c.svc.ctx).substr(0, 4) : period;
}

const std::shared_ptr<const Fields>& RecordFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::String("started_at", 40).Required().Doc("ISO 8601：本次阅读开始 / when it began"),
      Field::Int("seconds").Required().Doc("至今的可见时长 / visible seconds so far"),
  });
  return fields;
}

Result<http::Response> RecordReading(Call& c) {
  JICENG_TRY(material_id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, RecordFields()));
  JICENG_TRY(r, readings::Record(c.svc.ctx, *c.who, material_id, body.Str("started_at"),
                                 body.Int("seconds")));
  return Json(ReadingJson(r.reading), r.created ? 201 : 200);
}

Result<http::Response> MyReadings(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(period, PeriodParam(c));
  JICENG_TRY(mine, readings::OfMine(c.svc.ctx, *c.who, period, paging.page, paging.size));
  json items = json::array();
  for (const auto& r : mine.items) items.push_back(ReadingJson(r));
  json body = ListBody(items, mine.totals.sessions);
  body["period"] = mine.period.label;
  body["totals"] = TotalsJson(mine.totals);
  return Json(body);
}

Result<http::Response> OrgReaders(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(period, PeriodParam(c));
  JICENG_TRY(readers, readings::ReadersOf(c.svc.ctx, *c.who, id, period, paging.page, paging.size));
  const auto tree = c.svc.ctx.orgs.snapshot();
  json items = json::array();
  for (const auto& m : readers.items) {
    const auto* org = tree->Find(m.org_id);
    json item = TotalsJson(m.totals);
    item["member_id"] = m.member_id;
    item["name"] = m.name;
    item["org_id"] = m.org_id;
    item["org_name"] = org ? json(org->name) : json(nullptr);
    item["last_read_at"] = TimeJson(m.last_read_at);
    items.push_back(std::move(item));
  }
  json body = ListBody(items, readers.total);
  body["period"] = readers.period.label;
  body["totals"] = {{"sessions", readers.totals.sessions},
                    {"minutes", readers.totals.seconds / 60}};
  return Json(body);
}

}  // namespace

void RegisterReadingRoutes(Routes& routes) {
  using namespace schema;
  json reading = Ref("Reading", Obj({{"id", Int()},
                                     {"member_id", Int()},
                                     {"material_id", Int()},
                                     {"started_at", Null(DateTime())},
                                     {"read_on", Date()},
                                     {"seconds", Int()},
                                     {"updated_at", Null(DateTime())},
                                     {"material_title", Str()}},
                                    {"material_title"}));
  std::vector<Field> query = {Field::String("period", 10)
                                  .Doc("YYYY、YYYY-MM 或 YYYY-Qn；默认今年 / a year, month or "
                                       "quarter; this year by default"),
                              Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)};
  routes.push_back({"POST", "/api/materials/{id}/readings", "readings",
                    "记录本人学习（同一次阅读可重复上报）/ record my reading session",
                    RecordReading});
  routes.back().Id("recordReading").Body(RecordFields()).Returns(reading, 201);
  routes.back().success_also = 200;
  routes.push_back({"GET", "/api/readings/mine", "readings", "我的学习记录 / my study record",
                    MyReadings, false, false, nullptr, query});
  routes.back()
      .Id("listMyReadings")
      .Returns(Ref(
          "MyReadings",
          Page(reading, {{"period", Str()},
                         {"totals",
                          Obj({{"sessions", Int()}, {"minutes", Int()}, {"materials", Int()}})}})));
  routes.push_back({"GET", "/api/orgs/{id}/readers", "readings",
                    "党员学习情况（按时长）/ members' study in the subtree, most time first",
                    OrgReaders, false, false, nullptr, query});
  routes.back()
      .Id("listOrgReaders")
      .Returns(Ref(
          "OrgReaders",
          Page(Obj({{"sessions", Int()},
                    {"minutes", Int()},
                    {"materials", Int()},
                    {"member_id", Int()},
                    {"name", Str()},
                    {"org_id", Int()},
                    {"org_name", Null(Str())},
                    {"last_read_at", Null(DateTime())}}),
               {{"period", Str()}, {"totals", Obj({{"sessions", Int()}, {"minutes", Int()}})}})));
}

// The readings module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module ReadingsModule() {
  Module m;
  m.name = "readings";
  m.facts = readings::DeclareFacts;  // its measures by organization and month
  m.summary = "学习记录 / study records";
  m.routes = RegisterReadingRoutes;
  return m;
}

}  // namespace jiceng::api
