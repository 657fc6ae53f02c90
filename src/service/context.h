// What every service needs, wired once in the composition root (cli/main.cpp) and passed
// by reference. Services are plain C++ over the store and the domain rules: they know
// nothing of HTTP or JSON, so the CLI and the HTTP routes share them.
#pragma once

#include <string>

namespace jiceng {
class Clock;
class SlidingWindowLimiter;
class PiiCipher;
struct Config;
namespace store {
class Database;
}
namespace index {
class OrgTree;
class FullMemberCache;
}  // namespace index
namespace facts {
class Index;
}
namespace domain {
struct Principal;
}
namespace audit {
class ChainKeeper;
}
namespace events {
class Bus;
}
class ModuleState;

struct Context {
  const Config& config;
  const Clock& clock;
  store::Database& db;
  index::OrgTree& orgs;
  facts::Index& facts;                   // every module's numbers by org and month, in memory
  index::FullMemberCache& full_members;  // full members over time (the meeting rhythm)
  const PiiCipher* pii = nullptr;        // null when no personal-data key is available
  audit::ChainKeeper* audit = nullptr;   // the audit chain's key and checkpoints
  // Registrations that hit an ID number registered outside the caller's scope, per account
  // (members::AdmitRegistration); null: not limited (tools without a server).
  SlidingWindowLimiter* id_probes = nullptr;
  // After-commit events between modules (service/events.h); null: nobody listens (tools
  // that build a Context without a runtime).
  events::Bus* events = nullptr;
  // Modules' own state for this runtime (service/module_state.h); null: none is kept (tools
  // that build a Context without a runtime), and a module works without its caches.
  ModuleState* state = nullptr;
};

// Who acts, for the audit log: a principal (null for the CLI/system) and the request id.
struct Actor {
  const domain::Principal* principal = nullptr;
  std::string request_id;
  std::string system_name = "system";  // used when principal is null, e.g. "cli"
};

}  // namespace jiceng
