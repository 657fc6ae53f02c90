// The organization tree in memory, numbered in pre-order so that every subtree is one
// contiguous range [enter, exit): "is X under Y" is two comparisons, and "everything
// under Y" is a range scan. Rebuilt from the store at start and after every tree change.
//
// Thread-safe: readers take an immutable snapshot; Rebuild swaps in a new one.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jiceng::index {

struct OrgNode {
  int64_t id = 0;
  int64_t parent_id = 0;  // 0 for a root
  std::string name;
  std::string kind;
  std::string area_code;
  std::string status = "active";  // active | dissolved
  std::string founded_on;
  std::string dissolved_on;
  std::string address;
  int64_t version = 1;
  int32_t enter = 0;  // pre-order number of this node
  int32_t exit = 0;   // one past the pre-order number of its last descendant
  int32_t depth = 0;
};

class OrgTree {
 public:
  struct Snapshot {
    std::vector<OrgNode> nodes;                     // in pre-order: nodes[n.enter] == n
    std::unordered_map<int64_t, int32_t> position;  // id → pre-order number
    std::unordered_map<int64_t, std::vector<int64_t>> children;

    const OrgNode* Find(int64_t id) const;
    bool Contains(int64_t root, int64_t node) const;
    // From the root down to `id`, inclusive; empty if `id` is unknown.
    std::vector<const OrgNode*> Chain(int64_t id) const;
  };

  // Rows in any order; a row whose parent is missing is treated as a root.
  void Rebuild(std::vector<OrgNode> rows);
  std::shared_ptr<const Snapshot> snapshot() const;

  bool Contains(int64_t root, int64_t node) const { return snapshot()->Contains(root, node); }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();  // guarded by mutex_
};

}  // namespace jiceng::index
