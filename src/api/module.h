// A module, declared once (the userver/Envoy component idea): everything the rest of the
// program needs to know about a capability — its HTTP routes (with their permissions, upload
// flags and request schemas), the permissions it brings, the measures it counts in the facts
// index, and what it does at start (subscribing to other modules' after-commit events).
//
// Each module's descriptor is one function, `api::<Name>Module()`, in its
// api/<module>_routes.cpp; the composition root appends them to one list
// (runtime/modules.cpp). Adding a module edits that list and nothing else.
#pragma once

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "api/route.h"
#include "domain/access.h"

namespace jiceng {
struct Context;
namespace facts {
class Registry;
}

namespace api {

struct Module {
  std::string name;     // "meetings": its folder and file names everywhere
  std::string summary;  // one line, Chinese first (the OpenAPI tag's description)
  // Permissions the module brings (domain::DefinePermission runs for each before `routes`
  // is built, so route code may call DefinePermission with the same definition to get it).
  std::vector<domain::PermissionDef> permissions;
  // The routes; a function so that it runs after the permissions are defined.
  std::function<void(Routes&)> routes;
  // Declares the module's measures in the facts index (by organization and month).
  std::function<void(facts::Registry&)> facts;
  // Runs once the store, the indexes and every module's facts are up, before serving:
  // subscribe to events here (ctx.events), start background work the module owns.
  std::function<void(Context&)> start;
  // Periodic work the module owns (the centers' booking reminders). A serving runtime runs
  // every module's jobs on one thread of its own, each `every_ms` of wall time after its
  // last run ended (the first one period after the start), while `server.run_jobs` is on;
  // a job reads the time it acts on from ctx.clock. An exception is logged, and the job
  // runs again next period. A long job checks the stop token between its steps: it is
  // requested when the runtime stops, and the runtime waits for the job to return.
  struct Job {
    std::string name;
    int64_t every_ms = 60'000;
    std::function<void(const Context&, std::stop_token)> run;
  };
  std::vector<Job> jobs;
};

using Modules = std::vector<Module>;

// Every module of the product, in the order their routes are matched and documented.
Modules AllModules();

// The routes of `modules`, in order (defines their permissions first), each tagged with
// its module's name. The table is immutable; when every module's routes come from a plain
// function (the product's do), it is built once per process and shared: the schemas in it
// take a tenth of a second to build, once per server started in a test process.
std::shared_ptr<const Routes> RoutesOf(const Modules& modules);
// The OpenAPI tags of `modules`: each one's name and summary.
std::vector<Tag> TagsOf(const Modules& modules);

}  // namespace api
}  // namespace jiceng
