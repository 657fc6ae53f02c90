#include "service/committee_service.h"

#include <nlohmann/json.hpp>

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

Committee Summarize(int64_t org_id, std::vector<store::SeatRecord> seats) {
  Committee c;
  c.org_id = org_id;
  for (const auto& s : seats) {
    c.part_time += s.part_time;
    c.non_shenzhen_hukou += s.non_shenzhen_hukou;
  }
  c.seats = std::move(seats);
  return c;
}

std::string Snapshot(const std::vector<store::SeatRecord>& seats) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& s : seats) j.push_back({{"seat", s.seat}, {"name", s.name}});
  return j.dump();
}

}  // namespace

Result<Committee> Get(const Context& ctx, const domain::Principal& who, int64_t org_id) {
  if (!ctx.orgs.snapshot()->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, domain::Permission::kReadOrgs, org_id));
  return Summarize(org_id, ctx.db.Read([&](store::Tx& tx) {
    return store::CommitteeRepository::ForOrg(tx, org_id);
  }));
}

Result<Committee> Replace(const Context& ctx, const Actor& actor, int64_t org_id,
                          const std::vector<SeatInput>& input) {
  if (!ctx.orgs.snapshot()->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, domain::Permission::kManageOrgs, org_id));
  if (input.size() > kMaxSeats) return BadInput("seats", "委员过多 / too many seats");
  std::string today = orgs::TodayInShanghai(ctx);
  int secretaries = 0;
  for (const auto& s : input) {
    if (s.seat != "secretary" && s.seat != "deputy_secretary" && s.seat != "member")
      return BadInput("seat", "职务须为 secretary、deputy_secretary 或 member / unknown seat");
    secretaries += s.seat == "secretary";
    if (!s.member_id) JICENG_CHECK(ValidateName(s.name, "name", 50, true));
    if (!s.since.empty()) {
      JICENG_CHECK(domain::ValidateDate(s.since, "since"));
      if (s.since > today)
        return Fail(ErrorKind::kRuleBroken, "future_date",
                    "任职日期不能晚于今天 / the date cannot be in the future", "since");
    }
  }
  if (secretaries > 1)
    return Fail(ErrorKind::kRuleBroken, "one_secretary",
                "一个委员会只有一名书记 / a committee has one secretary", "seats");
  return ctx.db.Write([&](store::Tx& tx) -> Result<Committee> {
    auto before = store::CommitteeRepository::ForOrg(tx, org_id);
    std::vector<store::SeatRecord> seats;
    auto tree = ctx.orgs.snapshot();
    for (const auto& in : input) {
      store::SeatRecord s;
      s.seat = in.seat;
      s.member_id = in.member_id;
      s.name = in.name;
      s.part_time = in.part_time;
      s.non_shenzhen_hukou = in.non_shenzhen_hukou.value_or(false);
      s.since = in.since;
      if (in.member_id) {
        // A registered member of this organization's subtree; name and hukou from the record.
        auto m = store::MemberRepository::FindById(tx, *in.member_id);
        if (!m || !tree->Contains(org_id, m->org_id))
          return BadInput("member_id", "委员须为本组织的党员 / not a member of this organization");
        s.name = m->name;
        if (!in.non_shenzhen_hukou) s.non_shenzhen_hukou = !m->shenzhen_hukou;
      }
      seats.push_back(std::move(s));
    }
    store::CommitteeRepository::Replace(tx, org_id, seats);
    auto after = store::CommitteeRepository::ForOrg(tx, org_id);
    audit::Record(tx, ctx, actor,
                  {"org.committee", "org", org_id, org_id, Snapshot(before), Snapshot(after)});
    return Summarize(org_id, std::move(after));
  });
}

}  // namespace jiceng::committees
