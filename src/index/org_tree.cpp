#include "index/org_tree.h"

#include <algorithm>

namespace jiceng::index {
namespace {

// This thread's pins: one slot per pinned tree (a thread pins one tree at a time in
// practice; a vector keeps two Runtimes in one test process apart).
struct PinSlot {
  const OrgTree* tree;
  int depth;
  std::shared_ptr<const OrgTree::Snapshot> snapshot;  // null until the first read
};
thread_local std::vector<PinSlot> pins;

PinSlot* FindPin(const OrgTree* tree) {
  for (auto& slot : pins)
    if (slot.tree == tree) return &slot;
  return nullptr;
}

}  // namespace

OrgTree::Pin::Pin(const OrgTree& tree) : tree_(tree) {
  if (PinSlot* slot = FindPin(&tree)) {
    ++slot->depth;
  } else {
    pins.push_back({&tree, 1, nullptr});
  }
}

OrgTree::Pin::~Pin() {
  for (auto it = pins.begin(); it != pins.end(); ++it) {
    if (it->tree != &tree_) continue;
    if (--it->depth == 0) pins.erase(it);
    return;
  }
}

const OrgNode* OrgTree::Snapshot::Find(int64_t id) const {
  auto it = position.find(id);
  return it == position.end() ? nullptr : &nodes[it->second];
}

bool OrgTree::Snapshot::Contains(int64_t root, int64_t node) const {
  const OrgNode* r = Find(root);
  const OrgNode* n = Find(node);
  return r && n && n->enter >= r->enter && n->enter < r->exit;
}

std::vector<const OrgNode*> OrgTree::Snapshot::Chain(int64_t id) const {
  std::vector<const OrgNode*> chain;
  for (const OrgNode* n = Find(id); n; n = n->parent_id ? Find(n->parent_id) : nullptr)
    chain.push_back(n);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void OrgTree::Rebuild(std::vector<OrgNode> rows) {
  auto snap = std::make_shared<Snapshot>();
  std::unordered_map<int64_t, size_t> by_id;
  for (size_t i = 0; i < rows.size(); ++i) by_id[rows[i].id] = i;
  std::vector<int64_t> roots;
  for (const auto& r : rows) {
    if (r.parent_id && by_id.count(r.parent_id)) {
      snap->children[r.parent_id].push_back(r.id);
    } else {
      roots.push_back(r.id);
    }
  }
  for (auto& [_, kids] : snap->children) std::sort(kids.begin(), kids.end());
  std::sort(roots.begin(), roots.end());

  // Iterative depth-first walk: city trees are deep enough that recursion is no risk, but
  // a national tree of millions of nodes should not depend on stack size.
  snap->nodes.reserve(rows.size());
  struct Frame {
    int64_t id;
    size_t next_child;
    int32_t depth;
  };
  std::vector<Frame> stack;
  for (int64_t root : roots) {
    stack.push_back({root, 0, 0});
    OrgNode first = rows[by_id[root]];
    first.enter = static_cast<int32_t>(snap->nodes.size());
    first.depth = 0;
    snap->position[root] = first.enter;
    snap->nodes.push_back(std::move(first));
    while (!stack.empty()) {
      Frame& f = stack.back();
      auto kids = snap->children.find(f.id);
      if (kids != snap->children.end() && f.next_child < kids->second.size()) {
        int64_t child = kids->second[f.next_child++];
        if (snap->position.count(child)) continue;  // defensive: ignore a cycle in bad data
        OrgNode n = rows[by_id[child]];
        n.enter = static_cast<int32_t>(snap->nodes.size());
        n.depth = f.depth + 1;
        snap->position[child] = n.enter;
        snap->nodes.push_back(std::move(n));
        stack.push_back({child, 0, f.depth + 1});
      } else {
        snap->nodes[snap->position[f.id]].exit = static_cast<int32_t>(snap->nodes.size());
        stack.pop_back();
      }
    }
  }
  if (PinSlot* slot = FindPin(this)) slot->snapshot = snap;  // the writer sees its change
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(snap);
}

void OrgTree::Refresh(const std::function<std::vector<OrgNode>()>& load) {
  std::lock_guard refreshing(refresh_mutex_);
  Rebuild(load());
}

std::shared_ptr<const OrgTree::Snapshot> OrgTree::Latest() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::shared_ptr<const OrgTree::Snapshot> OrgTree::snapshot() const {
  PinSlot* slot = FindPin(this);
  if (!slot) return Latest();
  if (!slot->snapshot) {
    std::shared_ptr<const std::function<void()>> hook;
    {
      std::lock_guard lock(mutex_);
      slot->snapshot = snapshot_;
      hook = pinned_read_hook_;
    }
    if (hook) {
      auto pinned = slot->snapshot;
      (*hook)();  // may pin or rebuild on this thread: `slot` may dangle after it
      if (PinSlot* again = FindPin(this)) return again->snapshot;
      return pinned;
    }
  }
  return slot->snapshot;
}

void OrgTree::SetPinnedReadHookForTest(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  pinned_read_hook_ =
      hook ? std::make_shared<const std::function<void()>>(std::move(hook)) : nullptr;
}

}  // namespace jiceng::index
