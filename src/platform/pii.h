// Personal data at rest (PIPL): national ID numbers and mobile numbers are stored only as
//  - a sealed value: AES-256-GCM (libsodium) with a random 96-bit nonce and the field name
//    as associated data, so a value cannot be moved to another column unnoticed; on a CPU
//    without AES-NI, XChaCha20-Poly1305 (the format records which); and
//  - a blind index: HMAC-SHA-256 of the normalized value under a separate key, for exact
//    look-up ("find the member with this ID") without decrypting anything. Deterministic
//    encryption is deliberately not used.
// Both keys are derived from one 32-byte master key given by configuration or the
// environment, never stored with the data. Thread-safe after construction.
#pragma once

#include <sodium/crypto_auth_hmacsha256.h>

#include <array>
#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng {

class PiiCipher {
 public:
  // `master_key_b64`: 32 random bytes, standard or URL-safe base64.
  static Result<PiiCipher> FromBase64Key(std::string_view master_key_b64);
  // A fresh random master key, base64 (for set-up scripts and tests).
  static std::string GenerateKey();

  // "v1a:" (AES-256-GCM) or "v1x:" (XChaCha20-Poly1305), then base64url(nonce ‖ ciphertext).
  std::string Seal(std::string_view field, std::string_view plaintext) const;
  // 422 `pii_unreadable` when the value was tampered with, sealed for another field, or
  // sealed under another key.
  Result<std::string> Open(std::string_view field, std::string_view sealed) const;
  // Lower-case hex of HMAC-SHA-256 over "field\0value", truncated to 128 bits.
  std::string BlindIndex(std::string_view field, std::string_view normalized) const;

 private:
  std::array<unsigned char, 32> seal_key_{};
  // HMAC-SHA-256 keyed with the index key, before any message: copied per blind index instead of
  // hashing the key pads again (half the work of a bulk import's indexes).
  crypto_auth_hmacsha256_state index_start_{};
};

}  // namespace jiceng

namespace jiceng {
struct Config;
// The cipher for this configuration: `pii_key` if set; else the key file (`pii_key_file`,
// or "<sqlite path>.pii-key" beside a SQLite store), created with a fresh key if missing.
// 503 `pii_key_missing` for PostgreSQL without a key.
Result<PiiCipher> LoadPiiCipher(const Config& config);

// The audit chain's key: 32 bytes kept outside the database, never derived from the
// personal-data key (whoever holds that one must not be able to rewrite the audit trail).
using AuditKey = std::array<unsigned char, 32>;
// Where the audit key file is: `audit_key_file`, or "<sqlite path>.audit-key"; "" for
// PostgreSQL without `audit_key_file`.
std::string AuditKeyPath(const Config& config);
// Where the signed checkpoints are: `audit_checkpoint_file`, or
// "<sqlite path>.audit-checkpoints", or "var/audit-checkpoints" for PostgreSQL.
std::string AuditCheckpointPath(const Config& config);
// `audit_key` if set; else the key file. A missing file is created with a fresh key (mode
// 0600) only when `may_create` (the chain has no keyed entry and no checkpoint yet): once
// entries are keyed, a lost key is reported, never silently replaced. 503
// `audit_key_missing` when there is no key, 400 `invalid_audit_key` when it is malformed.
Result<AuditKey> LoadAuditKey(const Config& config, bool may_create);
}  // namespace jiceng
