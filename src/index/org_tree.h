// The organization tree in memory, numbered in pre-order so that every subtree is one
// contiguous range [enter, exit): "is X under Y" is two comparisons, and "everything
// under Y" is a range scan. Rebuilt from the store at start and after every tree change.
//
// Thread-safe: readers take an immutable snapshot; Rebuild swaps in a new one.
//
// One tree per request: while an OrgTree::Pin lives on a thread (api/app.cpp sets one
// around every request), snapshot() on that thread returns one snapshot, taken at its first
// call, so the permission check, the SQL scope and the JSON mapping of a request agree even
// while another request moves an organization. A Rebuild *on the pinned thread* (the
// request's own tree change, after its commit) re-pins that thread to the new tree, so a
// write's response shows what it did; rebuilds on other threads never change a pin.
#pragma once

#include <cstdint>
#include <functional>
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

  // Pins this thread's view of the tree while it lives (see the top of this file). Taken
  // lazily: a request that never reads the tree pays nothing. Pins nest: an inner Pin on
  // the same tree shares the outer one's snapshot. Work handed to another thread does not
  // inherit a pin; pass it the snapshot.
  class Pin {
   public:
    explicit Pin(const OrgTree& tree);
    ~Pin();
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;

   private:
    const OrgTree& tree_;
  };

  // Rows in any order; a row whose parent is missing is treated as a root.
  void Rebuild(std::vector<OrgNode> rows);
  // Rebuild(load()), one refresh at a time: of two refreshes racing after two commits, the
  // one that read the store last is the one left installed, never an older read.
  void Refresh(const std::function<std::vector<OrgNode>()>& load);
  // The pinned snapshot on a pinned thread, else the latest.
  std::shared_ptr<const Snapshot> snapshot() const;

  bool Contains(int64_t root, int64_t node) const { return snapshot()->Contains(root, node); }

  // Test seam: runs on a pinned thread right after it takes its snapshot (the first
  // snapshot() of a request), e.g. to move an organization between a request's permission
  // check and its mapping. Null to clear.
  void SetPinnedReadHookForTest(std::function<void()> hook);

 private:
  std::shared_ptr<const Snapshot> Latest() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();  // guarded by mutex_
  std::shared_ptr<const std::function<void()>> pinned_read_hook_;            // guarded by mutex_
  std::mutex refresh_mutex_;
};

}  // namespace jiceng::index
