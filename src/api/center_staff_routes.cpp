// A center's staff work (issue 15): its photos, staff leave (windows unstaffed on a day) and
// who is on duty (值班安排). The managers of the center (`centers.manage`) change them; the
// photos and today's duty are public on the center's page (center_routes.cpp).
#include <nlohmann/json.hpp>

#include "api/center_routes.h"
#include "api/schema.h"
#include "api/views.h"
#include "service/center_service.h"

namespace jiceng::api {

namespace {

Result<http::Response> AddPhoto(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(p, centers::AddPhoto(c.svc.ctx, c.actor(), id, c.req.body));
  return Json({{"id", p.id},
               {"url", "/api/centers/" + std::to_string(id) + "/photos/" + std::to_string(p.id)},
               {"content_type", p.content_type},
               {"size", p.size}},
              201);
}

Status MayAddPhoto(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  return centers::CheckPhotoUpload(c.svc.ctx, c.actor(), id, c.req.content_length);
}

Result<http::Response> GetPhoto(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(pid, PathId(c.req, "photo_id"));
  JICENG_TRY(photo, centers::GetPhoto(c.svc.ctx, id, pid));
  http::Response res;
  res.content_type = photo.record.content_type;
  res.body = std::move(photo.bytes);
  // Content-addressed: a photo's bytes never change under its id.
  res.SetHeader("Cache-Control", "public, max-age=86400");
  res.SetHeader("X-Content-Type-Options", "nosniff");
  return res;
}

Result<http::Response> RemovePhoto(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(pid, PathId(c.req, "photo_id"));
  JICENG_CHECK(centers::RemovePhoto(c.svc.ctx, c.actor(), id, pid));
  http::Response res;
  res.status = 204;
  return res;
}

const std::shared_ptr<const Fields>& LeaveFields() {
  static const auto fields = std::make_shared<const Fields>(
      Fields{Field::Int("counters_off", 0, 100).Required().Doc("停开窗口数，0 为取消 / 0 clears"),
             Field::String("reason", 200)});
  return fields;
}

Result<http::Response> PutLeave(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, LeaveFields()));
  JICENG_TRY(leave, centers::PutLeave(c.svc.ctx, c.actor(), id, c.req.params["date"],
                                      body.Int("counters_off"), body.Str("reason")));
  return Json(
      {{"date", leave.day}, {"counters_off", leave.counters_off}, {"reason", leave.reason}});
}

Result<http::Response> ListLeave(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(list, centers::LeaveOf(c.svc.ctx, *c.who, id));
  json items = json::array();
  for (const auto& l : list)
    items.push_back({{"date", l.day}, {"counters_off", l.counters_off}, {"reason", l.reason}});
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

const std::shared_ptr<const Fields>& DutyFields() {
  static const auto fields = std::make_shared<const Fields>(Fields{
      Field::Array(
          "staff",
          Field::Object("staff", {Field::String("name", 30).Required(), Field::String("post", 30)},
                        "值班人员须为对象 / each person is an object"),
          "staff 须为值班人员数组（至多 20 人）/ staff: at most 20 people", centers::kMaxOnDuty)
          .Required()
          .Doc("当日值班人员，按顺序；空数组为清除 / the day's list in order; [] clears")});
  return fields;
}

json DutyDayJson(const centers::DutyDay& d) {
  json staff = json::array();
  for (const auto& s : d.staff) staff.push_back({{"name", s.name}, {"post", s.post}});
  return {{"date", d.day}, {"staff", staff}};
}

Result<http::Response> PutDuty(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(body, ParseBody(c.req, DutyFields()));
  std::vector<centers::OnDuty> staff;
  for (const auto& item : body.Objects("staff"))
    staff.push_back({item.Str("name"), item.Str("post")});
  JICENG_TRY(day,
             centers::PutDuty(c.svc.ctx, c.actor(), id, c.req.params["date"], std::move(staff)));
  return Json(DutyDayJson(day));
}

Result<http::Response> ListDuty(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(from, c.Text("from"));
  JICENG_TRY(to, c.Text("to"));
  JICENG_TRY(days, centers::DutyOf(c.svc.ctx, *c.who, id, from, to));
  json items = json::array();
  for (const auto& d : days) items.push_back(DutyDayJson(d));
  return Json(ListBody(items, static_cast<int64_t>(items.size())));
}

}  // namespace

json OnDutySchema() {
  using namespace schema;
  return ArrayOf(Obj({{"name", Str()}, {"post", Str()}}));
}

json OnDutyJson(const std::vector<centers::OnDuty>& staff) {
  json out = json::array();
  for (const auto& s : staff) out.push_back({{"name", s.name}, {"post", s.post}});
  return out;
}

void RegisterCenterStaffRoutes(Routes& routes) {
  using namespace schema;
  routes.push_back(
      {"POST",
       "/api/centers/{id}/photos",
       "centers",
       "上传中心照片（请求体为 JPEG/PNG/WebP 图片）/ add a photo (the body is the image)",
       AddPhoto,
       false,
       false,
       nullptr,
       {},
       /*upload=*/true,
       MayAddPhoto});
  routes.back()
      .Id("addCenterPhoto")
      .Returns(Obj({{"id", Int()}, {"url", Str()}, {"content_type", Str()}, {"size", Int()}}), 201)
      .Errors({413, 422});
  routes.push_back({"GET", "/api/centers/{id}/photos/{photo_id}", "centers",
                    "中心照片 / a photo of the center", GetPhoto, true});
  routes.back().Id("getCenterPhoto").ReturnsFile("image/jpeg|image/png|image/webp");
  routes.push_back({"DELETE", "/api/centers/{id}/photos/{photo_id}", "centers",
                    "删除中心照片 / remove a photo", RemovePhoto});
  routes.back().Id("removeCenterPhoto").Returns(nullptr, 204);
  json leave = Obj({{"date", Date()}, {"counters_off", Int()}, {"reason", Str()}});
  routes.push_back({"PUT", "/api/centers/{id}/leave/{date}", "centers",
                    "登记某日停开的窗口（人员请假）/ windows unstaffed on a day (staff leave)",
                    PutLeave});
  routes.back().Id("putCenterLeave").Body(LeaveFields()).Returns(leave);
  routes.push_back({"GET", "/api/centers/{id}/leave", "centers",
                    "今天起登记的停开窗口 / staff leave from today on", ListLeave});
  routes.back().Id("listCenterLeave").Returns(Page(leave));
  json duty = Obj({{"date", Date()}, {"staff", OnDutySchema()}});
  routes.push_back({"PUT", "/api/centers/{id}/duty/{date}", "centers",
                    "安排某日的值班人员（整日替换）/ the staff on duty on a day", PutDuty});
  routes.back().Id("putCenterDuty").Body(DutyFields()).Returns(duty);
  routes.push_back(
      {"GET",
       "/api/centers/{id}/duty",
       "centers",
       "值班安排（默认今天起 31 天）/ the duty rota, 31 days from today by default",
       ListDuty,
       false,
       false,
       nullptr,
       {Field::String("from", 10).Doc("起始日 YYYY-MM-DD / first day"),
        Field::String("to", 10).Doc("截止日（含，最多 92 天）/ last day, ≤ 92 days")}});
  routes.back().Id("listCenterDuty").Returns(Page(duty));
}

}  // namespace jiceng::api
