#include "store/resident_repo.h"

namespace jiceng::store {
namespace {

#define RESIDENT_COLUMNS                                                          \
  "r.user_id, r.mobile_index, r.mobile_sealed, r.mobile_masked, r.community_id, " \
  "r.region_id, r.status, r.reason, r.reviewed_by, r.reviewed_at, r.created_at, " \
  "r.updated_at, r.version, u.display_name, u.member_id "                         \
  "FROM residents r JOIN users u ON u.id = r.user_id "

const Query kFindResidentByUser{"find_resident_by_user",
                                "SELECT " RESIDENT_COLUMNS "WHERE r.user_id = ?1"};
const Query kFindResidentByMobile{"find_resident_by_mobile",
                                  "SELECT " RESIDENT_COLUMNS "WHERE r.mobile_index = ?1"};
const Query kInsertResident{
    "insert_resident",
    "INSERT INTO residents (user_id, mobile_index, mobile_sealed, mobile_masked, community_id, "
    "region_id, status, reason, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10)"};
const Query kUpdateResidence{
    "update_residence",
    "UPDATE residents SET community_id = ?2, region_id = ?3, status = ?4, reason = ?5, "
    "reviewed_by = ?6, reviewed_at = ?7, updated_at = ?8, version = version + 1 WHERE user_id = "
    "?1 AND version = ?9"};
const Query kFindResidentCode{
    "find_resident_code",
    "SELECT code_hash, created_at, expires_at, failures FROM resident_codes WHERE mobile_index = "
    "?1"};
const Query kDeleteResidentCode{"delete_resident_code",
                                "DELETE FROM resident_codes WHERE mobile_index = ?1"};
const Query kPurgeResidentCodes{"purge_resident_codes",
                                "DELETE FROM resident_codes WHERE expires_at < ?1"};
const Query kInsertResidentCode{
    "insert_resident_code",
    "INSERT INTO resident_codes (mobile_index, code_hash, created_at, expires_at, failures) "
    "VALUES (?1, ?2, ?3, ?4, 0)"};
const Query kConsumeResidentCode{
    "consume_resident_code",
    "DELETE FROM resident_codes WHERE mobile_index = ?1 AND code_hash = ?2"};
// Claims one try of a live code before it is compared: the row lock makes concurrent tries
// take their turns, each counted, so no more than `max` are ever compared.
const Query kClaimResidentCode{
    "claim_resident_code",
    "UPDATE resident_codes SET failures = failures + 1 WHERE mobile_index = ?1 AND failures < ?2 "
    "AND expires_at > ?3 RETURNING code_hash, failures"};
ResidentRecord ToResident(const Row& row) {
  ResidentRecord r;
  r.user_id = row.Int(0);
  r.mobile_index = row.Text(1);
  r.mobile_sealed = row.Text(2);
  r.mobile_masked = row.Text(3);
  r.community_id = row.OptInt(4);
  r.region_id = row.OptInt(5);
  r.status = row.Text(6);
  r.reason = row.Text(7);
  r.reviewed_by = row.OptInt(8);
  r.reviewed_at = row.OptInt(9);
  r.created_at = row.Int(10);
  r.updated_at = row.Int(11);
  r.version = row.Int(12);
  r.display_name = row.Text(13);
  r.member_id = row.OptInt(14);
  return r;
}

// " WHERE …" of the residents of a subtree (and a status), appending the parameters.
std::string ResidentsWhere(Tx& tx, const Subtree& subtree, const std::string& status,
                           Params& params) {
  std::string where = " JOIN orgs o ON o.id = r.community_id WHERE " +
                      SubtreeClause("r.community_id", "o.path", subtree, params, tx.dialect());
  if (!status.empty()) {
    params.push_back(status);
    where += " AND r.status = ?" + std::to_string(params.size());
  }
  return where;
}

}  // namespace

std::optional<ResidentRecord> ResidentRepository::FindByUser(Tx& tx, int64_t user_id) {
  auto row = tx.FetchOne(kFindResidentByUser, {user_id});
  return row ? std::optional(ToResident(*row)) : std::nullopt;
}

std::optional<ResidentRecord> ResidentRepository::FindByMobileIndex(Tx& tx,
                                                                    const std::string& index) {
  auto row = tx.FetchOne(kFindResidentByMobile, {index});
  return row ? std::optional(ToResident(*row)) : std::nullopt;
}

void ResidentRepository::Insert(Tx& tx, const ResidentRecord& r) {
  tx.Exec(kInsertResident,
          {r.user_id, r.mobile_index, r.mobile_sealed, r.mobile_masked, Opt(r.community_id),
           Opt(r.region_id), r.status, NullIfEmpty(r.reason), r.created_at, r.updated_at});
}

bool ResidentRepository::UpdateResidence(Tx& tx, const ResidentRecord& r,
                                         int64_t expected_version) {
  return tx.Exec(kUpdateResidence,
                 {r.user_id, Opt(r.community_id), Opt(r.region_id), r.status, NullIfEmpty(r.reason),
                  Opt(r.reviewed_by), Opt(r.reviewed_at), r.updated_at, expected_version}) == 1;
}

std::vector<ResidentRecord> ResidentRepository::List(Tx& tx, const Subtree& subtree,
                                                     const std::string& status, int64_t limit,
                                                     int64_t offset) {
  Params params;
  std::string sql = "SELECT " RESIDENT_COLUMNS + ResidentsWhere(tx, subtree, status, params) +
                    " ORDER BY r.updated_at DESC, r.user_id DESC" +
                    PageClause(limit, offset, params);
  std::vector<ResidentRecord> out;
  for (const auto& row : tx.Fetch({"list_residents", sql.c_str()}, params))
    out.push_back(ToResident(row));
  return out;
}

int64_t ResidentRepository::Count(Tx& tx, const Subtree& subtree, const std::string& status) {
  Params params;
  std::string sql =
      "SELECT COUNT(*) FROM residents r" + ResidentsWhere(tx, subtree, status, params);
  return tx.FetchOne({"count_residents", sql.c_str()}, params)->Int(0);
}

std::optional<ResidentCodeRecord> ResidentRepository::FindCode(Tx& tx,
                                                               const std::string& mobile_index) {
  auto row = tx.FetchOne(kFindResidentCode, {mobile_index});
  if (!row) return std::nullopt;
  return ResidentCodeRecord{row->Text(0), row->Int(1), row->Int(2), row->Int(3)};
}

void ResidentRepository::ReplaceCode(Tx& tx, const std::string& mobile_index,
                                     const ResidentCodeRecord& c, int64_t purge_before) {
  tx.Exec(kPurgeResidentCodes, {purge_before});
  tx.Exec(kDeleteResidentCode, {mobile_index});
  tx.Exec(kInsertResidentCode, {mobile_index, c.code_hash, c.created_at, c.expires_at});
}

bool ResidentRepository::ConsumeCode(Tx& tx, const std::string& mobile_index,
                                     const std::string& code_hash) {
  return tx.Exec(kConsumeResidentCode, {mobile_index, code_hash}) == 1;
}

std::optional<std::pair<std::string, int64_t>> ResidentRepository::ClaimTry(
    Tx& tx, const std::string& mobile_index, int64_t max_tries, int64_t now) {
  auto row = tx.FetchOne(kClaimResidentCode, {mobile_index, max_tries, now});
  if (!row) return std::nullopt;
  return std::pair{row->Text(0), row->Int(1)};
}

}  // namespace jiceng::store
