// SQL for organizations' committees (secretary, deputies, members) and their terms (届).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct SeatRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string seat;  // secretary | deputy_secretary | member
  int64_t position = 0;
  std::optional<int64_t> member_id;
  std::string name;
  bool part_time = false;
  bool non_shenzhen_hukou = false;
  std::string since;
  std::string reason;  // why someone other than a registered full member holds the seat
};

// A committee's term: elected on a day, for a number of years, expiring on a day.
struct TermRecord {
  int64_t org_id = 0;
  std::string elected_on;
  int64_t term_years = 0;
  std::string expires_on;
};

// Party members of one organization (its own, not its subtree's).
struct OrgMemberCounts {
  int64_t org_id = 0;
  int64_t full = 0;          // 正式党员
  int64_t probationary = 0;  // 预备党员
};

class CommitteeRepository {
 public:
  static std::vector<SeatRecord> ForOrg(Tx& tx, int64_t org_id);
  // Replaces the whole committee of `org_id` with `seats` (positions in order).
  static void Replace(Tx& tx, int64_t org_id, const std::vector<SeatRecord>& seats);

  static std::optional<TermRecord> TermOf(Tx& tx, int64_t org_id);
  static void SetTerm(Tx& tx, const TermRecord& term);
  static void ClearTerm(Tx& tx, int64_t org_id);
  // Terms of active organizations in `scope` expiring on or before `until`, soonest first.
  static std::vector<TermRecord> ExpiringBy(Tx& tx, const Subtree& scope, const std::string& until,
                                            int64_t limit, int64_t offset);
  // Reads the members module's per-organization counts (org_member_counts, kept by
  // triggers) — named in ARCHITECTURE.md as a read of another module's table.
  static int64_t FullMembersOf(Tx& tx, int64_t org_id);
  static std::vector<OrgMemberCounts> MemberCountsIn(Tx& tx, const Subtree& scope);
  static int64_t CountExpiringBy(Tx& tx, const Subtree& scope, const std::string& until);
};

}  // namespace jiceng::store
