// Organizations: reads (fast, from the in-memory tree), search, history, the tree as of a
// date, and the changes (create, update, move, merge, dissolve).
#include "api/committee_json.h"
#include "api/route.h"
#include "api/views.h"
#include "domain/orgs.h"
#include "service/export_service.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "service/org_stats.h"

namespace jiceng::api {
namespace {

json RecordJson(const store::OrgRecord& o) {
  return {{"id", o.id},
          {"parent_id", o.parent_id ? json(*o.parent_id) : json(nullptr)},
          {"name", o.name},
          {"kind", o.kind},
          {"area_code", o.area_code.empty() ? json(nullptr) : json(o.area_code)},
          {"status", o.status},
          {"founded_on", o.founded_on.empty() ? json(nullptr) : json(o.founded_on)},
          {"dissolved_on", o.dissolved_on.empty() ? json(nullptr) : json(o.dissolved_on)},
          {"version", o.version}};
}

json HistoryJson(const store::OrgHistoryRow& h) {
  return {{"id", h.id},
          {"org_id", h.org_id},
          {"effective_on", h.effective_on},
          {"event", h.event},
          {"parent_id", h.parent_id ? json(*h.parent_id) : json(nullptr)},
          {"name", h.name},
          {"kind", h.kind},
          {"status", h.status},
          {"note", h.note.empty() ? json(nullptr) : json(h.note)},
          {"actor_id", h.actor_id ? json(*h.actor_id) : json(nullptr)},
          {"recorded_at", TimeJson(h.recorded_at)}};
}

Result<http::Response> GetOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(view, orgs::Get(c.svc.ctx, *c.who, id));
  return Json(OrgJson(view));
}

Result<http::Response> Children(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(as_of, QueryText(c.req, "as_of", 10));
  if (!as_of.empty()) {
    JICENG_TRY(rows, orgs::ChildrenAsOf(c.svc.ctx, *c.who, id, as_of));
    json items = json::array();
    for (const auto& h : rows) items.push_back(HistoryJson(h));
    return Json(ListBody(items, static_cast<int64_t>(rows.size())));
  }
  bool include_dissolved = c.req.Query("include_dissolved").value_or("") == "1";
  JICENG_TRY(kids, orgs::Children(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& k : kids)
    if (include_dissolved || k.node.status == "active") items.push_back(OrgJson(k));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

Result<orgs::SearchQuery> OrgQuery(Call& c) {
  orgs::SearchQuery q;
  JICENG_TRY(text, QueryText(c.req, "q", 50));
  JICENG_TRY(kind, QueryText(c.req, "kind", 30));
  JICENG_TRY(under, QueryInt(c.req, "under"));
  q.q = text;
  q.kind = kind;
  q.under = under;
  q.include_dissolved = c.req.Query("include_dissolved").value_or("") == "1";
  return q;
}

RouteHandler ExportOrgs(exports::Format format) {
  return [format](Call& c) -> Result<http::Response> {
    JICENG_TRY(q, OrgQuery(c));
    JICENG_TRY(file, exports::Orgs(c.svc.ctx, c.actor(), q, format));
    return Download(file.name, file.content_type, std::move(file.bytes));
  };
}

Result<http::Response> SearchOrgs(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(q, OrgQuery(c));
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, orgs::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& o : page.items) items.push_back(RecordJson(o));
  return Json(ListBody(items, page.total));
}

Result<http::Response> History(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(rows, orgs::History(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& h : rows) items.push_back(HistoryJson(h));
  return Json(ListBody(items, static_cast<int64_t>(rows.size())));
}

Result<std::string> OptionalDate(const json& body, const char* field) {
  JICENG_TRY(v, OptionalString(body, field, 10));
  return v.value_or("");
}

Result<http::Response> CreateOrg(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  orgs::NewOrg in;
  JICENG_TRY(parent, RequireInt(body, "parent_id"));
  JICENG_TRY(name, RequireString(body, "name", 100));
  JICENG_TRY(kind, RequireString(body, "kind", 30));
  JICENG_TRY(area, OptionalString(body, "area_code", 12));
  JICENG_TRY(founded, OptionalDate(body, "founded_on"));
  JICENG_TRY(address, OptionalString(body, "address", 200));
  in.parent_id = parent;
  in.name = name;
  in.kind = kind;
  in.area_code = area.value_or("");
  in.founded_on = founded;
  in.address = address.value_or("");
  JICENG_TRY(view, orgs::Create(c.svc.ctx, c.actor(), in));
  return Json(OrgJson(view), 201);
}

Result<http::Response> UpdateOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  orgs::OrgPatch p;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(name, OptionalString(body, "name", 100));
  JICENG_TRY(address, OptionalString(body, "address", 200));
  JICENG_TRY(on, OptionalDate(body, "effective_on"));
  p.version = version;
  p.name = name;
  p.address = address;
  p.effective_on = on;
  JICENG_TRY(view, orgs::Update(c.svc.ctx, c.actor(), id, p));
  return Json(OrgJson(view));
}

Result<http::Response> MoveOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  orgs::Move m;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(parent, RequireInt(body, "new_parent_id"));
  JICENG_TRY(on, OptionalDate(body, "effective_on"));
  m.version = version;
  m.new_parent_id = parent;
  m.effective_on = on;
  JICENG_TRY(view, orgs::MoveOrg(c.svc.ctx, c.actor(), id, m));
  return Json(OrgJson(view));
}

Result<http::Response> DissolveOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  orgs::Dissolution d;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(on, OptionalDate(body, "dissolved_on"));
  d.version = version;
  d.dissolved_on = on;
  JICENG_TRY(view, orgs::Dissolve(c.svc.ctx, c.actor(), id, d));
  return Json(OrgJson(view));
}

Result<http::Response> MergeOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  orgs::Merge m;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(into, RequireInt(body, "into_id"));
  JICENG_TRY(on, OptionalDate(body, "effective_on"));
  m.version = version;
  m.into_id = into;
  m.effective_on = on;
  JICENG_TRY(view, orgs::MergeInto(c.svc.ctx, c.actor(), id, m));
  return Json(OrgJson(view));
}

Result<http::Response> Stats(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(s, orgs::Stats(c.svc.ctx, *c.who, id));
  json coverage = json::array();
  for (const auto& t : s.coverage)
    coverage.push_back({{"type", t.type},
                        {"units", t.units},
                        {"own", t.own},
                        {"joint", t.joint},
                        {"none", t.none},
                        {"org_covered", t.own + t.joint},
                        {"work_covered", t.work_covered}});
  json needing = json::array();
  for (const auto& u : s.needing_own_org)
    needing.push_back({{"id", u.id},
                       {"name", u.name},
                       {"type", u.type},
                       {"full_members", u.full_members},
                       {"coverage", u.coverage}});
  return Json({{"org_id", s.org_id},
               {"members", s.members},
               {"members_by_status", s.members_by_status},
               {"orgs_by_kind", s.orgs_by_kind},
               {"coverage", coverage},
               {"needing_own_org", needing},
               {"needing_own_org_total", s.needing_own_org_total},
               {"size_flags", SizeFlagsJson(s.size_flags)}});
}

Result<http::Response> Kinds(Call&) {
  json items = json::array();
  for (auto k : domain::AllOrgKinds())
    items.push_back({{"code", domain::OrgKindCode(k)}, {"name_zh", domain::OrgKindName(k)}});
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

void RegisterOrgRoutes(Routes& routes) {
  json date = StringSchema(10);
  routes.push_back(
      {"GET", "/api/org-kinds", "orgs", "组织类别 / organization kinds", Kinds, false, true});
  routes.push_back({"GET",
                    "/api/orgs",
                    "orgs",
                    "搜索组织（管辖范围内）/ search organizations in scope",
                    SearchOrgs,
                    false,
                    false,
                    nullptr,
                    {"q", "kind", "under", "include_dissolved", "page", "size"}});
  for (auto [path, format] : {std::pair{"/api/exports/orgs.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/orgs.xlsx", exports::Format::kXlsx}})
    routes.push_back({"GET",
                      path,
                      "orgs",
                      "导出党组织名录 / export organizations",
                      ExportOrgs(format),
                      false,
                      false,
                      nullptr,
                      {"q", "kind", "under", "include_dissolved"}});
  routes.push_back({"POST", "/api/orgs", "orgs", "新建组织 / create an organization", CreateOrg,
                    false, false,
                    ObjectSchema({{"parent_id", IntegerSchema()},
                                  {"name", StringSchema(100)},
                                  {"kind", StringSchema(30)},
                                  {"area_code", StringSchema(12)},
                                  {"founded_on", date},
                                  {"address", StringSchema(200)}},
                                 {"parent_id", "name", "kind"})});
  routes.push_back({"GET", "/api/orgs/{id}", "orgs", "组织详情（含上级链）/ an organization",
                    GetOrg, false, true});
  routes.push_back({"PATCH", "/api/orgs/{id}", "orgs", "更名或修改地址 / rename or update",
                    UpdateOrg, false, false,
                    ObjectSchema({{"version", IntegerSchema()},
                                  {"name", StringSchema(100)},
                                  {"address", StringSchema(200)},
                                  {"effective_on", date}},
                                 {"version"})});
  routes.push_back({"GET",
                    "/api/orgs/{id}/children",
                    "orgs",
                    "下级组织（as_of=日期 查看历史）/ children, or as they stood on a date",
                    Children,
                    false,
                    false,
                    nullptr,
                    {"as_of", "include_dissolved"}});
  routes.push_back(
      {"GET", "/api/orgs/{id}/history", "orgs", "组织沿革 / history of changes", History});
  routes.push_back({"GET", "/api/orgs/{id}/stats", "orgs",
                    "下辖统计：党员、组织、覆盖 / subtree statistics", Stats});
  routes.push_back({"POST", "/api/orgs/{id}/move", "orgs",
                    "调整隶属关系 / move under another parent", MoveOrg, false, false,
                    ObjectSchema({{"version", IntegerSchema()},
                                  {"new_parent_id", IntegerSchema()},
                                  {"effective_on", date}},
                                 {"version", "new_parent_id"})});
  routes.push_back(
      {"POST", "/api/orgs/{id}/merge", "orgs",
       "合并到另一组织（下级组织随迁）/ merge into another organization", MergeOrg, false, false,
       ObjectSchema(
           {{"version", IntegerSchema()}, {"into_id", IntegerSchema()}, {"effective_on", date}},
           {"version", "into_id"})});
  routes.push_back(
      {"POST", "/api/orgs/{id}/dissolve", "orgs", "撤销组织 / dissolve", DissolveOrg, false, false,
       ObjectSchema({{"version", IntegerSchema()}, {"dissolved_on", date}}, {"version"})});
}

}  // namespace jiceng::api
