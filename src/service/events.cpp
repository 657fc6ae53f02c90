#include "service/events.h"

#include <spdlog/spdlog.h>

namespace jiceng::events {

void Bus::Add(std::type_index type, std::string name, std::function<void(const void*)> fn) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<Subscribers>();
  if (auto it = subscribers_.find(type); it != subscribers_.end()) *next = *it->second;
  next->push_back({std::move(name), std::move(fn)});
  subscribers_[type] = std::move(next);
}

std::shared_ptr<const Bus::Subscribers> Bus::SubscribersOf(std::type_index type) const {
  std::lock_guard lock(mutex_);
  auto it = subscribers_.find(type);
  return it == subscribers_.end() ? nullptr : it->second;
}

void Bus::Deliver(const Subscribers& subs, const void* event) {
  for (const auto& s : subs) {
    try {
      s.fn(event);
      delivered_.fetch_add(1, std::memory_order_relaxed);
    } catch (const std::exception& e) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("after-commit subscriber {} failed: {}", s.name, e.what());
    } catch (...) {
      failed_.fetch_add(1, std::memory_order_relaxed);
      spdlog::error("after-commit subscriber {} failed", s.name);
    }
  }
}

uint64_t Bus::delivered() const { return delivered_.load(std::memory_order_relaxed); }
uint64_t Bus::failed() const { return failed_.load(std::memory_order_relaxed); }

}  // namespace jiceng::events
