// Synthetic members for the demo (demo/demo_members.h): a first branch per community and
// people with valid citizen IDs spread over every branch, flagged demo.
#include "demo/demo_members.h"

#include <map>
#include <random>
#include <set>
#include <string_view>

#include "domain/identifiers.h"
#include "domain/members.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/pii.h"
#include "service/audit_service.h"
#include "service/org_registry.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/org_repo.h"
#include "store/unit_repo.h"

namespace jiceng::members {
namespace {

// The most common surnames and some given-name characters (UTF-8, 3 bytes each).
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严";
constexpr std::string_view kGiven =
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华红建国文辉鹏飞玲燕波宁海峰志斌晶雪梅琳婷浩"
    "宇欣怡子轩梓涵佳琪晨阳博文思远立新振华德胜春兰秋菊月亮云龙";
constexpr std::string_view kEducation[] = {"研究生", "大学本科", "大学专科", "高中", "中专"};

std::string Pick(std::string_view chars, std::mt19937_64& rng) {
  size_t n = chars.size() / 3;
  size_t i = rng() % n;
  return std::string(chars.substr(i * 3, 3));
}

std::string DateOf(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

Result<DemoMembers> SeedDemoMembers(const Context& ctx, int count, uint64_t seed) {
  if (!ctx.pii)
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "未配置个人信息加密密钥 / no personal-data key configured");
  DemoMembers out;
  std::string today = orgs::TodayInShanghai(ctx);
  int this_year = 0, this_month = 0, this_day = 0;
  if (!domain::ParseDate(today, &this_year, &this_month, &this_day))
    return Fail(ErrorKind::kInternal, "bad_clock", "系统日期无效 / the clock gives no date");
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    out.members_present = store::MemberRepository::CountDemo(tx);
    if (out.members_present > 0 || count <= 0) return {};
    // A first branch under every community committee; members go to every branch.
    auto tree = ctx.orgs.snapshot();
    struct Slot {
      int64_t branch;
      std::optional<int64_t> region;  // the district-level ancestor
      std::string district;
      std::vector<int64_t> units;      // units the branch covers (its people work there)
      std::vector<int64_t> uncovered;  // uncovered units nearby (some members work there)
    };
    std::vector<Slot> branches;
    int64_t now = ctx.clock.NowMs();
    // Units by the organization that covers them, and uncovered units by their street.
    std::map<int64_t, std::vector<int64_t>> covered_by, uncovered_in;
    store::UnitSearch all_units;
    all_units.scope.path_prefixes = {"/"};
    all_units.limit = 10'000'000;
    for (const auto& u : store::UnitRepository::Search(tx, all_units)) {
      if (u.type == "park" || u.type == "building") continue;
      if (u.covering_org_id)
        covered_by[*u.covering_org_id].push_back(u.id);
      else
        uncovered_in[u.org_id].push_back(u.id);
    }
    auto region_of = [&](int64_t id) -> std::optional<int64_t> {
      auto chain = tree->Chain(id);
      if (chain.size() >= 2) return chain[1]->id;
      return std::nullopt;
    };
    auto district_of = [&](const index::OrgNode& n) {
      return n.area_code.size() >= 6 ? n.area_code.substr(0, 6) : std::string("440300");
    };
    for (const auto& n : tree->nodes) {
      if ((n.kind != "community" && n.kind != "village") || n.status != "active") continue;
      std::string name = n.name;
      const std::string tail = "委员会";
      if (name.size() > tail.size() &&
          name.compare(name.size() - tail.size(), tail.size(), tail) == 0)
        name.resize(name.size() - tail.size());
      name += "第一支部委员会";
      int64_t id;
      if (auto existing = store::OrgRepository::FindChildByName(tx, n.id, name)) {
        id = existing->id;
      } else {
        id = store::OrgRepository::Insert(
            tx, store::NewOrgRecord{n.id, name, "branch", "", "", "", "2000-01-01"}, now);
        ++out.branches_added;
      }
      const auto* street = tree->Find(n.parent_id);
      branches.push_back({id,
                          region_of(n.id),  // the community's: the branch is new
                          district_of(n),
                          {},
                          street ? uncovered_in[street->id] : std::vector<int64_t>{}});
    }
    // The other branches: community branches added by the sector seeding, enterprise and
    // association branches, joint branches of buildings.
    std::set<int64_t> seen;
    for (const auto& s : branches) seen.insert(s.branch);
    for (const auto& n : tree->nodes) {
      if ((n.kind != "branch" && n.kind != "joint_branch") || n.status != "active" ||
          seen.count(n.id))
        continue;
      Slot slot{n.id, region_of(n.id), district_of(n), covered_by[n.id], {}};
      const auto* parent = tree->Find(n.parent_id);
      if (parent) {
        auto& own = covered_by[parent->id];
        slot.units.insert(slot.units.end(), own.begin(), own.end());
        if (parent->kind == "community" || parent->kind == "village")
          if (const auto* street = tree->Find(parent->parent_id))
            slot.uncovered = uncovered_in[street->id];
      }
      branches.push_back(std::move(slot));
    }
    if (branches.empty()) return {};
    std::mt19937_64 rng(seed);
    std::vector<store::Params> batch;  // bulk inserts
    store::MemberRepository::MemberCounts counts;
    std::set<std::string> used;
    for (int i = 0; i < count; ++i) {
      const auto& slot = branches[rng() % branches.size()];
      const auto& district = slot.district;
      // Born 25 to 76 years ago: old enough to have applied at 18 and gone through it all.
      int by = this_year - 25 - static_cast<int>(rng() % 52), bm = 1 + static_cast<int>(rng() % 12),
          bd = 1 + static_cast<int>(rng() % 28);
      std::string birth = DateOf(by, bm, bd);
      std::string first17;
      do {
        char seq[8];
        std::snprintf(seq, sizeof seq, "%03d", static_cast<int>(rng() % 1000));
        first17 = district + birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2) + seq;
      } while (!used.insert(first17).second);
      std::string id = first17 + domain::CitizenIdCheck(first17);
      char mobile[16];
      std::snprintf(mobile, sizeof mobile, "13%d%08d", 5 + static_cast<int>(rng() % 5),
                    static_cast<int>(rng() % 100000000));
      store::MemberRecord r;
      r.org_id = slot.branch;
      // Members of a new-sector branch work in a unit it covers; a few community members
      // work in an uncovered firm of their street (which then may need its own org).
      if (!slot.units.empty())
        r.unit_id = slot.units[rng() % slot.units.size()];
      else if (!slot.uncovered.empty() && rng() % 100 < 4)
        r.unit_id = slot.uncovered[rng() % slot.uncovered.size()];
      r.name = Pick(kSurnames, rng) + Pick(kGiven, rng) + (rng() % 2 ? Pick(kGiven, rng) : "");
      r.gender = (first17[16] - '0') % 2 ? "male" : "female";
      r.ethnicity = rng() % 20 ? "汉族" : "壮族";
      r.birth_date = birth;
      r.national_id_sealed = ctx.pii->Seal("national_id", id);
      r.national_id_index = ctx.pii->BlindIndex("national_id", id);
      r.national_id_masked = domain::MaskCitizenId(id);
      r.mobile_sealed = ctx.pii->Seal("mobile", mobile);
      r.mobile_index = ctx.pii->BlindIndex("mobile", mobile);
      r.mobile_masked = domain::MaskMobile(mobile);
      r.education = std::string(kEducation[rng() % 5]);
      r.work_unit = "（演示数据）";
      r.shenzhen_hukou = rng() % 10 < 7;
      r.demo = true;
      r.created_at = now;
      // Stage: 80% full, 8% probationary, 5% candidates, 4% activists, 3% applicants, with
      // the dates of every stage passed, spaced as the pipeline's rules ask (a year or more
      // as an activist, a year of probation) — and checked by the very rules registration
      // applies (domain::Register), so that no demo member breaks them.
      int roll = static_cast<int>(rng() % 100);
      auto months = [&](int from, int to) {
        return from + static_cast<int>(rng() % (to - from + 1));
      };
      domain::Registration reg;
      reg.birth_date = birth;
      auto back_from = [&](const std::string& stage_date, bool candidate_known) {
        // The stages before `stage_date`: candidacy 3–9 months before joining, activism
        // 12–24 months before candidacy, the application 1–6 months before that.
        std::string candidate =
            candidate_known ? stage_date : domain::AddMonths(stage_date, -months(3, 9));
        std::string activist = domain::AddMonths(candidate, -months(12, 24));
        reg.candidate_on = candidate;
        reg.activist_on = activist;
        reg.applied_on = domain::AddMonths(activist, -months(1, 6));
      };
      if (roll < 80) {
        reg.status = domain::MemberStatus::kFull;
        // Applied at 18 to 37, at least six years ago: through probation well before today.
        int applied_year = std::min(this_year - 6, by + 18 + static_cast<int>(rng() % 20));
        reg.applied_on = DateOf(applied_year, bm, bd);
        reg.activist_on = domain::AddMonths(reg.applied_on, months(1, 6));
        reg.candidate_on = domain::AddMonths(reg.activist_on, months(12, 24));
        reg.joined_on = domain::AddMonths(reg.candidate_on, months(3, 9));
      } else if (roll < 88) {
        reg.status = domain::MemberStatus::kProbationary;
        reg.joined_on = domain::AddMonths(today, -months(1, 11));
        back_from(reg.joined_on, false);
      } else if (roll < 93) {
        reg.status = domain::MemberStatus::kCandidate;
        back_from(domain::AddMonths(today, -months(1, 11)), true);
      } else if (roll < 97) {
        reg.status = domain::MemberStatus::kActivist;
        reg.activist_on = domain::AddMonths(today, -months(1, 11));
        reg.applied_on = domain::AddMonths(reg.activist_on, -months(1, 6));
      } else {
        reg.status = domain::MemberStatus::kApplicant;
        reg.applied_on = domain::AddMonths(today, -months(1, 11));
      }
      auto pipeline = domain::Register(reg, today);
      if (!pipeline) return tl::unexpected(pipeline.error());  // a generator bug: stop
      r.status = std::string(domain::MemberStatusCode(pipeline->status));
      r.applied_on = pipeline->applied_on;
      r.activist_on = pipeline->activist_on;
      r.candidate_on = pipeline->candidate_on;
      r.joined_on = pipeline->joined_on;
      r.full_on = pipeline->full_on;
      r.probation_ends_on = pipeline->probation_ends_on;
      r.probation_extended = pipeline->probation_extended;
      r.region_id = slot.region;
      batch.push_back(store::MemberRepository::RowParams(r));
      if (batch.size() == 4000) {
        store::MemberRepository::InsertMany(tx, batch, counts);
        batch.clear();
      }
      ++out.members_added;
    }
    store::MemberRepository::InsertMany(tx, batch, counts);
    store::MemberRepository::AddCounts(tx, counts);
    audit::Record(tx, ctx, Actor{nullptr, "demo", "demo"},
                  {"member.demo_seed", "member", std::nullopt, std::nullopt, std::nullopt,
                   "{\"members\":" + std::to_string(out.members_added) + "}"});
    out.members_present = out.members_added;
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  orgs::RefreshTree(ctx);
  return out;
}

}  // namespace jiceng::members
