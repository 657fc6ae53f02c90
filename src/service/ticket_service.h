// One-window tickets (一窗受理, issue 15): every request a center takes — at its window, by
// phone or online — recorded once with its category, the units it must go to and a due
// time, then transferred between units, noted, resolved and rated by the person who asked.
//
// Who does what:
//  - center staff (`centers.serve` over the center's organization): record walk-in and
//    phone tickets; staff over the center's organization or the unit that holds a ticket
//    see it, transfer it, note it and resolve it; their queue lists their subtree's tickets,
//    soonest due first, and the overdue ones (open past their due time) escalate to the
//    center's managing organization by showing in its queue;
//  - anyone logged in (residents first): an online request to a center, their own list,
//    and a rating (1–5) once it is resolved (staff record a walk-in's rating for them);
//  - the contact number is personal data: sealed at rest, masked in every answer, shown in
//    full only by an audited reveal to staff who may reveal personal data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/ticket_repo.h"

namespace jiceng::facts {
class Registry;
}

namespace jiceng::tickets {

struct NewTicket {
  int64_t center_id = 0;
  std::string channel;   // walk_in | phone | online (online: set by the service)
  std::string category;  // party | government | public | convenience
  std::string title, description;
  std::string contact_name, contact_phone;
  std::vector<int64_t> unit_ids;  // the units it must go to; the first holds it
  std::optional<int64_t> due_at;  // default: the category's working days (ticket_service.cpp)
};

struct TicketView {
  store::TicketRecord ticket;
  std::vector<int64_t> units;
  std::vector<store::TicketEvent> events;
  bool overdue = false;
};

// Staff: a walk-in or phone request at a center in scope.
Result<TicketView> Record(const Context& ctx, const Actor& actor, NewTicket in);
// A logged-in person's online request to a center.
Result<TicketView> Request(const Context& ctx, const Actor& actor, NewTicket in);
// One ticket: staff in scope or the requester (404 otherwise).
Result<TicketView> Get(const Context& ctx, const domain::Principal& who, int64_t id);
Result<TicketView> Transfer(const Context& ctx, const Actor& actor, int64_t id, int64_t to_org,
                            const std::string& note);
Result<TicketView> Note(const Context& ctx, const Actor& actor, int64_t id,
                        const std::string& note);
Result<TicketView> Resolve(const Context& ctx, const Actor& actor, int64_t id,
                           const std::string& resolution);
Result<TicketView> Rate(const Context& ctx, const Actor& actor, int64_t id, int64_t rating,
                        const std::string& comment);
// The contact number in full (audited as ticket.reveal_phone).
Result<std::string> RevealPhone(const Context& ctx, const Actor& actor, int64_t id);

struct Queue {
  std::vector<store::TicketRecord> items;
  int64_t total = 0;
};
// Staff: the tickets of `org_id`'s subtree (its centers' or held by its units).
Result<Queue> QueueOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& status, bool overdue_only, int64_t page, int64_t size);
Queue Mine(const Context& ctx, const domain::Principal& who, int64_t page, int64_t size);

bool Overdue(const store::TicketRecord& t, int64_t now);

// centers.tickets, centers.tickets_resolved, centers.ratings and centers.rating_sum by the
// center's organization and the month the ticket was made.
void DeclareFacts(facts::Registry& registry);

}  // namespace jiceng::tickets
