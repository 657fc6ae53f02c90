#include "api/views.h"

#include "platform/clock.h"

namespace jiceng::api {

json TimeJson(std::optional<int64_t> utc_ms) {
  if (!utc_ms || *utc_ms == 0) return nullptr;
  return FormatShanghai(*utc_ms);
}

json GrantJson(const domain::Grant& g, const index::OrgTree::Snapshot& tree) {
  const auto* org = tree.Find(g.org_id);
  return {{"id", g.id},
          {"role", domain::RoleCode(g.role)},
          {"org_id", g.org_id},
          {"org_name", org ? json(org->name) : json(nullptr)}};
}

json UserJson(const accounts::UserView& v, const index::OrgTree::Snapshot& tree) {
  json grants = json::array();
  for (const auto& g : v.grants) grants.push_back(GrantJson(g, tree));
  const auto* org = tree.Find(v.user.org_id);
  return {{"id", v.user.id},
          {"username", v.user.username},
          {"display_name", v.user.display_name},
          {"org_id", v.user.org_id},
          {"org_name", org ? json(org->name) : json(nullptr)},
          {"disabled", v.user.disabled},
          {"locked", v.locked},
          {"created_at", TimeJson(v.user.created_at)},
          {"password_changed_at", TimeJson(v.user.password_changed_at)},
          {"version", v.user.version},
          {"member_id", OptId(v.user.member_id)},
          {"member_name", OptText(v.member_name)},
          {"grants", grants}};
}

json OrgJson(const orgs::OrgView& v) {
  json ancestors = json::array();
  for (const auto& a : v.ancestors)
    ancestors.push_back({{"id", a.id}, {"name", a.name}, {"kind", a.kind}});
  return {{"id", v.node.id},
          {"parent_id", v.node.parent_id ? json(v.node.parent_id) : json(nullptr)},
          {"name", v.node.name},
          {"kind", v.node.kind},
          {"area_code", v.node.area_code.empty() ? json(nullptr) : json(v.node.area_code)},
          {"child_count", v.child_count},
          {"status", v.node.status},
          {"founded_on", v.node.founded_on.empty() ? json(nullptr) : json(v.node.founded_on)},
          {"dissolved_on", v.node.dissolved_on.empty() ? json(nullptr) : json(v.node.dissolved_on)},
          {"address", v.node.address.empty() ? json(nullptr) : json(v.node.address)},
          {"version", v.node.version},
          {"ancestors", ancestors}};
}

}  // namespace jiceng::api
