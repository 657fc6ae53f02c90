// Cryptographic primitives, all from libsodium. Thread-safe once InitCrypto() has run.
#pragma once

#include <string>
#include <string_view>

namespace jiceng::crypto {

// Must be called once before any other function here; safe to call again.
void InitCrypto();

// argon2id (libsodium's interactive limits by default). The result is the self-describing
// PHC string ("$argon2id$v=19$m=...").
std::string HashPassword(std::string_view password);
bool VerifyPassword(const std::string& phc_hash, std::string_view password);

// `bytes` random bytes, base64url without padding. 32 bytes → 43 characters.
std::string RandomToken(size_t bytes = 32);
// SHA-256 as lowercase hex.
std::string Sha256Hex(std::string_view data);
// HMAC-SHA-256 (libsodium crypto_auth_hmacsha256) of `data` under `key`, as
// lowercase hex.
std::string HmacSha256Hex(const unsigned char* key, size_t key_len, std::string_view data);
// Constant-time comparison of two equal-length strings.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace jiceng::crypto
