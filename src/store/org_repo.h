// SQL for the organization registry: the orgs table (current state, materialized path)
// and org_history (dated states).
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
  std::string status = "active";
  std::string founded_on;
  std::string dissolved_on;
  std::string address;
  std::optional<int64_t> region_id;
};

struct NewOrgRecord {
  std::optional<int64_t> parent_id;
  std::string name;
  std::string kind;
  std::string area_code;
  std::string founded_on;  // "" when unknown
  std::string address;
  std::string effective_on;  // history date of the creation
};

struct OrgHistoryRow {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string effective_on;
  std::string event;
  std::optional<int64_t> parent_id;
  std::string name;
  std::string kind;
  std::string status;
  std::string note;
  std::optional<int64_t> actor_id;
  int64_t recorded_at = 0;
};

struct OrgSearch {
  std::vector<std::string> path_prefixes;  // within any of these subtrees
  std::string q;                           // substring of the name
  std::string kind;                        // exact kind, or "" for all
  bool include_dissolved = false;
  int64_t offset = 0, limit = 20;
};

class OrgRepository {
 public:
  static std::vector<index::OrgNode> LoadAll(Tx& tx);
  static std::optional<OrgRecord> FindById(Tx& tx, int64_t id);
  static std::optional<OrgRecord> FindRoot(Tx& tx);
  // The materialized paths of the given orgs (unknown ids are skipped): the prefixes that
  // select their subtrees in SQL.
  static std::vector<std::string> PathsOf(Tx& tx, const std::vector<int64_t>& ids);
  static std::optional<OrgRecord> FindChildByName(Tx& tx, int64_t parent_id,
                                                  const std::string& name);
  // Inserts with its path and region, and its first history row; returns the new id.
  static int64_t Insert(Tx& tx, const NewOrgRecord& org, int64_t now_ms,
                        std::optional<int64_t> actor_id = std::nullopt);
  // Convenience for seeding: founded on an unknown date, history from 2000-01-01.
  static int64_t Insert(Tx& tx, std::optional<int64_t> parent_id, const std::string& name,
                        const std::string& kind, const std::string& area_code, int64_t now_ms);

  // Each returns false when `version` is stale.
  static bool Update(Tx& tx, int64_t id, int64_t version, const std::string& name,
                     const std::string& address);
  static bool SetParent(Tx& tx, int64_t id, int64_t version, int64_t new_parent);
  static bool Dissolve(Tx& tx, int64_t id, int64_t version, const std::string& on);
  // Rewrites the path prefix and the region of a moved subtree.
  static void RewriteSubtree(Tx& tx, const std::string& old_path, const std::string& new_path,
                             std::optional<int64_t> region);
  static int64_t CountActiveChildren(Tx& tx, int64_t id);
  static std::vector<OrgRecord> ActiveChildren(Tx& tx, int64_t id);

  static void AddHistory(Tx& tx, const OrgRecord& state, const std::string& event,
                         const std::string& effective_on, const std::string& note,
                         std::optional<int64_t> actor_id, int64_t now_ms);
  static std::vector<OrgHistoryRow> History(Tx& tx, int64_t org_id);
  // The children of `parent_id` as they stood on `date`, active then.
  static std::vector<OrgHistoryRow> ChildrenAsOf(Tx& tx, int64_t parent_id,
                                                 const std::string& date);

  static std::vector<OrgRecord> Search(Tx& tx, const OrgSearch& s);
  static int64_t Count(Tx& tx, const OrgSearch& s);
};

}  // namespace jiceng::store
