// The composition root: builds the whole service from a Config in dependency order —
// store → org index → services → api → http server — and owns every part. Reading the
// constructor tells you what Jiceng is. The CLI's `serve` and the API tests both use it,
// so tests exercise exactly what production runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/config.h"

namespace jiceng {
class Clock;
struct Context;
namespace store {
class Database;
}
namespace accounts {
class AccountService;
}
namespace api {
struct Module;
}
namespace events {
class Bus;
}

class Runtime {
 public:
  // Adds modules to the product's list (api::AllModules) before anything is built: how a
  // test brings a module of its own.
  using ModuleHook = std::function<void(std::vector<api::Module>&)>;

  // Opens the store (throws store::StoreError when it cannot) and applies migrations when
  // `migrate` is set; loads the in-memory indexes.
  Runtime(Config config, const Clock& clock, bool migrate = true, const ModuleHook& modules = {});
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Starts serving; returns the bound port (config port 0 picks a free one).
  uint16_t Start();
  void Stop();
  void Wait();
  // Serves until SIGINT/SIGTERM, then shuts down gracefully.
  void ServeUntilSignal();

  const Config& config() const;
  Context& context();
  store::Database& db();
  accounts::AccountService& accounts();
  events::Bus& events();
  std::vector<std::string> RouteKeys() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace jiceng
