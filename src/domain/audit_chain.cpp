#include "domain/audit_chain.h"

#include <charconv>
#include <vector>

#include "platform/crypto.h"

namespace jiceng::domain {
namespace {

void Put(std::string& out, const std::string& s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
  out += ';';
}
void Put(std::string& out, const std::optional<std::string>& s) {
  if (s) {
    Put(out, *s);
  } else {
    out += "-;";
  }
}
void Put(std::string& out, const std::optional<int64_t>& n) {
  Put(out, n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt);
}

std::string Canonical(const AuditEntry& e, const char* tag) {
  std::string canonical = tag;
  Put(canonical, e.prev_hash);
  Put(canonical, std::to_string(e.id));
  Put(canonical, std::to_string(e.at_ms));
  Put(canonical, e.actor_id);
  Put(canonical, e.actor_name);
  Put(canonical, e.action);
  Put(canonical, e.entity);
  Put(canonical, e.entity_id);
  Put(canonical, e.org_id);
  Put(canonical, e.before_json);
  Put(canonical, e.after_json);
  Put(canonical, e.request_id);
  return canonical;
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

std::string ComputeAuditHash(const AuditEntry& e) {
  return crypto::Sha256Hex(Canonical(e, "jiceng-audit-v1;"));
}

std::string ComputeAuditMac(const AuditEntry& e, const AuditKeyBytes& key) {
  return crypto::HmacSha256Hex(key.data(), key.size(), Canonical(e, "jiceng-audit-v2;"));
}

std::string ComputeCheckpointMac(const AuditCheckpoint& c, const AuditKeyBytes& key) {
  std::string canonical = "jiceng-audit-checkpoint-v1;";
  Put(canonical, std::to_string(c.seq));
  Put(canonical, c.head);
  Put(canonical, std::to_string(c.at_ms));
  Put(canonical, std::to_string(c.keyed_from));
  return crypto::HmacSha256Hex(key.data(), key.size(), canonical);
}

std::string FormatCheckpoint(const AuditCheckpoint& c) {
  return "ckpt1 seq=" + std::to_string(c.seq) + " head=" + c.head +
         " at=" + std::to_string(c.at_ms) + " keyed_from=" + std::to_string(c.keyed_from) +
         " mac=" + c.mac;
}

std::optional<AuditCheckpoint> ParseCheckpoint(std::string_view line) {
  std::vector<std::string_view> parts;
  while (!line.empty()) {
    auto sp = line.find(' ');
    parts.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line.remove_prefix(sp + 1);
  }
  const char* names[] = {"seq=", "head=", "at=", "keyed_from=", "mac="};
  if (parts.size() != 6 || parts[0] != "ckpt1") return std::nullopt;
  for (size_t i = 0; i < 5; ++i) {
    if (parts[i + 1].rfind(names[i], 0) != 0) return std::nullopt;
    parts[i + 1].remove_prefix(std::string_view(names[i]).size());
  }
  auto seq = ParseInt(parts[1]);
  auto at = ParseInt(parts[3]);
  auto keyed_from = ParseInt(parts[4]);
  if (!seq || !at || !keyed_from || *keyed_from < 1 || !IsHex64(parts[2]) || !IsHex64(parts[5]))
    return std::nullopt;
  return AuditCheckpoint{*seq, std::string(parts[2]), *at, *keyed_from, std::string(parts[5])};
}

}  // namespace jiceng::domain
