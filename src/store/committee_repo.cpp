#include "store/committee_repo.h"

namespace jiceng::store {
namespace {

const Query kSelectSeats{"select_committee",
                         "SELECT id, org_id, seat, position, member_id, name, part_time, "
                         "non_shenzhen_hukou, since, reason FROM org_committee WHERE org_id = ?1 "
                         "ORDER BY position, id"};
const Query kDeleteSeats{"delete_committee", "DELETE FROM org_committee WHERE org_id = ?1"};
const Query kInsertSeat{"insert_committee_seat",
                        "INSERT INTO org_committee (org_id, seat, position, member_id, name, "
                        "part_time, non_shenzhen_hukou, since, reason) VALUES (?1, ?2, ?3, ?4, "
                        "?5, ?6, ?7, ?8, ?9)"};
const Query kSelectTerm{"select_committee_term",
                        "SELECT org_id, elected_on, term_years, expires_on FROM "
                        "org_committee_terms WHERE org_id = ?1"};
const Query kUpsertTerm{"upsert_committee_term",
                        "INSERT INTO org_committee_terms (org_id, elected_on, term_years, "
                        "expires_on) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (org_id) DO UPDATE SET "
                        "elected_on = excluded.elected_on, term_years = excluded.term_years, "
                        "expires_on = excluded.expires_on"};
const Query kDeleteTerm{"delete_committee_term",
                        "DELETE FROM org_committee_terms WHERE org_id = ?1"};

const Query kFullMembersOf{"committee_full_members",
                           "SELECT COALESCE(SUM(n), 0) FROM org_member_counts WHERE org_id = ?1 "
                           "AND status = 'full'"};

std::string ExpiringWhere(Tx& tx, const Subtree& scope, const std::string& until, Params& params) {
  params.emplace_back(until);
  return " FROM org_committee_terms t JOIN orgs o ON o.id = t.org_id WHERE t.expires_on <= ?1 "
         "AND o.status = 'active' AND " +
         SubtreeClause("t.org_id", "o.path", scope, params, tx.dialect());
}

}  // namespace

std::vector<SeatRecord> CommitteeRepository::ForOrg(Tx& tx, int64_t org_id) {
  std::vector<SeatRecord> out;
  for (const auto& r : tx.Fetch(kSelectSeats, {org_id}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.OptInt(4), r.Text(5), r.Int(6) != 0,
                   r.Int(7) != 0, r.Text(8), r.Text(9)});
  return out;
}

void CommitteeRepository::Replace(Tx& tx, int64_t org_id, const std::vector<SeatRecord>& seats) {
  tx.Exec(kDeleteSeats, {org_id});
  int64_t position = 0;
  for (const auto& s : seats)
    tx.Exec(kInsertSeat,
            {org_id, s.seat, position++, Opt(s.member_id), s.name, int64_t{s.part_time},
             int64_t{s.non_shenzhen_hukou}, NullIfEmpty(s.since), NullIfEmpty(s.reason)});
}

std::optional<TermRecord> CommitteeRepository::TermOf(Tx& tx, int64_t org_id) {
  auto r = tx.FetchOne(kSelectTerm, {org_id});
  if (!r) return std::nullopt;
  return TermRecord{r->Int(0), r->Text(1), r->Int(2), r->Text(3)};
}

void CommitteeRepository::SetTerm(Tx& tx, const TermRecord& t) {
  tx.Exec(kUpsertTerm, {t.org_id, t.elected_on, t.term_years, t.expires_on});
}

void CommitteeRepository::ClearTerm(Tx& tx, int64_t org_id) { tx.Exec(kDeleteTerm, {org_id}); }

std::vector<TermRecord> CommitteeRepository::ExpiringBy(Tx& tx, const Subtree& scope,
                                                        const std::string& until, int64_t limit,
                                                        int64_t offset) {
  Params params;
  // One statement at a time: the clauses number their parameters in the order they append.
  std::string sql = "SELECT t.org_id, t.elected_on, t.term_years, t.expires_on";
  sql += ExpiringWhere(tx, scope, until, params);
  sql += " ORDER BY t.expires_on, t.org_id";
  sql += PageClause(limit, offset, params);
  std::vector<TermRecord> out;
  for (const auto& r : tx.Fetch({"committee_terms_expiring", sql.c_str()}, params))
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3)});
  return out;
}

int64_t CommitteeRepository::FullMembersOf(Tx& tx, int64_t org_id) {
  auto r = tx.FetchOne(kFullMembersOf, {org_id});
  return r ? r->Int(0) : 0;
}

std::vector<OrgMemberCounts> CommitteeRepository::MemberCountsIn(Tx& tx, const Subtree& scope) {
  Params params;
  std::string sql =
      "SELECT c.org_id, SUM(CASE WHEN c.status = 'full' THEN c.n ELSE 0 END), SUM(CASE WHEN "
      "c.status = 'probationary' THEN c.n ELSE 0 END) FROM org_member_counts c JOIN orgs o ON "
      "o.id = c.org_id WHERE c.status IN ('full', 'probationary') AND " +
      SubtreeClause("c.org_id", "o.path", scope, params, tx.dialect()) + " GROUP BY c.org_id";
  std::vector<OrgMemberCounts> out;
  for (const auto& r : tx.Fetch({"committee_member_counts_in", sql.c_str()}, params))
    out.push_back({r.Int(0), r.Int(1), r.Int(2)});
  return out;
}

int64_t CommitteeRepository::CountExpiringBy(Tx& tx, const Subtree& scope,
                                             const std::string& until) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + ExpiringWhere(tx, scope, until, params);
  auto r = tx.FetchOne({"committee_terms_expiring_count", sql.c_str()}, params);
  return r ? r->Int(0) : 0;
}

}  // namespace jiceng::store
