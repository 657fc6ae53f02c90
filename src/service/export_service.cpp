#include "service/export_service.h"

#include <nlohmann/json.hpp>

#include "domain/identifiers.h"
#include "domain/members.h"
#include "domain/orgs.h"
#include "domain/units.h"
#include "index/org_tree.h"
#include "service/audit_service.h"
#include "service/import_service.h"
#include "store/db.h"

namespace jiceng::exports {
namespace {

Status CheckSize(int64_t total) {
  if (total > kMaxRows)
    return Fail(ErrorKind::kRuleBroken, "export_too_large",
                "导出超过 " + std::to_string(kMaxRows) + " 行，请缩小范围 / more than " +
                    std::to_string(kMaxRows) + " rows; narrow the filters");
  return {};
}

// The export's rows: counted first (a page of none), then read — an oversized export is
// refused without reading its rows.
template <class Query, class SearchFn>
auto Rows(Query q, SearchFn search) -> decltype(search(q)) {
  q.page = 1;
  q.size = 0;
  JICENG_TRY(head, search(q));
  JICENG_CHECK(CheckSize(head.total));
  q.size = kMaxRows;
  return search(q);
}

void Audit(const Context& ctx, const Actor& actor, const char* action, int64_t rows) {
  (void)ctx.db.Write([&](store::Tx& tx) -> Status {
    audit::Record(tx, ctx, actor,
                  {action, "export", std::nullopt, std::nullopt, std::nullopt,
                   nlohmann::json{{"rows", rows}}.dump()});
    return {};
  });
}

std::string OrgName(const index::OrgTree::Snapshot& tree, int64_t id) {
  const auto* n = tree.Find(id);
  return n ? n->name : "";
}

}  // namespace

Result<File> Render(const Table& table, const std::string& base_name, Format f) {
  if (f == Format::kCsv)
    return File{base_name + ".csv", "text/csv; charset=utf-8", WriteCsv(table)};
  JICENG_TRY(bytes, WriteXlsx(table, base_name));
  return File{base_name + ".xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              std::move(bytes)};
}

namespace {

// Exports write an organization as its id — unambiguous when the file is imported again,
// where a template's "党组织" column may also be headed "党组织ID" — so the header says ID,
// and the organization's name follows in a column of its own.
void HeadOrgColumnsAsIds(std::vector<std::string>& header) {
  for (auto& h : header)
    if (h == "党组织" || h == "所属党组织" || h == "覆盖党组织") h += "ID";
}

// The roll's table. Masked: the birth year beside the masked number (the column renamed);
// full: the birth date, the number and the mobile as they are.
Table MemberTable(const Context& ctx, const std::vector<members::MemberView>& items, bool full) {
  auto tree = ctx.orgs.snapshot();
  // The import template's columns first, so an edited export reads like the template.
  Table t{imports::Columns(imports::Kind::kMembers)};
  HeadOrgColumnsAsIds(t[0]);
  if (!full) t[0][3] = "出生年份";
  t[0].push_back("党组织名称");
  t[0].push_back("ID");
  for (const auto& v : items) {
    const auto& m = v.record;
    auto status = domain::ParseMemberStatus(m.status);
    t.push_back({m.name, m.gender == "male" ? "男" : "女", m.ethnicity,
                 full ? m.birth_date : domain::BirthYear(m.birth_date),
                 v.national_id,  // masked unless full
                 v.mobile,       // masked unless full
                 m.education, std::to_string(m.org_id),
                 status ? std::string(domain::MemberStatusName(*status)) : m.status, m.joined_on,
                 m.full_on, m.work_unit, m.shenzhen_hukou ? "是" : "否", m.applied_on,
                 m.activist_on, m.candidate_on, OrgName(*tree, m.org_id), std::to_string(m.id)});
  }
  return t;
}

// The filter as the audit log keeps it: an exact ID number or mobile searched for is masked.
nlohmann::json FilterJson(const members::SearchQuery& q) {
  std::string text = q.q;
  if (auto id = domain::ParseCitizenId(text))
    text = domain::MaskCitizenId(id->number);
  else if (auto mobile = domain::ParseMobile(text); mobile && text.size() >= 11)
    text = domain::MaskMobile(*mobile);
  nlohmann::json j = {{"q", text},
                      {"status", q.status},
                      {"kind", q.org_kind},
                      {"sort", q.sort},
                      {"descending", q.descending}};
  j["under"] = q.under ? nlohmann::json(*q.under) : nlohmann::json(nullptr);
  j["unit"] = q.unit_id ? nlohmann::json(*q.unit_id) : nlohmann::json(nullptr);
  return j;
}

}  // namespace

Result<File> Members(const Context& ctx, const Actor& actor, members::SearchQuery q, Format f) {
  JICENG_TRY(page, Rows(q, [&](const auto& query) {
               return members::Search(ctx, *actor.principal, query);
             }));
  Table t = MemberTable(ctx, page.items, false);
  Audit(ctx, actor, "member.export", static_cast<int64_t>(page.items.size()));
  return Render(t, "党员名册", f);
}

Result<File> MembersWithPersonalData(const Context& ctx, const Actor& actor, members::SearchQuery q,
                                     Format f) {
  const domain::Principal& who = *actor.principal;
  if (!q.under) {
    std::vector<int64_t> granted;
    for (const auto& g : who.grants)
      if (g.role == domain::Role::kPiiExporter) granted.push_back(g.org_id);
    if (granted.size() == 1) q.under = granted.front();
  }
  auto tree = ctx.orgs.snapshot();
  auto in_subtree = [&](int64_t root, int64_t org) { return tree->Contains(root, org); };
  JICENG_CHECK(domain::AuthorizePiiExport(who, q.under.value_or(0), in_subtree));
  JICENG_TRY(page, Rows(q, [&](const auto& query) { return members::Search(ctx, who, query); }));
  std::vector<members::MemberView> full;
  full.reserve(page.items.size());
  for (auto& v : page.items) {
    JICENG_TRY(u, members::Unsealed(ctx, std::move(v)));
    full.push_back(std::move(u));
  }
  // Recorded before anything leaves; when the record cannot be written, nothing does.
  JICENG_CHECK(ctx.db.Write([&](store::Tx& tx) -> Status {
    audit::Record(tx, ctx, actor,
                  {"member.export_pii", "export", std::nullopt, q.under, std::nullopt,
                   nlohmann::json{{"rows", full.size()},
                                  {"format", f == Format::kCsv ? "csv" : "xlsx"},
                                  {"filter", FilterJson(q)}}
                       .dump()});
    return {};
  }));
  return Render(MemberTable(ctx, full, true), "党员名册（含个人信息）", f);
}

Result<File> Units(const Context& ctx, const Actor& actor, units::SearchQuery q, Format f) {
  JICENG_TRY(page, Rows(q, [&](const auto& query) {
               return units::Search(ctx, *actor.principal, query);
             }));
  auto tree = ctx.orgs.snapshot();
  Table t{imports::Columns(imports::Kind::kUnits)};
  HeadOrgColumnsAsIds(t[0]);
  t[0].insert(t[0].end(), {"所属党组织名称", "覆盖党组织名称", "正式党员数", "需单独组建", "ID"});
  for (const auto& u : page.items) {
    auto type = domain::ParseUnitType(u.type);
    auto coverage = domain::ParseCoverage(u.coverage).value_or(domain::Coverage::kNone);
    const char* coverage_zh = coverage == domain::Coverage::kOwn     ? "单独组建"
                              : coverage == domain::Coverage::kJoint ? "联合组建"
                                                                     : "未覆盖";
    t.push_back(
        {u.name, u.credit_code, type ? std::string(domain::UnitTypeName(*type)) : u.type,
         std::to_string(u.employees), u.area_code, u.address, std::to_string(u.org_id), coverage_zh,
         u.covering_org_id ? std::to_string(*u.covering_org_id) : "", u.instructor, "",
         OrgName(*tree, u.org_id), u.covering_org_id ? OrgName(*tree, *u.covering_org_id) : "",
         std::to_string(u.full_members),
         domain::NeedsOwnOrg(u.full_members, coverage) ? "是" : "否", std::to_string(u.id)});
  }
  Audit(ctx, actor, "unit.export", static_cast<int64_t>(page.items.size()));
  return Render(t, "单位名录", f);
}

Result<File> Orgs(const Context& ctx, const Actor& actor, orgs::SearchQuery q, Format f) {
  JICENG_TRY(
      page, Rows(q, [&](const auto& query) { return orgs::Search(ctx, *actor.principal, query); }));
  auto tree = ctx.orgs.snapshot();
  Table t{{"ID", "名称", "类别", "上级党组织ID", "上级党组织", "区划代码", "成立日期", "状态"}};
  for (const auto& o : page.items) {
    auto kind = domain::ParseOrgKind(o.kind);
    t.push_back({std::to_string(o.id), o.name,
                 kind ? std::string(domain::OrgKindName(*kind)) : o.kind,
                 o.parent_id ? std::to_string(*o.parent_id) : "",
                 o.parent_id ? OrgName(*tree, *o.parent_id) : "", o.area_code, o.founded_on,
                 o.status == "active" ? "在册" : "已撤销"});
  }
  Audit(ctx, actor, "org.export", static_cast<int64_t>(page.items.size()));
  return Render(t, "党组织名录", f);
}

}  // namespace jiceng::exports
