// Attachments of a meeting over HTTP: POST /api/meetings/{id}/attachments (the body is the
// file, checked before it is received), GET and DELETE /api/meetings/{id}/attachments/{aid}.
#include "api/meeting_routes.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

Result<http::Response> AddAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(name, c.Text("name"));
  if (name.empty()) return BadInput("name", "缺少文件名 / name (the file name) is required");
  JICENG_TRY(a, meetings::AddAttachment(c.svc.ctx, c.actor(), id, name, c.req.body));
  return Json(AttachmentJson(a), 201);
}

// Before the file is received: the meeting is in scope, open, and the file not too large.
Status MayAttach(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  return meetings::CheckAttachable(c.svc.ctx, c.actor(), id, c.req.content_length);
}

Result<http::Response> GetAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(aid, PathId(c.req, "aid"));
  JICENG_TRY(file, meetings::GetAttachment(c.svc.ctx, *c.who, id, aid));
  return Download(file.record.name, file.record.content_type, std::move(file.bytes));
}

Result<http::Response> DeleteAttachment(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(aid, PathId(c.req, "aid"));
  JICENG_CHECK(meetings::RemoveAttachment(c.svc.ctx, c.actor(), id, aid));
  http::Response res;
  res.status = 204;
  return res;
}

// What an attachment may be (domain::SniffAttachmentType's list).
constexpr const char* kAttachmentMedia =
    "image/jpeg|image/png|image/webp|application/pdf|"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document|"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet|"
    "application/vnd.openxmlformats-officedocument.presentationml.presentation|"
    "application/msword|application/vnd.ms-excel|application/vnd.ms-powerpoint";

}  // namespace

void RegisterMeetingAttachmentRoutes(Routes& routes) {
  routes.push_back({"POST",
                    "/api/meetings/{id}/attachments",
                    "meetings",
                    "上传附件（照片、PDF、Office 文件；请求体为文件本身）/ attach a file (the body "
                    "is the file)",
                    AddAttachment,
                    false,
                    false,
                    nullptr,
                    {Field::String("name", 200).Required().Doc("文件名 / the file's name")},
                    /*upload=*/true,
                    MayAttach});
  routes.back().Id("addMeetingAttachment").Returns(AttachmentSchema(), 201);
  routes.push_back({"GET", "/api/meetings/{id}/attachments/{aid}", "meetings",
                    "下载附件 / an attachment", GetAttachment});
  routes.back().Id("getMeetingAttachment").ReturnsFile(kAttachmentMedia);
  routes.push_back({"DELETE", "/api/meetings/{id}/attachments/{aid}", "meetings",
                    "删除附件（未确认的记录）/ remove an attachment", DeleteAttachment});
  routes.back().Id("removeMeetingAttachment").Returns(nullptr, 204);
}

}  // namespace jiceng::api
