// The audit log's hash chain: each entry's hash covers the previous entry's hash and the
// entry's own fields, so that changing, removing or reordering any entry breaks every
// hash after it. Pure functions; the store appends and the verifier replays.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace jiceng::domain {

struct AuditEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::optional<int64_t> actor_id;
  std::string actor_name;
  std::string action;  // e.g. "user.create"
  std::string entity;  // e.g. "user"
  std::optional<int64_t> entity_id;
  std::optional<int64_t> org_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string request_id;
  std::string prev_hash;
  std::string hash;
};

// The hash of the empty chain's predecessor.
inline const std::string kAuditGenesisHash(64, '0');

// SHA-256 over prev_hash and a length-prefixed encoding of every field but `hash`.
std::string ComputeAuditHash(const AuditEntry& e);

}  // namespace jiceng::domain
