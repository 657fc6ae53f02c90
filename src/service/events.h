// After-commit events: how one module tells the others what it changed without calling
// them. A service publishes an event inside its write transaction; the bus delivers it to
// every subscriber once that transaction has committed (never when it rolls back), on the
// committing thread, after the store's writer is released — so a subscriber may open its own
// transaction, and slow work (text analysis for search) never holds the single writer.
//
// Subscriptions are made at start (Module::start, before serving) and never removed.
// Event types are plain structs declared in the publishing module's service header
// (`meetings::MeetingSaved`); a subscriber includes that header, never the module's
// internals. A subscriber that throws is logged and the others still run: the change is
// committed, and an event lost to a failing subscriber must be repairable from the store
// (the search index's `jiceng search reindex`, the facts' rebuild).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace jiceng::events {

class Bus {
 public:
  // Calls `fn` with every committed E. `name` identifies the subscriber in logs.
  template <class E>
  void Subscribe(std::string name, std::function<void(const E&)> fn) {
    Add(typeid(E), std::move(name),
        [fn = std::move(fn)](const void* e) { fn(*static_cast<const E*>(e)); });
  }

  // Queues `event` for E's subscribers, delivered after `tx` commits.
  template <class E>
  void Publish(store::Tx& tx, E event) {
    auto subs = SubscribersOf(typeid(E));
    if (!subs) return;
    tx.AfterCommit(
        [this, subs, e = std::make_shared<const E>(std::move(event))] { Deliver(*subs, e.get()); });
  }

  // Delivers `event` now: for writers whose transaction already committed (bulk loads).
  template <class E>
  void PublishCommitted(const E& event) {
    if (auto subs = SubscribersOf(typeid(E))) Deliver(*subs, &event);
  }

  // Events delivered and subscribers that threw, since start (for /metrics).
  uint64_t delivered() const;
  uint64_t failed() const;

 private:
  struct Subscriber {
    std::string name;
    std::function<void(const void*)> fn;
  };
  using Subscribers = std::vector<Subscriber>;
  void Add(std::type_index type, std::string name, std::function<void(const void*)> fn);
  std::shared_ptr<const Subscribers> SubscribersOf(std::type_index type) const;
  void Deliver(const Subscribers& subs, const void* event);

  mutable std::mutex mutex_;
  std::unordered_map<std::type_index, std::shared_ptr<const Subscribers>> subscribers_;
  std::atomic<uint64_t> delivered_{0}, failed_{0};
};

}  // namespace jiceng::events
