#include "service/committee_service.h"

#include <nlohmann/json.hpp>

#include "domain/committees.h"
#include "domain/members.h"
#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/member_repo.h"

namespace jiceng::committees {
namespace {

constexpr size_t kMaxSeats = 31;  // a committee of the largest party committees

Committee Summarize(int64_t org_id, std::vector<store::SeatRecord> seats,
                    std::optional<store::TermRecord> term, int64_t full_members) {
  Committee c;
  c.org_id = org_id;
  for (const auto& s : seats) {
    c.part_time += s.part_time;
    c.non_shenzhen_hukou += s.non_shenzhen_hukou;
  }
  c.seats = std::move(seats);
  c.term = std::move(term);
  c.full_members = full_members;
  return c;
}

std::string Snapshot(const std::vector<store::SeatRecord>& seats,
                     const std::optional<store::TermRecord>& term) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : seats) j.push_back({{"seat", s.seat}, {"name", s.name}});
  nlohmann::json out = {{"seats", j}, {"term", nullptr}};
  if (term) out["term"] = {{"elected_on", term->elected_on}, {"term_years", term->term_years}};
  return out.dump();
}

domain::OrgKind KindOf(const index::OrgNode& node) {
  return domain::ParseOrgKind(node.kind).value_or(domain::OrgKind::kBranch);
}

}  // namespace

Result<Committee> Get(const Context& ctx, const domain::Principal& who, int64_t org_id) {
  if (!ctx.orgs.snapshot()->Find(org_id)) return NotFound("组织不存在 / organization not found");
  // Seats name people: the members routes' rule (domain::kReadPeople), issue #12.
  JICENG_CHECK(orgs::Allow(ctx, who, domain::kReadPeople, org_id));
  return ctx.db.Read([&](store::Tx& tx) {
    return Summarize(org_id, store::CommitteeRepository::ForOrg(tx, org_id),
                     store::CommitteeRepository::TermOf(tx, org_id),
                     store::CommitteeRepository::FullMembersOf(tx, org_id));
  });
}

Result<Committee> Replace(const Context& ctx, const Actor& actor, int64_t org_id,
                          const std::vector<SeatInput>& input,
                          const std::optional<std::optional<TermInput>>& term) {
  auto tree = ctx.orgs.snapshot();
  const auto* node = tree->Find(org_id);
  if (!node) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, domain::Permission::kManageOrgs, org_id));
  auto kind = KindOf(*node);
  if (input.size() > kMaxSeats) return BadInput("seats", "委员过多 / too many seats");
  std::string today = orgs::TodayInShanghai(ctx);
  for (const auto& s : input) {
    if (s.seat != "secretary" && s.seat != "deputy_secretary" && s.seat != "member")
      return BadInput("seat", "职务须为 secretary、deputy_secretary 或 member / unknown seat");
    if (!s.member_id) JICENG_CHECK(ValidateName(s.name, "name", 50, true));
    JICENG_CHECK(ValidateText(s.reason, "reason", 200, false));
    if (!s.since.empty()) {
      JICENG_CHECK(domain::ValidateDate(s.since, "since"));
      if (s.since > today)
        return Fail(ErrorKind::kRuleBroken, "future_date",
                    "任职日期不能晚于今天 / the date cannot be in the future", "since");
    }
  }
  std::optional<store::TermRecord> new_term;
  if (term && *term) {
    const auto& t = **term;
    JICENG_CHECK(domain::ValidateDate(t.elected_on, "elected_on"));
    if (t.elected_on > today)
      return Fail(ErrorKind::kRuleBroken, "future_date",
                  "选举日期不能晚于今天 / the date cannot be in the future", "elected_on");
    JICENG_CHECK(domain::CheckTermYears(kind, t.term_years));
    new_term = store::TermRecord{org_id, t.elected_on, t.term_years,
                                 domain::AddYears(t.elected_on, static_cast<int>(t.term_years))};
  }
  return ctx.db.Write([&](store::Tx& tx) -> Result<Committee> {
    auto before = store::CommitteeRepository::ForOrg(tx, org_id);
    auto before_term = store::CommitteeRepository::TermOf(tx, org_id);
    std::vector<store::SeatRecord> seats;
    std::vector<domain::SeatShape> shapes;
    for (const auto& in : input) {
      store::SeatRecord s;
      s.seat = in.seat;
      s.member_id = in.member_id;
      s.name = in.name;
      s.part_time = in.part_time;
      s.non_shenzhen_hukou = in.non_shenzhen_hukou.value_or(false);
      s.since = in.since;
      s.reason = in.reason;
      domain::SeatShape shape{in.seat, false, !in.reason.empty()};
      if (in.member_id) {
        // A registered member of this organization's subtree; name and hukou from the record.
        auto m = store::MemberRepository::FindById(tx, *in.member_id);
        if (!m || !tree->Contains(org_id, m->org_id))
          return BadInput("member_id", "委员须为本组织的党员 / not a member of this organization");
        // 党章 第七条: 预备党员 … 没有表决权、选举权和被选举权 — only full members hold seats.
        if (m->status != "full")
          return Fail(ErrorKind::kRuleBroken, "seat_not_full_member",
                      "委员须为正式党员 / a seat is held by a full member", "member_id");
        s.name = m->name;
        if (!in.non_shenzhen_hukou) s.non_shenzhen_hukou = !m->shenzhen_hukou;
        shape.full_member = true;
      }
      seats.push_back(std::move(s));
      shapes.push_back(std::move(shape));
    }
    JICENG_CHECK(domain::CheckCommittee(kind, store::CommitteeRepository::FullMembersOf(tx, org_id),
                                        shapes));
    store::CommitteeRepository::Replace(tx, org_id, seats);
    if (term) {
      if (new_term)
        store::CommitteeRepository::SetTerm(tx, *new_term);
      else
        store::CommitteeRepository::ClearTerm(tx, org_id);
    }
    auto after = store::CommitteeRepository::ForOrg(tx, org_id);
    auto after_term = store::CommitteeRepository::TermOf(tx, org_id);
    audit::Record(tx, ctx, actor,
                  {"org.committee", "org", org_id, org_id, Snapshot(before, before_term),
                   Snapshot(after, after_term)});
    return Summarize(org_id, std::move(after), std::move(after_term),
                     store::CommitteeRepository::FullMembersOf(tx, org_id));
  });
}

Result<ReelectionList> Reelections(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                   int64_t within_months, int64_t page, int64_t size) {
  auto tree = ctx.orgs.snapshot();
  if (!tree->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, domain::Permission::kReadOrgs, org_id));
  if (within_months < 0 || within_months > 60)
    return BadInput("within_months", "within_months 须为 0 到 60 / 0 to 60 months");
  ReelectionList out;
  out.today = orgs::TodayInShanghai(ctx);
  out.until = domain::AddMonths(out.today, static_cast<int>(within_months));
  ctx.db.Read([&](store::Tx& tx) {
    auto scope = orgs::SubtreeOf(ctx, tx, {org_id});
    out.total = store::CommitteeRepository::CountExpiringBy(tx, scope, out.until);
    for (auto& t :
         store::CommitteeRepository::ExpiringBy(tx, scope, out.until, size, (page - 1) * size)) {
      Reelection r;
      r.org_id = t.org_id;
      if (const auto* n = tree->Find(t.org_id)) {
        r.name = n->name;
        r.kind = n->kind;
      }
      // A term ends on `expires_on`: from that day on it is overdue.
      r.expired = t.expires_on <= out.today;
      r.term = std::move(t);
      out.items.push_back(std::move(r));
    }
  });
  return out;
}

Result<SizeFlags> SizeFlagsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                              const std::string& flag, int64_t page, int64_t size) {
  auto tree = ctx.orgs.snapshot();
  const auto* root = tree->Find(org_id);
  if (!root) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, domain::Permission::kReadOrgs, org_id));
  using F = domain::SizeFlag;
  const F all[] = {F::kBranchUnderThree, F::kShouldBeGeneralBranch, F::kShouldBePrimaryCommittee};
  bool known = flag.empty();
  for (auto f : all) known = known || flag == domain::SizeFlagCode(f);
  if (!known) return BadInput("flag", "未知的标记 / unknown flag");
  auto counts = ctx.db.Read([&](store::Tx& tx) {
    return store::CommitteeRepository::MemberCountsIn(tx, orgs::SubtreeOf(ctx, tx, {org_id}));
  });
  // Own counts by pre-order position, then prefix sums of party members over the range so
  // that a general branch's subtree is one subtraction.
  size_t begin = static_cast<size_t>(root->enter), end = static_cast<size_t>(root->exit);
  std::vector<int64_t> full(end - begin, 0), prefix(end - begin + 1, 0);
  std::vector<int64_t> party(end - begin, 0);
  for (const auto& c : counts) {
    auto it = tree->position.find(c.org_id);
    if (it == tree->position.end()) continue;
    auto pos = static_cast<size_t>(it->second);
    if (pos < begin || pos >= end) continue;
    full[pos - begin] = c.full;
    party[pos - begin] = c.full + c.probationary;
  }
  for (size_t i = 0; i < party.size(); ++i) prefix[i + 1] = prefix[i] + party[i];
  SizeFlags out;
  for (auto f : all) out.counts[domain::SizeFlagCode(f)] = 0;
  int64_t skip = (page - 1) * size;
  for (size_t i = begin; i < end; ++i) {
    const auto& n = tree->nodes[i];
    if (n.status != "active") continue;
    auto kind = domain::ParseOrgKind(n.kind);
    if (!kind) continue;
    int64_t members = prefix[static_cast<size_t>(n.exit) - begin] - prefix[i - begin];
    auto f = domain::SizeFlagOf(*kind, full[i - begin], members);
    if (!f) continue;
    std::string code = domain::SizeFlagCode(*f);
    ++out.counts[code];
    if (!flag.empty() && code != flag) continue;
    ++out.total;
    if (skip > 0) {
      --skip;
      continue;
    }
    if (static_cast<int64_t>(out.items.size()) >= size) continue;
    out.items.push_back(
        {n.id, n.name, n.kind, full[i - begin], members, code, domain::SizeFlagName(*f)});
  }
  return out;
}

}  // namespace jiceng::committees
