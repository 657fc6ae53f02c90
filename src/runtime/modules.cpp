// The product's modules, in one list: the only place that changes when a module is added.
// Each module declares itself once, in its descriptor at the end of its
// api/<module>_routes.cpp (api/module.h); the order here is the order in which their routes
// are matched and documented.
#include "api/module.h"

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

Modules AllModules() {
  return {
      SystemModule(),    AuthModule(),   AccountsModule(),  AuditModule(),      OrgsModule(),
      MembersModule(),   UnitsModule(),  TransfersModule(), CommitteesModule(), MeetingsModule(),
      MaterialsModule(), SearchModule(), ReadingsModule(),  ImportsModule(),
  };
}

Routes RoutesOf(const Modules& modules) {
  Routes routes;
  for (const auto& m : modules) {
    for (const auto& p : m.permissions) domain::DefinePermission(p);
    const size_t first = routes.size();
    if (m.routes) m.routes(routes);
    for (size_t i = first; i < routes.size(); ++i) routes[i].tag = m.name;
  }
  return routes;
}

std::vector<Tag> TagsOf(const Modules& modules) {
  std::vector<Tag> tags;
  for (const auto& m : modules) tags.push_back({m.name, m.summary});
  return tags;
}

Routes AllRoutes() { return RoutesOf(AllModules()); }

}  // namespace jiceng::api
