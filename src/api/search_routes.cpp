// Full-text search: GET /api/search over the study library and meeting minutes.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "index/org_tree.h"
#include "service/search_service.h"

namespace jiceng::api {
namespace {

json MarksJson(const search::Marks& marks) {
  json out = json::array();
  for (auto [start, length] : marks) out.push_back({start, length});
  return out;
}

Result<http::Response> Search(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  search::SearchInput in;
  JICENG_TRY(q, c.Text("q"));
  JICENG_TRY(kind, c.Text("kind"));
  JICENG_TRY(tag, c.Text("tag"));
  JICENG_TRY(from, c.Text("from"));
  JICENG_TRY(to, c.Text("to"));
  in.q = q;
  in.kind = kind;
  in.tag = tag;
  in.from = from;
  in.to = to;
  in.page = paging.page;
  in.size = paging.size;
  JICENG_TRY(page, search::Find(c.svc.ctx, *c.who, in));
  const auto tree = c.svc.ctx.orgs.snapshot();
  json items = json::array();
  for (const auto& h : page.items) {
    const auto* org = h.org_id ? tree->Find(*h.org_id) : nullptr;
    items.push_back(json{{"kind", h.kind},
                         {"id", h.id},
                         {"org_id", h.org_id ? json(*h.org_id) : json(nullptr)},
                         {"org_name", org ? json(org->name) : json(nullptr)},
                         {"title", h.title},
                         {"title_marks", MarksJson(h.title_marks)},
                         {"snippet", h.snippet},
                         {"snippet_marks", MarksJson(h.snippet_marks)},
                         {"date", h.dated.empty() ? json(nullptr) : json(h.dated)},
                         {"tags", json::parse(h.tags_json, nullptr, false)},
                         {"score", h.score}});
  }
  json body = ListBody(std::move(items), page.total);
  body["total_exact"] = page.total_exact;
  return Json(std::move(body));
}

}  // namespace

void RegisterSearchRoutes(Routes& routes) {
  using namespace schema;
  json marks = ArrayOf(ArrayOf(Int()));
  marks["description"] = "命中位置 [起点, 长度]（码位）/ hits as [start, length] in code points";
  json hit = Ref("SearchHit", Obj({{"kind", Enum({"material", "minutes"})},
                                   {"id", Int()},
                                   {"org_id", Null(Int())},
                                   {"org_name", Null(Str())},
                                   {"title", Str()},
                                   {"title_marks", marks},
                                   {"snippet", Str()},
                                   {"snippet_marks", marks},
                                   {"date", Null(Date())},
                                   {"tags", Null(ArrayOf(Str()))},
                                   {"score", Num()}}));
  routes.push_back({"GET",
                    "/api/search",
                    "search",
                    "全文检索：学习材料与会议记录 / full-text search of materials and minutes",
                    Search,
                    false,
                    false,
                    nullptr,
                    {Field::String("q", 100), Field::Enum("kind", {"material", "minutes"}, 20),
                     Field::String("tag", 30), Field::Date("from"), Field::Date("to"),
                     Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("search").Returns(Ref("SearchPage", Page(hit, {{"total_exact", Bool()}})));
}

// The search module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module SearchModule() {
  Module m;
  m.name = "search";
  m.summary = "全文检索 / full-text search";
  m.routes = RegisterSearchRoutes;
  m.start = search::Subscribe;
  return m;
}

}  // namespace jiceng::api
