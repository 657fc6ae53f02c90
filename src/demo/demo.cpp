// The demo driver behind `jiceng demo` (demo/demo.h): the real area tree, the synthetic new
// sector, the people, years of organizational life and the three demo accounts, in that
// order, each step idempotent, with a line of output per step.
#include "demo/demo.h"

#include <cstdio>
#include <cstdlib>

#include "demo/demo_centers.h"
#include "demo/demo_meetings.h"
#include "demo/demo_members.h"
#include "demo/demo_sector.h"
#include "demo/demo_tree.h"
#include "domain/access.h"
#include "domain/accounts.h"
#include "runtime/runtime.h"
#include "service/account_service.h"
#include "service/org_service.h"
#include "store/account_repo.h"
#include "store/db.h"

namespace jiceng::demo {
namespace {

// Creates `username` with `role` on `org` unless it exists; prints a fresh password once.
void EnsureDemoUser(Runtime& rt, const std::string& username, const std::string& display,
                    domain::Role role, int64_t org) {
  bool exists = rt.db().Read([&](store::Tx& tx) {
    return store::AccountRepository::FindUserByUsername(tx, username).has_value();
  });
  if (exists) {
    std::printf(
        "  %-10s (exists; reset with `jiceng user passwd --username %s --password-stdin`)\n",
        username.c_str(), username.c_str());
    return;
  }
  accounts::NewUser u{username, display, org, domain::GeneratePassword(), {{role, org}}};
  u.temporary_password = false;  // accounts for trying the product, not people's own
  auto made = rt.accounts().Bootstrap(u);
  if (!made) {
    std::fprintf(stderr, "cannot create %s: %s\n", username.c_str(), made.error().message.c_str());
    std::exit(1);
  }
  std::printf("  %-10s password: %s   (%s, shown once)\n", username.c_str(), u.password.c_str(),
              std::string(domain::RoleCode(role)).c_str());
}

}  // namespace

int Run(Runtime& rt, const Options& o) {
  const std::string& root_name = o.root_name;
  const std::string& scale = o.scale;
  const uint64_t seed = o.seed;
  const int meeting_years = o.meeting_years;
  auto plan = demo::PlanFor(scale);
  if (!plan) {
    std::fprintf(stderr, "%s\n", plan.error().message.c_str());
    return 2;
  }
  if (o.members >= 0) plan->members = o.members;
  auto [root, created] = orgs::EnsureRoot(rt.context(), root_name);
  auto tree = orgs::SeedDemoDivisions(rt.context(), root, o.divisions_dir);
  if (!tree) {
    std::fprintf(stderr, "%s\n", tree.error().message.c_str());
    return 1;
  }
  std::printf(
      "demo data: %s%s; %d district committees and %d functional-area working committees, %d "
      "street and %d town committees, %d community committees (%d estate-level residents' "
      "committees folded in), %d village organizations (%d added)\n",
      root_name.c_str(), created ? " (created)" : "", tree->districts, tree->functional_areas,
      tree->streets, tree->towns, tree->communities, tree->estates_folded, tree->villages,
      tree->added);
  auto sector = demo::SeedSector(rt.context(), *plan, seed);
  if (!sector) {
    std::fprintf(stderr, "%s\n", sector.error().message.c_str());
    return 1;
  }
  std::printf("demo new sector (%s): %d organizations and %d units added\n", scale.c_str(),
              sector->orgs_added, sector->units_added);
  auto centers = centers::SeedDemoCenters(rt.context(), seed);
  if (!centers) {
    std::fprintf(stderr, "%s\n", centers.error().message.c_str());
    return 1;
  }
  std::printf("demo service centers: %s%d centers, %d catalog services, %d offered\n",
              centers->skipped ? "already present; " : "", centers->centers, centers->services,
              centers->offerings);
  auto population = centers::SeedDemoPopulation(rt.context(), seed);
  if (!population) {
    std::fprintf(stderr, "%s\n", population.error().message.c_str());
    return 1;
  }
  std::printf("demo population: %s%lld grid points, %lld people\n",
              population->skipped ? "already present; " : "",
              static_cast<long long>(population->points),
              static_cast<long long>(population->people));
  auto people = members::SeedDemoMembers(rt.context(), static_cast<int>(plan->members), seed);
  if (!people) {
    std::fprintf(stderr, "%s\n", people.error().message.c_str());
    return 1;
  }
  std::printf("demo members: %lld synthetic people (flagged demo; %d added), %d branches added\n",
              static_cast<long long>(people->members_present), people->members_added,
              people->branches_added);
  auto life = meetings::SeedDemoMeetings(rt.context(), meeting_years, o.minutes_docs, seed);
  if (!life) {
    std::fprintf(stderr, "%s\n", life.error().message.c_str());
    return 1;
  }
  if (meeting_years > 0)
    std::printf(
        "demo meetings: %s%lld meetings over %d years, %lld attendance rows, %lld study "
        "materials, %lld searchable documents, %lld study records\n",
        life->skipped ? "already present; " : "", static_cast<long long>(life->meetings),
        meeting_years, static_cast<long long>(life->attendance),
        static_cast<long long>(life->materials), static_cast<long long>(life->documents),
        static_cast<long long>(life->readings));
  std::printf("demo accounts:\n");
  EnsureDemoUser(rt, "admin", "市级管理员（演示）", domain::Role::kCityAdmin, root);
  EnsureDemoUser(rt, "security", "安全管理员（演示）", domain::Role::kSecurityAdmin, root);
  EnsureDemoUser(rt, "auditor", "安全审计员（演示）", domain::Role::kAuditor, root);
  return 0;
}

}  // namespace jiceng::demo
