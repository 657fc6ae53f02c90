// Organizational life's use cases. Past the ~600-line mark on purpose, for now: the seam is
// compliance (ComplianceOf and its rhythm walk) against planning (PlanYear, Calendar,
// Reminders), but both share the subtree rhythm (`Rhythm`, `WithRhythm`, `DaysFrom`); the
// split moves those into a header of their own first (issue 13's module work).
#include "service/meeting_service.h"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "domain/orgs.h"
#include "index/facts.h"
#include "index/full_members.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/file_store.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/facts_service.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "service/search_service.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/search_repo.h"

namespace jiceng::meetings {
namespace {

using domain::MeetingState;
using domain::MeetingType;
using domain::Permission;

constexpr int64_t kClockSkewMs = 10 * 60 * 1000;  // "held" a few minutes early is fine
constexpr size_t kMaxAgendaItems = 50, kMaxAttendance = 2000, kMaxMaterials = 20;

tl::unexpected<Error> MeetingNotFound() { return NotFound("会议不存在 / meeting not found"); }

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

// An organization meets while it exists: from the day it was founded (founded_on) to the
// day it was dissolved (dissolved_on), both inclusive — a meeting dated outside is refused
// (422 on `field`), whichever path it comes in by (record, plan, edit, demo).
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

// The rules every stored meeting obeys: kind and type, time and state, first agenda item,
// attendance and materials that exist.
Status CheckRecord(const Context& ctx, store::Tx& tx, const domain::Principal& who,
                   const index::OrgNode& org, const store::MeetingRecord& m) {
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
                "会议时间尚未到 / a meeting in the future cannot have been held", "held_at");
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
  if (store::MaterialRepository::CountExisting(tx, m.material_ids) !=
      static_cast<int64_t>(materials.size()))
    return Fail(ErrorKind::kRuleBroken, "unknown_material", "学习材料不存在 / material not found",
                "first_topic.material_ids");
  if (m.attendance.size() > kMaxAttendance)
    return BadInput("attendance", "出席名单过长 / attendance list too long");
  std::set<int64_t> seen;
  for (const auto& a : m.attendance) {
    auto status = domain::ParseAttendance(a.status);
    if (!status)
      return BadInput("attendance.status",
                      "出席状态须为 present、excused 或 absent / status must be present, excused "
                      "or absent");
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
  }
  return {};
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

std::optional<int64_t> RegionOf(const index::OrgTree::Snapshot& tree, int64_t org_id) {
  for (const auto* n : tree.Chain(org_id))
    if (domain::IsDistrictLevel(n->kind)) return n->id;
  return std::nullopt;
}

// Loads a meeting the caller may work on (`permission` on its organization).
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

// The members on either record's attendance list (whose absence streaks may change).
std::vector<int64_t> Attendees(const store::MeetingRecord& m, const store::MeetingRecord* before) {
  std::set<int64_t> ids;
  for (const auto& a : m.attendance) ids.insert(a.member_id);
  if (before)
    for (const auto& a : before->attendance) ids.insert(a.member_id);
  return {ids.begin(), ids.end()};
}

void Track(const Context& ctx, store::Tx& tx, const store::MeetingRecord* before,
           const store::MeetingRecord& after);

// Writes the changed record (if still at `version`) with what follows from it (absence
// streaks, the search index), audits the change, returns it reread.
Result<store::MeetingRecord> Save(store::Tx& tx, const Context& ctx, const Actor& actor,
                                  const store::MeetingRecord& m, int64_t version,
                                  const char* action, const store::MeetingRecord& before) {
  if (!store::MeetingRepository::Update(tx, m, version)) return VersionConflict();
  store::MeetingRepository::RefreshAbsences(tx, Attendees(m, &before));
  auto saved = *store::MeetingRepository::FindById(tx, m.id);
  search::IndexMeeting(tx, saved);
  Track(ctx, tx, &before, saved);
  audit::Record(tx, ctx, actor,
                {action, "meeting", m.id, m.org_id, Snapshot(before), Snapshot(saved)});
  return saved;
}

// A meeting type's slot in the in-memory stats (-1: unknown).
int TypeSlot(const std::string& code) {
  auto t = domain::ParseMeetingType(code);
  return t ? static_cast<int>(*t) : -1;
}

// The meetings' measures (DeclareFacts): "meetings.<type>" for each type (the slot order of
// domain::MeetingType), then these.
constexpr const char* kFirstTopic = "meetings.first_topic";
constexpr const char* kPresent = "meetings.present";
constexpr const char* kExcused = "meetings.excused";
constexpr const char* kAbsent = "meetings.absent";

std::string TypeMeasure(std::string_view code) { return "meetings." + std::string(code); }

// Each type's measure by slot (−1 for none).
std::vector<facts::MeasureId> TypeMeasures(const Context& ctx) {
  std::vector<facts::MeasureId> out;
  for (auto t : domain::AllMeetingTypes()) {
    auto m = ctx.facts.registry().Find(TypeMeasure(domain::MeetingTypeCode(t)));
    size_t slot = static_cast<size_t>(t);
    if (out.size() <= slot) out.resize(slot + 1, -1);
    out[slot] = m ? *m : -1;
  }
  return out;
}

facts::MeasureId Measure(const Context& ctx, const char* name) {
  return *ctx.facts.registry().Find(name);
}

// What a meeting adds to the facts (`sign` −1: takes it out): nothing while planned.
void AddFacts(const Context& ctx, const store::MeetingRecord& m, int sign,
              std::vector<facts::Fact>& out) {
  if (m.state == "planned") return;
  const int32_t month = facts::MonthIndex(m.held_on);
  auto add = [&](facts::MeasureId measure, int64_t n) {
    if (n) out.push_back({m.org_id, month, measure, sign * n});
  };
  if (auto type = ctx.facts.registry().Find(TypeMeasure(m.type))) add(*type, 1);
  add(Measure(ctx, kFirstTopic), m.material_ids.empty() ? 0 : 1);
  int64_t present = 0, excused = 0, absent = 0;
  for (const auto& a : m.attendance)
    ++(a.status == "present" ? present : a.status == "excused" ? excused : absent);
  add(Measure(ctx, kPresent), present);
  add(Measure(ctx, kExcused), excused);
  add(Measure(ctx, kAbsent), absent);
}

// In a write's transaction: the old record's numbers out, the new one's in.
void Track(const Context& ctx, store::Tx& tx, const store::MeetingRecord* before,
           const store::MeetingRecord& after) {
  std::vector<facts::Fact> delta;
  if (before) AddFacts(ctx, *before, -1, delta);
  AddFacts(ctx, after, +1, delta);
  facts::Record(ctx, tx, delta);
}

// The dashboard's numbers of a subtree and period from the facts: meetings (all types),
// first-agenda-item sessions, person-times and the readings' sessions and time.
struct Sums {
  StatCounts total;
  std::map<int32_t, StatCounts> by_month;
};
Sums SumOf(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
           const index::OrgNode& root, const domain::Period& period) {
  std::vector<facts::MeasureId> measures;
  for (auto m : TypeMeasures(ctx))
    if (m >= 0) measures.push_back(m);
  const size_t types = measures.size();
  for (const char* name :
       {kFirstTopic, kPresent, kExcused, kAbsent, "readings.sessions", "readings.seconds"}) {
    auto m = ctx.facts.registry().Find(name);
    measures.push_back(m ? *m : -1);
  }
  auto answer = ctx.facts.Sum(tree, root, facts::MonthIndex(period.from),
                              facts::MonthIndex(period.to), measures);
  auto counts = [&](const std::vector<int64_t>& v) {
    StatCounts c;
    for (size_t k = 0; k < types; ++k) c.meetings += v[k];
    c.first_topic = v[types];
    c.present = v[types + 1];
    c.excused = v[types + 2];
    c.absent = v[types + 3];
    c.readings = v[types + 4];
    c.reading_seconds = v[types + 5];
    return c;
  };
  Sums out;
  out.total = counts(answer.total);
  for (const auto& [month, v] : answer.by_month) out.by_month.emplace(month, counts(v));
  return out;
}

}  // namespace

void DeclareFacts(facts::Registry& registry) {
  std::vector<facts::MeasureId> by_slot;
  for (auto t : domain::AllMeetingTypes()) {
    size_t slot = static_cast<size_t>(t);
    if (by_slot.size() <= slot) by_slot.resize(slot + 1, -1);
    by_slot[slot] = registry.Declare("meetings", TypeMeasure(domain::MeetingTypeCode(t)));
  }
  const facts::MeasureId first_topic = registry.Declare("meetings", kFirstTopic),
                         present = registry.Declare("meetings", kPresent),
                         excused = registry.Declare("meetings", kExcused),
                         absent = registry.Declare("meetings", kAbsent);
  registry.SetRecount("meetings", [=](store::Tx& tx) {
    std::vector<facts::Fact> out;
    for (const auto& c : store::MeetingRepository::MonthlyCounts(tx)) {
      const int32_t month = facts::MonthIndex(c.month);
      auto add = [&](facts::MeasureId measure, int64_t n) {
        if (n && measure >= 0) out.push_back({c.org_id, month, measure, n});
      };
      const int slot = TypeSlot(c.type);
      add(slot >= 0 && static_cast<size_t>(slot) < by_slot.size() ? by_slot[slot] : -1, c.meetings);
      add(first_topic, c.first_topic);
      add(present, c.present);
      add(excused, c.excused);
      add(absent, c.absent);
    }
    return out;
  });
}

Result<Stats> StatsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& period_text) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  JICENG_TRY(period, domain::ParsePeriod(period_text));
  Stats out;
  out.period = period;
  auto sums = SumOf(ctx, tree, *root, period);
  out.total = sums.total;
  for (auto& [month, counts] : sums.by_month)
    out.months.emplace_back(facts::MonthLabel(month), counts);
  return out;
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
  // Without a state: a record when it carries attendance or minutes (which only a meeting
  // that took place can have), else a plan ahead or a meeting held.
  if (in.state) {
    m.state = *in.state;
  } else if (!m.attendance.empty() || !m.minutes.empty()) {
    m.state = "recorded";
  } else {
    m.state = held_at > now + kClockSkewMs ? "planned" : "held";
  }
  m.created_by = actor.principal->user_id;
  m.created_at = m.updated_at = now;
  auto made = ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_CHECK(CheckRecord(ctx, tx, *actor.principal, *org, m));
    int64_t id = store::MeetingRepository::Insert(tx, m);
    store::MeetingRepository::RefreshAbsences(tx, Attendees(m, nullptr));
    auto saved = *store::MeetingRepository::FindById(tx, id);
    search::IndexMeeting(tx, saved);
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
    const auto* org = tree->Find(m.org_id);
    if (!org) return MeetingNotFound();
    JICENG_CHECK(CheckRecord(ctx, tx, *actor.principal, *org, m));
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
    search::IndexMeeting(tx, saved);
    audit::Record(tx, ctx, actor,
                  {"meeting.correct", "meeting", id, m.org_id, std::nullopt,
                   nlohmann::json{{"field", field}, {"reason", reason}}.dump()});
    return saved;
  });
}

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

Result<store::MaterialRecord> CreateMaterial(const Context& ctx, const Actor& actor,
                                             const MaterialInput& in) {
  if (!domain::HasPermission(*actor.principal, Permission::kRecordMeetings))
    return Fail(ErrorKind::kForbidden, "forbidden", "无权添加学习材料 / not allowed");
  JICENG_CHECK(ValidateName(in.title, "title", 200, true));
  JICENG_CHECK(ValidateName(in.source, "source", 200, false));
  JICENG_CHECK(ValidateText(in.body, "body", 200000, true));
  if (!in.published_on.empty()) JICENG_CHECK(domain::ValidateDate(in.published_on, "published_on"));
  if (in.tags.size() > 20) return BadInput("tags", "标签过多 / too many tags");
  for (const auto& t : in.tags) JICENG_CHECK(ValidateName(t, "tags", 30, true));
  store::MaterialRecord m;
  m.title = in.title;
  m.source = in.source;
  m.published_on = in.published_on;
  m.body = in.body;
  m.tags_json = nlohmann::json(in.tags).dump();
  m.created_by = actor.principal->user_id;
  m.created_at = ctx.clock.NowMs();
  // Analyzed before the transaction: a long text takes a while, the writer lock should not.
  store::SearchDoc doc = store::MaterialDoc(m);
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MaterialRecord> {
    m.id = doc.ref_id = store::MaterialRepository::Insert(tx, m);
    store::SearchRepository::Put(tx, doc);
    audit::Record(tx, ctx, actor,
                  {"material.create", "material", m.id, std::nullopt, std::nullopt,
                   nlohmann::json{{"title", m.title}}.dump()});
    return m;
  });
}

Result<store::MaterialRecord> GetMaterial(const Context& ctx, int64_t id) {
  auto m = ctx.db.Read([&](store::Tx& tx) { return store::MaterialRepository::FindById(tx, id); });
  if (!m) return NotFound("学习材料不存在 / material not found");
  return std::move(*m);
}

Result<MaterialPage> SearchMaterials(const Context& ctx, const store::MaterialSearch& s) {
  JICENG_CHECK(ValidateText(s.text, "q", 100, false));
  return ctx.db.Read([&](store::Tx& tx) {
    return MaterialPage{store::MaterialRepository::Search(tx, s),
                        store::MaterialRepository::Count(tx, s)};
  });
}

namespace {

// The rhythm of a subtree over a period: for every organization of the subtree (pre-order)
// and every rule of its kind that applies, the meetings it held (from the in-memory stats)
// or planned, and the rhythm periods falling due in the period.
struct Rhythm {
  std::vector<store::RuleRecord> rules;
  std::shared_ptr<const index::FullMemberHistory> full_members;
  const facts::Index::View* took_place = nullptr;  // meetings by type slot; set by WithRhythm
  std::map<std::pair<int64_t, std::string>, std::vector<std::string>> planned;  // sorted dates

  // A period with its months (facts::MonthIndex), worked out once.
  struct Span {
    domain::Period period;
    int32_t from_month = 0, to_month = 0;
    int32_t first_day = 0;  // index::DayNumber of the period's first day
    explicit Span(domain::Period p)
        : period(std::move(p)),
          from_month(facts::MonthIndex(period.from)),
          to_month(facts::MonthIndex(period.to)),
          first_day(index::DayNumber(period.from).value_or(0)) {}
  };
  // A rule with its meeting type's slot in the stats and the periods falling due.
  struct Rule {
    const store::RuleRecord* record;
    domain::Frequency frequency;
    int slot;
    std::vector<Span> due;  // by end, ascending
  };

  // The meetings of (org, rule's type) held or planned in a month-aligned span.
  int64_t CountIn(const index::OrgNode& org, const Rule& rule, const Span& s) const {
    int64_t n = rule.slot < 0
                    ? 0
                    : took_place->Of(org, static_cast<size_t>(rule.slot), s.from_month, s.to_month);
    if (planned.empty()) return n;
    if (auto it = planned.find({org.id, rule.record->type}); it != planned.end())
      n += std::lower_bound(it->second.begin(), it->second.end(), s.period.to) -
           std::lower_bound(it->second.begin(), it->second.end(), s.period.from);
    return n;
  }

  // Planned meetings count as meetings of their rhythm period (nothing is planned twice,
  // nothing planned is reported as due).
  void AddPlans(const std::vector<store::MeetingRecord>& meetings) {
    for (const auto& m : meetings)
      if (m.state == "planned") {
        auto& dates = planned[{m.org_id, m.type}];
        dates.insert(std::upper_bound(dates.begin(), dates.end(), m.held_on), m.held_on);
      }
  }

  // Calls fn(node, rule, due spans) for each applicable (org, rule), the organizations in
  // pre-order. The due periods of each rule are worked out once; an organization founded
  // late skips the periods that ended before it (a prefix); periods in which it was below
  // the rule's membership (a branch without a committee) are not due, but the meetings it
  // held still count.
  //
  // The membership of a period is the full members the organization had on the period's
  // first day, as they were then (full_on, left_on, completed transfers), not today's.
  // 《中国共产党支部工作条例（试行）》第六章: "有正式党员7人以上的党支部，应当设立党支部委员会"
  // — the committee is elected by the branch's member meeting once the seventh full member
  // is there, so a branch that reaches seven during a month owes committee meetings from
  // the next period on, and one that falls below seven keeps its committee (and owes its
  // meetings) for the period already begun. The first day decides, for every frequency.
  template <class F>
  void ForEach(const index::OrgTree::Snapshot& tree, const index::OrgNode& root,
               const domain::Period& period, F&& fn) const {
    std::unordered_map<std::string_view, std::vector<Rule>> by_kind;
    for (const auto& r : rules)
      if (auto frequency = domain::ParseFrequency(r.frequency)) {
        Rule rule{&r, *frequency, TypeSlot(r.type), {}};
        for (auto& d : domain::DuePeriods(*frequency, period)) rule.due.emplace_back(std::move(d));
        by_kind[r.org_kind].push_back(std::move(rule));
      }
    std::vector<Span> picked;  // due periods when membership changed within the window
    for (int32_t i = root.enter; i < root.exit; ++i) {
      const auto& node = tree.nodes[i];
      // An organization is held to the rhythm while it exists.
      bool dissolved_before =
          node.status != "active" && !node.dissolved_on.empty() && node.dissolved_on <= period.from;
      if (dissolved_before || (!node.founded_on.empty() && node.founded_on >= period.to)) continue;
      auto kind = by_kind.find(node.kind);
      if (kind == by_kind.end()) continue;
      const index::FullMemberHistory::Steps* history = nullptr;
      bool history_read = false;  // looked up when a rule of the kind asks
      for (const auto& rule : kind->second) {
        auto first = std::partition_point(rule.due.begin(), rule.due.end(), [&](const Span& d) {
          return !node.founded_on.empty() && d.period.to <= node.founded_on;
        });
        std::span<const Span> due{first, rule.due.end()};
        if (const int64_t least = rule.record->min_full_members; least > 0 && !due.empty()) {
          if (!history_read) {
            history = full_members->Of(node.id);
            history_read = true;
          }
          size_t reaching = 0;
          if (!history) {
            // never reached it
          } else if (history->back().first <= due.front().first_day) {
            // Unchanged over the window (most organizations): one count for every period.
            reaching = history->back().second >= least ? due.size() : 0;
          } else {
            for (const auto& d : due)
              reaching += index::FullMemberHistory::At(history, d.first_day) >= least;
          }
          if (reaching == 0) {
            due = {};
          } else if (reaching < due.size()) {
            picked.clear();
            for (const auto& d : due)
              if (index::FullMemberHistory::At(history, d.first_day) >= least) picked.push_back(d);
            due = picked;
          }
        }
        fn(node, rule, due);
      }
    }
  }
};

// The earliest start of a rhythm period falling due in `period`.
std::string WindowStart(const domain::Period& period) {
  std::string from = period.from;
  for (auto f :
       {domain::Frequency::kMonthly, domain::Frequency::kQuarterly, domain::Frequency::kYearly})
    for (const auto& due : domain::DuePeriods(f, period)) from = std::min(from, due.from);
  return from;
}

// Where each (former) full member was when: spans of (organization, days) from the
// members' dates and their completed transfers. A member full now counts from full_on (from
// the start when it was not recorded) on; one who left, from full_on to left_on; a left
// member without both dates is not counted (as today's counts do not count them).
std::vector<index::FullMemberSpan> FullMemberSpans(
    const std::vector<store::FullMemberRow>& rows,
    const std::vector<store::CompletedTransfer>& moves) {
  constexpr int32_t kOpen = std::numeric_limits<int32_t>::max();
  std::unordered_map<int64_t, std::vector<const store::CompletedTransfer*>> moves_of;
  for (const auto& t : moves) moves_of[t.member_id].push_back(&t);  // by time already
  std::vector<index::FullMemberSpan> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    if (!r.full_now && (r.full_on.empty() || r.left_on.empty())) continue;
    const int32_t from = r.full_on.empty() ? 0 : index::DayNumber(r.full_on).value_or(0);
    const int32_t to = r.full_now ? kOpen : index::DayNumber(r.left_on).value_or(from);
    auto it = r.member_id ? moves_of.find(r.member_id) : moves_of.end();
    if (it == moves_of.end()) {
      out.push_back({r.org_id, from, to, r.n});
      continue;
    }
    // In the first transfer's sending organization until its day, then in each receiving
    // one until the next; in today's organization after the last.
    int32_t start = 0;
    const auto& list = it->second;
    for (size_t i = 0; i <= list.size(); ++i) {
      const int32_t end =
          i < list.size()
              ? index::DayNumber(domain::ShanghaiDate(list[i]->completed_at)).value_or(start)
              : kOpen;
      const int64_t org = i < list.size() ? list[i]->from_org_id : r.org_id;
      const int32_t lo = std::max(start, from), hi = std::min(end, to);
      if (lo < hi) out.push_back({org, lo, hi, 1});
      start = std::max(start, end);
    }
  }
  return out;
}

// The rules and the full members of every organization over time (those that ever reached
// one of the rules' thresholds: branches with a committee, seven) — from memory while no
// member changed. `generation` is the store's members generation read before `tx` began.
Rhythm LoadRhythm(const Context& ctx, store::Tx& tx, uint64_t generation) {
  Rhythm r;
  r.rules = store::MeetingRepository::Rules(tx);
  int64_t least = 0;
  for (const auto& rule : r.rules)
    if (rule.min_full_members > 0)
      least = least ? std::min(least, rule.min_full_members) : rule.min_full_members;
  r.full_members = ctx.full_members.FullMembersOf(
      generation, ctx.clock.NowMs(), least,
      [&] {
        if (!least) return index::FullMemberHistory{};
        return index::FullMemberHistory(
            FullMemberSpans(store::MeetingRepository::FullMemberRows(tx),
                            store::MeetingRepository::CompletedTransfers(tx)),
            least);
      },
      [&] { return store::MeetingRepository::MembersFingerprint(tx); });
  return r;
}

// Runs fn() with `rhythm` reading the meetings held in the months `period`'s rhythm
// periods cover (the stats' lock held meanwhile).
template <class F>
void WithRhythm(const Context& ctx, const std::shared_ptr<const index::OrgTree::Snapshot>& tree,
                Rhythm& rhythm, const domain::Period& period, F&& fn) {
  std::vector<facts::MeasureId> types = TypeMeasures(ctx);  // by slot
  ctx.facts.Read(tree, facts::MonthIndex(WindowStart(period)), facts::MonthIndex(period.to) + 1,
                 std::move(types), [&](const facts::Index::View& view) {
                   rhythm.took_place = &view;
                   fn();
                   rhythm.took_place = nullptr;
                   return 0;
                 });
}

std::string DaysFrom(int64_t now_ms, int days) {
  return domain::ShanghaiDate(now_ms + int64_t{days} * 86'400'000);
}

}  // namespace

void WarmUp(const Context& ctx) {
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) { (void)LoadRhythm(ctx, tx, members); });
}

Result<Compliance> ComplianceOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                const ComplianceQuery& q) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  JICENG_TRY(period, domain::ParsePeriod(q.period));
  if (!q.type.empty() && !domain::ParseMeetingType(q.type))
    return BadInput("type", "未知的会议类型 / unknown meeting type");
  bool follow_up = static_cast<bool>(orgs::Allow(ctx, who, Permission::kManageMembers, org_id));
  std::string today = domain::ShanghaiDate(ctx.clock.NowMs());

  Compliance out;
  out.period = period;
  Rhythm rhythm;
  ctx.facts.WaitLoaded();  // not from inside the read below (a load writes)
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) {
    rhythm = LoadRhythm(ctx, tx, members);
    if (follow_up)
      out.follow_up =
          store::MeetingRepository::MissedThreeInARow(tx, orgs::SubtreeOf(ctx, tx, {org_id}), 100);
  });
  auto counts = SumOf(ctx, tree, *root, period).total;
  out.meetings = counts.meetings;
  out.first_topic_sessions = counts.first_topic;
  out.attendance = {counts.present, counts.excused, counts.absent};
  // One pass over the subtree: the totals count every (organization, rule); items are built
  // only for the page (or, per child, summed into one per child and type).
  const size_t begin = static_cast<size_t>((q.page - 1) * q.size), end = begin + q.size;
  size_t matching = 0;  // items of the requested type so far
  std::vector<ComplianceItem> items;
  // Per child: the children of the root in pre-order, each one range of positions.
  std::vector<const index::OrgNode*> tops;
  if (q.by_child) {
    if (auto kids = tree->children.find(root->id); kids != tree->children.end())
      for (int64_t id : kids->second) tops.push_back(tree->Find(id));
    std::sort(tops.begin(), tops.end(), [](auto* a, auto* b) { return a->enter < b->enter; });
  }
  std::map<std::pair<int32_t, int>, ComplianceItem> sums;  // (child's enter, type's slot)
  WithRhythm(ctx, tree, rhythm, period, [&] {
    size_t top = 0;
    const Rhythm::Span whole(period);
    rhythm.ForEach(
        *tree, *root, period,
        [&](const index::OrgNode& node, const Rhythm::Rule& r, std::span<const Rhythm::Span> due) {
          const store::RuleRecord& rule = *r.record;
          int64_t required = 0, overdue = 0;
          const int64_t held = rhythm.CountIn(node, r, whole);
          for (const auto& d : due) {
            ++required;
            if (d.period.to <= today && rhythm.CountIn(node, r, d) == 0) ++overdue;
          }
          if (required == 0 && held == 0) return;
          out.required += required;
          out.held += held;
          out.overdue += overdue;
          if (!q.type.empty() && rule.type != q.type) return;
          auto make = [&](const index::OrgNode& who) {
            ComplianceItem item;
            item.org_id = who.id;
            item.org_name = who.name;
            item.org_kind = who.kind;
            item.type = rule.type;
            item.frequency = rule.frequency;
            item.required = required;
            item.held = held;
            item.overdue = overdue;
            return item;
          };
          if (!q.by_child) {
            if (matching >= begin && matching < end) items.push_back(make(node));
            ++matching;
            return;
          }
          // The root's own items stay; the rest count for the child whose range holds
          // them.
          const index::OrgNode* owner = root;
          if (node.id != root->id) {
            while (top < tops.size() && tops[top]->exit <= node.enter) ++top;
            if (top < tops.size()) owner = tops[top];
          }
          auto [it, fresh] = sums.try_emplace({owner->enter, r.slot});
          ComplianceItem& sum = it->second;
          if (fresh) {
            sum = make(*owner);
            return;
          }
          if (sum.frequency != rule.frequency) sum.frequency = "mixed";
          sum.required += required;
          sum.held += held;
          sum.overdue += overdue;
        });
  });
  if (q.by_child) {
    matching = sums.size();
    size_t n = 0;
    for (auto& [_, item] : sums)
      if (n++ >= begin && items.size() < static_cast<size_t>(q.size))
        items.push_back(std::move(item));
  }
  out.items_total = static_cast<int64_t>(matching);
  out.items = std::move(items);
  return out;
}

}  // namespace jiceng::meetings

namespace jiceng::meetings {
namespace {

// The proposed local date of a plan for a rhythm period: the 10th of its month (monthly),
// of its middle month (quarterly) or of December (yearly), at 15:00.
std::string PlanDate(domain::Frequency f, const domain::Period& p) {
  int y = std::stoi(p.from.substr(0, 4)), m = std::stoi(p.from.substr(5, 2));
  if (f == domain::Frequency::kQuarterly) m += 1;
  if (f == domain::Frequency::kYearly) m = 12;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-10T15:00:00+08:00", y % 10000, m % 100);
  return buf;
}

// iCalendar text: escapes per RFC 5545 §3.3.11.
std::string IcsText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out;
}

// Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 §3.1).
std::string IcsLine(const std::string& line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len;
  }
  return out + "\r\n";
}

// The last local date of a period.
std::string LastDay(const domain::Period& p) {
  int64_t end = 0;
  ParseIsoTime(p.to, &end);  // Shanghai midnight
  return domain::ShanghaiDate(end - 1);
}

std::string IcsUtc(int64_t ms) {
  std::string iso = FormatUtc(ms);  // 2024-08-15T11:30:00.000Z
  std::string out;
  for (char c : iso.substr(0, 19))
    if (c != '-' && c != ':') out += c;
  return out + "Z";
}

}  // namespace

Result<std::vector<store::MeetingRecord>> PlanYear(const Context& ctx, const Actor& actor,
                                                   int64_t org_id, int year) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(org_id);
  if (!org) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, Permission::kRecordMeetings, org_id));
  if (year < 2000 || year > 2999) return BadInput("year", "年份无效 / invalid year");
  JICENG_TRY(period, domain::ParsePeriod(std::to_string(year)));
  // A year wholly before the founding or after the dissolution has nothing to plan.
  if (!org->founded_on.empty() && LastDay(period) < org->founded_on)
    JICENG_CHECK(CheckLifetime(*org, LastDay(period), "year"));  // before_founded
  if (org->status != "active" && !org->dissolved_on.empty() && period.from > org->dissolved_on)
    JICENG_CHECK(CheckLifetime(*org, period.from, "year"));  // after_dissolved
  int64_t now = ctx.clock.NowMs();
  ctx.facts.WaitLoaded();  // not from inside the transaction below (a load writes)
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  return ctx.db.Write([&](store::Tx& tx) -> Result<std::vector<store::MeetingRecord>> {
    store::Subtree only;
    only.org_ids = {org_id};
    Rhythm rhythm = LoadRhythm(ctx, tx, members);
    // Plans already made count too: planning twice adds nothing.
    store::MeetingSearch planned;
    planned.subtree = only;
    planned.from = period.from;
    planned.limit = 10000;
    rhythm.AddPlans(store::MeetingRepository::Search(tx, planned));
    std::vector<store::MeetingRecord> made;
    index::OrgNode single = *org;
    single.exit = single.enter + 1;
    WithRhythm(ctx, tree, rhythm, period, [&] {
      rhythm.ForEach(*tree, single, period,
                     [&](const index::OrgNode& node, const Rhythm::Rule& r,
                         std::span<const Rhythm::Span> spans) {
                       const store::RuleRecord& rule = *r.record;
                       const domain::Frequency f = r.frequency;
                       for (const auto& span : spans) {
                         if (rhythm.CountIn(node, r, span) > 0) continue;
                         const domain::Period& d = span.period;
                         // Only while the organization exists.
                         const std::string date = PlanDate(f, d);
                         if (!CheckLifetime(node, date.substr(0, 10), "year")) continue;
                         int64_t at = 0;
                         if (!ParseIsoTime(date, &at) || at <= now) continue;
                         auto type = domain::ParseMeetingType(rule.type);
                         store::MeetingRecord m;
                         m.org_id = org_id;
                         m.region_id = RegionOf(*tree, org_id);
                         m.type = rule.type;
                         m.title =
                             std::string(domain::MeetingTypeName(*type)) + "（" + d.label + "）";
                         m.held_at = at;
                         m.held_on = domain::ShanghaiDate(at);
                         m.state = "planned";
                         m.created_by = actor.principal->user_id;
                         m.created_at = m.updated_at = now;
                         m.id = store::MeetingRepository::Insert(tx, m);
                         made.push_back(std::move(m));
                       }
                     });
    });
    audit::Record(tx, ctx, actor,
                  {"meeting.plan_year", "org", org_id, org_id, std::nullopt,
                   nlohmann::json{{"year", year}, {"planned", made.size()}}.dump()});
    return made;
  });
}

Result<std::string> Calendar(const Context& ctx, const domain::Principal& who, int64_t org_id,
                             int year) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(org_id);
  if (!org) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  if (year < 2000 || year > 2999) return BadInput("year", "年份无效 / invalid year");
  auto list = ctx.db.Read([&](store::Tx& tx) {
    store::MeetingSearch s;
    s.subtree.org_ids = {org_id};
    s.from = std::to_string(year) + "-01-01";
    s.to = std::to_string(year) + "-12-31";
    s.limit = 10000;
    return store::MeetingRepository::Search(tx, s);
  });
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Jiceng//Organizational life//ZH\r\n"
      "CALSCALE:GREGORIAN\r\n";
  out += IcsLine("X-WR-CALNAME:" + IcsText(org->name + " " + std::to_string(year)));
  out += "X-WR-TIMEZONE:Asia/Shanghai\r\n";
  std::string stamp = IcsUtc(ctx.clock.NowMs());
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const auto& m = *it;
    auto type = domain::ParseMeetingType(m.type);
    out += "BEGIN:VEVENT\r\n";
    out += "UID:meeting-" + std::to_string(m.id) + "@jiceng\r\n";
    out += "DTSTAMP:" + stamp + "\r\n";
    out += "DTSTART:" + IcsUtc(m.held_at) + "\r\n";
    out += "DTEND:" + IcsUtc(m.held_at + 2 * 3600 * 1000) + "\r\n";
    out += IcsLine("SUMMARY:" + IcsText(std::string(type ? domain::MeetingTypeName(*type) : "") +
                                        "：" + m.title));
    if (!m.place.empty()) out += IcsLine("LOCATION:" + IcsText(m.place));
    if (!m.online_url.empty()) out += IcsLine("URL:" + IcsText(m.online_url));
    out += std::string("STATUS:") + (m.state == "planned" ? "TENTATIVE" : "CONFIRMED") + "\r\n";
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

Result<std::vector<Reminder>> Reminders(const Context& ctx, const domain::Principal& who,
                                        int64_t org_id, int days) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  if (days < 1 || days > 60) return BadInput("days", "天数应在 1–60 之间 / days must be 1–60");
  int64_t now = ctx.clock.NowMs();
  std::string today = domain::ShanghaiDate(now);
  // Rhythm periods ending within the window: from today to `days` ahead, inclusive.
  domain::Period window{"", today, DaysFrom(now, days + 1)};
  ctx.facts.WaitLoaded();  // not from inside the read below (a load writes)
  std::vector<Reminder> out;
  const uint64_t members = ctx.db.Generation(store::Topic::kMembers);
  ctx.db.Read([&](store::Tx& tx) {
    auto subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    Rhythm rhythm = LoadRhythm(ctx, tx, members);
    store::MeetingSearch planned;
    planned.subtree = subtree;
    planned.from = today;
    planned.to = DaysFrom(now, days);
    planned.limit = 1000;
    auto plans = store::MeetingRepository::Search(tx, planned);
    for (auto it = plans.rbegin(); it != plans.rend(); ++it)
      if (it->state == "planned")
        out.push_back({"planned", it->org_id, "", it->type, it->held_on, it->id, it->title});
    rhythm.AddPlans(plans);
    WithRhythm(ctx, tree, rhythm, window, [&] {
      rhythm.ForEach(*tree, *root, window,
                     [&](const index::OrgNode& node, const Rhythm::Rule& r,
                         std::span<const Rhythm::Span> due) {
                       for (const auto& d : due)
                         if (rhythm.CountIn(node, r, d) == 0)
                           out.push_back({"due", node.id, node.name, r.record->type,
                                          LastDay(d.period), std::nullopt, ""});
                     });
    });
  });
  for (auto& r : out)
    if (r.org_name.empty())
      if (const auto* n = tree->Find(r.org_id)) r.org_name = n->name;
  std::stable_sort(out.begin(), out.end(),
                   [](const Reminder& a, const Reminder& b) { return a.date < b.date; });
  if (out.size() > 500) out.resize(500);
  return out;
}

}  // namespace jiceng::meetings

namespace jiceng::meetings {

Result<Ledger> LedgerOf(const Context& ctx, const Actor& actor, int64_t org_id, int year) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(org_id);
  if (!org) return NotFound("组织不存在 / organization not found");
  // The ledger names hosts and recorders: the members routes' rule (domain::kReadPeople).
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, domain::kReadPeople, org_id));
  if (year < 2000 || year > 2999) return BadInput("year", "年份无效 / invalid year");
  return ctx.db.Write([&](store::Tx& tx) -> Result<Ledger> {
    store::MeetingSearch s;
    s.subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    s.from = std::to_string(year) + "-01-01";
    s.to = std::to_string(year) + "-12-31";
    s.limit = kMaxLedgerRows + 1;
    Ledger out;
    out.org_name = org->name;
    out.rows = store::MeetingRepository::Ledger(tx, s);
    if (static_cast<int64_t>(out.rows.size()) > kMaxLedgerRows)
      return Fail(ErrorKind::kRuleBroken, "too_many_rows",
                  "台账超过 " + std::to_string(kMaxLedgerRows) +
                      " 条，请选择下级组织 / more than " + std::to_string(kMaxLedgerRows) +
                      " meetings: choose a lower organization");
    audit::Record(tx, ctx, actor,
                  {"meeting.export", "org", org_id, org_id, std::nullopt,
                   nlohmann::json{{"year", year}, {"rows", out.rows.size()}}.dump()});
    return out;
  });
}

}  // namespace jiceng::meetings

namespace jiceng::meetings {

Result<std::vector<store::RuleRecord>> Rules(const Context& ctx) {
  return ctx.db.Read([&](store::Tx& tx) { return store::MeetingRepository::Rules(tx); });
}

Result<std::vector<store::RuleRecord>> ReplaceRules(const Context& ctx, const Actor& actor,
                                                    const std::vector<store::RuleRecord>& rules) {
  auto tree = ctx.orgs.snapshot();
  if (tree->nodes.empty()) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, Permission::kManageOrgs, tree->nodes.front().id));
  if (rules.size() > 500) return BadInput("rules", "规则过多 / too many rules");
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : rules) {
    auto type = domain::ParseMeetingType(r.type);
    if (!domain::ParseOrgKind(r.org_kind))
      return Fail(ErrorKind::kRuleBroken, "unknown_kind",
                  "未知的组织类别 / unknown kind: " + r.org_kind, "org_kind");
    if (!type)
      return Fail(ErrorKind::kRuleBroken, "unknown_type", "未知的会议类型 / unknown meeting type",
                  "type");
    if (!domain::MayHold(r.org_kind, *type))
      return Fail(
          ErrorKind::kRuleBroken, "type_not_for_org",
          r.org_kind + " 不召开 " + r.type + " / " + r.org_kind + " does not hold " + r.type,
          "type");
    if (!domain::ParseFrequency(r.frequency))
      return BadInput("frequency",
                      "频次须为 monthly、quarterly 或 yearly / frequency must be "
                      "monthly, quarterly or yearly");
    if (r.min_full_members < 0 || r.min_full_members > 10000)
      return BadInput("min_full_members", "人数无效 / invalid member count");
    if (!seen.insert({r.org_kind, r.type}).second)
      return BadInput("rules", "规则重复 / a rule is listed twice: " + r.org_kind + " " + r.type);
  }
  return ctx.db.Write([&](store::Tx& tx) -> Result<std::vector<store::RuleRecord>> {
    auto before = store::MeetingRepository::Rules(tx);
    store::MeetingRepository::ReplaceRules(tx, rules);
    audit::Record(tx, ctx, actor,
                  {"meeting.rules", "meeting_rules", std::nullopt, std::nullopt,
                   nlohmann::json{{"rules", before.size()}}.dump(),
                   nlohmann::json{{"rules", rules.size()}}.dump()});
    return store::MeetingRepository::Rules(tx);
  });
}

}  // namespace jiceng::meetings
