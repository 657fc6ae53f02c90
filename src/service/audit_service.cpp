#include "service/audit_service.h"

#include <algorithm>

#include "domain/access.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "store/audit_repo.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::audit {

void Record(store::Tx& tx, const Context& ctx, const Actor& actor, Change change) {
  domain::AuditEntry e;
  e.at_ms = ctx.clock.NowMs();
  if (actor.principal) {
    e.actor_id = actor.principal->user_id;
    e.actor_name = actor.principal->username;
  } else {
    e.actor_name = actor.system_name;
  }
  e.action = std::move(change.action);
  e.entity = std::move(change.entity);
  e.entity_id = change.entity_id;
  e.org_id = change.org_id;
  e.before_json = std::move(change.before_json);
  e.after_json = std::move(change.after_json);
  e.request_id = actor.request_id.empty() ? "-" : actor.request_id;
  store::AuditRepository::Append(tx, std::move(e));
}

Result<Page> List(const Context& ctx, const domain::Principal& who, const Query& q) {
  auto roots = domain::ScopeRoots(who, domain::Permission::kReadAudit);
  if (roots.empty()) return Forbidden();
  if (q.page < 1 || q.size < 1 || q.size > 200)
    return BadInput("size", "分页参数无效 / page must be ≥ 1 and size 1–200");
  return ctx.db.Read([&](store::Tx& tx) -> Result<Page> {
    store::AuditFilter f;
    f.path_prefixes = store::OrgRepository::PathsOf(tx, roots);
    // Events with no organization (logins, system tasks) are visible from the root only;
    // a root's path is "/id/".
    for (const auto& path : f.path_prefixes)
      if (std::count(path.begin(), path.end(), '/') == 2) f.include_orgless = true;
    f.from_ms = q.from_ms;
    f.to_ms = q.to_ms;
    f.actor_id = q.actor_id;
    f.action = q.action;
    f.limit = q.size;
    f.offset = (q.page - 1) * q.size;
    Page page;
    page.total = store::AuditRepository::Count(tx, f);
    page.items = store::AuditRepository::List(tx, f);
    return page;
  });
}

Verification Verify(const Context& ctx) {
  Verification v;
  ctx.db.Read([&](store::Tx& tx) {
    std::string prev = domain::kAuditGenesisHash;
    int64_t expected_id = 1;
    store::AuditRepository::ForEach(tx, [&](const domain::AuditEntry& e) {
      ++v.checked;
      auto fail = [&](std::string why) {
        v.intact = false;
        v.first_bad_id = e.id;
        v.reason = std::move(why);
        return false;
      };
      if (e.id != expected_id)
        return fail("entry id " + std::to_string(e.id) + " follows a gap (expected " +
                    std::to_string(expected_id) + ")");
      if (e.prev_hash != prev) return fail("prev_hash does not match the previous entry's hash");
      if (domain::ComputeAuditHash(e) != e.hash)
        return fail("hash does not match the entry's contents");
      prev = e.hash;
      ++expected_id;
      return true;
    });
  });
  return v;
}

}  // namespace jiceng::audit
