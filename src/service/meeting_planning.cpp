// Planning: a year's schedule in one step from the rhythm (PlanYear), the organization's
// meetings of a year as iCalendar (Calendar), and what falls due in the next days
// (Reminders).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "platform/clock.h"
#include "service/audit_service.h"
#include "service/meeting_rhythm.h"
#include "service/meeting_service.h"
#include "service/org_service.h"
#include "store/db.h"

namespace jiceng::meetings {

using domain::Permission;

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
