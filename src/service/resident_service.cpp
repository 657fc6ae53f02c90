#include "service/resident_service.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/identifiers.h"
#include "domain/members.h"
#include "domain/residents.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/crypto.h"
#include "platform/pii.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/module_state.h"
#include "service/org_registry.h"
#include "service/org_service.h"
#include "service/sms_sender.h"
#include "store/account_repo.h"
#include "store/db.h"
#include "store/member_repo.h"

namespace jiceng::residents {
namespace {

using domain::ResidenceStatus;

// The blind-index field of mobile numbers: the members' one (service/member_service.cpp),
// so one number has one index across the platform.
constexpr const char* kResidentMobileField = "mobile";
constexpr const char* kResidentIdField = "national_id";
// The keyed hash of a live code: HMAC over the number's index and the code, so a copy of
// the table alone does not give the codes back by trying a million values.
constexpr const char* kResidentCodeField = "resident_code";
// Residents have no password: this is no PHC string, so no password ever verifies.
constexpr const char* kNoPassword = "!resident: signs in by one-time code";

Result<const PiiCipher*> ResidentCipher(const Context& ctx) {
  if (!ctx.pii)
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "未配置个人信息加密密钥 / no personal-data key configured");
  return ctx.pii;
}

int64_t Seconds(int64_t ms) { return std::max<int64_t>(1, (ms + 999) / 1000); }
int64_t WholeMinutes(int64_t ms) { return std::max<int64_t>(1, (ms + 59'999) / 60'000); }

tl::unexpected<Error> CodeTooSoon(int64_t wait_ms) {
  return RateLimited("code_too_soon",
                     "获取验证码过于频繁，请" + std::to_string(Seconds(wait_ms)) +
                         "秒后再试 / a code was just sent; try again in " +
                         std::to_string(Seconds(wait_ms)) + " s",
                     Seconds(wait_ms));
}

tl::unexpected<Error> TooManyCodes(int64_t wait_ms) {
  return RateLimited("too_many_codes",
                     "获取验证码次数过多，请" + std::to_string(WholeMinutes(wait_ms)) +
                         "分钟后再试 / too many codes requested; try again in " +
                         std::to_string(WholeMinutes(wait_ms)) + " min",
                     Seconds(wait_ms));
}

// One answer for a wrong, expired or used code (and for a number without a code).
tl::unexpected<Error> InvalidCode() {
  return Fail(ErrorKind::kUnauthenticated, "invalid_code",
              "验证码错误或已失效 / the code is wrong, expired or already used", "code");
}

tl::unexpected<Error> CodeBurnt(int64_t wait_ms) {
  return RateLimited("too_many_attempts",
                     "验证码错误次数过多，已失效，请重新获取 / too many wrong codes: this code no "
                     "longer works, request a new one",
                     Seconds(wait_ms));
}

tl::unexpected<Error> NotAResident() { return NotFound("不是居民账号 / not a resident's account"); }

tl::unexpected<Error> ResidentVersionConflict() {
  return Fail(ErrorKind::kConflict, "version_conflict",
              "居民信息已被修改，请刷新 / the resident was changed meanwhile; reload");
}

// The district a community belongs to (the distribution key), or the org itself at the top.
std::optional<int64_t> ResidentRegionOf(const index::OrgTree::Snapshot& tree, int64_t org_id) {
  auto chain = tree.Chain(org_id);
  if (chain.empty()) return std::nullopt;
  return chain.size() > 1 ? chain[1]->id : chain[0]->id;
}

std::string ResidenceSnapshot(const store::ResidentRecord& r, const std::string& name) {
  return nlohmann::json{
      {"name", name},
      {"community_id", r.community_id ? nlohmann::json(*r.community_id) : nlohmann::json(nullptr)},
      {"status", r.status},
      {"reason", r.reason}}
      .dump();
}

// A member record a resident may link to: someone in the party (预备党员 or 正式党员).
bool IsPartyMember(const std::string& status) {
  return status == domain::MemberStatusCode(domain::MemberStatus::kProbationary) ||
         status == domain::MemberStatusCode(domain::MemberStatus::kFull);
}

}  // namespace

ResidentState::ResidentState()
    : resend(1, domain::kResidentCodeResendMs),
      per_number(domain::kResidentCodesPerNumberHour, domain::kResidentHourMs),
      per_address(domain::kResidentCodesPerAddressHour, domain::kResidentHourMs),
      link_failures(domain::kResidentLinkFailuresHour, domain::kResidentHourMs) {}

namespace {
// This runtime's state; a tool's Context without module state shares one.
ResidentState& StateOf(const Context& ctx) {
  static ResidentState fallback;
  return ctx.state ? ctx.state->Get<ResidentState>() : fallback;
}
}  // namespace

Result<CodeIssued> RequestCode(const Context& ctx, const std::string& phone_text,
                               const std::string& client_address) {
  ResidentState& state = StateOf(ctx);
  JICENG_TRY(pii, ResidentCipher(ctx));
  JICENG_TRY(phone, domain::ParseMobile(phone_text, "phone"));
  const int64_t now = ctx.clock.NowMs();
  // Throttles are keyed by the blind index: the process never holds a list of numbers.
  const std::string index = pii->BlindIndex(kResidentMobileField, phone);
  {
    // Checked and counted at once; a code counts from its request (a store failure after
    // this still spends it: the limits only ever err on the strict side).
    std::lock_guard lock(state.sending);
    if (int64_t wait = state.per_address.BlockedFor(client_address, now)) return TooManyCodes(wait);
    if (int64_t wait = state.resend.BlockedFor(index, now)) return CodeTooSoon(wait);
    if (int64_t wait = state.per_number.BlockedFor(index, now)) return TooManyCodes(wait);
    // A flood of distinct numbers must not make the tables start over (which would free
    // every number's limits): refuse while they are full of numbers still counted.
    if (!state.resend.Admits(index, now) || !state.per_number.Admits(index, now) ||
        !state.per_address.Admits(client_address, now))
      return TooManyCodes(60'000);
    state.resend.Add(index, now);
    state.per_number.Add(index, now);
    state.per_address.Add(client_address, now);
  }

  // Six uniformly random digits from libsodium's CSPRNG.
  std::string code = std::to_string(randombytes_uniform(1'000'000));
  code.insert(0, domain::kResidentCodeDigits - code.size(), '0');
  store::ResidentCodeRecord record{pii->BlindIndex(kResidentCodeField, index + ":" + code), now,
                                   now + domain::kResidentCodeTtlMs, 0};
  JICENG_CHECK(ctx.db.Write([&](store::Tx& tx) -> Status {
    store::ResidentRepository::ReplaceCode(tx, index, record, now - domain::kResidentHourMs);
    return {};
  }));
  // Template 验证码: the one value a gateway's registered template takes is the code.
  sms::Message message{phone,
                       "code",
                       {{"code", code}},
                       "【基层】您的验证码为 " + code + "，" +
                           std::to_string(domain::kResidentCodeTtlMs / 60'000) +
                           " 分钟内有效。请勿告诉他人。"};
  if (!sms::SenderOf(ctx)->Send(message))
    return Fail(ErrorKind::kUnavailable, "code_not_sent",
                "验证码发送失败，请稍后再试 / the code could not be sent; try again later");
  return CodeIssued{domain::kResidentCodeTtlMs / 1000, domain::kResidentCodeResendMs / 1000};
}

Result<auth::LoginResult> SignIn(const Context& ctx, auth::AuthService& auth_service,
                                 const std::string& phone_text, const std::string& code_text,
                                 const std::string& request_id) {
  ResidentState& state = StateOf(ctx);
  JICENG_TRY(pii, ResidentCipher(ctx));
  JICENG_TRY(phone, domain::ParseMobile(phone_text, "phone"));
  JICENG_TRY(code, domain::ParseResidentCode(code_text));
  const int64_t now = ctx.clock.NowMs();
  const std::string index = pii->BlindIndex(kResidentMobileField, phone);
  const std::string hash = pii->BlindIndex(kResidentCodeField, index + ":" + code);

  // A wrong try must be counted even though the answer is an error: the transaction returns
  // what happened (and commits), the error is made after it.
  enum class Outcome { kInvalid, kBurnt, kSignedIn };
  struct Done {
    Outcome outcome = Outcome::kInvalid;
    auth::LoginResult login;
  };
  auto done = ctx.db.Write([&](store::Tx& tx) -> Result<Done> {
    Done out;
    // The try is counted before the comparison (the row lock serializes concurrent tries),
    // so parallel requests get no more than kResidentCodeMaxWrongTries guesses in all.
    auto claimed =
        store::ResidentRepository::ClaimTry(tx, index, domain::kResidentCodeMaxWrongTries, now);
    if (!claimed) {
      auto live = store::ResidentRepository::FindCode(tx, index);
      if (live && live->expires_at > now && live->failures >= domain::kResidentCodeMaxWrongTries)
        out.outcome = Outcome::kBurnt;
      return out;
    }
    if (!crypto::ConstantTimeEquals(claimed->first, hash)) {
      if (claimed->second >= domain::kResidentCodeMaxWrongTries) out.outcome = Outcome::kBurnt;
      return out;
    }
    // Single use: of two requests with the same code, one deletes it, the other finds nothing.
    if (!store::ResidentRepository::ConsumeCode(tx, index, hash)) return out;

    auto resident = store::ResidentRepository::FindByMobileIndex(tx, index);
    const bool created = !resident;
    int64_t user_id = 0, home_org = 0;
    if (resident) {
      user_id = resident->user_id;
    } else {
      // The account's home organization and the resident grant are the city's root: a
      // resident is the city's (any of its centers serves them), and the community they
      // live in is stated — and verified — separately, so it can change without touching
      // the account; the root's security administrators manage residents' accounts. The
      // root is also the one organization every resident may read under (to find their
      // community), which the resident role's read_orgs gives exactly.
      auto tree = ctx.orgs.snapshot();
      if (tree->nodes.empty())
        return Fail(ErrorKind::kUnavailable, "no_root_org",
                    "平台尚未初始化组织 / the platform has no organizations yet");
      home_org = tree->nodes.front().id;
      store::UserRecord u;
      // Not the number, not derived from it: usernames show in lists and the audit log.
      u.username = "resident-" + crypto::Sha256Hex(crypto::RandomToken()).substr(0, 16);
      u.display_name = domain::MaskMobile(phone);
      u.org_id = home_org;
      u.password_hash = kNoPassword;
      u.created_at = now;
      user_id = store::AccountRepository::InsertUser(tx, u);
      store::AccountRepository::InsertGrant(tx, user_id, domain::Role::kResident, home_org, 0, now);
      store::ResidentRecord r;
      r.user_id = user_id;
      r.mobile_index = index;
      r.mobile_sealed = pii->Seal(kResidentMobileField, phone);
      r.mobile_masked = domain::MaskMobile(phone);
      r.status = std::string(domain::ResidenceStatusCode(ResidenceStatus::kNone));
      r.created_at = r.updated_at = now;
      store::ResidentRepository::Insert(tx, r);
    }
    auto login = auth_service.StartVerifiedSession(tx, user_id);
    if (!login) return InvalidCode();  // a disabled account: the same answer
    if (!created) home_org = login->principal.home_org_id;
    Actor actor{&login->principal, request_id};
    if (created)
      audit::Record(tx, ctx, actor,
                    {"resident.register", "user", user_id, home_org, std::nullopt,
                     nlohmann::json{{"phone", domain::MaskMobile(phone)}}.dump()});
    audit::Record(tx, ctx, actor,
                  {"resident.login", "session", login->principal.session_id, home_org, std::nullopt,
                   std::nullopt});
    out.outcome = Outcome::kSignedIn;
    out.login = std::move(*login);
    return out;
  });
  if (!done) return tl::unexpected(done.error());
  if (done->outcome == Outcome::kBurnt)
    return CodeBurnt(std::max(state.resend.BlockedFor(index, now), int64_t{1000}));
  if (done->outcome == Outcome::kInvalid) return InvalidCode();
  return std::move(done->login);
}

namespace {
Result<ResidentView> ViewOf(const Context& ctx, int64_t user_id, bool own) {
  auto found = ctx.db.Read([&](store::Tx& tx) -> Result<ResidentView> {
    auto r = store::ResidentRepository::FindByUser(tx, user_id);
    if (!r) return NotAResident();
    ResidentView v{*r, "", ""};
    if (r->member_id)
      if (auto m = store::MemberRepository::FindById(tx, *r->member_id)) v.member_name = m->name;
    return v;
  });
  if (found && own) {
    JICENG_TRY(pii, ResidentCipher(ctx));
    JICENG_TRY(phone, pii->Open(kResidentMobileField, found->record.mobile_sealed));
    found->phone = phone;
  }
  return found;
}
}  // namespace

Result<std::optional<std::string>> ProvenMobile(const Context& ctx, store::Tx& tx,
                                                int64_t user_id) {
  auto r = store::ResidentRepository::FindByUser(tx, user_id);
  if (!r) return std::optional<std::string>();
  JICENG_TRY(pii, ResidentCipher(ctx));
  JICENG_TRY(phone, pii->Open(kResidentMobileField, r->mobile_sealed));
  return std::optional<std::string>(phone);
}

Result<ResidentView> Mine(const Context& ctx, const domain::Principal& who) {
  return ViewOf(ctx, who.user_id, /*own=*/true);
}

Result<ResidentView> UpdateMine(const Context& ctx, auth::AuthService& auth_service,
                                const Actor& actor, const ResidentUpdate& update) {
  const domain::Principal& who = *actor.principal;
  std::optional<std::string> name;
  if (update.name) {
    name = TrimSpaces(*update.name);
    JICENG_CHECK(ValidateName(*name, "name", 50, /*required=*/true));
  }
  auto tree = ctx.orgs.snapshot();
  if (update.community_id) {
    const auto* node = tree->Find(*update.community_id);
    if (!node || !domain::IsResidenceKind(node->kind) || node->status != "active")
      return Fail(ErrorKind::kRuleBroken, "not_a_community",
                  "请选择所居住的社区或村 / choose the community or village you live in",
                  "community_id");
  }
  const int64_t now = ctx.clock.NowMs();
  JICENG_CHECK(ctx.db.Write([&](store::Tx& tx) -> Status {
    auto r = store::ResidentRepository::FindByUser(tx, who.user_id);
    if (!r) return NotAResident();
    auto user = store::AccountRepository::FindUserById(tx, who.user_id);
    if (!user) return NotAResident();
    const std::string before = ResidenceSnapshot(*r, user->display_name);
    store::ResidentRecord next = *r;
    if (update.community_id) {
      auto status = domain::ParseResidenceStatus(r->status).value_or(ResidenceStatus::kNone);
      auto after = domain::StatusAfterMove(r->community_id, *update.community_id, status);
      if (after != status || r->community_id != update.community_id) {
        next.community_id = update.community_id;
        next.region_id = ResidentRegionOf(*tree, *update.community_id);
        next.status = std::string(domain::ResidenceStatusCode(after));
        next.reason.clear();
        next.reviewed_by.reset();
        next.reviewed_at.reset();
      }
    }
    const bool renamed = name && *name != user->display_name;
    const bool moved = next.community_id != r->community_id || next.status != r->status;
    if (!renamed && !moved) return {};
    if (renamed && !store::AccountRepository::UpdateUserProfile(
                       tx, who.user_id, user->version, *name, user->disabled, user->member_id))
      return ResidentVersionConflict();
    next.updated_at = now;
    if (!store::ResidentRepository::UpdateResidence(tx, next, r->version))
      return ResidentVersionConflict();
    audit::Record(tx, ctx, actor,
                  {"resident.update", "user", who.user_id,
                   next.community_id ? *next.community_id : user->org_id, before,
                   ResidenceSnapshot(next, renamed ? *name : user->display_name)});
    return {};
  }));
  if (name) auth_service.Evict(who.user_id);  // the principal carries the display name
  return ViewOf(ctx, who.user_id, /*own=*/true);
}

Result<ResidentView> LinkMember(const Context& ctx, auth::AuthService& auth_service,
                                const Actor& actor, const std::string& national_id,
                                const std::string& name_text) {
  ResidentState& state = StateOf(ctx);
  const domain::Principal& who = *actor.principal;
  const std::string key = std::to_string(who.user_id);
  const int64_t now = ctx.clock.NowMs();
  if (int64_t wait = state.link_failures.BlockedFor(key, now))
    return RateLimited("rate_limited",
                       "关联党员信息多次未匹配，请" + std::to_string(WholeMinutes(wait)) +
                           "分钟后再试 / too many requests that matched no member; try again in " +
                           std::to_string(WholeMinutes(wait)) + " min",
                       Seconds(wait));
  JICENG_TRY(pii, ResidentCipher(ctx));
  JICENG_TRY(id, domain::ParseCitizenId(national_id, "national_id"));
  const std::string name = TrimSpaces(name_text);
  JICENG_CHECK(ValidateName(name, "name", 50, /*required=*/true));
  const std::string id_index = pii->BlindIndex(kResidentIdField, id.number);

  auto matched = ctx.db.Write([&](store::Tx& tx) -> Result<bool> {
    auto r = store::ResidentRepository::FindByUser(tx, who.user_id);
    if (!r) return NotAResident();
    auto user = store::AccountRepository::FindUserById(tx, who.user_id);
    if (!user) return NotAResident();
    std::optional<store::MemberRecord> member;
    if (auto member_id = store::MemberRepository::FindIdByNationalIdIndex(tx, id_index))
      member = store::MemberRepository::FindById(tx, *member_id);
    // The ID number and name are widely known; the mobile number on the member's record is
    // what the resident proved by the code. All three must agree, so that knowing someone's
    // ID number and name is not enough to claim their record (or learn that they are a
    // member): a member whose record has another or no mobile asks the branch to correct it.
    bool ok = member && member->name == name && IsPartyMember(member->status) &&
              !member->mobile_index.empty() && member->mobile_index == r->mobile_index;
    if (ok)
      if (auto holder = store::AccountRepository::FindUserByMember(tx, member->id))
        ok = holder->id == who.user_id;  // a record belongs to one account at most
    if (!ok) {
      // Who tried, never what: no ID number, no name.
      audit::Record(
          tx, ctx, actor,
          {"resident.link_failed", "user", who.user_id, user->org_id, std::nullopt, std::nullopt});
      return false;
    }
    if (!store::AccountRepository::UpdateUserProfile(
            tx, who.user_id, user->version, user->display_name, user->disabled, member->id))
      return ResidentVersionConflict();
    audit::Record(tx, ctx, actor,
                  {"user.link_member", "user", who.user_id, member->org_id, std::nullopt,
                   nlohmann::json{{"member_id", member->id}}.dump()});
    return true;
  });
  if (!matched) return tl::unexpected(matched.error());
  if (!*matched) {
    state.link_failures.Add(key, now);
    return Fail(ErrorKind::kRuleBroken, "member_not_matched",
                "未找到与该身份证号和姓名一致的党员信息，请核对或联系所在党支部 / no party member "
                "matches this ID number and name; check them or ask your branch");
  }
  auth_service.Evict(who.user_id);  // the principal carries the member
  return ViewOf(ctx, who.user_id, /*own=*/true);
}

Result<ResidentPage> List(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          const std::string& status, int64_t limit, int64_t offset) {
  auto tree = ctx.orgs.snapshot();
  if (!tree->Find(org_id)) return NotFound("组织不存在 / organization not found");
  JICENG_CHECK(orgs::Allow(ctx, who, domain::Permission::kManageMembers, org_id));
  return ctx.db.Read([&](store::Tx& tx) -> Result<ResidentPage> {
    auto subtree = orgs::SubtreeOf(ctx, tx, {org_id});
    ResidentPage page;
    page.items = store::ResidentRepository::List(tx, subtree, status, limit, offset);
    page.total = store::ResidentRepository::Count(tx, subtree, status);
    return page;
  });
}

Result<store::ResidentRecord> Review(const Context& ctx, const Actor& actor, int64_t resident_id,
                                     bool verified, const std::string& reason,
                                     std::optional<int64_t> version) {
  const domain::Principal& who = *actor.principal;
  // Without the permission anywhere: 403 before anything is looked up.
  if (!domain::HasPermission(who, domain::Permission::kManageMembers)) return Forbidden();
  const int64_t now = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::ResidentRecord> {
    auto r = store::ResidentRepository::FindByUser(tx, resident_id);
    if (!r || !r->community_id) return NotFound("居民不存在 / resident not found");
    JICENG_CHECK(orgs::Allow(ctx, who, domain::Permission::kManageMembers, *r->community_id));
    if (version && *version != r->version) return ResidentVersionConflict();
    auto status = domain::ParseResidenceStatus(r->status).value_or(ResidenceStatus::kNone);
    JICENG_TRY(decided, domain::ReviewResidence(status, verified, TrimSpaces(reason)));
    const std::string before = ResidenceSnapshot(*r, r->display_name);
    store::ResidentRecord next = *r;
    next.status = std::string(domain::ResidenceStatusCode(decided));
    next.reason = verified ? std::string() : TrimSpaces(reason);
    next.reviewed_by = who.user_id;
    next.reviewed_at = now;
    next.updated_at = now;
    if (!store::ResidentRepository::UpdateResidence(tx, next, r->version))
      return ResidentVersionConflict();
    audit::Record(tx, ctx, actor,
                  {verified ? "resident.verify" : "resident.return", "user", resident_id,
                   *r->community_id, before, ResidenceSnapshot(next, r->display_name)});
    return *store::ResidentRepository::FindByUser(tx, resident_id);
  });
}

}  // namespace jiceng::residents
