// Pure rules: roles and the authorization policy, account rules, the audit hash chain.
#include <gtest/gtest.h>

#include "domain/access.h"
#include "domain/accounts.h"
#include "domain/audit_chain.h"
#include "platform/crypto.h"

namespace jiceng::domain {
namespace {

class DomainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { crypto::InitCrypto(); }
};

// Tree: 1 ─┬─ 2 ── 4
//          └─ 3
bool InSubtree(int64_t root, int64_t org) {
  if (root == org) return true;
  if (root == 1) return org >= 2 && org <= 4;
  if (root == 2) return org == 4;
  return false;
}

TEST_F(DomainTest, RoleCodesRoundTrip) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleCode(r)), r);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("City_Admin").has_value());
}

TEST_F(DomainTest, AuthorizeAllowsWithinSubtreeOnly) {
  Principal p;
  p.grants = {{1, Role::kSecurityAdmin, 2}};
  EXPECT_TRUE(Authorize(p, Permission::kManageAccounts, 2, InSubtree));
  EXPECT_TRUE(Authorize(p, Permission::kManageAccounts, 4, InSubtree));
  auto outside = Authorize(p, Permission::kManageAccounts, 3, InSubtree);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().kind, ErrorKind::kNotFound);  // out of scope looks absent
  auto above = Authorize(p, Permission::kManageAccounts, 1, InSubtree);
  ASSERT_FALSE(above);
  EXPECT_EQ(above.error().kind, ErrorKind::kNotFound);
}

TEST_F(DomainTest, AuthorizeForbidsRolesWithoutThePermission) {
  Principal p;
  p.grants = {{1, Role::kCityAdmin, 1}};
  auto r = Authorize(p, Permission::kManageAccounts, 2, InSubtree);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kForbidden);
  EXPECT_TRUE(Authorize(p, Permission::kReadAudit, 3, InSubtree));
  Principal nobody;
  EXPECT_EQ(Authorize(nobody, Permission::kReadOrgs, 1, InSubtree).error().kind,
            ErrorKind::kForbidden);
}

TEST_F(DomainTest, OnlyAuditorAndCityAdminReadAudit) {
  for (Role r : AllRoles()) {
    bool expected = r == Role::kAuditor || r == Role::kCityAdmin;
    EXPECT_EQ(RolePermits(r, Permission::kReadAudit), expected) << RoleCode(r);
    EXPECT_EQ(RolePermits(r, Permission::kManageAccounts), r == Role::kSecurityAdmin)
        << RoleCode(r);
  }
}

// Issue #12: people are read with the members' permission only — never by the security
// class, auditors, members or residents; full exports need the pii_exporter grant beside a
// city or district administrator's role over the same organization.
TEST_F(DomainTest, PeopleAndFullExportsFollowTheirOwnRules) {
  for (Role r : AllRoles()) {
    bool reads = r == Role::kCityAdmin || r == Role::kDistrictAdmin || r == Role::kStreetAdmin ||
                 r == Role::kCommunityAdmin || r == Role::kBranchSecretary;
    EXPECT_EQ(RolePermits(r, kReadPeople), reads) << RoleCode(r);
    EXPECT_EQ(RolePermits(r, Permission::kExportPersonalData), r == Role::kPiiExporter)
        << RoleCode(r);
  }
  EXPECT_FALSE(RolePermits(Role::kPiiExporter, Permission::kReadOrgs));  // a flag, no more
  EXPECT_EQ(ClassOf(Role::kPiiExporter), RoleClass::kBusiness);
  EXPECT_FALSE(CheckSeparation({Role::kSecurityAdmin}, Role::kPiiExporter, true));

  Principal city;
  city.grants = {{1, Role::kCityAdmin, 1}};
  EXPECT_EQ(AuthorizePiiExport(city, 2, InSubtree).error().code, "pii_export_not_granted");
  city.grants.push_back({2, Role::kPiiExporter, 2});
  EXPECT_TRUE(AuthorizePiiExport(city, 4, InSubtree));
  EXPECT_EQ(AuthorizePiiExport(city, 3, InSubtree).error().kind, ErrorKind::kNotFound);
  Principal street;  // the grant beside a lower administrator's role
  street.grants = {{1, Role::kStreetAdmin, 2}, {2, Role::kPiiExporter, 2}};
  EXPECT_EQ(AuthorizePiiExport(street, 2, InSubtree).error().kind, ErrorKind::kForbidden);
  Principal district;  // the admin role and the grant must both cover the target
  district.grants = {{1, Role::kDistrictAdmin, 3}, {2, Role::kPiiExporter, 2}};
  EXPECT_EQ(AuthorizePiiExport(district, 2, InSubtree).error().kind, ErrorKind::kNotFound);
}

TEST_F(DomainTest, SeparationOfDutiesKeepsTheThreeAdministratorsApart) {
  EXPECT_TRUE(CheckSeparation({}, Role::kSecurityAdmin, true));
  EXPECT_TRUE(CheckSeparation({Role::kCityAdmin}, Role::kStreetAdmin, true));
  EXPECT_TRUE(CheckSeparation({Role::kSecurityAdmin}, Role::kSecurityAdmin, true));
  auto r = CheckSeparation({Role::kSecurityAdmin}, Role::kAuditor, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "separation_of_duties");
  EXPECT_EQ(r.error().kind, ErrorKind::kRuleBroken);
  EXPECT_FALSE(CheckSeparation({Role::kAuditor}, Role::kCityAdmin, true));
  EXPECT_FALSE(CheckSeparation({Role::kMember}, Role::kSecurityAdmin, true));
  EXPECT_TRUE(CheckSeparation({Role::kSecurityAdmin}, Role::kAuditor, false));  // switched off
}

TEST_F(DomainTest, PasswordPolicy) {
  EXPECT_TRUE(ValidatePassword("Correct-horse9", "alice"));
  EXPECT_TRUE(ValidatePassword("abcdefgh12!!", "bob"));         // lower, digit, symbol
  EXPECT_TRUE(ValidatePassword("党建引领基层治理Ab1", "bob"));  // CJK counts as a symbol class
  EXPECT_FALSE(ValidatePassword("Short1!", "bob"));             // too short
  EXPECT_FALSE(ValidatePassword("alllowercaseletters", "bob"));
  EXPECT_FALSE(ValidatePassword("lowercase12345", "bob"));  // two classes only
  EXPECT_FALSE(ValidatePassword("Xalice-2024!", "alice"));  // contains the username
  EXPECT_FALSE(ValidatePassword(std::string("Abcdefgh1\x01", 10), "bob"));
  EXPECT_FALSE(ValidatePassword("Abcdefgh1\xff\xfe", "bob"));  // invalid UTF-8
  EXPECT_EQ(ValidatePassword("short", "bob").error().code, "weak_password");
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(ValidatePassword(GeneratePassword(), "admin"));
}

TEST_F(DomainTest, UsernamesAndDisplayNames) {
  EXPECT_TRUE(ValidateUsername("zhang.san-01"));
  EXPECT_FALSE(ValidateUsername("ab"));
  EXPECT_FALSE(ValidateUsername("Zhang"));
  EXPECT_FALSE(ValidateUsername("-leading"));
  EXPECT_FALSE(ValidateUsername("张三"));
  EXPECT_FALSE(ValidateUsername("a b c"));
  EXPECT_FALSE(ValidateUsername(std::string(33, 'a')));
  EXPECT_TRUE(ValidateDisplayName("张三丰"));
  EXPECT_TRUE(ValidateDisplayName(std::string(64 * 3, '\0').replace(0, 192, [] {
    std::string s;
    for (int i = 0; i < 64; ++i) s += "党";
    return s;
  }())));
  EXPECT_FALSE(ValidateDisplayName(""));
  EXPECT_FALSE(ValidateDisplayName("   "));
  EXPECT_FALSE(ValidateDisplayName("bad\x07name"));
  EXPECT_FALSE(ValidateDisplayName("\xc3\x28"));
}

TEST_F(DomainTest, AuditHashCoversEveryField) {
  AuditEntry e;
  e.id = 7;
  e.at_ms = 1'700'000'000'000;
  e.actor_id = 3;
  e.actor_name = "security";
  e.action = "user.create";
  e.entity = "user";
  e.entity_id = 9;
  e.org_id = 1;
  e.after_json = R"({"username":"x"})";
  e.request_id = "abc-1";
  e.prev_hash = kAuditGenesisHash;
  std::string h = ComputeAuditHash(e);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, ComputeAuditHash(e));  // deterministic
  auto changed = [&](auto mutate) {
    AuditEntry c = e;
    mutate(c);
    return ComputeAuditHash(c) != h;
  };
  EXPECT_TRUE(changed([](AuditEntry& c) { c.id = 8; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.at_ms += 1; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.actor_id.reset(); }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.actor_name = "securitx"; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.action = "user.delete"; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.before_json = ""; }));  // null ≠ empty
  EXPECT_TRUE(changed([](AuditEntry& c) { c.after_json = R"({"username":"y"})"; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.request_id = "abc-2"; }));
  EXPECT_TRUE(changed([](AuditEntry& c) { c.prev_hash[0] = '1'; }));
  // Length prefixes stop fields from bleeding into each other.
  EXPECT_TRUE(changed([](AuditEntry& c) {
    c.actor_name = "securityuser.create";
    c.action = "";
  }));
}

}  // namespace
}  // namespace jiceng::domain
