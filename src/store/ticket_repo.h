// SQL for one-window tickets (一窗受理, migration 0026).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct TicketRecord {
  int64_t id = 0;
  int64_t center_id = 0, org_id = 0, assigned_org_id = 0;
  std::string channel, category, title, description;
  std::optional<int64_t> requester_user_id;
  std::string contact_name;
  std::string contact_phone_sealed, contact_phone_masked;
  std::string status;  // open | resolved
  int64_t due_at = 0;
  std::string resolution;
  std::optional<int64_t> resolved_at;
  std::optional<int64_t> rating;
  std::string rating_comment;
  std::optional<int64_t> rated_at;
  std::optional<int64_t> created_by;
  int64_t created_at = 0, updated_at = 0;
  int64_t version = 1;
  std::string center_name;  // joined
};

struct TicketEvent {
  int64_t id = 0, ticket_id = 0, at = 0;
  std::optional<int64_t> actor_user_id;
  std::string kind;
  std::optional<int64_t> from_org_id, to_org_id;
  std::string note;
  std::string actor_name;  // joined
};

// Tickets per organization and local day, for the facts.
struct TicketDay {
  int64_t org_id = 0, day = 0;  // days since 1970-01-01, Shanghai
  int64_t created = 0, resolved = 0, ratings = 0, rating_sum = 0;
};

struct TicketFilter {
  Subtree scope;              // the center's organization or the assigned one in it
  std::string status;         // "" | open | resolved
  bool overdue_only = false;  // open and past due at `now`
  int64_t now = 0;
  int64_t limit = 20, offset = 0;
};

class TicketRepository {
 public:
  static int64_t Insert(Tx& tx, const TicketRecord& t);
  static std::optional<TicketRecord> Find(Tx& tx, int64_t id);
  static void AddUnits(Tx& tx, int64_t ticket_id, const std::vector<int64_t>& org_ids);
  static std::vector<int64_t> Units(Tx& tx, int64_t ticket_id);
  static void AddEvent(Tx& tx, const TicketEvent& e);
  static std::vector<TicketEvent> Events(Tx& tx, int64_t ticket_id);
  // Each applies only to a ticket still in the state read (open at `version`; open; resolved
  // and unrated): false when a concurrent change got there first.
  static bool Assign(Tx& tx, int64_t id, int64_t version, int64_t org_id, int64_t now);
  static bool Resolve(Tx& tx, int64_t id, const std::string& resolution, int64_t now);
  static bool Rate(Tx& tx, int64_t id, int64_t rating, const std::string& comment, int64_t now);
  static void Touch(Tx& tx, int64_t id, int64_t now);

  static std::vector<TicketRecord> List(Tx& tx, const TicketFilter& f, int64_t* total);
  static std::vector<TicketRecord> OfRequester(Tx& tx, int64_t user_id, int64_t limit,
                                               int64_t offset, int64_t* total);
  static std::vector<TicketDay> DailyTotals(Tx& tx);
};

}  // namespace jiceng::store
