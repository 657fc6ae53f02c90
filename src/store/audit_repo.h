// SQL for the append-only, hash-chained audit log.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit_chain.h"
#include "store/db.h"

namespace jiceng::store {

struct AuditFilter {
  std::vector<std::string> path_prefixes;  // entries whose org lies under any of these
  bool include_orgless = false;            // entries with no org (system-wide events)
  std::optional<int64_t> from_ms, to_ms;   // [from, to)
  std::optional<int64_t> actor_id;
  std::string action;  // exact action, or a prefix ending in '.'
  // When `words` is set: entries whose action is one of `actions_in` (the actions whose
  // words contain them) or whose target's name contains `words`.
  std::string words;
  std::vector<std::string> actions_in;
  int64_t offset = 0;
  int64_t limit = 50;
};

class AuditRepository {
 public:
  // Appends `e` (id, prev_hash and hash — an HMAC under `key` — are filled in) inside the
  // caller's transaction, so that the entry commits or rolls back with the change it
  // records. Serializes appenders.
  static domain::AuditEntry Append(Tx& tx, domain::AuditEntry e, const domain::AuditKeyBytes& key);
  // The first entry id of the keyed scheme (migration 0018).
  static int64_t KeyedFrom(Tx& tx);
  // The newest entry's id and hash; (0, genesis) for an empty log.
  static std::pair<int64_t, std::string> Head(Tx& tx);
  static std::vector<domain::AuditEntry> List(Tx& tx, const AuditFilter& f);
  static int64_t Count(Tx& tx, const AuditFilter& f);
  // The current names of audit targets (entity, id), in one query: see audit::List.
  static std::map<std::pair<std::string, int64_t>, std::string> TargetNames(
      Tx& tx, const std::vector<std::pair<std::string, int64_t>>& targets);
  // Calls `fn` for every entry in id order, in batches; stops when `fn` returns false.
  static void ForEach(Tx& tx, const std::function<bool(const domain::AuditEntry&)>& fn);
};

}  // namespace jiceng::store
