// State a module keeps for the life of one runtime (a cache, a live counter), without a
// field of its own in Context: the first Get<T>() makes a T, later ones return it. Keyed by
// type, so a module's state type is private to the module's service file.
//
// Thread-safe; T itself guards what changes inside it.
#pragma once

#include <memory>
#include <mutex>
#include <typeindex>
#include <unordered_map>

namespace jiceng {

class ModuleState {
 public:
  template <class T>
  T& Get() {
    std::lock_guard lock(mutex_);
    auto& slot = items_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *static_cast<T*>(slot.get());
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> items_;  // guarded by mutex_
};

}  // namespace jiceng
