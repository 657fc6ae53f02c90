// SQL for units (non-party entities) and the coverage figures over an org subtree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct UnitRecord {
  int64_t id = 0;
  std::string name, credit_code, type;
  int64_t employees = 0;
  std::string area_code, address;
  std::optional<int64_t> host_unit_id;
  int64_t org_id = 0;
  std::optional<int64_t> covering_org_id;
  std::string coverage = "none";
  std::string instructor;
  int64_t full_members = 0;
  bool demo = false;
  int64_t created_at = 0;
  int64_t version = 1;
};

struct UnitSearch {
  Subtree scope;  // units whose org is in it
  std::string q;  // substring of the name, or exact credit code
  std::string type, coverage;
  bool needs_org = false;  // 3+ full members and no own organization
  int64_t offset = 0, limit = 20;
};

struct CoverageRow {
  std::string type;
  std::string coverage;
  bool has_instructor = false;
  int64_t units = 0;
};

class UnitRepository {
 public:
  static int64_t Insert(Tx& tx, const UnitRecord& u);
  static std::optional<UnitRecord> FindById(Tx& tx, int64_t id);
  static std::optional<int64_t> FindIdByCreditCode(Tx& tx, const std::string& code);
  // Writes every mutable column; false when `expected_version` is stale.
  static bool Update(Tx& tx, const UnitRecord& u, int64_t expected_version);
  static std::vector<UnitRecord> Search(Tx& tx, const UnitSearch& s);
  static int64_t Count(Tx& tx, const UnitSearch& s);
  static std::vector<CoverageRow> Coverage(Tx& tx, const Subtree& scope);
};

}  // namespace jiceng::store
