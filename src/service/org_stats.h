// Statistics of an organization's whole subtree: members by status, organizations by kind,
// and the coverage of units (organizational and work coverage by unit type), with the
// units that need an organization of their own, and organizations flagged for their size.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/committee_service.h"
#include "service/context.h"
#include "store/unit_repo.h"

namespace jiceng::orgs {

struct CoverageByType {
  std::string type;
  int64_t units = 0;
  int64_t own = 0, joint = 0, none = 0;
  int64_t work_covered = 0;  // covered by an organization, or with an instructor
};

struct SubtreeStats {
  int64_t org_id = 0;
  std::map<std::string, int64_t> members_by_status;
  int64_t members = 0;
  std::map<std::string, int64_t> orgs_by_kind;  // active organizations, the org included
  std::vector<CoverageByType> coverage;
  std::vector<store::UnitRecord> needing_own_org;  // the first 20
  int64_t needing_own_org_total = 0;
  // Organizations whose size breaks the rules of 组织设置 (domain/committees.h): counts by
  // flag and the first 20 (GET /api/orgs/{id}/size-flags pages through them all).
  committees::SizeFlags size_flags;
};

Result<SubtreeStats> Stats(const Context& ctx, const domain::Principal& who, int64_t org_id);

}  // namespace jiceng::orgs
