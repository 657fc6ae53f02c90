// The study library over HTTP: POST/GET /api/materials, GET /api/materials/{id}. (Readings
// of a material are api/reading_routes.cpp.)
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "service/material_service.h"

namespace jiceng::api {
namespace {

json MaterialJson(const store::MaterialRecord& m, bool full) {
  json j = {{"id", m.id},
            {"title", m.title},
            {"source", OptText(m.source)},
            {"published_on", OptText(m.published_on)},
            {"tags", json::parse(m.tags_json, nullptr, false)}};
  if (full) j["body"] = m.body;
  return j;
}

const std::shared_ptr<const Fields>& CreateMaterialFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("title", 200).Required(), Field::String("source", 200),
             Field::Date("published_on"), Field::String("body", 200000).Required(),
             Field::Array("tags", Field::String("tags", 30), "tags 须为数组 / must be an array")
                 .ItemMessage("tags 的每一项须为文本 / items must be strings")
                 .Doc("标签（至多20个）/ tags (at most 20)")});
  return fields;
}

Result<http::Response> CreateMaterial(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateMaterialFields()));
  materials::MaterialInput in;
  in.title = body.Str("title");
  in.source = body.Str("source");
  in.published_on = body.Str("published_on");
  in.body = body.Str("body");
  in.tags = body.Strs("tags");
  JICENG_TRY(m, materials::Create(c.svc.ctx, c.actor(), in));
  return Json(MaterialJson(m, true), 201);
}

Result<http::Response> GetMaterial(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(m, materials::Get(c.svc.ctx, id));
  return Json(MaterialJson(m, true));
}

Result<http::Response> ListMaterials(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  store::MaterialSearch s;
  JICENG_TRY(q, c.Text("q"));
  JICENG_TRY(tag, c.Text("tag"));
  s.text = q;
  s.tag = tag;
  s.limit = paging.size;
  s.offset = (paging.page - 1) * paging.size;
  JICENG_TRY(page, materials::Search(c.svc.ctx, s));
  json items = json::array();
  for (const auto& m : page.items) items.push_back(MaterialJson(m, false));
  return Json(ListBody(items, page.total));
}

}  // namespace

void RegisterMaterialRoutes(Routes& routes) {
  using namespace schema;
  std::vector<std::pair<std::string, json>> props = {{"id", Int()},
                                                     {"title", Str()},
                                                     {"source", Null(Str())},
                                                     {"published_on", Null(Date())},
                                                     {"tags", ArrayOf(Str())}};
  json summary = Ref("MaterialSummary", Obj(props));
  props.push_back({"body", Str()});
  json material = Ref("Material", Obj(props));
  routes.push_back({"POST", "/api/materials", "materials", "添加学习材料 / add a study material",
                    CreateMaterial});
  routes.back().Id("createMaterial").Body(CreateMaterialFields()).Returns(material, 201);
  routes.push_back(
      {"GET",
       "/api/materials",
       "materials",
       "学习材料 / study materials",
       ListMaterials,
       false,
       false,
       nullptr,
       {Field::String("q", 100).Doc("标题或正文中的文字 / text in the title or body"),
        Field::String("tag", 30), Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listMaterials").Returns(Ref("MaterialPage", Page(summary)));
  routes.push_back(
      {"GET", "/api/materials/{id}", "materials", "学习材料全文 / a study material", GetMaterial});
  routes.back().Id("getMaterial").Returns(material);
}

// The materials module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module MaterialsModule() {
  Module m;
  m.name = "materials";
  m.summary = "学习材料 / study materials";
  m.routes = RegisterMaterialRoutes;
  return m;
}

}  // namespace jiceng::api
