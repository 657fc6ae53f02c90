// Organizations: reads (fast, from the in-memory tree), search, history, the tree as of a
// date, and the changes (create, update, move, merge, dissolve).
#include "api/committee_json.h"
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "domain/orgs.h"
#include "service/export_service.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "service/org_stats.h"

namespace jiceng::api {
namespace {

std::vector<std::string_view> OrgKindCodes() {
  std::vector<std::string_view> kinds;
  for (auto k : domain::AllOrgKinds()) kinds.push_back(domain::OrgKindCode(k));
  return kinds;
}

// A search hit, with its parent's name: a picker tells the thousands of 第一党支部 apart.
json RecordJson(const store::OrgRecord& o, const index::OrgTree::Snapshot& tree) {
  const auto* parent = o.parent_id ? tree.Find(*o.parent_id) : nullptr;
  return {{"id", o.id},
          {"parent_id", o.parent_id ? json(*o.parent_id) : json(nullptr)},
          {"parent_name", parent ? json(parent->name) : json(nullptr)},
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
  JICENG_TRY(as_of, c.Text("as_of"));
  if (!as_of.empty()) {
    JICENG_TRY(rows, orgs::ChildrenAsOf(c.svc.ctx, *c.who, id, as_of));
    json items = json::array();
    for (const auto& h : rows) items.push_back(HistoryJson(h));
    return Json(ListBody(items, static_cast<int64_t>(rows.size())));
  }
  bool include_dissolved = c.Flag("include_dissolved");
  JICENG_TRY(kids, orgs::Children(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& k : kids)
    if (include_dissolved || k.node.status == "active") items.push_back(OrgJson(k));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

Result<orgs::SearchQuery> OrgQuery(Call& c) {
  orgs::SearchQuery q;
  JICENG_TRY(text, c.Text("q"));
  JICENG_TRY(kind, c.Text("kind"));
  JICENG_TRY(under, c.Int("under"));
  q.q = text;
  q.kind = kind;
  q.under = under;
  q.include_dissolved = c.Flag("include_dissolved");
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
  auto tree = c.svc.ctx.orgs.snapshot();
  for (const auto& o : page.items) items.push_back(RecordJson(o, *tree));
  return Json(ListBody(items, page.total));
}

Result<http::Response> History(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(rows, orgs::History(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& h : rows) items.push_back(HistoryJson(h));
  return Json(ListBody(items, static_cast<int64_t>(rows.size())));
}

using FieldsPtr = std::shared_ptr<const Fields>;

const FieldsPtr& CreateOrgFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("parent_id").Required(),
      Field::String("name", 100).Required(),
      Field::Enum("kind", OrgKindCodes(), 30).Required(),
      Field::String("area_code", 12).Doc("12位统计区划代码 / 12-digit NBS area code"),
      Field::Date("founded_on"),
      Field::String("address", 200),
  });
  return fields;
}

Result<http::Response> CreateOrg(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateOrgFields()));
  orgs::NewOrg in;
  in.parent_id = body.Int("parent_id");
  in.name = body.Str("name");
  in.kind = body.Str("kind");
  in.area_code = body.Str("area_code");
  in.founded_on = body.Str("founded_on");
  in.address = body.Str("address");
  JICENG_TRY(view, orgs::Create(c.svc.ctx, c.actor(), in));
  return Json(OrgJson(view), 201);
}

const FieldsPtr& UpdateOrgFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::String("name", 100),
      Field::String("address", 200),
      Field::Date("effective_on"),
  });
  return fields;
}

Result<http::Response> UpdateOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, UpdateOrgFields()));
  orgs::OrgPatch p;
  p.version = body.Int("version");
  p.name = body.OptStr("name");
  p.address = body.OptStr("address");
  p.effective_on = body.Str("effective_on");
  JICENG_TRY(view, orgs::Update(c.svc.ctx, c.actor(), id, p));
  return Json(OrgJson(view));
}

const FieldsPtr& MoveFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::Int("new_parent_id").Required(),
      Field::Date("effective_on"),
  });
  return fields;
}

Result<http::Response> MoveOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, MoveFields()));
  orgs::Move m;
  m.version = body.Int("version");
  m.new_parent_id = body.Int("new_parent_id");
  m.effective_on = body.Str("effective_on");
  JICENG_TRY(view, orgs::MoveOrg(c.svc.ctx, c.actor(), id, m));
  return Json(OrgJson(view));
}

const FieldsPtr& DissolveFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::Date("dissolved_on"),
  });
  return fields;
}

Result<http::Response> DissolveOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, DissolveFields()));
  orgs::Dissolution d;
  d.version = body.Int("version");
  d.dissolved_on = body.Str("dissolved_on");
  JICENG_TRY(view, orgs::Dissolve(c.svc.ctx, c.actor(), id, d));
  return Json(OrgJson(view));
}

const FieldsPtr& MergeFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::Int("into_id").Required(),
      Field::Date("effective_on"),
  });
  return fields;
}

Result<http::Response> MergeOrg(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, MergeFields()));
  orgs::Merge m;
  m.version = body.Int("version");
  m.into_id = body.Int("into_id");
  m.effective_on = body.Str("effective_on");
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

json RecordSchema() {
  using namespace schema;
  return Ref("OrgRecord", Obj({{"id", Int()},
                               {"parent_id", Null(Int())},
                               {"parent_name", Null(Str())},
                               {"name", Str()},
                               {"kind", OrgKind()},
                               {"area_code", Null(Str())},
                               {"status", Str()},
                               {"founded_on", Null(Date())},
                               {"dissolved_on", Null(Date())},
                               {"version", Int()}}));
}

json HistorySchema() {
  using namespace schema;
  return Ref("OrgHistory", Obj({{"id", Int()},
                                {"org_id", Int()},
                                {"effective_on", Date()},
                                {"event", Str()},
                                {"parent_id", Null(Int())},
                                {"name", Str()},
                                {"kind", OrgKind()},
                                {"status", Str()},
                                {"note", Null(Str())},
                                {"actor_id", Null(Int())},
                                {"recorded_at", Null(DateTime())}}));
}

json StatsSchema() {
  using namespace schema;
  return Ref("OrgStats", Obj({{"org_id", Int()},
                              {"members", Int()},
                              {"members_by_status", MapOf(Int())},
                              {"orgs_by_kind", MapOf(Int())},
                              {"coverage", ArrayOf(Obj({{"type", Str()},
                                                        {"units", Int()},
                                                        {"own", Int()},
                                                        {"joint", Int()},
                                                        {"none", Int()},
                                                        {"org_covered", Int()},
                                                        {"work_covered", Int()}}))},
                              {"needing_own_org", ArrayOf(Obj({{"id", Int()},
                                                               {"name", Str()},
                                                               {"type", Str()},
                                                               {"full_members", Int()},
                                                               {"coverage", Str()}}))},
                              {"needing_own_org_total", Int()},
                              {"size_flags", SizeFlagsSchema()}}));
}

std::vector<Field> SearchQuery(bool paged) {
  std::vector<Field> q = {Field::String("q", 50).Doc(
                              "名称片段、拼音首字母（zgsq）或区划代码前缀（440305）/ part of the "
                              "name, pinyin initials or the start of a division code"),
                          Field::Enum("kind", OrgKindCodes(), 30),
                          Field::Int("under").Doc("只列此组织及其下级 / only this subtree"),
                          Field::Enum("include_dissolved", {"0", "1"})};
  if (paged) {
    q.push_back(Field::Int("page", 1, 1'000'000));
    q.push_back(Field::Int("size", 1, 200));
  }
  return q;
}

}  // namespace

void RegisterOrgRoutes(Routes& routes) {
  using namespace schema;
  json org = OrgSchema();
  routes.push_back(
      {"GET", "/api/org-kinds", "orgs", "组织类别 / organization kinds", Kinds, false, true});
  routes.back()
      .Id("listOrgKinds")
      .Returns(Ref("OrgKindList",
                   Page(Ref("OrgKindInfo", Obj({{"code", OrgKind()}, {"name_zh", Str()}})))));
  routes.back().errors = {401};
  routes.back().no_default_errors = true;
  routes.push_back({"GET", "/api/orgs", "orgs",
                    "搜索组织（管辖范围内）/ search organizations in scope", SearchOrgs, false,
                    false, nullptr, SearchQuery(true)});
  routes.back().Id("searchOrgs").Returns(Ref("OrgRecordPage", Page(RecordSchema())));
  for (auto [path, format] : {std::pair{"/api/exports/orgs.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/orgs.xlsx", exports::Format::kXlsx}}) {
    routes.push_back({"GET", path, "orgs", "导出党组织名录 / export organizations",
                      ExportOrgs(format), false, false, nullptr, SearchQuery(false)});
    bool csv = format == exports::Format::kCsv;
    routes.back()
        .Id(csv ? "exportOrgsCsv" : "exportOrgsXlsx")
        .ReturnsFile(csv ? kCsvMedia : kXlsxMedia);
  }
  routes.push_back({"POST", "/api/orgs", "orgs", "新建组织 / create an organization", CreateOrg});
  routes.back().Id("createOrg").Body(CreateOrgFields()).Returns(org, 201).Errors({409});
  routes.push_back({"GET", "/api/orgs/{id}", "orgs", "组织详情（含上级链）/ an organization",
                    GetOrg, false, true});
  routes.back().Id("getOrg").Returns(org);
  routes.push_back(
      {"PATCH", "/api/orgs/{id}", "orgs", "更名或修改地址 / rename or update", UpdateOrg});
  routes.back().Id("updateOrg").Body(UpdateOrgFields()).Returns(org);
  routes.push_back({"GET",
                    "/api/orgs/{id}/children",
                    "orgs",
                    "下级组织（as_of=日期 查看历史）/ children, or as they stood on a date",
                    Children,
                    false,
                    false,
                    nullptr,
                    {Field::Date("as_of").Doc(
                         "给出时返回当日的下级（沿革记录）/ given: the children on that date, as "
                         "history rows"),
                     Field::Enum("include_dissolved", {"0", "1"})}});
  routes.back()
      .Id("listOrgChildren")
      .Returns(Ref("OrgChildren",
                   Obj({{"items", ArrayOf({{"oneOf", json::array({org, HistorySchema()})}})},
                        {"total", Int()}})));
  routes.push_back(
      {"GET", "/api/orgs/{id}/history", "orgs", "组织沿革 / history of changes", History});
  routes.back().Id("getOrgHistory").Returns(Ref("OrgHistoryList", Page(HistorySchema())));
  routes.push_back({"GET", "/api/orgs/{id}/stats", "orgs",
                    "下辖统计：党员、组织、覆盖 / subtree statistics", Stats});
  routes.back().Id("getOrgStats").Returns(StatsSchema());
  routes.push_back(
      {"POST", "/api/orgs/{id}/move", "orgs", "调整隶属关系 / move under another parent", MoveOrg});
  routes.back().Id("moveOrg").Body(MoveFields()).Returns(org);
  routes.push_back({"POST", "/api/orgs/{id}/merge", "orgs",
                    "合并到另一组织（下级组织随迁）/ merge into another organization", MergeOrg});
  routes.back().Id("mergeOrg").Body(MergeFields()).Returns(org);
  routes.push_back({"POST", "/api/orgs/{id}/dissolve", "orgs", "撤销组织 / dissolve", DissolveOrg});
  routes.back().Id("dissolveOrg").Body(DissolveFields()).Returns(org);
}

// The orgs module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module OrgsModule() {
  Module m;
  m.name = "orgs";
  m.summary = "党组织 / party organizations";
  m.routes = RegisterOrgRoutes;
  return m;
}

}  // namespace jiceng::api
