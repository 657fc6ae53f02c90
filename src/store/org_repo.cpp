#include "store/org_repo.h"

#include <algorithm>

#include "platform/pinyin.h"
#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define ORG_COLUMNS                                                               \
  "o.id, o.parent_id, o.name, o.kind, o.area_code, o.path, o.version, o.status, " \
  "o.founded_on, o.dissolved_on, o.address, o.region_id "

const Query kSelectAllOrgs{"select_all_orgs", "SELECT " ORG_COLUMNS "FROM orgs o"};
const Query kSelectOrgById{"select_org_by_id", "SELECT " ORG_COLUMNS "FROM orgs o WHERE o.id = ?1"};
const Query kSelectRootOrg{"select_root_org", "SELECT " ORG_COLUMNS
                                              "FROM orgs o WHERE o.parent_id IS NULL ORDER BY "
                                              "o.id LIMIT 1"};
const Query kSelectChildByName{"select_org_child_by_name",
                               "SELECT " ORG_COLUMNS
                               "FROM orgs o WHERE o.parent_id = ?1 AND o.name = ?2"};
const Query kSelectActiveChildren{"select_org_active_children",
                                  "SELECT " ORG_COLUMNS
                                  "FROM orgs o WHERE o.parent_id = ?1 AND "
                                  "o.status = 'active' ORDER BY o.id"};
const Query kCountActiveChildren{"count_org_active_children",
                                 "SELECT COUNT(*) FROM orgs WHERE parent_id = ?1 AND status = "
                                 "'active'"};
const Query kInsertOrg{
    "insert_org",
    "INSERT INTO orgs (parent_id, name, kind, area_code, path, region_id, "
    "created_at, founded_on, address, name_initials) VALUES (?1, ?2, ?3, ?4, '', "
    "NULL, ?5, ?6, ?7, ?8) RETURNING id"};
const Query kUpdateOrgPath{"update_org_path",
                           "UPDATE orgs SET path = ?2, region_id = ?3 WHERE id = ?1"};
const Query kUpdateOrg{"update_org",
                       "UPDATE orgs SET name = ?3, address = ?4, name_initials = ?5, version = "
                       "version + 1 WHERE id = ?1 AND version = ?2"};
const Query kUpdateOrgParent{"update_org_parent",
                             "UPDATE orgs SET parent_id = ?3, version = version + 1 WHERE id = ?1 "
                             "AND version = ?2"};
const Query kDissolveOrg{"dissolve_org",
                         "UPDATE orgs SET status = 'dissolved', dissolved_on = ?3, version = "
                         "version + 1 WHERE id = ?1 AND version = ?2 AND status = 'active'"};
const Query kRewritePaths{"rewrite_org_subtree_paths",
                          "UPDATE orgs SET path = ?2 || substr(path, ?3), region_id = ?4 WHERE "
                          "path LIKE ?1 ESCAPE '\\'"};
const Query kInsertHistory{"insert_org_history",
                           "INSERT INTO org_history (org_id, effective_on, event, parent_id, name, "
                           "kind, status, note, actor_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                           "?6, ?7, ?8, ?9, ?10)"};
#define HISTORY_COLUMNS                                                                      \
  "h.id, h.org_id, h.effective_on, h.event, h.parent_id, h.name, h.kind, h.status, h.note, " \
  "h.actor_id, h.recorded_at "
const Query kSelectHistory{"select_org_history",
                           "SELECT " HISTORY_COLUMNS
                           "FROM org_history h WHERE h.org_id = ?1 ORDER BY h.effective_on, h.id"};
// For every org ever recorded under the parent: its latest state on the date.
const Query kSelectChildrenAsOf{
    "select_org_children_as_of",
    "SELECT " HISTORY_COLUMNS
    "FROM org_history h WHERE h.id = (SELECT h2.id FROM org_history h2 WHERE h2.org_id = "
    "h.org_id AND h2.effective_on <= ?2 ORDER BY h2.effective_on DESC, h2.id DESC LIMIT 1) AND "
    "h.parent_id = ?1 AND h.status = 'active' ORDER BY h.org_id"};

OrgRecord ToOrg(const Row& r) {
  OrgRecord o;
  o.id = r.Int(0);
  o.parent_id = r.OptInt(1);
  o.name = r.Text(2);
  o.kind = r.Text(3);
  o.area_code = r.Text(4);
  o.path = r.Text(5);
  o.version = r.Int(6);
  o.status = r.Text(7);
  o.founded_on = r.Text(8);
  o.dissolved_on = r.Text(9);
  o.address = r.Text(10);
  o.region_id = r.OptInt(11);
  return o;
}

OrgHistoryRow ToHistory(const Row& r) {
  return {r.Int(0),  r.Int(1),  r.Text(2), r.Text(3),   r.OptInt(4), r.Text(5),
          r.Text(6), r.Text(7), r.Text(8), r.OptInt(9), r.Int(10)};
}

std::string SearchWhere(const OrgSearch& s, Params& params, Dialect dialect) {
  std::string where =
      " FROM orgs o WHERE " + PathPrefixClause("o.path", s.path_prefixes, params, dialect);
  if (!s.q.empty()) {
    params.push_back("%" + EscapeLike(s.q) + "%");
    auto n = std::to_string(params.size());
    // Pinyin initials match anywhere in the name: "ys" finds 中共深圳市南山区粤海街道委员会.
    // Digits match the start of the division code (GB/T 2260 and the statistical codes'
    // 12 digits: 440305 is 南山区, 440309005011 章阁社区) as well as the name.
    bool digits =
        s.q.size() >= 2 && s.q.size() <= 12 &&
        std::all_of(s.q.begin(), s.q.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits) {
      params.push_back(s.q + "%");
      where += " AND (o.name LIKE ?" + n + " ESCAPE '\\' OR o.area_code LIKE ?" +
               std::to_string(params.size()) + ")";
    } else if (IsInitialsQuery(s.q)) {
      params.push_back("%" + PinyinInitials(s.q) + "%");
      where += " AND (o.name LIKE ?" + n + " ESCAPE '\\' OR o.name_initials LIKE ?" +
               std::to_string(params.size()) + ")";
    } else {
      where += " AND o.name LIKE ?" + n + " ESCAPE '\\'";
    }
  }
  if (!s.kind.empty()) {
    params.push_back(s.kind);
    where += " AND o.kind = ?" + std::to_string(params.size());
  }
  if (!s.include_dissolved) where += " AND o.status = 'active'";
  return where;
}

}  // namespace

std::vector<index::OrgNode> OrgRepository::LoadAll(Tx& tx) {
  std::vector<index::OrgNode> out;
  for (const auto& r : tx.Fetch(kSelectAllOrgs)) {
    OrgRecord o = ToOrg(r);
    index::OrgNode n;
    n.id = o.id;
    n.parent_id = o.parent_id.value_or(0);
    n.name = std::move(o.name);
    n.kind = std::move(o.kind);
    n.area_code = std::move(o.area_code);
    n.status = std::move(o.status);
    n.founded_on = std::move(o.founded_on);
    n.dissolved_on = std::move(o.dissolved_on);
    n.address = std::move(o.address);
    n.version = o.version;
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<OrgRecord> OrgRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectOrgById, {id});
  return r ? std::optional(ToOrg(*r)) : std::nullopt;
}

std::vector<std::string> OrgRepository::PathsOf(Tx& tx, const std::vector<int64_t>& ids) {
  std::vector<std::string> paths;
  for (int64_t id : ids)
    if (auto org = FindById(tx, id)) paths.push_back(org->path);
  return paths;
}

std::optional<OrgRecord> OrgRepository::FindRoot(Tx& tx) {
  auto r = tx.FetchOne(kSelectRootOrg);
  return r ? std::optional(ToOrg(*r)) : std::nullopt;
}

std::optional<OrgRecord> OrgRepository::FindChildByName(Tx& tx, int64_t parent_id,
                                                        const std::string& name) {
  auto r = tx.FetchOne(kSelectChildByName, {parent_id, name});
  return r ? std::optional(ToOrg(*r)) : std::nullopt;
}

int64_t OrgRepository::Insert(Tx& tx, const NewOrgRecord& org, int64_t now_ms,
                              std::optional<int64_t> actor_id) {
  // The region (distribution key) is the org's ancestor directly below the root.
  std::string parent_path = "/";
  std::optional<int64_t> region;
  bool parent_is_root = false;
  if (org.parent_id) {
    if (auto parent = FindById(tx, *org.parent_id)) {
      parent_path = parent->path;
      parent_is_root = !parent->parent_id;
      region = parent->region_id;
    }
  }
  int64_t id =
      tx.FetchOne(kInsertOrg,
                  {Opt(org.parent_id), org.name, org.kind, NullIfEmpty(org.area_code), now_ms,
                   NullIfEmpty(org.founded_on), NullIfEmpty(org.address), PinyinInitials(org.name)})
          ->Int(0);
  if (parent_is_root) region = id;
  tx.Exec(kUpdateOrgPath, {id, parent_path + std::to_string(id) + "/", Opt(region)});
  OrgRecord state;
  state.id = id;
  state.parent_id = org.parent_id;
  state.name = org.name;
  state.kind = org.kind;
  AddHistory(tx, state, "create", org.effective_on, "", actor_id, now_ms);
  return id;
}

int64_t OrgRepository::Insert(Tx& tx, std::optional<int64_t> parent_id, const std::string& name,
                              const std::string& kind, const std::string& area_code,
                              int64_t now_ms) {
  return Insert(tx, NewOrgRecord{parent_id, name, kind, area_code, "", "", "2000-01-01"}, now_ms);
}

bool OrgRepository::Update(Tx& tx, int64_t id, int64_t version, const std::string& name,
                           const std::string& address) {
  return tx.Exec(kUpdateOrg, {id, version, name, NullIfEmpty(address), PinyinInitials(name)}) == 1;
}

bool OrgRepository::SetParent(Tx& tx, int64_t id, int64_t version, int64_t new_parent) {
  return tx.Exec(kUpdateOrgParent, {id, version, new_parent}) == 1;
}

bool OrgRepository::Dissolve(Tx& tx, int64_t id, int64_t version, const std::string& on) {
  return tx.Exec(kDissolveOrg, {id, version, on}) == 1;
}

void OrgRepository::RewriteSubtree(Tx& tx, const std::string& old_path, const std::string& new_path,
                                   std::optional<int64_t> region) {
  tx.Exec(kRewritePaths, {EscapeLike(old_path) + "%", new_path,
                          static_cast<int64_t>(old_path.size() + 1), Opt(region)});
}

int64_t OrgRepository::CountActiveChildren(Tx& tx, int64_t id) {
  return tx.FetchOne(kCountActiveChildren, {id})->Int(0);
}

std::vector<OrgRecord> OrgRepository::ActiveChildren(Tx& tx, int64_t id) {
  std::vector<OrgRecord> out;
  for (const auto& r : tx.Fetch(kSelectActiveChildren, {id})) out.push_back(ToOrg(r));
  return out;
}

void OrgRepository::AddHistory(Tx& tx, const OrgRecord& s, const std::string& event,
                               const std::string& effective_on, const std::string& note,
                               std::optional<int64_t> actor_id, int64_t now_ms) {
  tx.Exec(kInsertHistory, {s.id, effective_on, event, Opt(s.parent_id), s.name, s.kind, s.status,
                           NullIfEmpty(note), Opt(actor_id), now_ms});
}

std::vector<OrgHistoryRow> OrgRepository::History(Tx& tx, int64_t org_id) {
  std::vector<OrgHistoryRow> out;
  for (const auto& r : tx.Fetch(kSelectHistory, {org_id})) out.push_back(ToHistory(r));
  return out;
}

std::vector<OrgHistoryRow> OrgRepository::ChildrenAsOf(Tx& tx, int64_t parent_id,
                                                       const std::string& date) {
  std::vector<OrgHistoryRow> out;
  for (const auto& r : tx.Fetch(kSelectChildrenAsOf, {parent_id, date}))
    out.push_back(ToHistory(r));
  return out;
}

std::vector<OrgRecord> OrgRepository::Search(Tx& tx, const OrgSearch& s) {
  Params params;
  std::string sql = "SELECT " ORG_COLUMNS + SearchWhere(s, params, tx.dialect());
  sql += " ORDER BY o.path" + PageClause(s.limit, s.offset, params);
  std::vector<OrgRecord> out;
  for (const auto& r : tx.Fetch({"search_orgs", sql.c_str()}, params)) out.push_back(ToOrg(r));
  return out;
}

int64_t OrgRepository::Count(Tx& tx, const OrgSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + SearchWhere(s, params, tx.dialect());
  return tx.FetchOne({"count_orgs", sql.c_str()}, params)->Int(0);
}

}  // namespace jiceng::store
