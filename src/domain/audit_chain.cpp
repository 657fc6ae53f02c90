#include "domain/audit_chain.h"

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

}  // namespace

std::string ComputeAuditHash(const AuditEntry& e) {
  std::string canonical = "jiceng-audit-v1;";
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
  return crypto::Sha256Hex(canonical);
}

}  // namespace jiceng::domain
