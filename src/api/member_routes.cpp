// Members: /api/members… (personal data masked unless ?reveal=1 by a role allowed to).
#include "api/route.h"
#include "api/views.h"
#include "domain/identifiers.h"
#include "domain/members.h"
#include "service/export_service.h"
#include "service/member_service.h"

namespace jiceng::api {
namespace {

json MemberJson(Call& c, const members::MemberView& v) {
  const auto& m = v.record;
  auto tree = c.svc.ctx.orgs.snapshot();
  const auto* org = tree->Find(m.org_id);
  return {{"id", m.id},
          {"org_id", m.org_id},
          {"org_name", org ? json(org->name) : json(nullptr)},
          {"name", m.name},
          {"gender", m.gender},
          {"ethnicity", OptText(m.ethnicity)},
          // Beside a masked ID number only the birth year: with the date the check character
          // settles the rest (see domain::MaskCitizenId). The date with the revealed number.
          {"birth_year", domain::BirthYear(m.birth_date)},
          {"birth_date", v.revealed ? json(m.birth_date) : json(nullptr)},
          {"national_id", v.national_id},
          {"mobile", OptText(v.mobile)},
          {"revealed", v.revealed},
          {"education", OptText(m.education)},
          {"work_unit", OptText(m.work_unit)},
          {"unit_id", OptId(m.unit_id)},
          {"shenzhen_hukou", m.shenzhen_hukou},
          {"status", m.status},
          {"applied_on", OptText(m.applied_on)},
          {"activist_on", OptText(m.activist_on)},
          {"candidate_on", OptText(m.candidate_on)},
          {"joined_on", OptText(m.joined_on)},
          {"probation_ends_on", OptText(m.probation_ends_on)},
          {"probation_extended", m.probation_extended},
          {"full_on", OptText(m.full_on)},
          {"left_on", OptText(m.left_on)},
          {"demo", m.demo},
          {"version", m.version}};
}

// The list's filters, shared by the list and its export.
Result<members::SearchQuery> MemberQuery(Call& c) {
  members::SearchQuery q;
  JICENG_TRY(text, QueryText(c.req, "q", 50));
  JICENG_TRY(under, QueryInt(c.req, "under"));
  JICENG_TRY(status, QueryText(c.req, "status", 20));
  JICENG_TRY(kind, QueryText(c.req, "kind", 20));
  JICENG_TRY(unit, QueryInt(c.req, "unit"));
  JICENG_TRY(sort, QueryText(c.req, "sort", 20));
  JICENG_TRY(order, QueryText(c.req, "order", 4));
  if (!order.empty() && order != "asc" && order != "desc")
    return BadInput("order", "order 只能是 asc 或 desc / order must be asc or desc");
  q.q = text;
  q.under = under;
  q.status = status;
  q.org_kind = kind;
  q.unit_id = unit;
  q.sort = sort;
  q.descending = order == "desc";
  return q;
}

Result<http::Response> ListMembers(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(q, MemberQuery(c));
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(page, members::Search(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (const auto& v : page.items) items.push_back(MemberJson(c, v));
  return Json(ListBody(items, page.total));
}

RouteHandler ExportMembers(exports::Format format) {
  return [format](Call& c) -> Result<http::Response> {
    JICENG_TRY(q, MemberQuery(c));
    JICENG_TRY(file, exports::Members(c.svc.ctx, c.actor(), q, format));
    return Download(file.name, file.content_type, std::move(file.bytes));
  };
}

RouteHandler ExportMembersWithPersonalData(exports::Format format) {
  return [format](Call& c) -> Result<http::Response> {
    JICENG_TRY(q, MemberQuery(c));
    JICENG_TRY(file, exports::MembersWithPersonalData(c.svc.ctx, c.actor(), q, format));
    return Download(file.name, file.content_type, std::move(file.bytes));
  };
}

Result<http::Response> GetMember(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  bool reveal = c.req.Query("reveal").value_or("") == "1";
  JICENG_TRY(view, members::Get(c.svc.ctx, c.actor(), id, reveal));
  auto res = Json(MemberJson(c, view));
  return res;
}

Result<http::Response> CreateMember(Call& c) {
  JICENG_TRY(body, ParseObject(c.req));
  members::MemberInput in;
  JICENG_TRY(org, RequireInt(body, "org_id"));
  JICENG_TRY(name, RequireString(body, "name", 50));
  JICENG_TRY(national_id, RequireString(body, "national_id", 30));
  JICENG_TRY(status, RequireString(body, "status", 20));
  in.org_id = org;
  in.name = name;
  in.national_id = national_id;
  in.status = status;
  struct Field {
    const char* name;
    std::string* into;
    size_t max;
  } fields[] = {{"gender", &in.gender, 10},           {"ethnicity", &in.ethnicity, 20},
                {"mobile", &in.mobile, 30},           {"education", &in.education, 30},
                {"work_unit", &in.work_unit, 100},    {"applied_on", &in.applied_on, 10},
                {"activist_on", &in.activist_on, 10}, {"candidate_on", &in.candidate_on, 10},
                {"joined_on", &in.joined_on, 10},     {"full_on", &in.full_on, 10}};
  for (auto& f : fields) {
    JICENG_TRY(v, OptionalString(body, f.name, f.max));
    *f.into = v.value_or("");
  }
  JICENG_TRY(hukou, OptionalBool(body, "shenzhen_hukou"));
  in.shenzhen_hukou = hukou.value_or(false);
  JICENG_TRY(unit, OptionalInt(body, "unit_id"));
  in.unit_id = unit;
  JICENG_TRY(view, members::Create(c.svc.ctx, c.actor(), in));
  return Json(MemberJson(c, view), 201);
}

Result<http::Response> UpdateMember(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  members::MemberPatch p;
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(name, OptionalString(body, "name", 50));
  JICENG_TRY(ethnicity, OptionalString(body, "ethnicity", 20));
  JICENG_TRY(mobile, OptionalString(body, "mobile", 30));
  JICENG_TRY(education, OptionalString(body, "education", 30));
  JICENG_TRY(work_unit, OptionalString(body, "work_unit", 100));
  JICENG_TRY(hukou, OptionalBool(body, "shenzhen_hukou"));
  p.version = version;
  p.name = name;
  p.ethnicity = ethnicity;
  p.mobile = mobile;
  p.education = education;
  p.work_unit = work_unit;
  p.shenzhen_hukou = hukou;
  JICENG_TRY(unit, NullableInt(body, "unit_id"));
  p.unit_id = unit;
  JICENG_TRY(view, members::Update(c.svc.ctx, c.actor(), id, p));
  return Json(MemberJson(c, view));
}

Result<http::Response> ChangeStatus(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(to, RequireString(body, "to", 20));
  JICENG_TRY(on, OptionalString(body, "on", 10));
  JICENG_TRY(view, members::ChangeStatus(c.svc.ctx, c.actor(), id, version, to, on.value_or("")));
  return Json(MemberJson(c, view));
}

Result<http::Response> Extend(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseObject(c.req));
  JICENG_TRY(version, RequireInt(body, "version"));
  JICENG_TRY(months, RequireInt(body, "months"));
  if (months < 0 || months > 120) return BadInput("months", "月数无效 / invalid months");
  JICENG_TRY(view,
             members::ExtendProbation(c.svc.ctx, c.actor(), id, version, static_cast<int>(months)));
  return Json(MemberJson(c, view));
}

// A status string with its codes listed, kept in step with domain/members.
json StatusSchema(const std::vector<std::string_view>& codes) {
  json schema = StringSchema(20);
  schema["enum"] = json::array();
  for (auto code : codes) schema["enum"].push_back(std::string(code));
  return schema;
}

}  // namespace

void RegisterMemberRoutes(Routes& routes) {
  json date = StringSchema(10);
  routes.push_back({"GET",
                    "/api/members",
                    "members",
                    "党员查询（姓名或完整身份证号、手机号；个人信息脱敏）/ search members",
                    ListMembers,
                    false,
                    false,
                    nullptr,
                    {"q", "under", "status", "kind", "unit", "sort", "order", "page", "size"}});
  for (auto [path, format] : {std::pair{"/api/exports/members.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/members.xlsx", exports::Format::kXlsx}})
    routes.push_back({"GET",
                      path,
                      "members",
                      "导出党员名册（筛选同列表，个人信息脱敏）/ export members, masked",
                      ExportMembers(format),
                      false,
                      false,
                      nullptr,
                      {"q", "under", "status", "kind", "unit", "sort", "order"}});
  for (auto [path, format] : {std::pair{"/api/exports/members-full.csv", exports::Format::kCsv},
                              std::pair{"/api/exports/members-full.xlsx", exports::Format::kXlsx}})
    routes.push_back({"GET",
                      path,
                      "members",
                      "导出党员名册（含完整个人信息；须“个人信息导出”授权，每次留痕）/ export "
                      "members with full personal data (pii_exporter grant; audited)",
                      ExportMembersWithPersonalData(format),
                      false,
                      false,
                      nullptr,
                      {"q", "under", "status", "kind", "unit", "sort", "order"}});
  routes.push_back({"POST", "/api/members", "members", "登记党员 / register a member", CreateMember,
                    false, false,
                    ObjectSchema({{"org_id", IntegerSchema()},
                                  {"name", StringSchema(50)},
                                  {"national_id", StringSchema(30)},
                                  {"status", StatusSchema(domain::RegistrableStatusCodes())},
                                  {"gender", StringSchema(10)},
                                  {"ethnicity", StringSchema(20)},
                                  {"mobile", StringSchema(30)},
                                  {"education", StringSchema(30)},
                                  {"work_unit", StringSchema(100)},
                                  {"shenzhen_hukou", BooleanSchema()},
                                  {"unit_id", IntegerSchema()},
                                  {"applied_on", date},
                                  {"activist_on", date},
                                  {"candidate_on", date},
                                  {"joined_on", date},
                                  {"full_on", date}},
                                 {"org_id", "name", "national_id", "status"})});
  routes.push_back({"GET",
                    "/api/members/{id}",
                    "members",
                    "党员详情（reveal=1 查看完整个人信息，留痕）/ a member (reveal=1: audited)",
                    GetMember,
                    false,
                    false,
                    nullptr,
                    {"reveal"}});
  routes.push_back({"PATCH", "/api/members/{id}", "members", "修改党员信息 / update a member",
                    UpdateMember, false, false,
                    ObjectSchema({{"version", IntegerSchema()},
                                  {"name", StringSchema(50)},
                                  {"ethnicity", StringSchema(20)},
                                  {"mobile", StringSchema(30)},
                                  {"education", StringSchema(30)},
                                  {"work_unit", StringSchema(100)},
                                  {"shenzhen_hukou", BooleanSchema()},
                                  {"unit_id", IntegerSchema()}},
                                 {"version"})});
  routes.push_back({"POST", "/api/members/{id}/status", "members",
                    "发展阶段变更 / move along the development pipeline", ChangeStatus, false,
                    false,
                    ObjectSchema({{"version", IntegerSchema()},
                                  {"to", StatusSchema(domain::MemberStatusCodes())},
                                  {"on", date}},
                                 {"version", "to"})});
  routes.push_back({"POST", "/api/members/{id}/extend-probation", "members",
                    "延长预备期 / extend probation", Extend, false, false,
                    ObjectSchema({{"version", IntegerSchema()}, {"months", IntegerSchema()}},
                                 {"version", "months"})});
}

}  // namespace jiceng::api
