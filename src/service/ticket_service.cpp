#include "service/ticket_service.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "domain/centers.h"
#include "domain/identifiers.h"
#include "domain/meetings.h"
#include "index/facts.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/pii.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/center_service.h"
#include "service/facts_service.h"
#include "service/org_service.h"
#include "service/resident_service.h"
#include "store/center_repo.h"

namespace jiceng::tickets {
namespace {

namespace dc = domain::centers;

constexpr const char* kPhoneField = "ticket.contact_phone";
constexpr const char* kTickets = "centers.tickets";
constexpr const char* kResolved = "centers.tickets_resolved";
constexpr const char* kRatings = "centers.ratings";
constexpr const char* kRatingSum = "centers.rating_sum";
constexpr int64_t kHourMs = 3'600'000;

// How long a ticket of each category may stay open, in the center's working days (days it
// opens, after the city's holidays and 调休): convenience services within one, public services
// and party affairs within three, government affairs within five (the time 政务服务 commits
// to for matters not settled on the spot). Weekends and holidays do not count.
int WorkingDays(const std::string& category) {
  if (category == "convenience") return 1;
  if (category == "government") return 5;
  return 3;
}

// The same time of day on the `days`-th day after `now` that the center opens; a center
// with no opening day in the next 60 days counts calendar days.
int64_t DueAfter(const dc::Calendar& calendar, int64_t now, int days) {
  const int64_t today = ShanghaiDayOf(now);
  const int minute = ShanghaiMinuteOf(now);
  int found = 0;
  for (int64_t d = today + 1; d <= today + 60; ++d)
    if (!dc::HoursOn(calendar, d).empty() && ++found == days) return UtcMsOfShanghai(d, minute);
  return now + int64_t{days} * 24 * kHourMs;
}

facts::MeasureId Measure(const Context& ctx, const char* name) {
  return *ctx.facts.registry().Find(name);
}

int32_t MonthOf(int64_t utc_ms) { return facts::MonthIndex(domain::ShanghaiDate(utc_ms)); }

tl::unexpected<Error> TicketNotFound() { return NotFound("工单不存在 / ticket not found"); }

// Whether `who` is staff for the ticket: `centers.serve` over its center's organization or
// over the unit that holds it.
bool IsStaff(const Context& ctx, const domain::Principal& who, const store::TicketRecord& t) {
  return orgs::Allow(ctx, who, centers::ServePermission(), t.org_id).has_value() ||
         orgs::Allow(ctx, who, centers::ServePermission(), t.assigned_org_id).has_value();
}

// The ticket for staff work: 403 without the permission anywhere, 404 outside scope.
Result<store::TicketRecord> ForStaff(const Context& ctx, store::Tx& tx,
                                     const domain::Principal& who, int64_t id) {
  if (!domain::HasPermission(who, centers::ServePermission())) return Forbidden();
  auto t = store::TicketRepository::Find(tx, id);
  if (!t || !IsStaff(ctx, who, *t)) return TicketNotFound();
  return *t;
}

Result<TicketView> ViewOf(store::Tx& tx, store::TicketRecord t, int64_t now) {
  TicketView v;
  v.units = store::TicketRepository::Units(tx, t.id);
  v.events = store::TicketRepository::Events(tx, t.id);
  v.overdue = Overdue(t, now);
  v.ticket = std::move(t);
  return v;
}

// Where staff may send a ticket: an organization in their own scope, one above the center's
// managing organization (the street or district that must act), or one beside it under the
// same parent (a neighbouring community of the street, a unit there) — never elsewhere in
// the city, where the resident's request has no business.
Status MaySendTo(const Context& ctx, const domain::Principal& who, int64_t center_org,
                 int64_t to_org, const char* field) {
  const auto tree = ctx.orgs.snapshot();
  if (!tree->Find(to_org))
    return Fail(ErrorKind::kNotFound, "not_found", "承办单位不存在 / unit not found", field);
  const auto* center = tree->Find(center_org);
  if (tree->Contains(to_org, center_org) ||
      (center && center->parent_id && tree->Contains(center->parent_id, to_org)) ||
      orgs::Allow(ctx, who, centers::ServePermission(), to_org).has_value())
    return {};
  return Fail(ErrorKind::kNotFound, "not_found",
              "承办单位不在本级管辖范围内 / unit not found in your scope", field);
}

Status Validate(const Context& ctx, NewTicket& in) {
  if (!dc::ParseCategory(in.category))
    return BadInput("category",
                    "类别应为 party、government、public 或 convenience / unknown "
                    "category");
  JICENG_CHECK(ValidateName(in.title, "title", 100, true));
  if (in.description.size() > 6000 || Utf8Length(in.description) > 2000)
    return BadInput("description", "描述不超过 2000 字 / description too long");
  JICENG_CHECK(ValidateText(in.description, "description", 2000, false));
  JICENG_CHECK(ValidateName(in.contact_name, "contact_name", 50, false));
  if (!in.contact_phone.empty()) {
    JICENG_TRY(phone, domain::ParseMobile(in.contact_phone, "contact_phone"));
    in.contact_phone = phone;
    if (!ctx.pii)
      return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                  "未配置个人信息密钥 / no personal-data key is configured");
  }
  if (in.unit_ids.size() > 10) return BadInput("unit_ids", "最多 10 个承办单位 / at most 10 units");
  const auto tree = ctx.orgs.snapshot();
  for (int64_t org : in.unit_ids)
    if (!tree->Find(org))
      return Fail(ErrorKind::kNotFound, "not_found", "承办单位不存在 / unit not found", "unit_ids");
  return {};
}

Result<TicketView> Create(const Context& ctx, const Actor& actor, NewTicket in) {
  JICENG_CHECK(Validate(ctx, in));
  const int64_t now = ctx.clock.NowMs();
  if (in.due_at && *in.due_at <= now)
    return BadInput("due_at", "办结时限须晚于现在 / due_at must be in the future");
  auto dir = centers::DirectoryOf(ctx);
  auto center = centers::Get(ctx, in.center_id);
  if (!center || center->entry->center.closed)
    return Fail(ErrorKind::kNotFound, "not_found", "服务中心不存在 / center not found",
                "center_id");
  const int64_t center_org = center->entry->center.org_id;
  if (in.channel != "online") {
    JICENG_CHECK(orgs::Allow(ctx, *actor.principal, centers::ServePermission(), center_org));
    for (int64_t unit : in.unit_ids)
      JICENG_CHECK(MaySendTo(ctx, *actor.principal, center_org, unit, "unit_ids"));
  }
  return ctx.db.Write([&](store::Tx& tx) -> Result<TicketView> {
    store::TicketRecord t;
    t.center_id = in.center_id;
    t.org_id = center_org;
    t.assigned_org_id = in.unit_ids.empty() ? center_org : in.unit_ids.front();
    t.channel = in.channel;
    t.category = in.category;
    t.title = in.title;
    t.description = in.description;
    if (in.channel == "online") t.requester_user_id = actor.principal->user_id;
    t.contact_name = in.contact_name;
    if (!in.contact_phone.empty()) {
      t.contact_phone_sealed = ctx.pii->Seal(kPhoneField, in.contact_phone);
      t.contact_phone_masked = domain::MaskMobile(in.contact_phone);
    }
    t.status = "open";
    t.due_at = in.due_at.value_or(DueAfter(center->entry->calendar, now, WorkingDays(in.category)));
    t.created_by = actor.principal->user_id;
    t.created_at = t.updated_at = now;
    t.id = store::TicketRepository::Insert(tx, t);
    store::TicketRepository::AddUnits(tx, t.id, in.unit_ids);
    store::TicketRepository::AddEvent(tx, {0, t.id, now, actor.principal->user_id, "create",
                                           std::nullopt, t.assigned_org_id, in.channel, ""});
    facts::Record(ctx, tx, {{t.org_id, MonthOf(now), Measure(ctx, kTickets), 1}});
    audit::Record(
        tx, ctx, actor,
        {"ticket.create", "ticket", t.id, t.org_id, std::nullopt,
         nlohmann::json{{"channel", t.channel}, {"category", t.category}, {"title", t.title}}
             .dump()});
    return ViewOf(tx, *store::TicketRepository::Find(tx, t.id), now);
  });
}

}  // namespace

bool Overdue(const store::TicketRecord& t, int64_t now) {
  return t.status == "open" && t.due_at < now;
}

Result<TicketView> Record(const Context& ctx, const Actor& actor, NewTicket in) {
  if (in.channel != "walk_in" && in.channel != "phone")
    return BadInput("channel",
                    "渠道应为 walk_in（窗口）或 phone（电话）/ channel: walk_in or phone");
  return Create(ctx, actor, std::move(in));
}

Result<TicketView> Request(const Context& ctx, const Actor& actor, NewTicket in) {
  in.channel = "online";
  in.unit_ids.clear();  // the center decides where it goes
  in.due_at.reset();
  // The number to call back is the one the resident proved by code (sealed like any other
  // contact number); staff accounts asking online have none on file.
  JICENG_TRY(proven, ctx.db.Read([&](store::Tx& tx) {
    return residents::ProvenMobile(ctx, tx, actor.principal->user_id);
  }));
  in.contact_phone = proven.value_or("");
  return Create(ctx, actor, std::move(in));
}

Result<TicketView> Get(const Context& ctx, const domain::Principal& who, int64_t id) {
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Read([&](store::Tx& tx) -> Result<TicketView> {
    auto t = store::TicketRepository::Find(tx, id);
    if (!t || (t->requester_user_id != who.user_id && !IsStaff(ctx, who, *t)))
      return TicketNotFound();
    return ViewOf(tx, std::move(*t), now);
  });
}

Result<TicketView> Transfer(const Context& ctx, const Actor& actor, int64_t id, int64_t to_org,
                            const std::string& note) {
  JICENG_CHECK(ValidateText(note, "note", 500, false));
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<TicketView> {
    JICENG_TRY(t, ForStaff(ctx, tx, *actor.principal, id));
    JICENG_CHECK(MaySendTo(ctx, *actor.principal, t.org_id, to_org, "to_org_id"));
    if (t.status != "open")
      return Fail(ErrorKind::kRuleBroken, "ticket_closed", "工单已办结 / the ticket is resolved");
    if (to_org == t.assigned_org_id)
      return Fail(ErrorKind::kRuleBroken, "same_unit",
                  "工单已在该单位 / the ticket is already with that unit", "to_org_id");
    if (!store::TicketRepository::Assign(tx, id, t.version, to_org, now))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "工单刚刚已有变化，请刷新 / the ticket changed meanwhile; reload it");
    store::TicketRepository::AddUnits(tx, id, {to_org});
    store::TicketRepository::AddEvent(tx, {0, id, now, actor.principal->user_id, "transfer",
                                           t.assigned_org_id, to_org, note, ""});
    audit::Record(tx, ctx, actor,
                  {"ticket.transfer", "ticket", id, t.org_id,
                   nlohmann::json{{"assigned_org_id", t.assigned_org_id}}.dump(),
                   nlohmann::json{{"assigned_org_id", to_org}}.dump()});
    return ViewOf(tx, *store::TicketRepository::Find(tx, id), now);
  });
}

Result<TicketView> Note(const Context& ctx, const Actor& actor, int64_t id,
                        const std::string& note) {
  JICENG_CHECK(ValidateText(note, "note", 500, true));
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<TicketView> {
    JICENG_TRY(t, ForStaff(ctx, tx, *actor.principal, id));
    store::TicketRepository::Touch(tx, id, now);
    store::TicketRepository::AddEvent(
        tx, {0, id, now, actor.principal->user_id, "note", std::nullopt, std::nullopt, note, ""});
    return ViewOf(tx, *store::TicketRepository::Find(tx, id), now);
  });
}

Result<TicketView> Resolve(const Context& ctx, const Actor& actor, int64_t id,
                           const std::string& resolution) {
  JICENG_CHECK(ValidateText(resolution, "resolution", 1000, true));
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<TicketView> {
    JICENG_TRY(t, ForStaff(ctx, tx, *actor.principal, id));
    if (t.status != "open")
      return Fail(ErrorKind::kRuleBroken, "ticket_closed", "工单已办结 / the ticket is resolved");
    if (!store::TicketRepository::Resolve(tx, id, resolution, now))
      return Fail(ErrorKind::kRuleBroken, "ticket_closed", "工单已办结 / the ticket is resolved");
    store::TicketRepository::AddEvent(tx, {0, id, now, actor.principal->user_id, "resolve",
                                           std::nullopt, std::nullopt, resolution, ""});
    facts::Record(ctx, tx, {{t.org_id, MonthOf(t.created_at), Measure(ctx, kResolved), 1}});
    audit::Record(tx, ctx, actor,
                  {"ticket.resolve", "ticket", id, t.org_id, std::nullopt, std::nullopt});
    return ViewOf(tx, *store::TicketRepository::Find(tx, id), now);
  });
}

Result<TicketView> Rate(const Context& ctx, const Actor& actor, int64_t id, int64_t rating,
                        const std::string& comment) {
  if (rating < 1 || rating > 5) return BadInput("rating", "评价为 1–5 分 / rating is 1–5");
  JICENG_CHECK(ValidateText(comment, "comment", 500, false));
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<TicketView> {
    auto t = store::TicketRepository::Find(tx, id);
    // The requester rates an online request; staff record the rating a walk-in or caller
    // gave them.
    const bool own = t && t->requester_user_id == actor.principal->user_id;
    if (!t || (!own && (t->requester_user_id || !IsStaff(ctx, *actor.principal, *t))))
      return TicketNotFound();
    if (t->status != "resolved")
      return Fail(ErrorKind::kRuleBroken, "ticket_open",
                  "办结后才能评价 / a ticket is rated once it is resolved");
    if (t->rating)
      return Fail(ErrorKind::kConflict, "already_rated", "已评价 / the ticket is already rated");
    if (!store::TicketRepository::Rate(tx, id, rating, comment, now))
      return Fail(ErrorKind::kConflict, "already_rated", "已评价 / the ticket is already rated");
    store::TicketRepository::AddEvent(
        tx, {0, id, now, actor.principal->user_id, "rate", std::nullopt, std::nullopt,
             std::to_string(rating) + "/5", ""});
    const int32_t month = MonthOf(t->created_at);
    facts::Record(ctx, tx,
                  {{t->org_id, month, Measure(ctx, kRatings), 1},
                   {t->org_id, month, Measure(ctx, kRatingSum), rating}});
    audit::Record(tx, ctx, actor,
                  {"ticket.rate", "ticket", id, t->org_id, std::nullopt,
                   nlohmann::json{{"rating", rating}}.dump()});
    return ViewOf(tx, *store::TicketRepository::Find(tx, id), now);
  });
}

Result<std::string> RevealPhone(const Context& ctx, const Actor& actor, int64_t id) {
  if (!ctx.pii)
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "未配置个人信息密钥 / no personal-data key is configured");
  return ctx.db.Write([&](store::Tx& tx) -> Result<std::string> {
    JICENG_TRY(t, ForStaff(ctx, tx, *actor.principal, id));
    JICENG_CHECK(
        orgs::Allow(ctx, *actor.principal, domain::Permission::kRevealPersonalData, t.org_id));
    if (t.contact_phone_sealed.empty()) return NotFound("工单未留电话 / no contact number");
    JICENG_TRY(phone, ctx.pii->Open(kPhoneField, t.contact_phone_sealed));
    audit::Record(tx, ctx, actor,
                  {"ticket.reveal_phone", "ticket", id, t.org_id, std::nullopt, std::nullopt});
    return phone;
  });
}

Result<Queue> QueueOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& status, bool overdue_only, int64_t page, int64_t size) {
  if (!ctx.orgs.snapshot()->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, centers::ServePermission(), org_id));
  if (!status.empty() && status != "open" && status != "resolved")
    return BadInput("status", "状态应为 open 或 resolved / status: open or resolved");
  return ctx.db.Read([&](store::Tx& tx) -> Result<Queue> {
    store::TicketFilter f;
    f.scope = orgs::SubtreeOf(ctx, tx, {org_id});
    f.status = status;
    f.overdue_only = overdue_only;
    f.now = ctx.clock.NowMs();
    f.limit = size;
    f.offset = (page - 1) * size;
    Queue q;
    q.items = store::TicketRepository::List(tx, f, &q.total);
    return q;
  });
}

Queue Mine(const Context& ctx, const domain::Principal& who, int64_t page, int64_t size) {
  return ctx.db.Read([&](store::Tx& tx) {
    Queue q;
    q.items =
        store::TicketRepository::OfRequester(tx, who.user_id, size, (page - 1) * size, &q.total);
    return q;
  });
}

void DeclareFacts(facts::Registry& registry) {
  const auto made = registry.Declare("tickets", kTickets);
  const auto resolved = registry.Declare("tickets", kResolved);
  const auto ratings = registry.Declare("tickets", kRatings);
  const auto sum = registry.Declare("tickets", kRatingSum);
  registry.SetRecount("tickets", [=](store::Tx& tx) {
    std::vector<facts::Fact> out;
    for (const auto& d : store::TicketRepository::DailyTotals(tx)) {
      const int32_t month = facts::MonthIndex(dc::DayText(d.day));
      out.push_back({d.org_id, month, made, d.created});
      out.push_back({d.org_id, month, resolved, d.resolved});
      out.push_back({d.org_id, month, ratings, d.ratings});
      out.push_back({d.org_id, month, sum, d.rating_sum});
    }
    return out;
  });
}

}  // namespace jiceng::tickets
