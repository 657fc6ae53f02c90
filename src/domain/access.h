// Roles, permissions and the one authorization policy every route calls.
//
// A role is granted on an organization and covers its whole subtree. Three role classes
// follow the "three separate administrators" practice (三员分立): the security
// administrator (accounts and grants), the auditor (audit log) and the business roles;
// with separation on, one account holds roles of one class only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng::domain {

enum class Role {
  kCityAdmin,
  kDistrictAdmin,
  kStreetAdmin,
  kCommunityAdmin,
  kBranchSecretary,
  kMember,
  kResident,
  kSecurityAdmin,
  kAuditor,
  // Not a job but an explicit grant (issue #12): full exports of personal data. Carries
  // nothing else, and works only beside a city or district administrator's grant that
  // covers the same organization (AuthorizePiiExport).
  kPiiExporter,
};

enum class RoleClass { kBusiness, kSecurity, kAudit };

enum class Permission {
  kReadOrgs,            // see organizations in scope
  kManageAccounts,      // create/disable users, reset passwords, grant/revoke roles, API tokens
  kReadAudit,           // read the audit log
  kManageOrgs,          // create, rename, move, merge and dissolve organizations
  kManageMembers,       // read and change member records (personal data masked)
  kRevealPersonalData,  // see a member's full national ID and mobile (audited)
  kRecordMeetings,      // record, change and confirm meetings; add study materials
  kExportPersonalData,  // export member lists with full ID numbers, mobiles, birth dates
  // Values from here on are declared by modules (DefinePermission), not listed here.
  kFirstModuleDefined,
};

// A permission a module brings with it: its code (`lectures.check_in`) and the roles that
// carry it. Declared in the module's descriptor (api/module.h), defined once at start, so a
// new module edits no shared permission list. Defining the same code again returns the same
// permission (several runtimes in one process; the roles must be the same).
struct PermissionDef {
  std::string code;
  std::vector<Role> roles;
};
Permission DefinePermission(const PermissionDef& def);
// The code of a permission: the core ones by name (`read_orgs`), module ones as declared.
std::string PermissionCode(Permission permission);
// The permissions modules have defined so far, in the order they were defined.
std::vector<Permission> ModulePermissions();

// Reading people — names, attendance, committee seats, meeting attachments, ledgers — is
// the permission the member routes ask for: the business administrators and branch
// secretaries over their subtree. Security administrators, auditors, members and
// residents read no one else's personal data (三员分立; a member sees their own attendance).
inline constexpr Permission kReadPeople = Permission::kManageMembers;

std::optional<Role> ParseRole(std::string_view code);
std::string_view RoleCode(Role role);
const std::vector<Role>& AllRoles();
RoleClass ClassOf(Role role);
bool RolePermits(Role role, Permission permission);

struct Grant {
  int64_t id = 0;
  Role role = Role::kResident;
  int64_t org_id = 0;
};

// Who is calling: an authenticated user (by session or API token) and their grants.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t home_org_id = 0;
  std::vector<Grant> grants;
  // The member record of the person using the account (their own study, attendance).
  std::optional<int64_t> member_id;
  std::string member_name;
  int64_t session_id = 0;  // 0 when authenticated by API token
  int64_t token_id = 0;    // 0 when authenticated by session
  // A temporary password: a session may only see who it is, change the password or log out.
  bool must_change_password = false;
};

// Answers "is `org` inside the subtree of `root`" (inclusive). Supplied by the org index.
using SubtreeTest = std::function<bool(int64_t root, int64_t org)>;

// The authorization policy. Allowed when some grant's role carries `permission` and its
// org's subtree contains `target_org`. When no role of the caller carries the permission
// at all: 403. When some do but none covers the target: 404, so that ids outside the
// caller's scope are indistinguishable from ids that do not exist.
Status Authorize(const Principal& who, Permission permission, int64_t target_org,
                 const SubtreeTest& in_subtree);

// True when some grant carries `permission` (anywhere).
bool HasPermission(const Principal& who, Permission permission);

// The orgs at which `who` holds `permission`: the roots of their scope for it.
std::vector<int64_t> ScopeRoots(const Principal& who, Permission permission);

// Full personal-data exports of `target_org`'s subtree: allowed when the account holds a
// `pii_exporter` grant and a city or district administrator's grant, both covering it.
// 403 when it holds no such pair anywhere, 404 when none covers the target.
Status AuthorizePiiExport(const Principal& who, int64_t target_org, const SubtreeTest& in_subtree);

// Checks that adding `role` to an account that already holds `existing` keeps the
// separation of duties. 422 `separation_of_duties` when it would not.
Status CheckSeparation(const std::vector<Role>& existing, Role role, bool enforce);

}  // namespace jiceng::domain
