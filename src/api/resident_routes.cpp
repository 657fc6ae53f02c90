// Residents: POST /api/residents/codes, POST /api/residents/sessions (public: a one-time code
// by SMS, then a session), GET/PATCH /api/residents/me, POST /api/residents/me/member, and
// for the community's staff GET /api/orgs/{id}/residents and
// POST /api/residents/{id}/verification.
#include "api/auth_json.h"
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "domain/residents.h"
#include "index/org_tree.h"
#include "service/resident_service.h"

namespace jiceng::api {
namespace {

// A resident as `own` (the resident: the full number, the member's name) or as staff see
// them (the number masked).
json ResidentJson(const Call& c, const store::ResidentRecord& r, bool own,
                  const std::string& phone = {}, const std::string& member_name = {}) {
  auto tree = c.svc.ctx.orgs.snapshot();
  const auto* community = r.community_id ? tree->Find(*r.community_id) : nullptr;
  auto status = domain::ParseResidenceStatus(r.status).value_or(domain::ResidenceStatus::kNone);
  // Until the resident gives a name, the account shows the masked number.
  const bool named = r.display_name != r.mobile_masked;
  return {{"id", r.user_id},
          {"name", named ? json(r.display_name) : json(nullptr)},
          {"display_name", r.display_name},
          {"phone", own ? phone : r.mobile_masked},
          {"phone_masked", r.mobile_masked},
          {"community_id", OptId(r.community_id)},
          {"community_name", community ? json(community->name) : json(nullptr)},
          {"status", r.status},
          {"status_name", std::string(domain::ResidenceStatusName(status))},
          {"reason", OptText(r.reason)},
          {"reviewed_at", TimeJson(r.reviewed_at)},
          {"member_id", OptId(r.member_id)},
          {"member_name", own ? OptText(member_name) : json(nullptr)},
          {"created_at", TimeJson(r.created_at)},
          {"updated_at", TimeJson(r.updated_at)},
          {"version", r.version}};
}

json ResidentSchema() {
  using namespace schema;
  std::vector<std::string_view> statuses = {"none", "pending", "verified", "returned"};
  return Ref("Resident", Obj({{"id", Int()},
                              {"name", Null(Str())},
                              {"display_name", Str()},
                              // the full number only in the resident's own view; masked for staff
                              {"phone", Str()},
                              {"phone_masked", Str()},
                              {"community_id", Null(Int())},
                              {"community_name", Null(Str())},
                              {"status", Enum(statuses)},
                              {"status_name", Str()},
                              {"reason", Null(Str())},
                              {"reviewed_at", Null(DateTime())},
                              {"member_id", Null(Int())},
                              {"member_name", Null(Str())},
                              {"created_at", Null(DateTime())},
                              {"updated_at", Null(DateTime())},
                              {"version", Int()}}));
}

const std::shared_ptr<const Fields>& ResidentCodeFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("phone", 32)
                 .Required()
                 .Doc("中国大陆手机号码（可带 +86、空格或连字符）/ a mainland mobile number")});
  return fields;
}

const std::shared_ptr<const Fields>& ResidentSignInFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("phone", 32).Required(),
             Field::String("code", 16).Required().Doc("6位验证码 / the 6-digit code")});
  return fields;
}

const std::shared_ptr<const Fields>& ResidentUpdateFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::String("name", 50).Doc("姓名 / the resident's name"),
      Field::Int("community_id", 1, INT64_MAX).Doc("居住的社区或村 / the community or village")});
  return fields;
}

const std::shared_ptr<const Fields>& ResidentLinkFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::String("national_id", 32).Required(), Field::String("name", 50).Required()});
  return fields;
}

const std::shared_ptr<const Fields>& ResidentReviewFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Bool("verified").Required().Doc("true 已核实 / false 退回"),
             Field::String("reason", 200).Doc("退回原因（退回时必填）/ why (required to return)"),
             Field::Int("version").Doc("乐观并发 / the version read")});
  return fields;
}

Result<http::Response> RequestResidentCode(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ResidentCodeFields()));
  JICENG_TRY(issued, residents::RequestCode(c.svc.ctx, body.Str("phone"), ClientAddress(c)));
  return Json({{"expires_in_s", issued.expires_in_s}, {"resend_after_s", issued.resend_after_s}},
              202);
}

Result<http::Response> ResidentSignIn(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ResidentSignInFields()));
  JICENG_TRY(login, residents::SignIn(c.svc.ctx, c.svc.auth, body.Str("phone"), body.Str("code"),
                                      c.req.request_id));
  c.req.user_id = login.principal.user_id;
  auto res = Json(MeJson(c, login.principal), 201);
  res.SetHeader("Set-Cookie", SessionCookie(c, login.session_token));
  return res;
}

Result<http::Response> OwnResident(Call& c, const residents::ResidentView& v) {
  return Json(ResidentJson(c, v.record, /*own=*/true, v.phone, v.member_name));
}

Result<http::Response> GetMyResidence(Call& c) {
  JICENG_TRY(v, residents::Mine(c.svc.ctx, *c.who));
  return OwnResident(c, v);
}

Result<http::Response> UpdateMyResidence(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ResidentUpdateFields()));
  residents::ResidentUpdate update;
  update.name = body.OptStr("name");
  update.community_id = body.OptInt("community_id");
  JICENG_TRY(v, residents::UpdateMine(c.svc.ctx, c.svc.auth, c.actor(), update));
  return OwnResident(c, v);
}

Result<http::Response> LinkMyMember(Call& c) {
  JICENG_TRY(body, ParseBody(c.req, ResidentLinkFields()));
  JICENG_TRY(v, residents::LinkMember(c.svc.ctx, c.svc.auth, c.actor(), body.Str("national_id"),
                                      body.Str("name")));
  return OwnResident(c, v);
}

Result<http::Response> ListOrgResidents(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(paging, ParsePaging(c.req));
  JICENG_TRY(status, c.Text("status"));
  JICENG_TRY(page, residents::List(c.svc.ctx, *c.who, id, status, paging.size,
                                   (paging.page - 1) * paging.size));
  json items = json::array();
  for (const auto& r : page.items) items.push_back(ResidentJson(c, r, /*own=*/false));
  return Json(ListBody(items, page.total));
}

Result<http::Response> ReviewResidence(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, ResidentReviewFields()));
  JICENG_TRY(r,
             residents::Review(c.svc.ctx, c.actor(), id, body.OptBool("verified").value_or(false),
                               body.Str("reason"), body.OptInt("version")));
  return Json(ResidentJson(c, r, /*own=*/false));
}

}  // namespace

void RegisterResidentRoutes(Routes& routes) {
  using namespace schema;
  json resident = ResidentSchema();
  routes.push_back({"POST", "/api/residents/codes", "residents",
                    "获取短信验证码（居民注册或登录）/ send a one-time code to a mobile number",
                    RequestResidentCode, true});
  routes.back()
      .Id("requestResidentCode")
      .Body(ResidentCodeFields())
      .Returns(Obj({{"expires_in_s", Int()}, {"resend_after_s", Int()}}), 202)
      .Errors({429, 503});
  routes.push_back({"POST", "/api/residents/sessions", "residents",
                    "居民验证码登录（首次即注册）/ sign in with the code (signs up the first time)",
                    ResidentSignIn, true});
  routes.back()
      .Id("residentSignIn")
      .Body(ResidentSignInFields())
      .Returns(MeSchema(), 201)
      .Errors({401, 429, 503});
  routes.push_back({"GET", "/api/residents/me", "residents", "我的居民信息 / my resident record",
                    GetMyResidence});
  routes.back().Id("getMyResidence").Returns(resident);
  routes.push_back({"PATCH", "/api/residents/me", "residents",
                    "填写姓名、申报居住社区（改社区后待核实）/ set my name and community",
                    UpdateMyResidence});
  routes.back().Id("updateMyResidence").Body(ResidentUpdateFields()).Returns(resident);
  routes.push_back({"POST", "/api/residents/me/member", "residents",
                    "关联本人党员信息（身份证号与姓名一致）/ link my member record", LinkMyMember});
  routes.back().Id("linkMyMember").Body(ResidentLinkFields()).Returns(resident).Errors({429});
  std::vector<Field> query = {Field::Enum("status", {"none", "pending", "verified", "returned"})
                                  .Strict()
                                  .Doc("待核实 pending / 已核实 verified / 退回 returned"),
                              Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)};
  routes.push_back({"GET", "/api/orgs/{id}/residents", "residents",
                    "辖区居民（按居住社区）/ residents living in the subtree", ListOrgResidents,
                    false, false, nullptr, query});
  routes.back().Id("listOrgResidents").Returns(Ref("ResidentPage", Page(resident)));
  routes.push_back({"POST", "/api/residents/{id}/verification", "residents",
                    "核实或退回居民的居住社区 / verify or return a resident's community",
                    ReviewResidence});
  routes.back().Id("reviewResidence").Body(ResidentReviewFields()).Returns(resident);
}

// The residents module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module ResidentsModule() {
  Module m;
  m.name = "residents";
  m.summary = "居民账号与居住社区核实 / residents' accounts and residence";
  m.routes = RegisterResidentRoutes;
  return m;
}

}  // namespace jiceng::api
