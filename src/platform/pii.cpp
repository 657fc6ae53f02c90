#include "platform/pii.h"

#include <sodium.h>

#include <vector>

namespace jiceng {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'j', 'i', 'c', 'e', 'n', 'g', 'p', 'i'};

std::string ToBase64(const unsigned char* data, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

bool FromBase64(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty()) return false;  // libsodium's output pointer must not be null
  out.resize(text.size());
  size_t len = 0;
  for (int variant : {sodium_base64_VARIANT_URLSAFE_NO_PADDING, sodium_base64_VARIANT_URLSAFE,
                      sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                          variant) == 0) {
      out.resize(len);
      return true;
    }
  }
  return false;
}

tl::unexpected<Error> Unreadable() {
  return Fail(ErrorKind::kRuleBroken, "pii_unreadable",
              "个人信息无法解密（数据或密钥不符）/ personal data cannot be decrypted");
}

}  // namespace

Result<PiiCipher> PiiCipher::FromBase64Key(std::string_view master_key_b64) {
  std::vector<unsigned char> master;
  if (!FromBase64(master_key_b64, master) || master.size() != crypto_kdf_KEYBYTES)
    return Fail(ErrorKind::kBadInput, "invalid_pii_key",
                "个人信息主密钥应为32字节的base64 / the personal-data key must be 32 bytes, base64",
                "security.pii_key");
  PiiCipher c;
  crypto_kdf_derive_from_key(c.seal_key_.data(), c.seal_key_.size(), 1, kKdfContext, master.data());
  std::array<unsigned char, 32> index_key;
  crypto_kdf_derive_from_key(index_key.data(), index_key.size(), 2, kKdfContext, master.data());
  crypto_auth_hmacsha256_init(&c.index_start_, index_key.data(), index_key.size());
  sodium_memzero(index_key.data(), index_key.size());
  sodium_memzero(master.data(), master.size());
  return c;
}

std::string PiiCipher::GenerateKey() {
  unsigned char key[crypto_kdf_KEYBYTES];
  crypto_kdf_keygen(key);
  std::string out = ToBase64(key, sizeof key);
  sodium_memzero(key, sizeof key);
  return out;
}

std::string PiiCipher::Seal(std::string_view field, std::string_view plaintext) const {
  const auto* ad = reinterpret_cast<const unsigned char*>(field.data());
  const auto* m = reinterpret_cast<const unsigned char*>(plaintext.data());
  std::vector<unsigned char> out;
  unsigned long long clen = 0;
  if (crypto_aead_aes256gcm_is_available()) {
    out.resize(crypto_aead_aes256gcm_NPUBBYTES + plaintext.size() + crypto_aead_aes256gcm_ABYTES);
    randombytes_buf(out.data(), crypto_aead_aes256gcm_NPUBBYTES);
    crypto_aead_aes256gcm_encrypt(out.data() + crypto_aead_aes256gcm_NPUBBYTES, &clen, m,
                                  plaintext.size(), ad, field.size(), nullptr, out.data(),
                                  seal_key_.data());
    return "v1a:" + ToBase64(out.data(), crypto_aead_aes256gcm_NPUBBYTES + clen);
  }
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  out.resize(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(out.data(), kNonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonce, &clen, m, plaintext.size(), ad,
                                             field.size(), nullptr, out.data(), seal_key_.data());
  return "v1x:" + ToBase64(out.data(), kNonce + clen);
}

Result<std::string> PiiCipher::Open(std::string_view field, std::string_view sealed) const {
  if (sealed.size() < 4) return Unreadable();
  std::string_view scheme = sealed.substr(0, 4);
  std::vector<unsigned char> raw;
  if (!FromBase64(sealed.substr(4), raw)) return Unreadable();
  const auto* ad = reinterpret_cast<const unsigned char*>(field.data());
  std::string plain;
  unsigned long long mlen = 0;
  if (scheme == "v1a:") {
    constexpr size_t kNonce = crypto_aead_aes256gcm_NPUBBYTES;
    if (!crypto_aead_aes256gcm_is_available() || raw.size() < kNonce + crypto_aead_aes256gcm_ABYTES)
      return Unreadable();
    plain.resize(raw.size() - kNonce - crypto_aead_aes256gcm_ABYTES);
    if (crypto_aead_aes256gcm_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &mlen,
                                      nullptr, raw.data() + kNonce, raw.size() - kNonce, ad,
                                      field.size(), raw.data(), seal_key_.data()) != 0)
      return Unreadable();
  } else if (scheme == "v1x:") {
    constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (raw.size() < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES) return Unreadable();
    plain.resize(raw.size() - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &mlen, nullptr, raw.data() + kNonce,
            raw.size() - kNonce, ad, field.size(), raw.data(), seal_key_.data()) != 0)
      return Unreadable();
  } else {
    return Unreadable();
  }
  plain.resize(mlen);
  return plain;
}

std::string PiiCipher::BlindIndex(std::string_view field, std::string_view normalized) const {
  crypto_auth_hmacsha256_state st = index_start_;
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(field.data()),
                                field.size());
  const unsigned char zero = 0;
  crypto_auth_hmacsha256_update(&st, &zero, 1);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(normalized.data()),
                                normalized.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  // HMAC-SHA-256 truncated to 128 bits (as HMAC-SHA-256-128): collision-free in practice
  // for any population, and half the bytes in the two unique-ish indexes of a big table.
  constexpr size_t kIndexBytes = 16;
  char hex[kIndexBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, kIndexBytes);
  return hex;
}

}  // namespace jiceng

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "platform/config.h"

namespace jiceng {

namespace {

// Reads a key file's first line; nullopt when the file cannot be opened.
std::optional<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  std::string key = s.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' '))
    key.pop_back();
  return key;
}

// Creates `path` holding `key`, readable by this user only; false when it cannot (including
// when another process created it first).
bool CreateKeyFile(const std::string& path, const std::string& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::string line = key + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  return ok;
}

std::string SqlitePath(const Config& config) {
  return config.db_url.rfind("sqlite:", 0) == 0 ? config.db_url.substr(7) : std::string();
}

}  // namespace

Result<PiiCipher> LoadPiiCipher(const Config& config) {
  if (!config.pii_key.empty()) return PiiCipher::FromBase64Key(config.pii_key);
  std::string path = config.pii_key_file;
  if (path.empty() && !SqlitePath(config).empty()) path = SqlitePath(config) + ".pii-key";
  if (path.empty())
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "未配置个人信息加密密钥（JICENG_PII_KEY）/ no personal-data key configured "
                "(JICENG_PII_KEY)");
  if (auto key = ReadKeyFile(path)) return PiiCipher::FromBase64Key(*key);
  // First use: create the key file, readable by this user only.
  std::string key = PiiCipher::GenerateKey();
  if (!CreateKeyFile(path, key)) {
    if (auto again = ReadKeyFile(path)) return PiiCipher::FromBase64Key(*again);
    return Fail(ErrorKind::kUnavailable, "pii_key_missing",
                "无法创建个人信息密钥文件 / cannot create the personal-data key file " + path);
  }
  return PiiCipher::FromBase64Key(key);
}

std::string AuditKeyPath(const Config& config) {
  if (!config.audit_key_file.empty()) return config.audit_key_file;
  std::string db = SqlitePath(config);
  return db.empty() ? std::string() : db + ".audit-key";
}

std::string AuditCheckpointPath(const Config& config) {
  if (!config.audit_checkpoint_file.empty()) return config.audit_checkpoint_file;
  std::string db = SqlitePath(config);
  return db.empty() ? std::string("var/audit-checkpoints") : db + ".audit-checkpoints";
}

Result<AuditKey> LoadAuditKey(const Config& config, bool may_create) {
  auto decode = [](std::string_view text, const char* field) -> Result<AuditKey> {
    std::vector<unsigned char> raw;
    if (!FromBase64(text, raw) || raw.size() != AuditKey().size()) {
      sodium_memzero(raw.data(), raw.size());
      return Fail(ErrorKind::kBadInput, "invalid_audit_key",
                  "审计密钥应为32字节的base64 / the audit key must be 32 bytes, base64", field);
    }
    AuditKey key;
    std::copy(raw.begin(), raw.end(), key.begin());
    sodium_memzero(raw.data(), raw.size());
    return key;
  };
  if (!config.audit_key.empty()) return decode(config.audit_key, "security.audit_key");
  std::string path = AuditKeyPath(config);
  if (path.empty())
    return Fail(ErrorKind::kUnavailable, "audit_key_missing",
                "未配置审计密钥（PostgreSQL 须设 JICENG_AUDIT_KEY 或 audit_key_file）/ no audit "
                "key configured (PostgreSQL requires JICENG_AUDIT_KEY or audit_key_file)");
  if (auto text = ReadKeyFile(path)) return decode(*text, "security.audit_key_file");
  if (!may_create)
    return Fail(ErrorKind::kUnavailable, "audit_key_missing",
                "审计密钥文件缺失：" + path +
                    "（审计链已用它签名，不能另建新密钥）/ the audit key file is missing: " + path +
                    " (the chain is already keyed with it; a new key is not created)");
  std::vector<unsigned char> fresh(AuditKey().size());
  randombytes_buf(fresh.data(), fresh.size());
  std::string text = ToBase64(fresh.data(), fresh.size());
  sodium_memzero(fresh.data(), fresh.size());
  if (!CreateKeyFile(path, text)) {
    if (auto again = ReadKeyFile(path)) return decode(*again, "security.audit_key_file");
    return Fail(ErrorKind::kUnavailable, "audit_key_missing",
                "无法创建审计密钥文件 / cannot create the audit key file " + path);
  }
  return decode(text, "security.audit_key_file");
}

}  // namespace jiceng
