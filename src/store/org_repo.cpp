#include "store/org_repo.h"

namespace jiceng::store {
namespace {

const Query kSelectAllOrgs{"select_all_orgs",
                           "SELECT id, parent_id, name, kind, area_code FROM orgs"};
const Query kSelectOrgById{
    "select_org_by_id",
    "SELECT id, parent_id, name, kind, area_code, path, version FROM orgs WHERE id = ?1"};
const Query kSelectRootOrg{"select_root_org",
                           "SELECT id, parent_id, name, kind, area_code, path, version FROM orgs "
                           "WHERE parent_id IS NULL ORDER BY id LIMIT 1"};
const Query kSelectChildByName{"select_org_child_by_name",
                               "SELECT id, parent_id, name, kind, area_code, path, version FROM "
                               "orgs WHERE parent_id = ?1 AND name = ?2"};
const Query kInsertOrg{"insert_org",
                       "INSERT INTO orgs (parent_id, name, kind, area_code, path, region_id, "
                       "created_at) VALUES (?1, ?2, ?3, ?4, '', ?5, ?6) RETURNING id"};
const Query kUpdateOrgPath{"update_org_path",
                           "UPDATE orgs SET path = ?2, region_id = ?3 WHERE id = ?1"};
const Query kSelectOrgRegion{"select_org_region", "SELECT region_id FROM orgs WHERE id = ?1"};

OrgRecord ToRecord(const Row& r) {
  return {r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)};
}

}  // namespace

std::vector<index::OrgNode> OrgRepository::LoadAll(Tx& tx) {
  std::vector<index::OrgNode> out;
  for (const auto& r : tx.Fetch(kSelectAllOrgs)) {
    index::OrgNode n;
    n.id = r.Int(0);
    n.parent_id = r.Int(1);
    n.name = r.Text(2);
    n.kind = r.Text(3);
    n.area_code = r.Text(4);
    out.push_back(std::move(n));
  }
  return out;
}

std::optional<OrgRecord> OrgRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectOrgById, {id});
  if (!r) return std::nullopt;
  return ToRecord(*r);
}

std::optional<OrgRecord> OrgRepository::FindRoot(Tx& tx) {
  auto r = tx.FetchOne(kSelectRootOrg);
  if (!r) return std::nullopt;
  return ToRecord(*r);
}

std::optional<OrgRecord> OrgRepository::FindChildByName(Tx& tx, int64_t parent_id,
                                                        const std::string& name) {
  auto r = tx.FetchOne(kSelectChildByName, {parent_id, name});
  if (!r) return std::nullopt;
  return ToRecord(*r);
}

int64_t OrgRepository::Insert(Tx& tx, std::optional<int64_t> parent_id, const std::string& name,
                              const std::string& kind, const std::string& area_code,
                              int64_t now_ms) {
  // The region (distribution key) is the org's ancestor directly below the root.
  std::string parent_path = "/";
  std::optional<int64_t> region;
  bool parent_is_root = false;
  if (parent_id) {
    if (auto parent = FindById(tx, *parent_id)) {
      parent_path = parent->path;
      parent_is_root = !parent->parent_id;
      region = tx.FetchOne(kSelectOrgRegion, {*parent_id})->OptInt(0);
    }
  }
  int64_t id = tx.FetchOne(kInsertOrg,
                           {Opt(parent_id), name, kind,
                            area_code.empty() ? Value(nullptr) : Value(area_code), Null(), now_ms})
                   ->Int(0);
  if (parent_is_root) region = id;
  tx.Exec(kUpdateOrgPath, {id, parent_path + std::to_string(id) + "/", Opt(region)});
  return id;
}

}  // namespace jiceng::store
