// Members: /api/members… (personal data masked unless ?reveal=1 by a role allowed to).
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
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
  JICENG_TRY(text, c.Text("q"));
  JICENG_TRY(under, c.Int("under"));
  JICENG_TRY(status, c.Text("status"));
  JICENG_TRY(kind, c.Text("kind"));
  JICENG_TRY(unit, c.Int("unit"));
  JICENG_TRY(sort, c.Text("sort"));
  JICENG_TRY(order, c.Text("order"));
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
  bool reveal = c.Flag("reveal");
  JICENG_TRY(view, members::Get(c.svc.ctx, c.actor(), id, reveal));
  auto res = Json(MemberJson(c, view));
  return res;
}

const std::shared_ptr<const Fields>& CreateMemberFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("org_id").Required().Doc("所属党组织 / the member's organization"),
      Field::String("name", 50).Required(),
      Field::String("national_id", 30).Required().Doc("公民身份号码 / citizen ID number"),
      Field::Enum("status", domain::RegistrableStatusCodes(), 20).Required(),
      Field::String("gender", 10),
      Field::String("ethnicity", 20),
      Field::String("mobile", 30),
      Field::String("education", 30),
      Field::String("work_unit", 100),
      Field::Date("applied_on"),
      Field::Date("activist_on"),
      Field::Date("candidate_on"),
      Field::Date("joined_on"),
      Field::Date("full_on"),
      Field::Bool("shenzhen_hukou"),
      Field::Int("unit_id"),
  });
  return fields;
}

Result<http::Response> CreateMember(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, CreateMemberFields()));
  members::MemberInput in;
  in.org_id = body.Int("org_id");
  in.name = body.Str("name");
  in.national_id = body.Str("national_id");
  in.status = body.Str("status");
  in.gender = body.Str("gender");
  in.ethnicity = body.Str("ethnicity");
  in.mobile = body.Str("mobile");
  in.education = body.Str("education");
  in.work_unit = body.Str("work_unit");
  in.applied_on = body.Str("applied_on");
  in.activist_on = body.Str("activist_on");
  in.candidate_on = body.Str("candidate_on");
  in.joined_on = body.Str("joined_on");
  in.full_on = body.Str("full_on");
  in.shenzhen_hukou = body.OptBool("shenzhen_hukou").value_or(false);
  in.unit_id = body.OptInt("unit_id");
  JICENG_TRY(view, members::Create(c.svc.ctx, c.actor(), in));
  return Json(MemberJson(c, view), 201);
}

const std::shared_ptr<const Fields>& UpdateMemberFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::String("name", 50),
      Field::String("ethnicity", 20),
      Field::String("mobile", 30),
      Field::String("education", 30),
      Field::String("work_unit", 100),
      Field::Bool("shenzhen_hukou"),
      Field::Int("unit_id").Nullable().Doc("null: 不再关联单位 / null clears it"),
  });
  return fields;
}

Result<http::Response> UpdateMember(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, UpdateMemberFields()));
  members::MemberPatch p;
  p.version = body.Int("version");
  p.name = body.OptStr("name");
  p.ethnicity = body.OptStr("ethnicity");
  p.mobile = body.OptStr("mobile");
  p.education = body.OptStr("education");
  p.work_unit = body.OptStr("work_unit");
  p.shenzhen_hukou = body.OptBool("shenzhen_hukou");
  p.unit_id = body.NullInt("unit_id");
  JICENG_TRY(view, members::Update(c.svc.ctx, c.actor(), id, p));
  return Json(MemberJson(c, view));
}

const std::shared_ptr<const Fields>& StatusFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::Enum("to", domain::MemberStatusCodes(), 20).Required(),
      Field::Date("on"),
  });
  return fields;
}

Result<http::Response> ChangeStatus(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, StatusFields()));
  JICENG_TRY(view, members::ChangeStatus(c.svc.ctx, c.actor(), id, body.Int("version"),
                                         body.Str("to"), body.Str("on")));
  return Json(MemberJson(c, view));
}

const std::shared_ptr<const Fields>& ExtendFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Int("version").Required(),
      Field::Int("months", 0, 120, "月数无效 / invalid months").Required(),
  });
  return fields;
}

Result<http::Response> Extend(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, ExtendFields()));
  JICENG_TRY(view, members::ExtendProbation(c.svc.ctx, c.actor(), id, body.Int("version"),
                                            static_cast<int>(body.Int("months"))));
  return Json(MemberJson(c, view));
}

json MemberSchema() {
  using namespace schema;
  return Ref("Member", Obj({{"id", Int()},
                            {"org_id", Int()},
                            {"org_name", Null(Str())},
                            {"name", Str()},
                            {"gender", Str()},
                            {"ethnicity", Null(Str())},
                            {"birth_year", Str()},
                            {"birth_date", Null(Str())},
                            {"national_id", Str()},
                            {"mobile", Null(Str())},
                            {"revealed", Bool()},
                            {"education", Null(Str())},
                            {"work_unit", Null(Str())},
                            {"unit_id", Null(Int())},
                            {"shenzhen_hukou", Bool()},
                            {"status", Enum(domain::MemberStatusCodes())},
                            {"applied_on", Null(Date())},
                            {"activist_on", Null(Date())},
                            {"candidate_on", Null(Date())},
                            {"joined_on", Null(Date())},
                            {"probation_ends_on", Null(Date())},
                            {"probation_extended", Bool()},
                            {"full_on", Null(Date())},
                            {"left_on", Null(Date())},
                            {"demo", Bool()},
                            {"version", Int()}}));
}

std::vector<Field> ListQuery(bool paged) {
  std::vector<Field> q = {
      Field::String("q", 50).Doc("姓名、拼音（全拼或首字母的前缀）、完整身份证号或手机号 / name, "
                                 "pinyin (spelling or initials prefix), full ID number or mobile"),
      Field::Int("under").Doc("只列此组织及其下级 / only this org's subtree"),
      Field::Enum("status", domain::MemberStatusCodes()),
      Field::String("kind", 20).Doc("所属组织的类型 / the organization's kind"),
      Field::Int("unit").Doc("所在单位 / unit id"),
      Field::String("sort", 20),
      Field::Enum("order", {"asc", "desc"})};
  if (paged) {
    q.push_back(Field::Int("page", 1, 1'000'000));
    q.push_back(Field::Int("size", 1, 200));
  }
  return q;
}

}  // namespace

void RegisterMemberRoutes(Routes& routes) {
  json member = MemberSchema();
  routes.push_back({"GET", "/api/members", "members",
                    "党员查询（姓名或完整身份证号、手机号；个人信息脱敏）/ search members",
                    ListMembers, false, false, nullptr, ListQuery(true)});
  routes.back().Id("listMembers").Returns(schema::Ref("MemberPage", schema::Page(member)));
  struct Export {
    const char* path;
    exports::Format format;
    bool full;
    const char* id;
  };
  for (auto e :
       {Export{"/api/exports/members.csv", exports::Format::kCsv, false, "exportMembersCsv"},
        Export{"/api/exports/members.xlsx", exports::Format::kXlsx, false, "exportMembersXlsx"},
        Export{"/api/exports/members-full.csv", exports::Format::kCsv, true,
               "exportMembersFullCsv"},
        Export{"/api/exports/members-full.xlsx", exports::Format::kXlsx, true,
               "exportMembersFullXlsx"}}) {
    if (!e.full)
      routes.push_back({"GET", e.path, "members",
                        "导出党员名册（筛选同列表，个人信息脱敏）/ export members, masked",
                        ExportMembers(e.format), false, false, nullptr, ListQuery(false)});
    else
      routes.push_back({"GET", e.path, "members",
                        "导出党员名册（含完整个人信息；须“个人信息导出”授权，每次留痕）/ export "
                        "members with full personal data (pii_exporter grant; audited)",
                        ExportMembersWithPersonalData(e.format), false, false, nullptr,
                        ListQuery(false)});
    routes.back().Id(e.id).ReturnsFile(e.format == exports::Format::kCsv ? kCsvMedia : kXlsxMedia);
    routes.back().Errors({429});
  }
  routes.push_back(
      {"POST", "/api/members", "members", "登记党员 / register a member", CreateMember});
  routes.back()
      .Id("createMember")
      .Body(CreateMemberFields())
      .Returns(member, 201)
      .Errors({409, 429});
  routes.push_back(
      {"GET",
       "/api/members/{id}",
       "members",
       "党员详情（reveal=1 查看完整个人信息，留痕）/ a member (reveal=1: audited)",
       GetMember,
       false,
       false,
       nullptr,
       {Field::Enum("reveal", {"0", "1"}).Doc("1: 查看完整个人信息（留痕） / reveal (audited)")}});
  routes.back().Id("getMember").Returns(member).Errors({429});
  routes.push_back(
      {"PATCH", "/api/members/{id}", "members", "修改党员信息 / update a member", UpdateMember});
  routes.back().Id("updateMember").Body(UpdateMemberFields()).Returns(member);
  routes.push_back({"POST", "/api/members/{id}/status", "members",
                    "发展阶段变更 / move along the development pipeline", ChangeStatus});
  routes.back().Id("changeMemberStatus").Body(StatusFields()).Returns(member);
  routes.push_back({"POST", "/api/members/{id}/extend-probation", "members",
                    "延长预备期 / extend probation", Extend});
  routes.back().Id("extendProbation").Body(ExtendFields()).Returns(member);
}

// The members module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module MembersModule() {
  Module m;
  m.name = "members";
  m.summary = "党员 / party members";
  m.routes = RegisterMemberRoutes;
  return m;
}

}  // namespace jiceng::api
