#include "store/ticket_repo.h"

namespace jiceng::store {
namespace {

#define TICKET_COLUMNS                                                                  \
  "t.id, t.center_id, t.org_id, t.assigned_org_id, t.channel, t.category, t.title, "    \
  "t.description, t.requester_user_id, t.contact_name, t.contact_phone_sealed, "        \
  "t.contact_phone_masked, t.status, t.due_at, t.resolution, t.resolved_at, t.rating, " \
  "t.rating_comment, t.rated_at, t.created_by, t.created_at, t.updated_at, t.version, c.name "
#define TICKET_FROM " FROM tickets t JOIN centers c ON c.id = t.center_id "

const Query kInsertTicket{
    "insert_ticket",
    "INSERT INTO tickets (center_id, org_id, assigned_org_id, channel, category, title, "
    "description, requester_user_id, contact_name, contact_phone_sealed, contact_phone_masked, "
    "status, due_at, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, 'open', ?12, ?13, ?14, ?14) RETURNING id"};
const Query kFindTicket{"find_ticket", "SELECT " TICKET_COLUMNS TICKET_FROM "WHERE t.id = ?1"};
const Query kAddUnitTicket{"add_ticket_unit",
                           "INSERT INTO ticket_units (ticket_id, org_id, position) SELECT ?1, ?2, "
                           "COALESCE(MAX(position) + 1, 0) FROM ticket_units WHERE ticket_id = ?1 "
                           "ON CONFLICT (ticket_id, org_id) DO NOTHING"};
const Query kUnitsTicket{"ticket_units",
                         "SELECT org_id FROM ticket_units WHERE ticket_id = ?1 ORDER BY position"};
const Query kAddEventTicket{
    "add_ticket_event",
    "INSERT INTO ticket_events (ticket_id, at, actor_user_id, kind, from_org_id, "
    "to_org_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
const Query kEventsTicket{
    "ticket_events",
    "SELECT e.id, e.ticket_id, e.at, e.actor_user_id, e.kind, e.from_org_id, "
    "e.to_org_id, e.note, u.display_name FROM ticket_events e LEFT JOIN users u "
    "ON u.id = e.actor_user_id WHERE e.ticket_id = ?1 ORDER BY e.at, e.id"};
const Query kAssignTicket{
    "assign_ticket",
    "UPDATE tickets SET assigned_org_id = ?2, updated_at = ?3, version = version "
    "+ 1 WHERE id = ?1 AND status = 'open' AND version = ?4"};
const Query kResolveTicket{
    "resolve_ticket",
    "UPDATE tickets SET status = 'resolved', resolution = ?2, resolved_at = ?3, "
    "updated_at = ?3, version = version + 1 WHERE id = ?1 AND status = 'open'"};
const Query kRateTicket{
    "rate_ticket",
    "UPDATE tickets SET rating = ?2, rating_comment = ?3, rated_at = ?4, updated_at "
    "= ?4, version = version + 1 WHERE id = ?1 AND status = 'resolved' AND rating IS NULL"};
const Query kTouchTicket{"touch_ticket",
                         "UPDATE tickets SET updated_at = ?2, version = version + 1 WHERE id = ?1"};
const Query kOfRequesterTicket{
    "tickets_of_requester", "SELECT " TICKET_COLUMNS TICKET_FROM
                            "WHERE t.requester_user_id = ?1 ORDER BY t.created_at DESC, t.id DESC "
                            "LIMIT ?2 OFFSET ?3"};
const Query kCountOfRequesterTicket{"count_tickets_of_requester",
                                    "SELECT COUNT(*) FROM tickets WHERE requester_user_id = ?1"};
// By Shanghai day of creation (integer arithmetic both stores share).
const Query kDailyTicket{
    "ticket_days",
    "SELECT org_id, (created_at + 28800000) / 86400000, COUNT(*), SUM(CASE WHEN status = "
    "'resolved' THEN 1 ELSE 0 END), SUM(CASE WHEN rating IS NULL THEN 0 ELSE 1 END), "
    "COALESCE(SUM(rating), 0) FROM tickets GROUP BY org_id, (created_at + 28800000) / 86400000"};

TicketRecord ToTicket(const Row& r) {
  TicketRecord t;
  t.id = r.Int(0);
  t.center_id = r.Int(1);
  t.org_id = r.Int(2);
  t.assigned_org_id = r.Int(3);
  t.channel = r.Text(4);
  t.category = r.Text(5);
  t.title = r.Text(6);
  t.description = r.Text(7);
  t.requester_user_id = r.OptInt(8);
  t.contact_name = r.Text(9);
  t.contact_phone_sealed = r.Text(10);
  t.contact_phone_masked = r.Text(11);
  t.status = r.Text(12);
  t.due_at = r.Int(13);
  t.resolution = r.Text(14);
  t.resolved_at = r.OptInt(15);
  t.rating = r.OptInt(16);
  t.rating_comment = r.Text(17);
  t.rated_at = r.OptInt(18);
  t.created_by = r.OptInt(19);
  t.created_at = r.Int(20);
  t.updated_at = r.Int(21);
  t.version = r.Int(22);
  t.center_name = r.Text(23);
  return t;
}

}  // namespace

int64_t TicketRepository::Insert(Tx& tx, const TicketRecord& t) {
  return tx
      .FetchOne(
          kInsertTicket,
          {t.center_id, t.org_id, t.assigned_org_id, t.channel, t.category, t.title, t.description,
           Opt(t.requester_user_id), t.contact_name, NullIfEmpty(t.contact_phone_sealed),
           NullIfEmpty(t.contact_phone_masked), t.due_at, Opt(t.created_by), t.created_at})
      ->Int(0);
}

std::optional<TicketRecord> TicketRepository::Find(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kFindTicket, {id});
  return r ? std::optional(ToTicket(*r)) : std::nullopt;
}

void TicketRepository::AddUnits(Tx& tx, int64_t ticket_id, const std::vector<int64_t>& org_ids) {
  for (int64_t org : org_ids) tx.Exec(kAddUnitTicket, {ticket_id, org});
}

std::vector<int64_t> TicketRepository::Units(Tx& tx, int64_t ticket_id) {
  std::vector<int64_t> out;
  for (const auto& r : tx.Fetch(kUnitsTicket, {ticket_id})) out.push_back(r.Int(0));
  return out;
}

void TicketRepository::AddEvent(Tx& tx, const TicketEvent& e) {
  tx.Exec(kAddEventTicket, {e.ticket_id, e.at, Opt(e.actor_user_id), e.kind, Opt(e.from_org_id),
                            Opt(e.to_org_id), e.note});
}

std::vector<TicketEvent> TicketRepository::Events(Tx& tx, int64_t ticket_id) {
  std::vector<TicketEvent> out;
  for (const auto& r : tx.Fetch(kEventsTicket, {ticket_id}))
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.OptInt(3), r.Text(4), r.OptInt(5), r.OptInt(6),
                   r.Text(7), r.Text(8)});
  return out;
}

bool TicketRepository::Assign(Tx& tx, int64_t id, int64_t version, int64_t org_id, int64_t now) {
  return tx.Exec(kAssignTicket, {id, org_id, now, version}) == 1;
}

bool TicketRepository::Resolve(Tx& tx, int64_t id, const std::string& resolution, int64_t now) {
  return tx.Exec(kResolveTicket, {id, resolution, now}) == 1;
}

bool TicketRepository::Rate(Tx& tx, int64_t id, int64_t rating, const std::string& comment,
                            int64_t now) {
  return tx.Exec(kRateTicket, {id, rating, comment, now}) == 1;
}

void TicketRepository::Touch(Tx& tx, int64_t id, int64_t now) { tx.Exec(kTouchTicket, {id, now}); }

std::vector<TicketRecord> TicketRepository::List(Tx& tx, const TicketFilter& f, int64_t* total) {
  Params params;
  std::string where =
      " FROM tickets t JOIN centers c ON c.id = t.center_id JOIN orgs o ON o.id = t.org_id JOIN "
      "orgs a ON a.id = t.assigned_org_id WHERE (" +
      SubtreeClause("t.org_id", "o.path", f.scope, params, tx.dialect()) + " OR " +
      SubtreeClause("t.assigned_org_id", "a.path", f.scope, params, tx.dialect()) + ")";
  if (!f.status.empty()) {
    params.push_back(f.status);
    where += " AND t.status = ?" + std::to_string(params.size());
  }
  if (f.overdue_only) {
    params.push_back(f.now);
    where += " AND t.status = 'open' AND t.due_at < ?" + std::to_string(params.size());
  }
  Params count_params = params;
  const std::string count_sql = "SELECT COUNT(*)" + where;
  *total = tx.FetchOne({"count_tickets", count_sql.c_str()}, count_params)->Int(0);
  std::string sql = "SELECT " TICKET_COLUMNS + where + " ORDER BY t.due_at, t.id" +
                    PageClause(f.limit, f.offset, params);
  std::vector<TicketRecord> out;
  for (const auto& r : tx.Fetch({"list_tickets", sql.c_str()}, params)) out.push_back(ToTicket(r));
  return out;
}

std::vector<TicketRecord> TicketRepository::OfRequester(Tx& tx, int64_t user_id, int64_t limit,
                                                        int64_t offset, int64_t* total) {
  std::vector<TicketRecord> out;
  for (const auto& r : tx.Fetch(kOfRequesterTicket, {user_id, limit, offset}))
    out.push_back(ToTicket(r));
  *total = tx.FetchOne(kCountOfRequesterTicket, {user_id})->Int(0);
  return out;
}

std::vector<TicketDay> TicketRepository::DailyTotals(Tx& tx) {
  std::vector<TicketDay> out;
  for (const auto& r : tx.Fetch(kDailyTicket))
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5)});
  return out;
}

}  // namespace jiceng::store
