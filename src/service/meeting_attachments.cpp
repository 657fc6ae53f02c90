// Attachments of a meeting (photos, PDFs, office files) while it is not confirmed: checked
// before the file is received, stored outside the database by their SHA-256, verified
// when read, removed.
#include <nlohmann/json.hpp>

#include "platform/clock.h"
#include "platform/config.h"
#include "platform/file_store.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/meeting_internal.h"
#include "service/meeting_service.h"
#include "store/db.h"

namespace jiceng::meetings {

using domain::Permission;

namespace {

// The meeting `who` may attach a file to now: in their scope for recording, not confirmed,
// with room for one more attachment.
Result<store::MeetingRecord> AttachableMeeting(const Context& ctx, store::Tx& tx,
                                               const domain::Principal& who, int64_t meeting_id) {
  JICENG_TRY(m, Load(ctx, tx, who, meeting_id, Permission::kRecordMeetings));
  if (m.state == "confirmed")
    return Fail(ErrorKind::kConflict, "meeting_confirmed",
                "会议记录已确认，不可添加附件 / the record is confirmed");
  if (m.attachments.size() >= domain::kMaxAttachments)
    return Fail(ErrorKind::kRuleBroken, "too_many_attachments",
                "每次会议最多 30 个附件 / at most 30 attachments per meeting", "file");
  return m;
}

Status CheckAttachmentSize(uint64_t bytes) {
  if (bytes > domain::kMaxAttachmentBytes)
    return Fail(ErrorKind::kTooLarge, "attachment_too_large",
                "附件不能超过 20 MB / an attachment is at most 20 MB", "file");
  return {};
}

}  // namespace

Status CheckAttachable(const Context& ctx, const Actor& actor, int64_t meeting_id,
                       std::optional<uint64_t> declared_bytes) {
  if (declared_bytes) JICENG_CHECK(CheckAttachmentSize(*declared_bytes));
  return ctx.db.Read([&](store::Tx& tx) -> Status {
    JICENG_TRY(m, AttachableMeeting(ctx, tx, *actor.principal, meeting_id));
    (void)m;
    return {};
  });
}

Result<store::AttachmentRecord> AddAttachment(const Context& ctx, const Actor& actor,
                                              int64_t meeting_id, const std::string& name,
                                              std::string_view bytes) {
  JICENG_CHECK(ValidateName(name, "name", 200, true));
  if (name.find_first_of("/\\") != std::string::npos)
    return BadInput("name", "文件名不能含路径 / a file name without a path");
  if (bytes.empty()) return BadInput("file", "请上传文件 / upload a file as the body");
  JICENG_CHECK(CheckAttachmentSize(bytes.size()));
  auto type = domain::AttachmentType(bytes, name);
  if (!type)
    return Fail(ErrorKind::kUnsupportedMedia, "attachment_type",
                "仅支持照片（JPEG、PNG、WebP）、PDF 和 Office 文件 / photos (JPEG, PNG, WebP), PDF "
                "and office files only",
                "file");
  // Checked before the bytes are written, and again in the transaction that adds the row.
  auto check = [&](store::Tx& tx) {
    return AttachableMeeting(ctx, tx, *actor.principal, meeting_id);
  };
  JICENG_CHECK(ctx.db.Read(check));
  JICENG_TRY(sha, StoreFile(ctx.config.attachments_dir, bytes));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::AttachmentRecord> {
    JICENG_TRY(m, check(tx));
    store::AttachmentRecord a;
    a.meeting_id = meeting_id;
    a.name = name;
    a.content_type = std::string(*type);
    a.size = static_cast<int64_t>(bytes.size());
    a.sha256 = sha;
    a.created_by = actor.principal->user_id;
    a.created_at = ctx.clock.NowMs();
    a.id = store::MeetingRepository::AddAttachment(tx, a);
    audit::Record(
        tx, ctx, actor,
        {"meeting.attach", "meeting", meeting_id, m.org_id, std::nullopt,
         nlohmann::json{
             {"attachment_id", a.id}, {"name", a.name}, {"sha256", a.sha256}, {"size", a.size}}
             .dump()});
    return a;
  });
}

Result<AttachmentFile> GetAttachment(const Context& ctx, const domain::Principal& who,
                                     int64_t meeting_id, int64_t attachment_id) {
  // Photos and sign-in sheets show people: the members routes' rule (domain::kReadPeople).
  JICENG_TRY(m, ctx.db.Read([&](store::Tx& tx) {
    return Load(ctx, tx, who, meeting_id, domain::kReadPeople);
  }));
  for (auto& a : m.attachments)
    if (a.id == attachment_id) {
      JICENG_TRY(bytes, LoadFile(ctx.config.attachments_dir, a.sha256));
      return AttachmentFile{std::move(a), std::move(bytes)};
    }
  return NotFound("附件不存在 / attachment not found");
}

Status RemoveAttachment(const Context& ctx, const Actor& actor, int64_t meeting_id,
                        int64_t attachment_id) {
  return ctx.db.Write([&](store::Tx& tx) -> Status {
    JICENG_TRY(m, Load(ctx, tx, *actor.principal, meeting_id, Permission::kRecordMeetings));
    if (m.state == "confirmed")
      return Fail(ErrorKind::kConflict, "meeting_confirmed",
                  "会议记录已确认，不可删除附件 / the record is confirmed");
    if (!store::MeetingRepository::RemoveAttachment(tx, meeting_id, attachment_id))
      return NotFound("附件不存在 / attachment not found");
    audit::Record(tx, ctx, actor,
                  {"meeting.detach", "meeting", meeting_id, m.org_id, std::nullopt,
                   nlohmann::json{{"attachment_id", attachment_id}}.dump()});
    return {};
  });
}

}  // namespace jiceng::meetings
