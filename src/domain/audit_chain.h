// The audit log's hash chain: each entry's hash covers the previous entry's hash and the
// entry's own fields, so that changing, removing or reordering any entry breaks every
// hash after it. Pure functions; the store appends and the verifier replays.
//
// Two schemes share one chain. Entries written before migration 0018 (ids below
// `keyed_from`) keep their unkeyed SHA-256; every later entry carries an HMAC-SHA-256 under
// the audit key, which is kept outside the database, so that someone who can write the
// database but lacks the key cannot append, edit or recompute entries unnoticed. The first
// keyed entry's prev_hash is the head of the unkeyed part, which anchors it.
//
// Checkpoints, kept outside the database (a file beside it), record the head at a sequence
// number and carry an HMAC under the same key: the database must still hold that entry with
// that hash, which detects truncation and wholesale rewrites before the last checkpoint.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

using AuditKeyBytes = std::array<unsigned char, 32>;

// SHA-256 over prev_hash and a length-prefixed encoding of every field but `hash` (the
// unkeyed scheme of entries before `keyed_from`).
std::string ComputeAuditHash(const AuditEntry& e);
// HMAC-SHA-256 under `key` over the same encoding, tagged "jiceng-audit-v2" (the keyed
// scheme). Lowercase hex, 64 characters like the unkeyed hash.
std::string ComputeAuditMac(const AuditEntry& e, const AuditKeyBytes& key);

// A signed checkpoint: "the chain's entry `seq` has hash `head`" (seq 0: the empty chain,
// head kAuditGenesisHash), written at `at_ms` for a chain keyed from `keyed_from`.
struct AuditCheckpoint {
  int64_t seq = 0;
  std::string head;
  int64_t at_ms = 0;
  int64_t keyed_from = 1;
  std::string mac;
};
// HMAC-SHA-256 under `key` over "jiceng-audit-checkpoint-v1" and every field but `mac`.
std::string ComputeCheckpointMac(const AuditCheckpoint& c, const AuditKeyBytes& key);
// One line, no newline: "ckpt1 seq=N head=HEX at=MS keyed_from=K mac=HEX".
std::string FormatCheckpoint(const AuditCheckpoint& c);
// The inverse of FormatCheckpoint; nullopt for anything else (the MAC is not checked here).
std::optional<AuditCheckpoint> ParseCheckpoint(std::string_view line);

}  // namespace jiceng::domain
