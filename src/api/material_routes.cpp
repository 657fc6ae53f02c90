// The study library over HTTP: POST/GET /api/materials, GET /api/materials/{id}. (Readings
// of a material are api/reading_routes.cpp.)
#include "api/module.h"
#include "api/route.h"
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

Result<http::Response> CreateMaterial(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  materials::MaterialInput in;
  JICENG_TRY(title, RequireString(body, "title", 200));
  JICENG_TRY(source, OptionalString(body, "source", 200));
  JICENG_TRY(published, OptionalString(body, "published_on", 10));
  JICENG_TRY(text, RequireString(body, "body", 200000));
  JICENG_TRY(tags, StringList(body, "tags", 30));
  in.title = title;
  in.source = source.value_or("");
  in.published_on = published.value_or("");
  in.body = text;
  in.tags = tags;
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
  JICENG_TRY(q, QueryText(c.req, "q", 100));
  JICENG_TRY(tag, QueryText(c.req, "tag", 30));
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
  routes.push_back({"POST", "/api/materials", "materials", "添加学习材料 / add a study material",
                    CreateMaterial, false, false,
                    ObjectSchema({{"title", StringSchema(200)},
                                  {"source", StringSchema(200)},
                                  {"published_on", StringSchema(10)},
                                  {"body", StringSchema(200000)},
                                  {"tags", {{"type", "array"}, {"items", StringSchema(30)}}}},
                                 {"title", "body"})});
  routes.push_back({"GET",
                    "/api/materials",
                    "materials",
                    "学习材料 / study materials",
                    ListMaterials,
                    false,
                    false,
                    nullptr,
                    {"q", "tag", "page", "size"}});
  routes.push_back(
      {"GET", "/api/materials/{id}", "materials", "学习材料全文 / a study material", GetMaterial});
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
