// Cryptographic primitives, all from libsodium. Thread-safe once InitCrypto() has run.
#pragma once

#include <string>
#include <string_view>

namespace jiceng::crypto {

// Must be called once before any other function here; safe to call again.
void InitCrypto();

// How much work a new password hash costs. kProduction: libsodium's interactive limits
// (opslimit 2, memlimit 64 MiB). kTest: libsodium's minimum argon2id limits (opslimit 1,
// memlimit 8 KiB), thousands of times cheaper and useless against an offline attacker —
// for test suites only (config `security.password_hash_cost = "test"`, which the CLI
// refuses without JICENG_ALLOW_TEST_PASSWORD_HASH=1; docs/SECURITY.md). Process-wide;
// the Runtime sets it from its Config. Hashes of either cost verify under both.
enum class PasswordHashCost { kProduction, kTest };
void SetPasswordHashCost(PasswordHashCost cost);
PasswordHashCost GetPasswordHashCost();

// argon2id at the current PasswordHashCost. The result is the self-describing PHC string
// ("$argon2id$v=19$m=65536,t=2,p=1$..." at production cost).
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
