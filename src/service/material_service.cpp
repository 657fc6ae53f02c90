// The study library's use cases: adding a material (the search index follows its event), reading
// one, listing them by text or tag; and the check other modules (meetings' first agenda
// item, members' readings) make that the materials they name exist.
#include "service/material_service.h"

#include <nlohmann/json.hpp>
#include <set>

#include "domain/orgs.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/events.h"
#include "store/db.h"

namespace jiceng::materials {

using domain::Permission;

Result<store::MaterialRecord> Create(const Context& ctx, const Actor& actor,
                                     const MaterialInput& in) {
  if (!domain::HasPermission(*actor.principal, Permission::kRecordMeetings))
    return Fail(ErrorKind::kForbidden, "forbidden", "无权添加学习材料 / not allowed");
  JICENG_CHECK(ValidateName(in.title, "title", 200, true));
  JICENG_CHECK(ValidateName(in.source, "source", 200, false));
  JICENG_CHECK(ValidateText(in.body, "body", 200000, true));
  if (!in.published_on.empty()) JICENG_CHECK(domain::ValidateDate(in.published_on, "published_on"));
  if (in.tags.size() > 20) return BadInput("tags", "标签过多 / too many tags");
  for (const auto& t : in.tags) JICENG_CHECK(ValidateName(t, "tags", 30, true));
  store::MaterialRecord m;
  m.title = in.title;
  m.source = in.source;
  m.published_on = in.published_on;
  m.body = in.body;
  m.tags_json = nlohmann::json(in.tags).dump();
  m.created_by = actor.principal->user_id;
  m.created_at = ctx.clock.NowMs();
  return ctx.db.Write([&](store::Tx& tx) -> Result<store::MaterialRecord> {
    m.id = store::MaterialRepository::Insert(tx, m);
    if (ctx.events) ctx.events->Publish(tx, MaterialSaved{m});
    audit::Record(tx, ctx, actor,
                  {"material.create", "material", m.id, std::nullopt, std::nullopt,
                   nlohmann::json{{"title", m.title}}.dump()});
    return m;
  });
}

Result<store::MaterialRecord> Get(const Context& ctx, int64_t id) {
  auto m = ctx.db.Read([&](store::Tx& tx) { return store::MaterialRepository::FindById(tx, id); });
  if (!m) return NotFound("学习材料不存在 / material not found");
  return std::move(*m);
}

Result<MaterialPage> Search(const Context& ctx, const store::MaterialSearch& s) {
  JICENG_CHECK(ValidateText(s.text, "q", 100, false));
  return ctx.db.Read([&](store::Tx& tx) {
    return MaterialPage{store::MaterialRepository::Search(tx, s),
                        store::MaterialRepository::Count(tx, s)};
  });
}

int64_t CountExisting(store::Tx& tx, const std::vector<int64_t>& ids) {
  return store::MaterialRepository::CountExisting(tx, ids);
}

}  // namespace jiceng::materials
