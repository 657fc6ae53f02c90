#include "service/member_service.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/identifiers.h"
#include "domain/members.h"
#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/pii.h"
#include "platform/pinyin.h"
#include "platform/rate_limit.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/org_repo.h"
#include "store/unit_repo.h"

namespace jiceng::members {
namespace {

using domain::MemberStatus;
using domain::Permission;

constexpr const char* kIdField = "national_id";
constexpr const char* kMobileField = "mobile";

Status CanManage(const Context& ctx, const domain::Principal& who, int64_t org) {
  return orgs::Allow(ctx, who, Permission::kManageMembers, org);
}

Result<const PiiCipher*> Cipher(const Context& ctx) {
  if (!ctx.pii)
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "未配置个人信息加密密钥 / no personal-data key configured");
  return ctx.pii;
}

Status CheckUnit(store::Tx& tx, std::optional<int64_t> unit_id) {
  if (unit_id && !store::UnitRepository::FindById(tx, *unit_id))
    return BadInput("unit_id", "单位不存在 / unit not found");
  return {};
}

tl::unexpected<Error> MemberNotFound() { return NotFound("党员不存在 / member not found"); }

// Audit snapshots never hold personal data in clear: masked forms only.
std::string Snapshot(const store::MemberRecord& m) {
  return nlohmann::json{{"org_id", m.org_id},        {"name", m.name},
                        {"status", m.status},        {"national_id", m.national_id_masked},
                        {"mobile", m.mobile_masked}, {"version", m.version}}
      .dump();
}

MemberView Masked(store::MemberRecord r) {
  MemberView v;
  v.national_id = r.national_id_masked;
  v.mobile = r.mobile_masked;
  v.record = std::move(r);
  return v;
}

domain::Pipeline ToPipeline(const store::MemberRecord& m) {
  domain::Pipeline p;
  p.status = *domain::ParseMemberStatus(m.status);
  p.birth_date = m.birth_date;
  p.applied_on = m.applied_on;
  p.activist_on = m.activist_on;
  p.candidate_on = m.candidate_on;
  p.joined_on = m.joined_on;
  p.full_on = m.full_on;
  p.left_on = m.left_on;
  p.probation_ends_on = m.probation_ends_on;
  p.probation_extended = m.probation_extended;
  return p;
}

void FromPipeline(const domain::Pipeline& p, store::MemberRecord& m) {
  m.status = std::string(domain::MemberStatusCode(p.status));
  m.applied_on = p.applied_on;
  m.activist_on = p.activist_on;
  m.candidate_on = p.candidate_on;
  m.joined_on = p.joined_on;
  m.full_on = p.full_on;
  m.left_on = p.left_on;
  m.probation_ends_on = p.probation_ends_on;
  m.probation_extended = p.probation_extended;
}

}  // namespace

Result<store::MemberRecord> Prepare(const Context& ctx, const Actor& actor,
                                    const MemberInput& input) {
  JICENG_TRY(pii, Cipher(ctx));
  if (actor.principal) JICENG_CHECK(CanManage(ctx, *actor.principal, input.org_id));
  const MemberInput& in = input;
  JICENG_CHECK(ValidateName(in.name, "name", 50, true));
  JICENG_CHECK(ValidateName(in.ethnicity, "ethnicity", 20, false));
  JICENG_CHECK(ValidateName(in.education, "education", 30, false));
  JICENG_CHECK(ValidateName(in.work_unit, "work_unit", 100, false));
  std::string today = orgs::TodayInShanghai(ctx);
  JICENG_TRY(id, domain::ParseCitizenId(in.national_id, kIdField, today));
  std::string gender = id.male ? "male" : "female";
  if (!in.gender.empty() && in.gender != gender)
    return Fail(ErrorKind::kRuleBroken, "gender_mismatch",
                "性别与公民身份号码不符 / gender does not match the ID number", "gender");
  char birth[16];
  std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", id.birth_year % 10000, id.birth_month % 100,
                id.birth_day % 100);
  // The status and its dates obey the pipeline's own rules (domain::Register), whichever
  // way the person comes in: the API, an import file or the CLI.
  auto status = domain::ParseMemberStatus(in.status);
  if (!status)
    return Fail(ErrorKind::kRuleBroken, "invalid_status",
                "登记时人员类别须为申请人、积极分子、发展对象、预备党员或正式党员 / status must be "
                "applicant, activist, candidate, probationary or full",
                "status");
  JICENG_TRY(pipeline, domain::Register({*status, birth, in.applied_on, in.activist_on,
                                         in.candidate_on, in.joined_on, in.full_on},
                                        today));
  std::optional<std::string> mobile;
  if (!in.mobile.empty()) {
    JICENG_TRY(m, domain::ParseMobile(in.mobile));
    mobile = m;
  }
  store::MemberRecord r;
  r.org_id = in.org_id;
  r.name = in.name;
  r.gender = gender;
  r.ethnicity = in.ethnicity;
  r.birth_date = birth;
  r.national_id_sealed = pii->Seal(kIdField, id.number);
  r.national_id_index = pii->BlindIndex(kIdField, id.number);
  r.national_id_masked = domain::MaskCitizenId(id.number);
  if (mobile) {
    r.mobile_sealed = pii->Seal(kMobileField, *mobile);
    r.mobile_index = pii->BlindIndex(kMobileField, *mobile);
    r.mobile_masked = domain::MaskMobile(*mobile);
  }
  r.education = in.education;
  r.work_unit = in.work_unit;
  r.shenzhen_hukou = in.shenzhen_hukou;
  FromPipeline(pipeline, r);
  r.unit_id = in.unit_id;
  r.created_at = ctx.clock.NowMs();
  // The region (distribution key) is the org's ancestor directly below the root.
  if (auto chain = ctx.orgs.snapshot()->Chain(r.org_id); chain.size() >= 2)
    r.region_id = chain[1]->id;
  return r;
}

namespace {

Status CheckBranch(store::Tx& tx, int64_t org_id) {
  auto org = store::OrgRepository::FindById(tx, org_id);
  if (!org) return BadInput("org_id", "组织不存在 / organization not found");
  auto kind = domain::ParseOrgKind(org->kind);
  if (org->status != "active" || !kind || !domain::HoldsMembers(*kind))
    return Fail(ErrorKind::kRuleBroken, "not_a_branch",
                "党员须编入党支部（或联合支部、党总支）/ members belong to an active branch",
                "org_id");
  return {};
}

Status CachedCheckBranch(store::Tx& tx, int64_t org_id, BranchChecks& checks) {
  auto it = checks.find(org_id);
  if (it == checks.end()) it = checks.emplace(org_id, CheckBranch(tx, org_id)).first;
  return it->second;
}

tl::unexpected<Error> DuplicateMember() {
  return Fail(ErrorKind::kConflict, "duplicate_member",
              "该公民身份号码已登记 / a member with this ID number exists", "national_id");
}

std::string ProbeKey(const Actor& actor) {
  return actor.principal ? std::to_string(actor.principal->user_id) : std::string();
}

}  // namespace

bool InScope(const Context& ctx, const Actor& actor, int64_t org_id) {
  return !actor.principal || CanManage(ctx, *actor.principal, org_id).has_value();
}

Error DuplicateError(const Context& ctx, const Actor& actor, const IdHit& hit) {
  if (InScope(ctx, actor, hit.org_id)) return DuplicateMember().value();
  // The same words wherever the member is (another street, another district): where is
  // not the caller's to know. The transfer (组织关系转接) is how a member registered
  // elsewhere comes into one's organization.
  return Error{ErrorKind::kConflict, "duplicate_member",
               "该公民身份号码已在其他党组织登记，请通过组织关系转接办理转入 / this ID number is "
               "registered with another organization; bring the member in through a transfer "
               "(组织关系转接)",
               "national_id"};
}

tl::unexpected<Error> IdProbesExhausted(const Context& ctx, const Actor& actor) {
  int64_t wait = ctx.id_probes ? ctx.id_probes->BlockedFor(ProbeKey(actor), ctx.clock.NowMs()) : 0;
  int64_t minutes = std::max<int64_t>(1, (wait + 59'999) / 60'000);
  return RateLimited("rate_limited",
                     "登记的公民身份号码多次与其他党组织的党员重复，请" + std::to_string(minutes) +
                         "分钟后再试 / too many registrations of ID numbers registered elsewhere; "
                         "try again in " +
                         std::to_string(minutes) + " min",
                     std::max<int64_t>(1, (wait + 999) / 1000));
}

Status AdmitRegistration(const Context& ctx, const Actor& actor) {
  if (!actor.principal || !ctx.id_probes) return {};
  if (ctx.id_probes->BlockedFor(ProbeKey(actor), ctx.clock.NowMs()) > 0)
    return IdProbesExhausted(ctx, actor);
  return {};
}

int RemainingIdProbes(const Context& ctx, const Actor& actor) {
  if (!actor.principal || !ctx.id_probes) return std::numeric_limits<int>::max();
  return ctx.id_probes->Remaining(ProbeKey(actor), ctx.clock.NowMs());
}

int RecordIdHits(const Context& ctx, const Actor& actor, const std::vector<IdHit>& hits,
                 const char* via, bool count) {
  if (hits.empty()) return 0;
  int outside = 0;
  (void)ctx.db.Write([&](store::Tx& tx) -> Status {
    for (const auto& h : hits) {
      bool in_scope = InScope(ctx, actor, h.org_id);
      outside += !in_scope;
      // The member hit and where the caller tried it from; no ID number, not even masked.
      audit::Record(tx, ctx, actor,
                    {"member.duplicate_id_probe", "member", h.member_id, h.org_id, std::nullopt,
                     nlohmann::json{{"via", via}, {"in_scope", in_scope}}.dump()});
    }
    return {};
  });
  if (count && outside > 0 && actor.principal && ctx.id_probes)
    ctx.id_probes->Add(ProbeKey(actor), ctx.clock.NowMs(), outside);
  return outside;
}

Result<int64_t> InsertChecked(store::Tx& tx, const store::MemberRecord& r, BranchChecks* checks,
                              IdHit* hit) {
  JICENG_CHECK(checks ? CachedCheckBranch(tx, r.org_id, *checks) : CheckBranch(tx, r.org_id));
  if (auto existing = store::MemberRepository::FindIdByNationalIdIndex(tx, r.national_id_index)) {
    if (hit)
      if (auto m = store::MemberRepository::FindById(tx, *existing)) *hit = IdHit{m->id, m->org_id};
    return DuplicateMember();
  }
  JICENG_CHECK(CheckUnit(tx, r.unit_id));
  return store::MemberRepository::Insert(tx, r);
}

std::vector<std::pair<size_t, Error>> InsertBatch(
    store::Tx& tx, const std::vector<store::MemberRecord>& records,
    const std::vector<store::Params>& params, BranchChecks& checks,
    std::unordered_set<std::string>* seen, store::MemberRepository::MemberCounts& counts,
    const std::function<Error(const IdHit&)>& on_hit) {
  std::unordered_map<std::string, store::MemberRepository::ExistingMember> stored;
  if (seen) {
    std::vector<std::string> indexes;
    for (const auto& r : records) indexes.push_back(r.national_id_index);
    stored = store::MemberRepository::ExistingNationalIdIndexes(tx, indexes);
  }
  std::vector<std::pair<size_t, Error>> problems;
  for (size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    Status ok = CachedCheckBranch(tx, r.org_id, checks);
    if (ok && seen) {
      if (auto it = stored.find(r.national_id_index); it != stored.end()) {
        IdHit hit{it->second.id, it->second.org_id};
        ok = on_hit ? tl::unexpected(on_hit(hit)) : DuplicateMember();
      } else if (!seen->insert(r.national_id_index).second) {
        ok = DuplicateMember();  // twice in the file: nothing learnt from the store
      }
    }
    if (ok) ok = CheckUnit(tx, r.unit_id);
    if (!ok) problems.emplace_back(i, ok.error());
  }
  if (problems.empty()) {
    store::MemberRepository::InsertMany(tx, params, counts);
  } else {
    std::vector<store::Params> good;
    for (size_t i = 0, p = 0; i < records.size(); ++i) {
      if (p < problems.size() && problems[p].first == i)
        ++p;
      else
        good.push_back(params[i]);
    }
    store::MemberRepository::InsertMany(tx, good, counts);
  }
  return problems;
}

Result<MemberView> InsertInTx(store::Tx& tx, const Context& ctx, const Actor& actor,
                              store::MemberRecord r, IdHit* hit) {
  JICENG_TRY(id, InsertChecked(tx, r, nullptr, hit));
  auto saved = *store::MemberRepository::FindById(tx, id);
  audit::Record(tx, ctx, actor,
                {"member.create", "member", id, r.org_id, std::nullopt, Snapshot(saved)});
  return Masked(std::move(saved));
}

Result<MemberView> Create(const Context& ctx, const Actor& actor, const MemberInput& in) {
  JICENG_TRY(record, Prepare(ctx, actor, in));
  JICENG_CHECK(AdmitRegistration(ctx, actor));
  IdHit hit;
  auto created =
      ctx.db.Write([&](store::Tx& tx) { return InsertInTx(tx, ctx, actor, record, &hit); });
  if (!created && hit.member_id) {
    RecordIdHits(ctx, actor, {hit}, "api");
    return tl::unexpected(DuplicateError(ctx, actor, hit));
  }
  return created;
}

Result<MemberView> Get(const Context& ctx, const Actor& actor, int64_t id, bool reveal) {
  auto record =
      ctx.db.Read([&](store::Tx& tx) { return store::MemberRepository::FindById(tx, id); });
  if (!record) return MemberNotFound();
  if (auto s = CanManage(ctx, *actor.principal, record->org_id); !s) {
    if (s.error().kind == ErrorKind::kNotFound) return MemberNotFound();
    return tl::unexpected(s.error());
  }
  if (!reveal) return Masked(std::move(*record));
  JICENG_CHECK(orgs::Allow(ctx, *actor.principal, Permission::kRevealPersonalData, record->org_id));
  JICENG_TRY(pii, Cipher(ctx));
  MemberView v;
  JICENG_TRY(national_id, pii->Open(kIdField, record->national_id_sealed));
  v.national_id = national_id;
  if (!record->mobile_sealed.empty()) {
    JICENG_TRY(mobile, pii->Open(kMobileField, record->mobile_sealed));
    v.mobile = mobile;
  }
  v.revealed = true;
  // Every reveal is recorded (who, when, whose data) — the data itself never is.
  auto logged = ctx.db.Write([&](store::Tx& tx) -> Status {
    audit::Record(tx, ctx, actor,
                  {"member.reveal", "member", id, record->org_id, std::nullopt, std::nullopt});
    return {};
  });
  if (!logged) return tl::unexpected(logged.error());
  v.record = std::move(*record);
  return v;
}

Result<MemberView> Update(const Context& ctx, const Actor& actor, int64_t id,
                          const MemberPatch& p) {
  JICENG_TRY(pii, Cipher(ctx));
  if (p.name) JICENG_CHECK(ValidateName(*p.name, "name", 50, true));
  if (p.ethnicity) JICENG_CHECK(ValidateName(*p.ethnicity, "ethnicity", 20, false));
  if (p.education) JICENG_CHECK(ValidateName(*p.education, "education", 30, false));
  if (p.work_unit) JICENG_CHECK(ValidateName(*p.work_unit, "work_unit", 100, false));
  std::optional<std::string> mobile;
  if (p.mobile && !p.mobile->empty()) {
    JICENG_TRY(m, domain::ParseMobile(*p.mobile));
    mobile = m;
  }
  JICENG_TRY(current, Get(ctx, actor, id, false));
  return ctx.db.Write([&](store::Tx& tx) -> Result<MemberView> {
    auto before = store::MemberRepository::FindById(tx, id);
    if (!before) return MemberNotFound();
    store::MemberRecord r = *before;
    if (p.name) r.name = *p.name;
    if (p.ethnicity) r.ethnicity = *p.ethnicity;
    if (p.education) r.education = *p.education;
    if (p.work_unit) r.work_unit = *p.work_unit;
    if (p.shenzhen_hukou) r.shenzhen_hukou = *p.shenzhen_hukou;
    if (p.unit_id) {
      r.unit_id = *p.unit_id;
      JICENG_CHECK(CheckUnit(tx, r.unit_id));
    }
    if (p.mobile) {
      r.mobile_sealed = mobile ? pii->Seal(kMobileField, *mobile) : "";
      r.mobile_index = mobile ? pii->BlindIndex(kMobileField, *mobile) : "";
      r.mobile_masked = mobile ? domain::MaskMobile(*mobile) : "";
    }
    if (!store::MemberRepository::Update(tx, r, p.version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "数据已被他人修改，请刷新后重试 / changed by someone else; reload and retry",
                  "version");
    auto after = *store::MemberRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {"member.update", "member", id, r.org_id, Snapshot(*before), Snapshot(after)});
    return Masked(std::move(after));
  });
}

namespace {

Result<MemberView> ChangePipeline(
    const Context& ctx, const Actor& actor, int64_t id, int64_t version, const char* action,
    const std::function<Result<domain::Pipeline>(const domain::Pipeline&)>& step) {
  JICENG_TRY(current, Get(ctx, actor, id, false));
  return ctx.db.Write([&](store::Tx& tx) -> Result<MemberView> {
    auto before = store::MemberRepository::FindById(tx, id);
    if (!before) return MemberNotFound();
    JICENG_TRY(next, step(ToPipeline(*before)));
    store::MemberRecord r = *before;
    FromPipeline(next, r);
    if (!store::MemberRepository::Update(tx, r, version))
      return Fail(ErrorKind::kConflict, "version_conflict",
                  "数据已被他人修改，请刷新后重试 / changed by someone else; reload and retry",
                  "version");
    auto after = *store::MemberRepository::FindById(tx, id);
    audit::Record(tx, ctx, actor,
                  {action, "member", id, r.org_id, Snapshot(*before), Snapshot(after)});
    return Masked(std::move(after));
  });
}

}  // namespace

Result<MemberView> ChangeStatus(const Context& ctx, const Actor& actor, int64_t id, int64_t version,
                                const std::string& to, const std::string& on) {
  auto status = domain::ParseMemberStatus(to);
  if (!status)
    return Fail(ErrorKind::kRuleBroken, "invalid_status", "未知的人员类别 / unknown status", "to");
  std::string today = orgs::TodayInShanghai(ctx);
  std::string date = on.empty() ? today : on;
  return ChangePipeline(ctx, actor, id, version, "member.status", [&](const domain::Pipeline& p) {
    return domain::Advance(p, *status, date, today);
  });
}

Result<MemberView> ExtendProbation(const Context& ctx, const Actor& actor, int64_t id,
                                   int64_t version, int months) {
  return ChangePipeline(
      ctx, actor, id, version, "member.extend_probation",
      [&](const domain::Pipeline& p) { return domain::ExtendProbation(p, months); });
}

Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q) {
  auto roots = domain::ScopeRoots(who, Permission::kManageMembers);
  if (roots.empty()) return Forbidden();
  if (!q.status.empty() && !domain::ParseMemberStatus(q.status))
    return BadInput("status", "未知的人员类别 / unknown status");
  if (q.under) {
    JICENG_CHECK(CanManage(ctx, who, *q.under));
    roots = {*q.under};
  }
  store::MemberSearch s;
  // An exact ID number or mobile is looked up by its blind index; anything else is a name.
  if (auto id = domain::ParseCitizenId(q.q); id) {
    JICENG_TRY(pii, Cipher(ctx));
    s.national_id_index = pii->BlindIndex(kIdField, id->number);
  } else if (auto mobile = domain::ParseMobile(q.q); mobile && q.q.size() >= 11) {
    JICENG_TRY(pii, Cipher(ctx));
    s.mobile_index = pii->BlindIndex(kMobileField, *mobile);
  } else if (IsInitialsQuery(q.q)) {
    s.initials = PinyinInitials(q.q);  // lower case
  } else {
    s.name_like = q.q;
  }
  if (!q.org_kind.empty() && !domain::ParseOrgKind(q.org_kind))
    return BadInput("kind", "未知的组织类别 / unknown kind of organization");
  if (!q.sort.empty() && q.sort != "name" && q.sort != "joined_on" && q.sort != "id")
    return BadInput("sort", "只能按 name、joined_on 或 id 排序 / sort by name, joined_on or id");
  s.org_kind = q.org_kind;
  s.sort = q.sort;
  s.descending = q.descending;
  s.unit_id = q.unit_id;
  s.status = q.status;
  s.limit = q.size;
  s.offset = (q.page - 1) * q.size;
  return ctx.db.Read([&](store::Tx& tx) -> Result<Page> {
    s.scope = orgs::SubtreeOf(ctx, tx, roots);
    Page page;
    page.total = store::MemberRepository::Count(tx, s);
    for (auto& r : store::MemberRepository::Search(tx, s))
      page.items.push_back(Masked(std::move(r)));
    return page;
  });
}

Result<MemberView> Unsealed(const Context& ctx, MemberView v) {
  JICENG_TRY(pii, Cipher(ctx));
  JICENG_TRY(national_id, pii->Open(kIdField, v.record.national_id_sealed));
  v.national_id = national_id;
  v.mobile.clear();
  if (!v.record.mobile_sealed.empty()) {
    JICENG_TRY(mobile, pii->Open(kMobileField, v.record.mobile_sealed));
    v.mobile = mobile;
  }
  v.revealed = true;
  return v;
}

Result<store::MemberRecord> FindByNationalId(store::Tx& tx, const Context& ctx,
                                             const std::string& national_id, const char* field) {
  JICENG_TRY(pii, Cipher(ctx));
  JICENG_TRY(id, domain::ParseCitizenId(national_id, field));
  auto found =
      store::MemberRepository::FindIdByNationalIdIndex(tx, pii->BlindIndex(kIdField, id.number));
  auto member = found ? store::MemberRepository::FindById(tx, *found) : std::nullopt;
  if (!member) return NotFound("没有该公民身份号码的党员 / no member has this ID number");
  return *member;
}

}  // namespace jiceng::members
