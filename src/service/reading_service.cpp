#include "service/reading_service.h"

#include "domain/readings.h"
#include "index/facts.h"
#include "platform/clock.h"
#include "service/facts_service.h"
#include "service/material_service.h"
#include "service/org_service.h"
#include "store/meeting_repo.h"
#include "store/member_repo.h"

namespace jiceng::readings {
namespace {

using domain::Permission;

Result<std::pair<int64_t, int64_t>> PageOf(int64_t page, int64_t size) {
  if (page < 1 || size < 1 || size > 200)
    return BadInput("size", "分页参数无效 / page must be ≥ 1 and size 1–200");
  return std::pair{size, (page - 1) * size};
}

constexpr const char* kSessions = "readings.sessions";
constexpr const char* kSeconds = "readings.seconds";

facts::MeasureId Measure(const Context& ctx, const char* name) {
  return *ctx.facts.registry().Find(name);
}

// What a session adds to the facts when it is new (`sessions` 1) or grows.
std::vector<facts::Fact> FactsOf(const Context& ctx, const store::ReadingRecord& r,
                                 int64_t sessions, int64_t seconds) {
  const int32_t month = facts::MonthIndex(r.read_on);
  return {{r.org_id, month, Measure(ctx, kSessions), sessions},
          {r.org_id, month, Measure(ctx, kSeconds), seconds}};
}

}  // namespace

Result<Recorded> Record(const Context& ctx, const domain::Principal& who, int64_t material_id,
                        const std::string& started_at, int64_t seconds) {
  if (!who.member_id)
    return Fail(ErrorKind::kForbidden, "no_member",
                "账号未关联党员，无法记录学习 / your account is not linked to a member record");
  int64_t start = 0;
  if (!ParseIsoTime(started_at, &start))
    return BadInput("started_at", "时间格式应为 ISO 8601 / started_at must be ISO 8601");
  const int64_t now = ctx.clock.NowMs();
  JICENG_CHECK(domain::ValidateReading(start, seconds, now));
  auto result = ctx.db.Write([&](store::Tx& tx) -> Result<Recorded> {
    if (materials::CountExisting(tx, {material_id}) == 0)
      return NotFound("学习材料不存在 / material not found");
    auto member = store::MemberRepository::FindById(tx, *who.member_id);
    if (!member)
      return Fail(ErrorKind::kForbidden, "no_member",
                  "账号关联的党员记录不存在 / the linked member record is gone");
    Recorded out;
    if (auto existing = store::ReadingRepository::Find(tx, member->id, material_id, start)) {
      out.reading = *existing;
      if (seconds > existing->seconds) {
        store::ReadingRepository::SetSeconds(tx, existing->id, seconds, now);
        facts::Record(ctx, tx, FactsOf(ctx, *existing, 0, seconds - existing->seconds));
        out.reading.seconds = seconds;
        out.reading.updated_at = now;
      }
      return out;
    }
    out.created = true;
    out.reading = {0,           member->id, member->org_id,
                   material_id, start,      domain::ShanghaiDate(start),
                   seconds,     now,        ""};
    out.reading.id = store::ReadingRepository::Insert(tx, out.reading);
    facts::Record(ctx, tx, FactsOf(ctx, out.reading, 1, seconds));
    return out;
  });
  return result;
}

Result<Mine> OfMine(const Context& ctx, const domain::Principal& who, const std::string& period,
                    int64_t page, int64_t size) {
  if (!who.member_id)
    return Fail(ErrorKind::kForbidden, "no_member",
                "账号未关联党员 / your account is not linked to a member record");
  JICENG_TRY(p, domain::ParsePeriod(period));
  JICENG_TRY(window, PageOf(page, size));
  return ctx.db.Read([&](store::Tx& tx) -> Result<Mine> {
    Mine out;
    out.period = p;
    out.totals = store::ReadingRepository::TotalsOfMember(tx, *who.member_id, p.from, p.to);
    out.items = store::ReadingRepository::OfMember(tx, *who.member_id, p.from, p.to, window.first,
                                                   window.second);
    return out;
  });
}

Result<Readers> ReadersOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          const std::string& period, int64_t page, int64_t size) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, Permission::kManageMembers, org_id));
  JICENG_TRY(p, domain::ParsePeriod(period));
  JICENG_TRY(window, PageOf(page, size));
  Readers out;
  out.period = p;
  // The subtree's sessions and time from memory (months: periods are calendar-aligned).
  const facts::MeasureId measures[] = {Measure(ctx, kSessions), Measure(ctx, kSeconds)};
  auto sums =
      ctx.facts.Sum(tree, *root, facts::MonthIndex(p.from), facts::MonthIndex(p.to), measures)
          .total;
  out.totals = {sums[0], sums[1], 0};
  return ctx.db.Read([&](store::Tx& tx) -> Result<Readers> {
    auto subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    out.items = store::ReadingRepository::ByMember(tx, subtree, p.from, p.to, window.first,
                                                   window.second, &out.total);
    if (out.items.empty() && window.second > 0)
      out.total = store::ReadingRepository::CountReaders(tx, subtree, p.from, p.to);
    return out;
  });
}

void DeclareFacts(facts::Registry& registry) {
  const auto sessions = registry.Declare("readings", kSessions);
  const auto seconds = registry.Declare("readings", kSeconds);
  registry.SetRecount("readings", [sessions, seconds](store::Tx& tx) {
    std::vector<facts::Fact> out;
    for (const auto& m : store::ReadingRepository::MonthlyTotals(tx)) {
      const int32_t month = facts::MonthIndex(m.month);
      out.push_back({m.org_id, month, sessions, m.sessions});
      out.push_back({m.org_id, month, seconds, m.seconds});
    }
    return out;
  });
}

}  // namespace jiceng::readings
