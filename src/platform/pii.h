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
}  // namespace jiceng
