// SQL for the (minimal) organization table. The full registry grows here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "index/org_tree.h"
#include "store/db.h"

namespace jiceng::store {

struct OrgRecord {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string name;
  std::string kind;
  std::string area_code;
  std::string path;
  int64_t version = 1;
};

class OrgRepository {
 public:
  static std::vector<index::OrgNode> LoadAll(Tx& tx);
  static std::optional<OrgRecord> FindById(Tx& tx, int64_t id);
  static std::optional<OrgRecord> FindRoot(Tx& tx);
  static std::optional<OrgRecord> FindChildByName(Tx& tx, int64_t parent_id,
                                                  const std::string& name);
  // Inserts and fills `path`; returns the new id.
  static int64_t Insert(Tx& tx, std::optional<int64_t> parent_id, const std::string& name,
                        const std::string& kind, const std::string& area_code, int64_t now_ms);
};

}  // namespace jiceng::store
