// SQL for members' reading sessions of study materials (material_readings).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct ReadingRecord {
  int64_t id = 0;
  int64_t member_id = 0;
  int64_t org_id = 0;  // the member's organization when read
  int64_t material_id = 0;
  int64_t started_at = 0;  // UTC ms
  std::string read_on;     // local date of the start
  int64_t seconds = 0;
  int64_t updated_at = 0;
  std::string material_title;  // in lists
};

// Sessions, their total duration and the distinct materials read.
struct ReadingTotals {
  int64_t sessions = 0, seconds = 0, materials = 0;
};

// One member's reading within a subtree and period.
struct MemberReading {
  int64_t member_id = 0;
  std::string name;
  int64_t org_id = 0;  // the member's organization now
  ReadingTotals totals;
  int64_t last_read_at = 0;
};

// Per organization and local month ("2024-07"), for the in-memory statistics.
struct ReadingMonth {
  int64_t org_id = 0;
  std::string month;
  int64_t sessions = 0, seconds = 0;
};

class ReadingRepository {
 public:
  static std::optional<ReadingRecord> Find(Tx& tx, int64_t member_id, int64_t material_id,
                                           int64_t started_at);
  static int64_t Insert(Tx& tx, const ReadingRecord& r);
  static void SetSeconds(Tx& tx, int64_t id, int64_t seconds, int64_t now_ms);

  // A member's sessions with local dates in [from, to), newest first.
  static std::vector<ReadingRecord> OfMember(Tx& tx, int64_t member_id, const std::string& from,
                                             const std::string& to, int64_t limit, int64_t offset);
  static ReadingTotals TotalsOfMember(Tx& tx, int64_t member_id, const std::string& from,
                                      const std::string& to);

  // Members who read in the subtree between local dates [from, to), most time first, and
  // how many they are (`readers`: counted with the page, in the same scan).
  static std::vector<MemberReading> ByMember(Tx& tx, const Subtree& subtree,
                                             const std::string& from, const std::string& to,
                                             int64_t limit, int64_t offset, int64_t* readers);
  // How many members read (for a page past the end, which counts nothing itself).
  static int64_t CountReaders(Tx& tx, const Subtree& subtree, const std::string& from,
                              const std::string& to);

  static std::vector<ReadingMonth> MonthlyTotals(Tx& tx);
};

}  // namespace jiceng::store
