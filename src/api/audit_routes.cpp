// GET /api/audit: the audit log for auditors and the city administrator.
#include "api/module.h"
#include "api/route.h"
#include "api/schema.h"
#include "api/views.h"
#include "domain/identifiers.h"
#include "platform/clock.h"
#include "service/audit_service.h"

namespace jiceng::api {
namespace {

Result<std::optional<int64_t>> TimeParam(const Call& c, const char* name) {
  JICENG_TRY(text, c.Text(name));
  if (text.empty()) return std::optional<int64_t>();
  int64_t ms = 0;
  if (!ParseIsoTime(text, &ms))
    return BadInput(name, std::string("参数 ") + name + " 须为 ISO 8601 时间 / '" + name +
                              "' must be an ISO 8601 time");
  return std::optional<int64_t>(ms);
}

json MaybeJson(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  json parsed = json::parse(*s, nullptr, false);
  if (parsed.is_discarded()) return json(*s);
  // Member snapshots written before migration 0016 hold the former, reversible mask
  // (first 4 and last 4): shown with today's mask, which is idempotent on the new one.
  // The stored entry (and its hash) stays as written.
  if (parsed.is_object() && parsed.contains("national_id") && parsed["national_id"].is_string())
    parsed["national_id"] = domain::MaskCitizenId(parsed["national_id"].get<std::string>());
  return parsed;
}

Result<http::Response> ListAudit(Call& c) {
  JICENG_TRY(paging, ParsePaging(c.req));
  audit::Query q;
  q.page = paging.page;
  q.size = paging.size;
  JICENG_TRY(from, TimeParam(c, "from"));
  JICENG_TRY(to, TimeParam(c, "to"));
  JICENG_TRY(actor, c.Int("actor_id"));
  JICENG_TRY(action, c.Text("action"));
  JICENG_TRY(words, c.Text("q"));
  q.from_ms = from;
  q.to_ms = to;
  q.actor_id = actor;
  q.action = action;
  q.words = words;
  JICENG_TRY(page, audit::List(c.svc.ctx, *c.who, q));
  json items = json::array();
  for (size_t i = 0; i < page.items.size(); ++i) {
    const auto& e = page.items[i];
    items.push_back(
        {{"id", e.id},
         {"at", TimeJson(e.at_ms)},
         {"actor_id", e.actor_id ? json(*e.actor_id) : json(nullptr)},
         {"actor_name", e.actor_name},
         {"action", e.action},
         {"action_name", page.words[i].action_name},
         {"action_name_en", page.words[i].action_name_en},
         {"entity", e.entity},
         {"target_name", page.words[i].target_name},
         {"target_name_en", page.words[i].target_name_en},
         {"entity_id", e.entity_id ? json(*e.entity_id) : json(nullptr)},
         {"org_id", e.org_id ? json(*e.org_id) : json(nullptr)},
         {"org_name", page.words[i].org_name ? json(*page.words[i].org_name) : json(nullptr)},
         {"before", MaybeJson(e.before_json)},
         {"after", MaybeJson(e.after_json)},
         {"request_id", e.request_id},
         {"hash", e.hash}});
  }
  return Json(ListBody(items, page.total));
}

}  // namespace

void RegisterAuditRoutes(Routes& routes) {
  using namespace schema;
  json entry = Ref("AuditEntry", Obj({{"id", Int()},
                                      {"at", Null(DateTime())},
                                      {"actor_id", Null(Int())},
                                      {"actor_name", Str()},
                                      {"action", Str()},
                                      {"action_name", Str()},
                                      {"action_name_en", Str()},
                                      {"entity", Str()},
                                      {"target_name", Str()},
                                      {"target_name_en", Str()},
                                      {"entity_id", Null(Int())},
                                      {"org_id", Null(Int())},
                                      {"org_name", Null(Str())},
                                      {"before", Any()},
                                      {"after", Any()},
                                      {"request_id", Str()},
                                      {"hash", Str()}}));
  routes.push_back(
      {"GET",
       "/api/audit",
       "audit",
       "审计日志（审计员、市级管理员）/ audit log (auditor, city admin)",
       ListAudit,
       false,
       false,
       nullptr,
       {Field::String("from", 40).Doc("ISO 8601"), Field::String("to", 40).Doc("ISO 8601"),
        Field::Int("actor_id"), Field::String("action", 64),
        Field::String("q", 100).Doc("动作（中文或英文）或对象名称中的文字 / words of the action "
                                    "(Chinese or English) or the "
                                    "target's name"),
        Field::Int("page", 1, 1'000'000), Field::Int("size", 1, 200)}});
  routes.back().Id("listAudit").Returns(Ref("AuditPage", Page(entry)));
}

// The audit module's descriptor (api/module.h), listed in runtime/modules.cpp.
Module AuditModule() {
  Module m;
  m.name = "audit";
  m.summary = "审计日志 / audit log";
  m.routes = RegisterAuditRoutes;
  return m;
}

}  // namespace jiceng::api
