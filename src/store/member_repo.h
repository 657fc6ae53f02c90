// SQL for members. Personal data arrives here already sealed, indexed and masked.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct MemberRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> region_id;
  std::string name, gender, ethnicity, birth_date;
  std::string national_id_sealed, national_id_index, national_id_masked;
  std::string mobile_sealed, mobile_index, mobile_masked;
  std::string education, work_unit;
  bool shenzhen_hukou = false;
  std::string status;
  std::string applied_on, activist_on, candidate_on, joined_on, probation_ends_on, full_on, left_on;
  bool probation_extended = false;
  bool demo = false;
  std::optional<int64_t> unit_id;  // the unit (units table) the member works in
  int64_t created_at = 0;
  int64_t version = 1;
};

struct MemberSearch {
  Subtree scope;                  // members of orgs in it
  std::string name_like;          // substring of the name
  std::string national_id_index;  // exact, by blind index
  std::string mobile_index;       // exact, by blind index
  std::string initials;           // prefix of the pinyin initials ("zsf") or spelling ("dong")
  std::string status;
  std::string org_kind;  // members of orgs of this kind only
  std::optional<int64_t> unit_id;
  std::string sort;  // "name" | "joined_on" | "" (registration order)
  bool descending = false;
  int64_t offset = 0, limit = 20;
};

class MemberRepository {
 public:
  static int64_t Insert(Tx& tx, const MemberRecord& m);
  // Bulk insert for imports and the demo: the parameters of one row (built off the
  // writer's thread), then the store's bulk path (Tx::InsertRows) over such rows; no ids.
  // The members added per (organization, status) are summed into `counts` and reach
  // org_member_counts with AddCounts, once per load: updating the same count rows over and
  // over in one transaction leaves PostgreSQL long version chains to walk.
  using MemberCounts = std::map<std::pair<int64_t, std::string>, int64_t>;
  static Params RowParams(const MemberRecord& m);
  static void InsertMany(Tx& tx, const std::vector<Params>& rows, MemberCounts& counts);
  static void AddCounts(Tx& tx, const MemberCounts& counts);
  // A load of `rows` members that outnumbers those stored (and is at least 10,000): the
  // table's plain indexes are dropped (store::DropIndexesForLoad) until FinishBulkLoad,
  // which must run before the transaction commits. Otherwise nothing changes.
  static std::vector<std::string> BeginBulkLoad(Tx& tx, int64_t rows);
  static void FinishBulkLoad(Tx& tx, const std::vector<std::string>& rebuild);
  // Which of these blind indexes are already stored.
  // The members (id and organization) holding any of the blind indexes, keyed by index.
  struct ExistingMember {
    int64_t id = 0;
    int64_t org_id = 0;
  };
  static std::unordered_map<std::string, ExistingMember> ExistingNationalIdIndexes(
      Tx& tx, const std::vector<std::string>& indexes);
  static std::optional<MemberRecord> FindById(Tx& tx, int64_t id);
  static int64_t CountDemo(Tx& tx);
  static std::optional<int64_t> FindIdByNationalIdIndex(Tx& tx, const std::string& index);
  // Writes every mutable column; false when `expected_version` is stale.
  static bool Update(Tx& tx, const MemberRecord& m, int64_t expected_version);
  static std::vector<MemberRecord> Search(Tx& tx, const MemberSearch& s);
  static int64_t Count(Tx& tx, const MemberSearch& s);
  // Members by status within the subtrees, from the trigger-kept org_member_counts.
  static std::vector<std::pair<std::string, int64_t>> CountByStatus(Tx& tx, const Subtree& scope);
};

}  // namespace jiceng::store
