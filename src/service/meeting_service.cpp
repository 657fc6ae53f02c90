#include "service/meeting_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/org_registry.h"
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

tl::unexpected<Error> MeetingNotFound() { return NotFound("会议不存在 / meeting not found"); }

std::string Snapshot(const store::MeetingRecord& m) {
  return nlohmann::json{{"org_id", m.org_id},         {"type", m.type},
                        {"title", m.title},           {"held_on", m.held_on},
                        {"state", m.state},           {"materials", m.material_ids.size()},
                        {"attendance", m.attendance.size()}}
      .dump();
}

Status CheckTexts(const store::MeetingRecord& m) {
  JICENG_CHECK(ValidateText(m.title, "title", 200, true));
  JICENG_CHECK(ValidateText(m.place, "place", 200, false));
  JICENG_CHECK(ValidateText(m.online_url, "online_url", 500, false));
  if (!m.online_url.empty() && m.online_url.rfind("https://", 0) != 0 &&
      m.online_url.rfind("http://", 0) != 0)
    return BadInput("online_url", "线上会议链接须为 http(s) 地址 / online_url must be an http(s) URL");
  JICENG_CHECK(ValidateText(m.host, "host", 50, false));
  JICENG_CHECK(ValidateText(m.recorder, "recorder", 50, false));
  JICENG_CHECK(ValidateText(m.first_topic_leader, "first_topic.leader", 50, false));
  JICENG_CHECK(ValidateText(m.first_topic_notes, "first_topic.notes", 5000, false));
  JICENG_CHECK(ValidateText(m.minutes, "minutes", 20000, false));
  JICENG_CHECK(ValidateText(m.decisions, "decisions", 5000, false));
  return {};
}

Result<std::string> AgendaJson(const std::vector<std::string>& agenda) {
  if (agenda.size() > kMaxAgendaItems) return BadInput("agenda", "议程过多 / too many agenda items");
  for (const auto& item : agenda) JICENG_CHECK(ValidateText(item, "agenda", 200, true));
  return nlohmann::json(agenda).dump();
}

// The rules every stored meeting obeys: kind and type, time and state, first agenda item,
// attendance and materials that exist.
Status CheckRecord(const Context& ctx, store::Tx& tx, const index::OrgNode& org,
                   const store::MeetingRecord& m) {
  auto type = domain::ParseMeetingType(m.type);
  if (!type)
    return Fail(ErrorKind::kRuleBroken, "unknown_type", "未知的会议类型 / unknown meeting type",
                "type");
  if (!domain::MayHold(org.kind, *type))
    return Fail(ErrorKind::kRuleBroken, "type_not_for_org",
                "该组织不召开此类会议 / this organization does not hold " + m.type, "type");
  if (org.status != "active")
    return Fail(ErrorKind::kRuleBroken, "org_dissolved", "组织已撤销 / organization dissolved",
                "org_id");
  auto state = domain::ParseMeetingState(m.state);
  if (!state || *state == MeetingState::kConfirmed)
    return BadInput("state", "状态须为 planned、held 或 recorded / state must be planned, held "
                             "or recorded");
  if (*state != MeetingState::kPlanned && m.held_at > ctx.clock.NowMs() + kClockSkewMs)
    return Fail(ErrorKind::kRuleBroken, "not_yet_held",
                "会议时间尚未到 / a meeting in the future cannot have been held", "held_at");
  JICENG_CHECK(CheckTexts(m));
  if (*state == MeetingState::kRecorded) {
    if (m.attendance.empty())
      return Fail(ErrorKind::kRuleBroken, "attendance_required",
                  "记录会议须登记出席情况 / a recorded meeting lists its attendance",
                  "attendance");
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
    // Attendees from other organizations are welcome; they must be registered members.
    if (!store::MemberRepository::FindById(tx, a.member_id))
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
    if (n->kind == "district") return n->id;
  return std::nullopt;
}

// Loads a meeting the caller may work on (`permission` on its organization).
Result<store::MeetingRecord> Load(const Context& ctx, store::Tx& tx,
                                  const domain::Principal& who, int64_t id,
                                  Permission permission) {
  auto m = store::MeetingRepository::FindById(tx, id);
  if (!m) return MeetingNotFound();
  if (auto s = orgs::Allow(ctx, who, permission, m->org_id); !s) {
    if (s.error().kind == ErrorKind::kNotFound) return MeetingNotFound();
    return tl::unexpected(s.error());
  }
  return std::move(*m);
}

}  // namespace

Result<store::MeetingRecord> Create(const Context& ctx, const Actor& actor, const MeetingInput& in) {
  auto tree = ctx.orgs.snapshot();
  const auto* org = tree->Find(in.org_id);
  if (!org) return Fail(ErrorKind::kRuleBroken, "unknown_org", "组织不存在 / organization not found",
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
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_CHECK(CheckRecord(ctx, tx, *org, m));
    int64_t id = store::MeetingRepository::Insert(tx, m);
    auto saved = *store::MeetingRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {"meeting.create", "meeting", id, m.org_id, std::nullopt, Snapshot(saved)});
    return saved;
  });
}

Result<store::MeetingRecord> Get(const Context& ctx, const domain::Principal& who, int64_t id) {
  return ctx.db.Read([&](store::Tx& tx) { return Load(ctx, tx, who, id, Permission::kReadOrgs); });
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
    return page;
  });
}

Result<store::MeetingRecord> Update(const Context& ctx, const Actor& actor, int64_t id,
                                    const MeetingPatch& p) {
  auto tree = ctx.orgs.snapshot();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MeetingRecord> {
    JICENG_TRY(m, Load(ctx, tx, *actor.principal, id, Permission::kRecordMeetings));
    if (m.state == "confirmed")
      return Fail(ErrorKind::kConflict, "meeting_confirmed",
                  "会议记录已确认，不可修改；请追加更正 / the record is confirmed: append a "
                  "correction instead");
    if (p.version != m.version)
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "记录已被他人修改，请刷新 / the record changed meanwhile: reload it");
    std::string before = Snapshot(m);
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
    JICENG_CHECK(CheckRecord(ctx, tx, *org, m));
    m.updated_at = ctx.clock.NowMs();
    if (!store::MeetingRepository::Update(tx, m, p.version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "记录已被他人修改，请刷新 / the record changed meanwhile: reload it");
    auto saved = *store::MeetingRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor, {"meeting.update", "meeting", id, m.org_id, before, Snapshot(saved)});
    return saved;
  });
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
    if (version != m.version)
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "记录已被他人修改，请刷新 / the record changed meanwhile: reload it");
    std::string before = Snapshot(m);
    m.state = "confirmed";
    m.confirmed_by = actor.principal->user_id;
    m.confirmed_at = m.updated_at = ctx.clock.NowMs();
    if (!store::MeetingRepository::Update(tx, m, version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "记录已被他人修改，请刷新 / the record changed meanwhile: reload it");
    auto saved = *store::MeetingRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {"meeting.confirm", "meeting", id, m.org_id, before, Snapshot(saved)});
    return saved;
  });
}

Result<store::MeetingRecord> Correct(const Context& ctx, const Actor& actor, int64_t id,
                                     const std::string& field, const std::string& value,
                                     const std::string& reason) {
  static const std::set<std::string> kFields = {"title",     "place",    "host",
                                                "recorder",  "minutes",  "decisions",
                                                "first_topic.notes", "attendance"};
  if (!kFields.count(field))
    return BadInput("field", "不可更正的字段 / this field cannot be corrected: " + field);
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
    audit::Record(tx, ctx, actor,
                  {"meeting.correct", "meeting", id, m.org_id, std::nullopt,
                   nlohmann::json{{"field", field}, {"reason", reason}}.dump()});
    return saved;
  });
}

Result<store::MaterialRecord> CreateMaterial(const Context& ctx, const Actor& actor,
                                             const MaterialInput& in) {
  if (!domain::HasPermission(*actor.principal, Permission::kRecordMeetings))
    return Fail(ErrorKind::kForbidden, "forbidden", "无权添加学习材料 / not allowed");
  JICENG_CHECK(ValidateText(in.title, "title", 200, true));
  JICENG_CHECK(ValidateText(in.source, "source", 200, false));
  JICENG_CHECK(ValidateText(in.body, "body", 200000, true));
  if (!in.published_on.empty()) JICENG_CHECK(domain::ValidateDate(in.published_on, "published_on"));
  if (in.tags.size() > 20) return BadInput("tags", "标签过多 / too many tags");
  for (const auto& t : in.tags) JICENG_CHECK(ValidateText(t, "tags", 30, true));
  store::MaterialRecord m;
  m.title = in.title;
  m.source = in.source;
  m.published_on = in.published_on;
  m.body = in.body;
  m.tags_json = nlohmann::json(in.tags).dump();
  m.created_by = actor.principal->user_id;
  m.created_at = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MaterialRecord> {
    m.id = store::MaterialRepository::Insert(tx, m);
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

Result<Compliance> ComplianceOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                const std::string& period_text, int64_t page, int64_t size) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kReadOrgs, org_id));
  JICENG_TRY(period, domain::ParsePeriod(period_text));
  bool follow_up = static_cast<bool>(orgs::Allow(ctx, who, Permission::kManageMembers, org_id));
  std::string today = domain::ShanghaiDate(ctx.clock.NowMs());

  Compliance out;
  out.period = period;
  // The window of meetings to look at: the rhythm periods due in `period` may start before it.
  std::string window_from = period.from;
  for (auto f : {domain::Frequency::kMonthly, domain::Frequency::kQuarterly,
                 domain::Frequency::kYearly})
    for (const auto& due : domain::DuePeriods(f, period)) window_from = std::min(window_from, due.from);

  std::vector<store::MeetingFact> facts;
  std::vector<store::RuleRecord> rules;
  std::unordered_map<int64_t, int64_t> full_members;
  ctx.db.Read([&](store::Tx& tx) {
    auto subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    facts = store::MeetingRepository::Facts(tx, subtree, window_from, period.to);
    rules = store::MeetingRepository::Rules(tx);
    full_members = store::MeetingRepository::FullMembersAtLeast(tx, subtree, 1);
    out.attendance = store::MeetingRepository::Attendance(tx, subtree, period.from, period.to);
    if (follow_up)
      out.follow_up = store::MeetingRepository::MissedThreeInARow(tx, subtree, period.to, 100);
  });

  // Dates of meetings per (organization, type), sorted.
  std::map<std::pair<int64_t, std::string>, std::vector<std::string>> held;
  for (const auto& f : facts) {
    held[{f.org_id, f.type}].push_back(f.held_on);
    if (f.held_on >= period.from) {
      ++out.meetings;
      out.first_topic_sessions += f.first_topic;
    }
  }
  for (auto& [_, dates] : held) std::sort(dates.begin(), dates.end());
  auto count_in = [&](const std::vector<std::string>* dates, const std::string& from,
                      const std::string& to) -> int64_t {
    if (!dates) return 0;
    return std::lower_bound(dates->begin(), dates->end(), to) -
           std::lower_bound(dates->begin(), dates->end(), from);
  };
  std::multimap<std::string, const store::RuleRecord*> rules_by_kind;
  for (const auto& r : rules) rules_by_kind.emplace(r.org_kind, &r);

  std::vector<ComplianceItem> items;
  for (int32_t i = root->enter; i < root->exit; ++i) {
    const auto& node = tree->nodes[i];
    // An organization is held to the rhythm while it exists.
    bool dissolved_before = node.status != "active" && !node.dissolved_on.empty() &&
                            node.dissolved_on <= period.from;
    if (dissolved_before || (!node.founded_on.empty() && node.founded_on >= period.to)) continue;
    auto [first, last] = rules_by_kind.equal_range(node.kind);
    for (auto it = first; it != last; ++it) {
      const auto& rule = *it->second;
      auto fm = full_members.find(node.id);
      if (rule.min_full_members > 0 &&
          (fm == full_members.end() ? 0 : fm->second) < rule.min_full_members)
        continue;
      auto frequency = domain::ParseFrequency(rule.frequency);
      if (!frequency) continue;
      auto h = held.find({node.id, rule.type});
      const std::vector<std::string>* dates = h == held.end() ? nullptr : &h->second;
      ComplianceItem item;
      item.org_id = node.id;
      item.org_name = node.name;
      item.org_kind = node.kind;
      item.type = rule.type;
      item.frequency = rule.frequency;
      item.held = count_in(dates, period.from, period.to);
      for (const auto& due : domain::DuePeriods(*frequency, period)) {
        if (!node.founded_on.empty() && node.founded_on >= due.to) continue;
        ++item.required;
        if (due.to <= today && count_in(dates, due.from, due.to) == 0) ++item.overdue;
      }
      if (item.required == 0 && item.held == 0) continue;
      out.required += item.required;
      out.held += item.held;
      out.overdue += item.overdue;
      items.push_back(std::move(item));
    }
  }
  out.items_total = static_cast<int64_t>(items.size());
  size_t begin = std::min(items.size(), static_cast<size_t>((page - 1) * size));
  size_t end = std::min(items.size(), begin + static_cast<size_t>(size));
  out.items.assign(std::make_move_iterator(items.begin() + begin),
                   std::make_move_iterator(items.begin() + end));
  return out;
}

}  // namespace jiceng::meetings
