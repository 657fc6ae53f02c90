// SQL for transfers of members between organizations (组织关系转接).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct TransferRecord {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string member_name;  // joined in for lists
  int64_t from_org_id = 0, to_org_id = 0;
  std::string status;  // requested | approved | rejected | completed | cancelled
  std::string reason, note;
  std::optional<int64_t> requested_by, decided_by;
  int64_t requested_at = 0;
  std::optional<int64_t> decided_at, completed_at;
  int64_t version = 1;
};

struct TransferSearch {
  std::vector<std::string> to_prefixes;    // received by orgs in these subtrees, or
  std::vector<std::string> from_prefixes;  // sent from orgs in these subtrees
  std::string status;
  int64_t offset = 0, limit = 20;
};

class TransferRepository {
 public:
  // Returns the id, or nullopt when the member already has an open transfer.
  static std::optional<int64_t> Insert(Tx& tx, const TransferRecord& t);
  static std::optional<TransferRecord> FindById(Tx& tx, int64_t id);
  static std::vector<TransferRecord> ForMember(Tx& tx, int64_t member_id);
  // Moves to `status`; false when `version` is stale or the status is not `from_status`.
  static bool SetStatus(Tx& tx, int64_t id, int64_t version, const std::string& from_status,
                        const std::string& status, std::optional<int64_t> actor_id,
                        const std::string& note, int64_t now_ms);
  static std::vector<TransferRecord> Search(Tx& tx, const TransferSearch& s);
  static int64_t Count(Tx& tx, const TransferSearch& s);
};

}  // namespace jiceng::store
