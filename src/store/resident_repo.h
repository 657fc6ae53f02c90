// SQL for residents (migration 0025): the `residents` rows beside their `users` rows, and
// the live one-time code of each number (`resident_codes`, hashed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct ResidentRecord {
  int64_t user_id = 0;
  std::string mobile_index, mobile_sealed, mobile_masked;
  std::optional<int64_t> community_id;
  std::optional<int64_t> region_id;
  std::string status = "none";  // domain::ResidenceStatus code
  std::string reason;
  std::optional<int64_t> reviewed_by, reviewed_at;
  int64_t created_at = 0, updated_at = 0;
  int64_t version = 1;
  // From the account (users), read with the row: the name shown, the linked member.
  std::string display_name;
  std::optional<int64_t> member_id;
};

struct ResidentCodeRecord {
  std::string code_hash;
  int64_t created_at = 0, expires_at = 0;
  int64_t failures = 0;
};

class ResidentRepository {
 public:
  static std::optional<ResidentRecord> FindByUser(Tx& tx, int64_t user_id);
  static std::optional<ResidentRecord> FindByMobileIndex(Tx& tx, const std::string& index);
  static void Insert(Tx& tx, const ResidentRecord& r);
  // Sets the community, status and review of a resident; false when `expected_version` is
  // stale. Bumps the version.
  static bool UpdateResidence(Tx& tx, const ResidentRecord& r, int64_t expected_version);
  // Residents whose community lies in `subtree` (with `status` when not empty), most
  // recently changed first.
  static std::vector<ResidentRecord> List(Tx& tx, const Subtree& subtree, const std::string& status,
                                          int64_t limit, int64_t offset);
  static int64_t Count(Tx& tx, const Subtree& subtree, const std::string& status);

  // One-time codes: one row per number.
  static std::optional<ResidentCodeRecord> FindCode(Tx& tx, const std::string& mobile_index);
  // Replaces the number's code (the previous one stops working) and drops codes that
  // expired before `purge_before`.
  static void ReplaceCode(Tx& tx, const std::string& mobile_index, const ResidentCodeRecord& c,
                          int64_t purge_before);
  // Deletes the number's code if it still has `code_hash`; false when another request took
  // it first.
  static bool ConsumeCode(Tx& tx, const std::string& mobile_index, const std::string& code_hash);
  // Counts a try of the live code (unexpired, fewer than `max_tries` so far) before it is
  // compared, and returns its hash and the tries counted; nullopt when there is no such code.
  static std::optional<std::pair<std::string, int64_t>> ClaimTry(Tx& tx,
                                                                 const std::string& mobile_index,
                                                                 int64_t max_tries, int64_t now);
};

}  // namespace jiceng::store
