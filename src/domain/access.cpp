#include "domain/access.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <stdexcept>

namespace jiceng::domain {
namespace {

struct RoleInfo {
  Role role;
  std::string_view code;
  RoleClass cls;
};

constexpr std::array<RoleInfo, 10> kRoles{{
    {Role::kCityAdmin, "city_admin", RoleClass::kBusiness},
    {Role::kDistrictAdmin, "district_admin", RoleClass::kBusiness},
    {Role::kStreetAdmin, "street_admin", RoleClass::kBusiness},
    {Role::kCommunityAdmin, "community_admin", RoleClass::kBusiness},
    {Role::kBranchSecretary, "branch_secretary", RoleClass::kBusiness},
    {Role::kMember, "member", RoleClass::kBusiness},
    {Role::kResident, "resident", RoleClass::kBusiness},
    {Role::kSecurityAdmin, "security_admin", RoleClass::kSecurity},
    {Role::kAuditor, "auditor", RoleClass::kAudit},
    {Role::kPiiExporter, "pii_exporter", RoleClass::kBusiness},
}};

const RoleInfo& Info(Role role) {
  return *std::find_if(kRoles.begin(), kRoles.end(), [&](auto& r) { return r.role == role; });
}

}  // namespace

std::optional<Role> ParseRole(std::string_view code) {
  for (const auto& r : kRoles)
    if (r.code == code) return r.role;
  return std::nullopt;
}

std::string_view RoleCode(Role role) { return Info(role).code; }

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> all = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return all;
}

RoleClass ClassOf(Role role) { return Info(role).cls; }

namespace {

// Module-defined permissions, indexed from kFirstModuleDefined. Defined at start (before
// serving) and never removed; a fixed table with a published count lets RolePermits read it
// without a lock.
constexpr size_t kMaxModulePermissions = 64;
struct ModulePermission {
  std::string code;
  uint32_t roles = 0;  // bit per Role
};
std::array<ModulePermission, kMaxModulePermissions> module_permissions;
std::atomic<size_t> module_permission_count{0};
std::mutex define_mutex;

uint32_t RoleBits(const std::vector<Role>& roles) {
  uint32_t bits = 0;
  for (auto r : roles) bits |= 1u << static_cast<unsigned>(r);
  return bits;
}

}  // namespace

Permission DefinePermission(const PermissionDef& def) {
  std::lock_guard lock(define_mutex);
  const size_t n = module_permission_count.load(std::memory_order_acquire);
  const auto first = static_cast<size_t>(Permission::kFirstModuleDefined);
  for (size_t i = 0; i < n; ++i)
    if (module_permissions[i].code == def.code) {
      if (module_permissions[i].roles != RoleBits(def.roles))
        throw std::logic_error("permission " + def.code + " defined twice with other roles");
      return static_cast<Permission>(first + i);
    }
  if (n == kMaxModulePermissions) throw std::logic_error("too many module permissions");
  module_permissions[n] = {def.code, RoleBits(def.roles)};
  module_permission_count.store(n + 1, std::memory_order_release);
  return static_cast<Permission>(first + n);
}

std::vector<Permission> ModulePermissions() {
  std::vector<Permission> out;
  const auto first = static_cast<size_t>(Permission::kFirstModuleDefined);
  const size_t n = module_permission_count.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<Permission>(first + i));
  return out;
}

std::string PermissionCode(Permission permission) {
  switch (permission) {
    case Permission::kReadOrgs:
      return "read_orgs";
    case Permission::kManageAccounts:
      return "manage_accounts";
    case Permission::kReadAudit:
      return "read_audit";
    case Permission::kManageOrgs:
      return "manage_orgs";
    case Permission::kManageMembers:
      return "manage_members";
    case Permission::kRevealPersonalData:
      return "reveal_personal_data";
    case Permission::kRecordMeetings:
      return "record_meetings";
    case Permission::kExportPersonalData:
      return "export_personal_data";
    case Permission::kFirstModuleDefined:
      break;
  }
  const size_t i =
      static_cast<size_t>(permission) - static_cast<size_t>(Permission::kFirstModuleDefined);
  if (i < module_permission_count.load(std::memory_order_acquire))
    return module_permissions[i].code;
  return "unknown";
}

bool RolePermits(Role role, Permission permission) {
  switch (permission) {
    case Permission::kReadOrgs:
      // every role sees the organizations of its own subtree; the export grant adds nothing
      return role != Role::kPiiExporter;
    case Permission::kExportPersonalData:
      return role == Role::kPiiExporter;
    case Permission::kManageAccounts:
      return role == Role::kSecurityAdmin;
    case Permission::kReadAudit:
      return role == Role::kAuditor || role == Role::kCityAdmin;
    case Permission::kManageOrgs:
      return role == Role::kCityAdmin || role == Role::kDistrictAdmin ||
             role == Role::kStreetAdmin || role == Role::kCommunityAdmin;
    case Permission::kManageMembers:
    case Permission::kRevealPersonalData:
    case Permission::kRecordMeetings:
      return role == Role::kCityAdmin || role == Role::kDistrictAdmin ||
             role == Role::kStreetAdmin || role == Role::kCommunityAdmin ||
             role == Role::kBranchSecretary;
    case Permission::kFirstModuleDefined:
      break;
  }
  const size_t i =
      static_cast<size_t>(permission) - static_cast<size_t>(Permission::kFirstModuleDefined);
  return i < module_permission_count.load(std::memory_order_acquire) &&
         (module_permissions[i].roles >> static_cast<unsigned>(role) & 1u) != 0;
}

bool HasPermission(const Principal& who, Permission permission) {
  return std::any_of(who.grants.begin(), who.grants.end(),
                     [&](const Grant& g) { return RolePermits(g.role, permission); });
}

std::vector<int64_t> ScopeRoots(const Principal& who, Permission permission) {
  std::vector<int64_t> roots;
  for (const auto& g : who.grants)
    if (RolePermits(g.role, permission) &&
        std::find(roots.begin(), roots.end(), g.org_id) == roots.end())
      roots.push_back(g.org_id);
  return roots;
}

Status Authorize(const Principal& who, Permission permission, int64_t target_org,
                 const SubtreeTest& in_subtree) {
  bool permitted_somewhere = false;
  for (const auto& g : who.grants) {
    if (!RolePermits(g.role, permission)) continue;
    permitted_somewhere = true;
    if (in_subtree(g.org_id, target_org)) return {};
  }
  if (!permitted_somewhere) return Forbidden();
  return NotFound();
}

Status AuthorizePiiExport(const Principal& who, int64_t target_org, const SubtreeTest& in_subtree) {
  bool export_grant = false, admin_grant = false, export_covers = false, admin_covers = false;
  for (const auto& g : who.grants) {
    if (g.role == Role::kPiiExporter) {
      export_grant = true;
      export_covers = export_covers || in_subtree(g.org_id, target_org);
    }
    if (g.role == Role::kCityAdmin || g.role == Role::kDistrictAdmin) {
      admin_grant = true;
      admin_covers = admin_covers || in_subtree(g.org_id, target_org);
    }
  }
  if (!export_grant || !admin_grant)
    return Fail(ErrorKind::kForbidden, "pii_export_not_granted",
                "导出完整个人信息须由市、区级管理员持有单独的“个人信息导出”授权 / full "
                "personal-data exports need a city or district administrator holding the "
                "pii_exporter grant");
  if (!export_covers || !admin_covers) return NotFound();
  return {};
}

Status CheckSeparation(const std::vector<Role>& existing, Role role, bool enforce) {
  if (!enforce) return {};
  for (Role r : existing) {
    if (ClassOf(r) != ClassOf(role)) {
      return Fail(ErrorKind::kRuleBroken, "separation_of_duties",
                  "三员分立：安全管理员、审计员与业务角色不能由同一账号兼任 / security admin, "
                  "auditor and business roles must be held by different accounts",
                  "role");
    }
  }
  return {};
}

}  // namespace jiceng::domain
