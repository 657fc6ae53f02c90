#include "api/views.h"

#include "api/schema.h"
#include "domain/orgs.h"
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
          {"must_change_password", v.user.must_change_password},
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

json GrantSchema() {
  using namespace schema;
  std::vector<std::string_view> roles;
  for (auto role : domain::AllRoles()) roles.push_back(domain::RoleCode(role));
  return Ref(
      "Grant",
      Obj({{"id", Int()}, {"role", Enum(roles)}, {"org_id", Int()}, {"org_name", Null(Str())}}));
}

json UserSchema() {
  using namespace schema;
  return Ref("User", Obj({{"id", Int()},
                          {"username", Str()},
                          {"display_name", Str()},
                          {"org_id", Int()},
                          {"org_name", Null(Str())},
                          {"disabled", Bool()},
                          {"locked", Bool()},
                          {"created_at", Null(DateTime())},
                          {"password_changed_at", Null(DateTime())},
                          // the initial or reset password is still in use
                          {"must_change_password", Bool()},
                          {"version", Int()},
                          {"member_id", Null(Int())},
                          {"member_name", Null(Str())},
                          {"grants", ArrayOf(GrantSchema())}}));
}

json OrgSchema() {
  using namespace schema;
  json ancestor = Ref("OrgRef", Obj({{"id", Int()}, {"name", Str()}, {"kind", OrgKind()}}));
  return Ref("Org", Obj({{"id", Int()},
                         {"parent_id", Null(Int())},
                         {"name", Str()},
                         {"kind", OrgKind()},
                         {"area_code", Null(Str())},
                         {"child_count", Int()},
                         {"status", Str()},
                         {"founded_on", Null(Date())},
                         {"dissolved_on", Null(Date())},
                         {"address", Null(Str())},
                         {"version", Int()},
                         {"ancestors", ArrayOf(ancestor)}}));
}

json OrgKind() {
  std::vector<std::string_view> kinds;
  for (auto k : domain::AllOrgKinds()) kinds.push_back(domain::OrgKindCode(k));
  return schema::Enum(kinds);
}

}  // namespace jiceng::api
