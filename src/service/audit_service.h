// Writing, reading and verifying the audit log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit_chain.h"
#include "platform/error.h"
#include "service/context.h"

namespace jiceng {
namespace store {
class Tx;
}

namespace audit {

struct Change {
  std::string action;  // "user.create"
  std::string entity;  // "user"
  std::optional<int64_t> entity_id;
  std::optional<int64_t> org_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

// Appends an entry in the caller's write transaction.
void Record(store::Tx& tx, const Context& ctx, const Actor& actor, Change change);

struct Query {
  std::optional<int64_t> from_ms, to_ms, actor_id;
  std::string action;
  int64_t page = 1, size = 50;
};
struct Page {
  std::vector<domain::AuditEntry> items;
  int64_t total = 0;
};
// Entries within the caller's audit scope (auditor or city admin), newest first.
Result<Page> List(const Context& ctx, const domain::Principal& who, const Query& q);

struct Verification {
  bool intact = true;
  int64_t checked = 0;
  int64_t first_bad_id = 0;
  std::string reason;
};
// Replays the whole chain: ids without gaps, each prev_hash the previous hash, each hash
// recomputed.
Verification Verify(const Context& ctx);

}  // namespace audit
}  // namespace jiceng
