// Members: registering people in the development pipeline and party members, reading them
// within scope with personal data masked, revealing it to roles allowed to (audited),
// updating details, and moving them along the pipeline.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/member_repo.h"

namespace jiceng::members {

struct MemberInput {
  int64_t org_id = 0;
  std::string name, gender, ethnicity, national_id, mobile, education, work_unit;
  bool shenzhen_hukou = false;
  std::optional<int64_t> unit_id;  // the registered unit they work in
  std::string status;              // applicant | activist | candidate | probationary | full
  std::string applied_on, activist_on, candidate_on, joined_on, full_on;
};

struct MemberPatch {
  int64_t version = 0;
  std::optional<std::string> name, ethnicity, mobile, education, work_unit;
  std::optional<bool> shenzhen_hukou;
  std::optional<std::optional<int64_t>> unit_id;  // {nullopt} clears
};

struct MemberView {
  store::MemberRecord record;
  std::string national_id;  // masked unless revealed
  std::string mobile;       // masked unless revealed; "" when none
  bool revealed = false;
};

struct SearchQuery {
  std::string q;  // a name, its pinyin (initials or spelling prefix), or an exact ID or mobile
  std::optional<int64_t> under;
  std::string status;
  std::string org_kind;  // members of organizations of this kind
  std::optional<int64_t> unit_id;
  std::string sort;  // name | joined_on | id (default)
  bool descending = false;
  int64_t page = 1, size = 20;
};

struct Page {
  std::vector<MemberView> items;
  int64_t total = 0;
};

Result<MemberView> Create(const Context& ctx, const Actor& actor, const MemberInput& in);

// Registering an ID number that is registered already answers 409 (ID numbers are unique
// city-wide), which makes every registration path a "is this person a member?" oracle.
// So every such hit is audited (`member.duplicate_id_probe`: the member hit, the caller,
// the path — never the ID number), hits outside the caller's scope are counted per account
// and, past config.id_probe_limit within config.id_probe_minutes, the account's
// registrations answer 429 `rate_limited`; outside the caller's scope the 409 points to the
// transfer procedure (组织关系转接) without saying where the member is.
struct IdHit {
  int64_t member_id = 0;
  int64_t org_id = 0;  // where the member is registered
};
// 429 `rate_limited` (with Retry-After) while the actor's account is over the limit.
Status AdmitRegistration(const Context& ctx, const Actor& actor);
// True when the actor may manage members of `org_id` (always for the CLI).
bool InScope(const Context& ctx, const Actor& actor, int64_t org_id);
// The 409 to answer for a hit: in scope the duplicate, outside it the transfer procedure.
Error DuplicateError(const Context& ctx, const Actor& actor, const IdHit& hit);
// Audits `hits` in a transaction of their own (the refused registration's is rolled back)
// and counts those outside the actor's scope against the account; returns that number.
// `via`: "api", "import", "account_link".
int RecordIdHits(const Context& ctx, const Actor& actor, const std::vector<IdHit>& hits,
                 const char* via, bool count = true);
// How many more hits outside their scope the actor's account may make now.
int RemainingIdProbes(const Context& ctx, const Actor& actor);
// The 429 for an account over the limit.
tl::unexpected<Error> IdProbesExhausted(const Context& ctx, const Actor& actor);
// The two halves of Create, for bulk import: checks that need no store (identifiers,
// pipeline dates, scope — skipped without a principal), then the insert with the checks
// that do (branch, duplicates, unit), in the caller's transaction.
Result<store::MemberRecord> Prepare(const Context& ctx, const Actor& actor, const MemberInput& in);
// With `hit`, a duplicate ID number fills it in.
Result<MemberView> InsertInTx(store::Tx& tx, const Context& ctx, const Actor& actor,
                              store::MemberRecord record, IdHit* hit = nullptr);
// The insert with its store checks but without an audit entry per member (the bulk import
// records one for the whole file); returns the new id. `checks` remembers, within one
// transaction, which organizations were found to be active branches.
using BranchChecks = std::unordered_map<int64_t, Status>;
Result<int64_t> InsertChecked(store::Tx& tx, const store::MemberRecord& record,
                              BranchChecks* checks = nullptr, IdHit* hit = nullptr);
// The same for many records at once (the store's bulk insert). With `seen`, records whose
// ID number is in the store, in `seen` (earlier batches) or earlier in `records` are
// reported as duplicates and their blind indexes added to `seen`; without it, duplicates
// are left to the store's unique index, which throws StoreError (kUniqueViolation) — the
// fast path for a file expected to be clean. Returns the problems as (index into records,
// error) and inserts the rest. Records carry their region (Prepare sets it). A record
// whose ID number is in the store is reported with the error `on_hit` makes of the hit.
// `params[i]` is store::MemberRepository::RowParams(records[i]); `counts` as in
// store::MemberRepository::InsertMany (the caller writes them once at the end).
std::vector<std::pair<size_t, Error>> InsertBatch(
    store::Tx& tx, const std::vector<store::MemberRecord>& records,
    const std::vector<store::Params>& params, BranchChecks& checks,
    std::unordered_set<std::string>* seen, store::MemberRepository::MemberCounts& counts,
    const std::function<Error(const IdHit&)>& on_hit = {});
// `reveal`: the full national ID and mobile, for roles allowed to see them; audited.
Result<MemberView> Get(const Context& ctx, const Actor& actor, int64_t id, bool reveal);
Result<MemberView> Update(const Context& ctx, const Actor& actor, int64_t id, const MemberPatch& p);
Result<MemberView> ChangeStatus(const Context& ctx, const Actor& actor, int64_t id, int64_t version,
                                const std::string& to, const std::string& on);
Result<MemberView> ExtendProbation(const Context& ctx, const Actor& actor, int64_t id,
                                   int64_t version, int months);
Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q);
// The view with the full ID number and mobile, for the audited full export (the caller
// has checked the permission and records the export).
Result<MemberView> Unsealed(const Context& ctx, MemberView masked);
// The member whose citizen ID number is `national_id` (by its blind index), for linking an
// account to the person using it: 400 for an invalid number, 404 when no member has it.
Result<store::MemberRecord> FindByNationalId(store::Tx& tx, const Context& ctx,
                                             const std::string& national_id,
                                             const char* field = "national_id");

}  // namespace jiceng::members
