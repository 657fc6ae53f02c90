// Meeting records: recording or planning a meeting (Create), reading one (Get) or a page of
// them (Search), editing an unconfirmed record (Update), the secretary's confirmation
// (Confirm) and corrections appended to a confirmed record (Correct) — with the rules every
// stored meeting obeys (CheckRecord) and what callers who may not read people see.
#include <nlohmann/json.hpp>
#include <set>

#include "domain/orgs.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/events.h"
#include "service/material_service.h"
#include "service/meeting_internal.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/member_repo.h"

namespace jiceng::meetings {
namespace {

using domain::MeetingState;
using domain::MeetingType;
using domain::Permission;

constexpr int64_t kClockSkewMs = 10 * 60 * 1000;  // "held" a few minutes early is fine
constexpr size_t kMaxAgendaItems = 50, kMaxAttendance = 2000, kMaxMaterials = 20;

tl::unexpected<Error> VersionConflict() {
  return Fail(ErrorKind::kConflict, "version_conflict",
              "记录已被他人修改，请刷新 / the record changed meanwhile: reload it");
}

std::string Snapshot(const store::MeetingRecord& m) {
  return nlohmann::json{{"org_id", m.org_id},
                        {"type", m.type},
                        {"title", m.title},
                        {"held_on", m.held_on},
                        {"state", m.state},
                        {"materials", m.material_ids.size()},
                        {"attendance", m.attendance.size()}}
      .dump();
}

Status CheckTexts(const store::MeetingRecord& m) {
  JICENG_CHECK(ValidateName(m.title, "title", 200, true));
  JICENG_CHECK(ValidateName(m.place, "place", 200, false));
  JICENG_CHECK(ValidateText(m.online_url, "online_url", 500, false));
  if (!m.online_url.empty() && m.online_url.rfind("https://", 0) != 0 &&
      m.online_url.rfind("http://", 0) != 0)
    return BadInput("online_url",
                    "线上会议链接须为 http(s) 地址 / online_url must be an http(s) URL");
  JICENG_CHECK(ValidateName(m.host, "host", 50, false));
  JICENG_CHECK(ValidateName(m.recorder, "recorder", 50, false));
  JICENG_CHECK(ValidateName(m.first_topic_leader, "first_topic.leader", 50, false));
  JICENG_CHECK(ValidateText(m.first_topic_notes, "first_topic.notes", 5000, false));
  JICENG_CHECK(ValidateText(m.minutes, "minutes", 20000, false));
  JICENG_CHECK(ValidateText(m.decisions, "decisions", 5000, false));
  return {};
}

Result<std::string> AgendaJson(const std::vector<std::string>& agenda) {
  if (agenda.size() > kMaxAgendaItems)
    return BadInput("agenda", "议程过多 / too many agenda items");
  for (const auto& item : agenda) JICENG_CHECK(ValidateName(item, "agenda", 200, true));
  return nlohmann::json(agenda).dump();
}

// The rules every stored meeting obeys: kind and type, time and state, first agenda item,
// attendance and materials that exist.
// True when `before` (the stored meeting) has `a`'s line with the same status.
bool Unchanged(const store::MeetingRecord* before, const store::AttendanceRecord& a) {
  if (!before) return false;
  for (const auto& b : before->attendance)
    if (b.member_id == a.member_id) return b.status == a.status;
  return false;
}

// `before`: the meeting as stored, when `m` is its edit.
Status CheckRecord(const Context& ctx, store::Tx& tx, const domain::Principal& who,
                   const index::OrgNode& org, const store::MeetingRecord& m,
                   const store::MeetingRecord* before = nullptr) {
  auto type = domain::ParseMeetingType(m.type);
  if (!type)
    return Fail(ErrorKind::kRuleBroken, "unknown_type", "未知的会议类型 / unknown meeting type",
                "type");
  if (!domain::MayHold(org.kind, *type))
    return Fail(ErrorKind::kRuleBroken, "type_not_for_org",
                "该组织不召开此类会议 / this organization does not hold " + m.type, "type");
  JICENG_CHECK(CheckLifetime(org, m.held_on, "held_at"));
  // A dissolved organization's records of meetings before its dissolution may still be
  // completed; without a recorded dissolution day nothing more is recorded.
  if (org.status != "active" && org.dissolved_on.empty())
    return Fail(ErrorKind::kRuleBroken, "org_dissolved", "组织已撤销 / organization dissolved",
                "org_id");
  auto state = domain::ParseMeetingState(m.state);
  if (!state || *state == MeetingState::kConfirmed)
    return BadInput("state",
                    "状态须为 planned、held 或 recorded / state must be planned, held "
                    "or recorded");
  if (*state != MeetingState::kPlanned && m.held_at > ctx.clock.NowMs() + kClockSkewMs)
    return Fail(ErrorKind::kRuleBroken, "not_yet_held",
                "会议时间尚未到：未来的会议只能作为计划，出席和记录在会后登记 / a meeting in the "
                "future is a plan: attendance and minutes are entered after it",
                "held_at");
  JICENG_CHECK(CheckTexts(m));
  if (*state == MeetingState::kRecorded) {
    if (m.attendance.empty())
      return Fail(ErrorKind::kRuleBroken, "attendance_required",
                  "记录会议须登记出席情况 / a recorded meeting lists its attendance", "attendance");
    if (domain::NeedsFirstTopic(*type) && m.material_ids.empty())
      return Fail(ErrorKind::kRuleBroken, "first_topic_required",
                  "第一议题须学习至少一份材料 / the first agenda item studies at least one "
                  "material",
                  "first_topic.material_ids");
  }
  if (m.material_ids.size() > kMaxMaterials)
    return BadInput("first_topic.material_ids", "学习材料过多 / too many materials");
  std::set<int64_t> materials(m.material_ids.begin(), m.material_ids.end());
  if (materials.size() != m.material_ids.size())
    return BadInput("first_topic.material_ids", "学习材料重复 / a material is listed twice");
  if (materials::CountExisting(tx, m.material_ids) != static_cast<int64_t>(materials.size()))
    return Fail(ErrorKind::kRuleBroken, "unknown_material", "学习材料不存在 / material not found",
                "first_topic.material_ids");
  if (m.attendance.size() > kMaxAttendance)
    return BadInput("attendance", "出席名单过长 / attendance list too long");
  std::set<int64_t> seen;
  for (const auto& a : m.attendance) {
    auto status = domain::ParseAttendance(a.status);
    if (!status)
      return BadInput("attendance.status",
                      "出席状态须为 present、excused、absent 或 attending / status must be "
                      "present, excused, absent or attending");
    if (*status == domain::Attendance::kExcused && a.reason.empty())
      return BadInput("attendance.reason", "请假须说明原因 / an excused absence needs a reason");
    JICENG_CHECK(ValidateText(a.reason, "attendance.reason", 200, false));
    if (!seen.insert(a.member_id).second)
      return BadInput("attendance.member_id", "人员重复 / a member is listed twice");
    // Attendees from other organizations are welcome; they must be registered members the
    // recorder may read (domain::kReadPeople): the record answers with their names, so an
    // id outside the recorder's scope is answered as one that does not exist (issue #12).
    auto attendee = store::MemberRepository::FindById(tx, a.member_id);
    if (!attendee || !orgs::Allow(ctx, who, domain::kReadPeople, attendee->org_id))
      return Fail(ErrorKind::kRuleBroken, "unknown_member",
                  "党员不存在 / member not found: " + std::to_string(a.member_id),
                  "attendance.member_id");
    // Judged by the person's status today, for lines the edit adds or changes: a line kept
    // as it was stays valid after its person moves on (an activist who attended 列席 and is
    // a probationary member now).
    if (!Unchanged(before, a) && !domain::MayAttendAs(attendee->status, *status))
      return Fail(ErrorKind::kRuleBroken, "attendance_not_allowed",
                  *status == domain::Attendance::kAttending
                      ? attendee->name + "须登记出席、请假或缺席，不能列席 / " +
                            std::to_string(a.member_id) +
                            " is present, excused or absent, not attending (列席 is for "
                            "applicants, activists and candidates)"
                      : attendee->name + "尚未入党，只能列席 / " + std::to_string(a.member_id) +
                            " is not a party member and only attends (列席)",
                  "attendance.status");
  }
  return {};
}

// A second held meeting of `m.type` in the period of its rhythm (the organization kind's
// rule) is usually a mistake — the same meeting entered twice — so it is recorded only when
// the caller confirms it. Types without a rule for the kind have no period to check.
// The organization's meetings are locked for the rest of the transaction first, so two
// requests at once (a double tap) cannot both find the period empty.
// `before`: the stored meeting when `m` is its edit; a meeting held that stays in its period
// makes no new pair.
Status CheckNotDuplicate(store::Tx& tx, const index::OrgNode& org, const store::MeetingRecord& m,
                         const store::MeetingRecord* before = nullptr) {
  if (m.state == "planned") return {};
  store::MeetingRepository::LockOrg(tx, m.org_id);
  for (const auto& rule : store::MeetingRepository::Rules(tx)) {
    if (rule.org_kind != org.kind || rule.type != m.type) continue;
    auto frequency = domain::ParseFrequency(rule.frequency);
    auto type = domain::ParseMeetingType(m.type);
    if (!frequency || !type) return {};
    auto period = domain::PeriodOf(*frequency, m.held_on);
    if (before && before->state != "planned" &&
        domain::PeriodOf(*frequency, before->held_on).from == period.from)
      return {};
    auto existing = store::MeetingRepository::FindHeldInPeriod(tx, m.org_id, m.type, period.from,
                                                               period.to, m.id);
    if (!existing) return {};
    return Fail(ErrorKind::kConflict, "duplicate_in_period",
                "本期（" + period.label + "）已有一次" +
                    std::string(domain::MeetingTypeName(*type)) + "（会议 #" +
                    std::to_string(*existing) + "），确认仍要记录 / period " + period.label +
                    " already has this meeting (#" + std::to_string(*existing) +
                    "): send confirm_duplicate to record another",
                "confirm_duplicate");
  }
  return {};
}

// The state of a meeting entered without one: a record when it carries attendance or
// minutes (which only a meeting that took place can have; CheckRecord refuses them on a
// meeting ahead), else a plan when it is ahead, else a meeting held.
std::string StateOf(const store::MeetingRecord& m, int64_t now) {
  if (!m.attendance.empty() || !m.minutes.empty()) return "recorded";
  return m.held_at > now + kClockSkewMs ? "planned" : "held";
}

Result<int64_t> ParseHeldAt(const std::string& text) {
  int64_t ms = 0;
  if (!ParseIsoTime(text, &ms) || text.size() <= 10)
    return BadInput("held_at",
                    "时间须为带时区的 ISO 8601，如 2024-08-15T19:30:00+08:00 / held_at must be ISO "
                    "8601 with an offset");
  return ms;
}

std::vector<store::AttendanceRecord> ToRecords(const std::vector<AttendanceInput>& in) {
  std::vector<store::AttendanceRecord> out;
  for (const auto& a : in) out.push_back({a.member_id, a.status, a.reason, "", 0});
  return out;
}

// The members on either record's attendance list (whose absence streaks may change).
std::vector<int64_t> Attendees(const store::MeetingRecord& m, const store::MeetingRecord* before) {
  std::set<int64_t> ids;
  for (const auto& a : m.attendance) ids.insert(a.member_id);
  if (before)
    for (const auto& a : before->attendance) ids.insert(a.member_id);
  return {ids.begin(), ids.end()};
}

// Writes the changed record (if still at `version`) with what follows from it (absence
// streaks; the search index after commit), audits the change, returns it reread.
Result<store::MeetingRecord> Save(store::Tx& tx, const Context& ctx, const Actor& actor,
                                  const store::MeetingRecord& m, int64_t version,
                                  const char* action, const store::MeetingRecord& before) {
  if (!store::MeetingRepository::Update(tx, m, version)) return VersionConflict();
  store::MeetingRepository::RefreshAbsences(tx, Attendees(m, &before));
  auto saved = *store::MeetingRepository::FindById(tx, m.id);
  if (ctx.events) ctx.events->Publish(tx, MeetingSaved{saved});
  Track(ctx, tx, &before, saved);
  audit::Record(tx, ctx, actor,
                {action, "meeting", m.id, m.org_id, Snapshot(before), Snapshot(saved)});
  return saved;
}

}  // namespace

tl::unexpected<Error> MeetingNotFound() { return NotFound("会议不存在 / meeting not found"); }

Status CheckLifetime(const index::OrgNode& org, const std::string& local_date, const char* field) {
  if (!org.founded_on.empty() && local_date < org.founded_on)
    return Fail(ErrorKind::kRuleBroken, "before_founded",
                "会议日期（" + local_date + "）早于该组织成立日期（" + org.founded_on +
                    "）/ the meeting is dated before the organization was founded",
                field);
  if (org.status != "active" && !org.dissolved_on.empty() && local_date > org.dissolved_on)
    return Fail(ErrorKind::kRuleBroken, "after_dissolved",
                "会议日期（" + local_date + "）晚于该组织撤销日期（" + org.dissolved_on +
                    "）/ the meeting is dated after the organization was dissolved",
                field);
  return {};
}

std::optional<int64_t> RegionOf(const index::OrgTree::Snapshot& tree, int64_t org_id) {
  for (const auto* n : tree.Chain(org_id))
    if (domain::IsDistrictLevel(n->kind)) return n->id;
  return std::nullopt;
}

Result<store::MeetingRecord> Load(const Context& ctx, store::Tx& tx, const domain::Principal& who,
                                  int64_t id, Permission permission) {
  auto m = store::MeetingRepository::FindById(tx, id);
  if (!m) return MeetingNotFound();
  if (auto s = orgs::Allow(ctx, who, permission, m->org_id); !s) {
    if (s.error().kind == ErrorKind::kNotFound) return MeetingNotFound();
    return tl::unexpected(s.error());
  }
  return std::move(*m);
}

Result<store::MeetingRecord> Create(const Context& ctx, const Actor& actor,
                                    const MeetingInput& in) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(in.org_id);
  if (!org)
    return Fail(ErrorKind::kRuleBroken, "unknown_org", "组织不存在 / organization not found",
                "org_id");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, Permission::kRecordMeetings, in.org_id));
  store::MeetingRecord m;
  m.org_id = in.org_id;
  m.region_id = RegionOf(*tree, in.org_id);
  m.type = in.type;
  m.title = in.title;
  JICENG_TRY(held_at, ParseHeldAt(in.held_at));
  m.held_at = held_at;
  m.held_on = domain::ShanghaiDate(held_at);
  m.place = in.place;
  m.online_url = in.online_url;
  m.host = in.host;
  m.recorder = in.recorder;
  JICENG_TRY(agenda, AgendaJson(in.agenda));
  m.agenda_json = agenda;
  m.material_ids = in.material_ids;
  m.first_topic_leader = in.first_topic_leader;
  m.first_topic_notes = in.first_topic_notes;
  m.minutes = in.minutes;
  m.decisions = in.decisions;
  m.attendance = ToRecords(in.attendance);
  int64_t now = ctx.clock.NowMs();
  m.state = in.state ? *in.state : StateOf(m, now);
  m.created_by = actor.principal->user_id;
  m.created_at = m.updated_at = now;
  auto made = ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_CHECK(CheckRecord(ctx, tx, *actor.principal, *org, m));
    if (!in.confirm_duplicate) JICENG_CHECK(CheckNotDuplicate(tx, *org, m));
    int64_t id = store::MeetingRepository::Insert(tx, m);
    store::MeetingRepository::RefreshAbsences(tx, Attendees(m, nullptr));
    auto saved = *store::MeetingRepository::FindById(tx, id);
    if (ctx.events) ctx.events->Publish(tx, MeetingSaved{saved});
    Track(ctx, tx, nullptr, saved);
    audit::Record(tx, ctx, actor,
                  {"meeting.create", "meeting", id, m.org_id, std::nullopt, Snapshot(saved)});
    return saved;
  });
  return made;
}

namespace {

// A meeting as seen by a caller who may read its organization but not its people (issue
// #12: the data rules of /api/members, domain::kReadPeople): security administrators,
// auditors, members and residents. The host, the recorder and the first item's leader
// are names; the attendance list names everyone on it — a member keeps their own line;
// attachments are photos and sign-in sheets. Corrections of those fields go too.
void HidePeople(store::MeetingRecord& m, const domain::Principal& who) {
  m.people_hidden = true;
  m.host.clear();
  m.recorder.clear();
  m.first_topic_leader.clear();
  std::erase_if(m.attendance, [&](const store::AttendanceRecord& a) {
    return !who.member_id || a.member_id != *who.member_id;
  });
  m.attachments.clear();
  std::erase_if(m.corrections, [](const store::CorrectionRecord& c) {
    return c.field == "host" || c.field == "recorder" || c.field == "first_topic.leader" ||
           c.field == "attendance";
  });
}

bool MayReadPeople(const Context& ctx, const domain::Principal& who, int64_t org_id) {
  return static_cast<bool>(orgs::Allow(ctx, who, domain::kReadPeople, org_id));
}

}  // namespace

Result<store::MeetingRecord> Get(const Context& ctx, const domain::Principal& who, int64_t id) {
  auto m =
      ctx.db.Read([&](store::Tx& tx) { return Load(ctx, tx, who, id, Permission::kReadOrgs); });
  if (m && !MayReadPeople(ctx, who, m->org_id)) HidePeople(*m, who);
  return m;
}

Result<Page> Search(const Context& ctx, const domain::Principal& who, const Query& q) {
  std::vector<int64_t> roots;
  if (q.org) {
    if (!ctx.orgs.snapshot()->Find(*q.org)) return NotFound("组织不存在 / organization not found");
    JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, *q.org));
    roots.push_back(*q.org);
  } else {
    roots = domain::ScopeRoots(who, Permission::kReadOrgs);
  }
  if (!q.type.empty() && !domain::ParseMeetingType(q.type))
    return BadInput("type", "未知的会议类型 / unknown meeting type");
  for (const auto* d : {&q.from, &q.to})
    if (!d->empty()) JICENG_CHECK(domain::ValidateDate(*d, d == &q.from ? "from" : "to"));
  if (roots.empty()) return Page{};
  return ctx.db.Read([&](store::Tx& tx) {
    store::MeetingSearch s;
    s.subtree = orgs::SubtreeOf(ctx, tx, roots);
    s.type = q.type;
    s.from = q.from;
    s.to = q.to;
    s.limit = q.size;
    s.offset = (q.page - 1) * q.size;
    Page page;
    page.items = store::MeetingRepository::Search(tx, s);
    page.total = store::MeetingRepository::Count(tx, s);
    for (auto& m : page.items)
      if (!MayReadPeople(ctx, who, m.org_id)) HidePeople(m, who);
    return page;
  });
}

Result<store::MeetingRecord> Update(const Context& ctx, const Actor& actor, int64_t id,
                                    const MeetingPatch& p) {
  auto tree = ctx.orgs.snapshot();
  std::optional<store::MeetingRecord> before;
  auto updated = ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_TRY(m, Load(ctx, tx, *actor.principal, id, Permission::kRecordMeetings));
    before = m;
    if (m.state == "confirmed")
      return Fail(ErrorKind::kConflict, "meeting_confirmed",
                  "会议记录已确认，不可修改；请追加更正 / the record is confirmed: append a "
                  "correction instead");
    if (p.version != m.version) return VersionConflict();
    if (p.title) m.title = *p.title;
    if (p.held_at) {
      JICENG_TRY(held_at, ParseHeldAt(*p.held_at));
      m.held_at = held_at;
      m.held_on = domain::ShanghaiDate(held_at);
    }
    if (p.state) m.state = *p.state;
    if (p.place) m.place = *p.place;
    if (p.online_url) m.online_url = *p.online_url;
    if (p.host) m.host = *p.host;
    if (p.recorder) m.recorder = *p.recorder;
    if (p.agenda) {
      JICENG_TRY(agenda, AgendaJson(*p.agenda));
      m.agenda_json = agenda;
    }
    if (p.material_ids) m.material_ids = *p.material_ids;
    if (p.first_topic_leader) m.first_topic_leader = *p.first_topic_leader;
    if (p.first_topic_notes) m.first_topic_notes = *p.first_topic_notes;
    if (p.minutes) m.minutes = *p.minutes;
    if (p.decisions) m.decisions = *p.decisions;
    if (p.attendance) m.attendance = ToRecords(*p.attendance);
    // An edit of when it was, who came or what was said, without a state: the state follows
    // from them as when the meeting was first entered.
    if (!p.state && (p.held_at || p.attendance || p.minutes))
      m.state = StateOf(m, ctx.clock.NowMs());
    const auto* org = tree->Find(m.org_id);
    if (!org) return MeetingNotFound();
    JICENG_CHECK(CheckRecord(ctx, tx, *actor.principal, *org, m, &*before));
    // A plan becoming a meeting held, or a meeting moved to another period, may make a
    // second one of its type in the period (this one itself is not counted).
    if (!p.confirm_duplicate) JICENG_CHECK(CheckNotDuplicate(tx, *org, m, &*before));
    m.updated_at = ctx.clock.NowMs();
    return Save(tx, ctx, actor, m, p.version, "meeting.update", *before);
  });
  return updated;
}

Result<store::MeetingRecord> Confirm(const Context& ctx, const Actor& actor, int64_t id,
                                     int64_t version) {
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_TRY(m, Load(ctx, tx, *actor.principal, id, Permission::kRecordMeetings));
    if (m.state == "confirmed")
      return Fail(ErrorKind::kConflict, "meeting_confirmed", "会议记录已确认 / already confirmed");
    if (m.state != "recorded")
      return Fail(ErrorKind::kRuleBroken, "not_recorded",
                  "会议记录完成后方可确认 / only a recorded meeting can be confirmed", "state");
    if (version != m.version) return VersionConflict();
    const store::MeetingRecord before = m;
    m.state = "confirmed";
    m.confirmed_by = actor.principal->user_id;
    m.confirmed_at = m.updated_at = ctx.clock.NowMs();
    return Save(tx, ctx, actor, m, version, "meeting.confirm", before);
  });
}

Result<store::MeetingRecord> Correct(const Context& ctx, const Actor& actor, int64_t id,
                                     const std::string& field, const std::string& value,
                                     const std::string& reason) {
  static const std::set<std::string> kFields = {
      "title",     "place", "host", "recorder", "minutes", "decisions", "first_topic.notes",
      "attendance"};
  if (!kFields.count(field))
    return BadInput("field", "不可更正的字段 / this field cannot be corrected: " + field);
  // Names and one-line labels take the one name validator, as when they were first recorded.
  if (field == "host" || field == "recorder")
    JICENG_CHECK(ValidateName(value, "value", 50, true));
  else if (field == "title" || field == "place")
    JICENG_CHECK(ValidateName(value, "value", 200, true));
  else
    JICENG_CHECK(ValidateText(value, "value", 20000, true));
  JICENG_CHECK(ValidateText(reason, "reason", 500, true));
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_TRY(m, Load(ctx, tx, *actor.principal, id, Permission::kRecordMeetings));
    if (m.state != "confirmed")
      return Fail(ErrorKind::kRuleBroken, "not_confirmed",
                  "未确认的记录直接修改即可 / edit an unconfirmed record directly", "state");
    store::CorrectionRecord c;
    c.field = field;
    c.value = value;
    c.reason = reason;
    c.created_by = actor.principal->user_id;
    c.created_at = ctx.clock.NowMs();
    store::MeetingRepository::AddCorrection(tx, id, c);
    auto saved = *store::MeetingRepository::FindById(tx, id);
    if (ctx.events) ctx.events->Publish(tx, MeetingSaved{saved});
    audit::Record(tx, ctx, actor,
                  {"meeting.correct", "meeting", id, m.org_id, std::nullopt,
                   nlohmann::json{{"field", field}, {"reason", reason}}.dump()});
    return saved;
  });
}

}  // namespace jiceng::meetings
