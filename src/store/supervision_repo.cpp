// SQL for supervision reminders (store/supervision_repo.h).
#include "store/supervision_repo.h"

#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define SUPERVISION_COLUMNS                                                                   \
  "s.id, s.org_id, s.region_id, s.from_org_id, s.sent_by, s.items, s.message, s.created_at, " \
  "s.read_at, s.read_by, u.display_name"
#define SUPERVISION_FROM " FROM supervisions s LEFT JOIN users u ON u.id = s.sent_by"

SupervisionRecord ToSupervision(const Row& r) {
  SupervisionRecord s;
  s.id = r.Int(0);
  s.org_id = r.Int(1);
  s.region_id = r.OptInt(2);
  s.from_org_id = r.Int(3);
  s.sent_by = r.OptInt(4);
  s.items_json = r.Text(5);
  s.message = r.Text(6);
  s.created_at = r.Int(7);
  s.read_at = r.OptInt(8);
  s.read_by = r.OptInt(9);
  s.sender_name = r.Text(10);
  return s;
}

const Query kInsertSupervision{
    "insert_supervision",
    "INSERT INTO supervisions (org_id, region_id, from_org_id, sent_by, items, message, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
const Query kSelectSupervision{"select_supervision",
                               "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM " WHERE s.id = ?1"};
const Query kLockSupervisedOrg{"lock_supervised_org",
                               "SELECT id FROM orgs WHERE id = ?1 FOR UPDATE"};
const Query kMarkSupervisionRead{
    "mark_supervision_read",
    "UPDATE supervisions SET read_at = ?3, read_by = ?2 WHERE id = ?1 AND read_at IS NULL"};

}  // namespace

int64_t SupervisionRepository::Insert(Tx& tx, const SupervisionRecord& s) {
  return tx
      .FetchOne(kInsertSupervision, {s.org_id, Opt(s.region_id), s.from_org_id, Opt(s.sent_by),
                                     s.items_json, NullIfEmpty(s.message), s.created_at})
      ->Int(0);
}

std::optional<SupervisionRecord> SupervisionRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectSupervision, {id});
  if (!r) return std::nullopt;
  return ToSupervision(*r);
}

void SupervisionRepository::LockOrg(Tx& tx, int64_t org_id) {
  if (tx.dialect() == Dialect::kPostgres) tx.Fetch(kLockSupervisedOrg, {org_id});
}

std::vector<std::pair<int64_t, int64_t>> SupervisionRepository::LatestSince(
    Tx& tx, const std::vector<int64_t>& org_ids, int64_t since_ms) {
  std::vector<std::pair<int64_t, int64_t>> out;
  if (org_ids.empty()) return out;
  Params params{since_ms};
  std::string sql = "SELECT org_id, MAX(created_at) FROM supervisions WHERE created_at >= ?1 AND " +
                    IdListClause("org_id", org_ids, params, tx.dialect()) + " GROUP BY org_id";
  for (const auto& r : tx.Fetch({"latest_supervisions", sql.c_str()}, params))
    out.emplace_back(r.Int(0), r.Int(1));
  return out;
}

std::vector<SupervisionRecord> SupervisionRepository::OfOrg(Tx& tx, int64_t org_id,
                                                            bool unread_only, int64_t limit,
                                                            int64_t offset) {
  Params params{org_id};
  std::string sql = "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM " WHERE s.org_id = ?1";
  if (unread_only) sql += " AND s.read_at IS NULL";
  sql += " ORDER BY s.created_at DESC, s.id DESC" + PageClause(limit, offset, params);
  std::vector<SupervisionRecord> out;
  for (const auto& r : tx.Fetch({"supervisions_of_org", sql.c_str()}, params))
    out.push_back(ToSupervision(r));
  return out;
}

int64_t SupervisionRepository::CountOfOrg(Tx& tx, int64_t org_id, bool unread_only) {
  std::string sql = "SELECT COUNT(*) FROM supervisions WHERE org_id = ?1";
  if (unread_only) sql += " AND read_at IS NULL";
  return tx.FetchOne({"count_supervisions_of_org", sql.c_str()}, {org_id})->Int(0);
}

bool SupervisionRepository::MarkRead(Tx& tx, int64_t id, int64_t user_id, int64_t at) {
  return tx.Exec(kMarkSupervisionRead, {id, user_id, at}) > 0;
}

}  // namespace jiceng::store
