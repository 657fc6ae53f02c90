#include "store/transfer_repo.h"

#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define TRANSFER_COLUMNS                                                                \
  "t.id, t.member_id, m.name, t.from_org_id, t.to_org_id, t.status, t.reason, t.note, " \
  "t.requested_by, t.decided_by, t.requested_at, t.decided_at, t.completed_at, t.version "

const Query kOpenTransfer{"select_open_transfer",
                          "SELECT id FROM member_transfers WHERE member_id = ?1 AND status IN "
                          "('requested', 'approved')"};
const Query kInsertTransfer{
    "insert_transfer",
    "INSERT INTO member_transfers (member_id, from_org_id, to_org_id, status, reason, "
    "requested_by, requested_at) VALUES (?1, ?2, ?3, 'requested', ?4, ?5, ?6) RETURNING id"};
const Query kSelectTransfer{"select_transfer",
                            "SELECT " TRANSFER_COLUMNS
                            "FROM member_transfers t JOIN members m ON m.id = t.member_id "
                            "WHERE t.id = ?1"};
const Query kSelectForMember{"select_transfers_for_member",
                             "SELECT " TRANSFER_COLUMNS
                             "FROM member_transfers t JOIN members m ON m.id = t.member_id "
                             "WHERE t.member_id = ?1 ORDER BY t.id DESC"};
// Decisions set decided_*; completion sets completed_at. One statement for all moves.
const Query kSetStatus{
    "set_transfer_status",
    "UPDATE member_transfers SET status = ?4, note = COALESCE(?5, note), "
    "decided_by = CASE WHEN ?4 IN ('approved', 'rejected') THEN ?6 ELSE decided_by END, "
    "decided_at = CASE WHEN ?4 IN ('approved', 'rejected') THEN ?7 ELSE decided_at END, "
    "completed_at = CASE WHEN ?4 = 'completed' THEN ?7 ELSE completed_at END, "
    "version = version + 1 WHERE id = ?1 AND version = ?2 AND status = ?3"};

TransferRecord ToTransfer(const Row& r) {
  TransferRecord t;
  t.id = r.Int(0);
  t.member_id = r.Int(1);
  t.member_name = r.Text(2);
  t.from_org_id = r.Int(3);
  t.to_org_id = r.Int(4);
  t.status = r.Text(5);
  t.reason = r.Text(6);
  t.note = r.Text(7);
  t.requested_by = r.OptInt(8);
  t.decided_by = r.OptInt(9);
  t.requested_at = r.Int(10);
  t.decided_at = r.OptInt(11);
  t.completed_at = r.OptInt(12);
  t.version = r.Int(13);
  return t;
}

std::string Where(const TransferSearch& s, Params& params, Dialect dialect) {
  std::string where =
      " FROM member_transfers t JOIN members m ON m.id = t.member_id JOIN orgs f ON f.id = "
      "t.from_org_id JOIN orgs d ON d.id = t.to_org_id WHERE (" +
      PathPrefixClause("d.path", s.to_prefixes, params, dialect) + " OR " +
      PathPrefixClause("f.path", s.from_prefixes, params, dialect) + ")";
  if (!s.status.empty()) {
    params.push_back(s.status);
    where += " AND t.status = ?" + std::to_string(params.size());
  }
  return where;
}

}  // namespace

std::optional<int64_t> TransferRepository::Insert(Tx& tx, const TransferRecord& t) {
  if (tx.FetchOne(kOpenTransfer, {t.member_id})) return std::nullopt;
  return tx
      .FetchOne(kInsertTransfer, {t.member_id, t.from_org_id, t.to_org_id,
                                  t.reason.empty() ? Value(nullptr) : Value(t.reason),
                                  Opt(t.requested_by), t.requested_at})
      ->Int(0);
}

std::optional<TransferRecord> TransferRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectTransfer, {id});
  return r ? std::optional(ToTransfer(*r)) : std::nullopt;
}

std::vector<TransferRecord> TransferRepository::ForMember(Tx& tx, int64_t member_id) {
  std::vector<TransferRecord> out;
  for (const auto& r : tx.Fetch(kSelectForMember, {member_id})) out.push_back(ToTransfer(r));
  return out;
}

bool TransferRepository::SetStatus(Tx& tx, int64_t id, int64_t version,
                                   const std::string& from_status, const std::string& status,
                                   std::optional<int64_t> actor_id, const std::string& note,
                                   int64_t now_ms) {
  return tx.Exec(kSetStatus,
                 {id, version, from_status, status, note.empty() ? Value(nullptr) : Value(note),
                  Opt(actor_id), now_ms}) == 1;
}

std::vector<TransferRecord> TransferRepository::Search(Tx& tx, const TransferSearch& s) {
  Params params;
  std::string sql = "SELECT " TRANSFER_COLUMNS + Where(s, params, tx.dialect());
  sql += " ORDER BY t.id DESC" + PageClause(s.limit, s.offset, params);
  std::vector<TransferRecord> out;
  for (const auto& r : tx.Fetch({"search_transfers", sql.c_str()}, params))
    out.push_back(ToTransfer(r));
  return out;
}

int64_t TransferRepository::Count(Tx& tx, const TransferSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + Where(s, params, tx.dialect());
  return tx.FetchOne({"count_transfers", sql.c_str()}, params)->Int(0);
}

}  // namespace jiceng::store
