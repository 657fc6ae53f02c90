// The product's modules, in one list: the only place that changes when a module is added.
// Each module declares itself once, in its descriptor at the end of its
// api/<module>_routes.cpp (api/module.h); the order here is the order in which their routes
// are matched and documented.
#include "api/module.h"

#include <map>
#include <mutex>

namespace jiceng::api {

Module SystemModule();
Module AuthModule();
Module AccountsModule();
Module AuditModule();
Module OrgsModule();
Module MembersModule();
Module UnitsModule();
Module TransfersModule();
Module CommitteesModule();
Module MeetingsModule();
Module MaterialsModule();
Module SearchModule();
Module ReadingsModule();
Module ImportsModule();
Module CentersModule();
Module TicketsModule();
Module ResidentsModule();

Modules AllModules() {
  return {
      SystemModule(),    AuthModule(),      AccountsModule(),  AuditModule(),      OrgsModule(),
      MembersModule(),   UnitsModule(),     TransfersModule(), CommitteesModule(), MeetingsModule(),
      MaterialsModule(), SearchModule(),    ReadingsModule(),  ImportsModule(),    CentersModule(),
      TicketsModule(),   ResidentsModule(),
  };
}

std::shared_ptr<const Routes> RoutesOf(const Modules& modules) {
  using Register = void (*)(Routes&);
  // The table depends only on the modules' names and registering functions when those are
  // plain functions (a lambda may capture state: its table is built afresh each time).
  std::vector<std::pair<std::string, Register>> key;
  bool plain = true;
  for (const auto& m : modules) {
    for (const auto& p : m.permissions) domain::DefinePermission(p);
    const Register* fn = m.routes.target<Register>();
    plain = plain && (!m.routes || fn);
    key.emplace_back(m.name, fn ? *fn : nullptr);
  }
  auto build = [&] {
    auto routes = std::make_shared<Routes>();
    for (const auto& m : modules) {
      const size_t first = routes->size();
      if (m.routes) m.routes(*routes);
      for (size_t i = first; i < routes->size(); ++i) (*routes)[i].tag = m.name;
    }
    return std::shared_ptr<const Routes>(std::move(routes));
  };
  if (!plain) return build();
  static std::mutex mutex;
  static std::map<std::vector<std::pair<std::string, Register>>, std::shared_ptr<const Routes>>
      built;
  std::lock_guard lock(mutex);
  auto& table = built[key];
  if (!table) table = build();
  return table;
}

std::vector<Tag> TagsOf(const Modules& modules) {
  std::vector<Tag> tags;
  for (const auto& m : modules) tags.push_back({m.name, m.summary});
  return tags;
}

const Routes& AllRoutes() {
  static const std::shared_ptr<const Routes> routes = RoutesOf(AllModules());
  return *routes;
}

}  // namespace jiceng::api
