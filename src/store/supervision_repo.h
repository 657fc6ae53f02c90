// SQL for supervision reminders (督办提醒, the meetings module; migration 0023): an
// organization above reminds one below of its overdue meetings, and the reminded one marks
// the reminder read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct SupervisionRecord {
  int64_t id = 0;
  int64_t org_id = 0;  // the reminded organization
  std::optional<int64_t> region_id;
  int64_t from_org_id = 0;
  std::optional<int64_t> sent_by;
  std::string items_json = "[]";  // [{"type", "period", "deadline"}] overdue when sent
  std::string message;
  int64_t created_at = 0;
  std::optional<int64_t> read_at, read_by;
  std::string sender_name;  // read only: the sending account's display name
};

class SupervisionRepository {
 public:
  static int64_t Insert(Tx& tx, const SupervisionRecord& s);
  static std::optional<SupervisionRecord> FindById(Tx& tx, int64_t id);
  // Makes concurrent reminders of one organization take turns until the transaction ends
  // (PostgreSQL: its row locked; SQLite's one writer already does).
  static void LockOrg(Tx& tx, int64_t org_id);
  // The latest reminder of each of `org_ids` sent at or after `since_ms`: (org, time).
  static std::vector<std::pair<int64_t, int64_t>> LatestSince(Tx& tx,
                                                              const std::vector<int64_t>& org_ids,
                                                              int64_t since_ms);
  // Reminders of one organization, newest first; only unread ones when `unread_only`.
  static std::vector<SupervisionRecord> OfOrg(Tx& tx, int64_t org_id, bool unread_only,
                                              int64_t limit, int64_t offset);
  static int64_t CountOfOrg(Tx& tx, int64_t org_id, bool unread_only);
  // Sets read_at/read_by when still unread; false when it was read already.
  static bool MarkRead(Tx& tx, int64_t id, int64_t user_id, int64_t at);
};

}  // namespace jiceng::store
