// The ledger over HTTP: GET /api/orgs/{id}/ledger.xlsx, one line per meeting of the year.
#include <cstdio>

#include "api/meeting_routes.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/tabular.h"
#include "service/export_service.h"
#include "service/meeting_service.h"

namespace jiceng::api {
namespace {

std::string StateName(const std::string& state) {
  if (state == "planned") return "计划中";
  if (state == "held") return "已召开";
  if (state == "recorded") return "已记录";
  if (state == "confirmed") return "已确认";
  return state;
}

// The ledger in the layout organizations hand to inspectors: one line per meeting.
Result<http::Response> OrgLedger(Call& c) {
  JICENG_TRY(id, PathId(c.req, "id"));
  JICENG_TRY(year, YearParam(c));
  JICENG_TRY(ledger, meetings::LedgerOf(c.svc.ctx, c.actor(), id, year));
  const auto tree = c.svc.ctx.orgs.snapshot();
  Table table{{"序号", "组织", "会议类型", "会议名称", "召开时间", "地点", "主持人", "记录人",
               "第一议题（学习内容）", "应到", "实到", "请假", "缺席", "出席率", "状态"}};
  int64_t n = 0;
  for (const auto& r : ledger.rows) {
    const auto& m = r.meeting;
    const auto* org = tree->Find(m.org_id);
    std::string materials;
    for (const auto& title : r.materials) materials += (materials.empty() ? "" : "；") + title;
    char rate[16] = "";
    if (r.listed)
      std::snprintf(rate, sizeof rate, "%.1f%%", 100.0 * double(r.present) / double(r.listed));
    table.push_back({std::to_string(++n), org ? org->name : "", std::string(TypeName(m.type)),
                     m.title, FormatShanghai(m.held_at).substr(0, 16), m.place, m.host, m.recorder,
                     materials, std::to_string(r.listed), std::to_string(r.present),
                     std::to_string(r.excused), std::to_string(r.absent), rate,
                     StateName(m.state)});
  }
  JICENG_TRY(file, exports::Render(table, ledger.org_name + "组织生活台账" + std::to_string(year),
                                   exports::Format::kXlsx));
  return Download(file.name, file.content_type, std::move(file.bytes));
}

}  // namespace

void RegisterMeetingLedgerRoutes(Routes& routes) {
  routes.push_back({"GET",
                    "/api/orgs/{id}/ledger.xlsx",
                    "meetings",
                    "组织生活台账（Excel）/ the ledger of the year's meetings",
                    OrgLedger,
                    false,
                    false,
                    nullptr,
                    {Field::Int("year", 2000, 2999).Required()}});
  routes.back().Id("getMeetingLedger").ReturnsFile(kXlsxMedia);
}

}  // namespace jiceng::api
