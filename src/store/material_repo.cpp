// SQL for the study library (store/material_repo.h).
#include "store/material_repo.h"

#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define MATERIAL_COLUMNS "id, title, source, published_on, body, tags, created_by, created_at"

MaterialRecord ToMaterial(const Row& r) {
  return {r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.OptInt(6), r.Int(7)};
}

const Query kInsertMaterial{"insert_material",
                            "INSERT INTO materials (title, source, published_on, body, tags, "
                            "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                            "RETURNING id"};
const Query kSelectMaterial{"select_material",
                            "SELECT " MATERIAL_COLUMNS " FROM materials WHERE id = ?1"};

std::string MaterialWhere(const MaterialSearch& s, Params& params, Dialect dialect) {
  std::string where = " FROM materials WHERE 1 = 1";
  if (!s.text.empty()) {
    params.push_back("%" + EscapeLike(s.text) + "%");
    std::string n = std::to_string(params.size());
    where += " AND (title LIKE ?" + n + " ESCAPE '\\' OR body LIKE ?" + n + " ESCAPE '\\')";
  }
  if (!s.tag.empty()) {
    params.push_back(s.tag);
    std::string n = std::to_string(params.size());
    where += dialect == Dialect::kPostgres
                 ? " AND jsonb_exists(tags::jsonb, ?" + n + ")"
                 : " AND EXISTS (SELECT 1 FROM json_each(materials.tags) WHERE value = ?" + n + ")";
  }
  return where;
}

}  // namespace

int64_t MaterialRepository::Insert(Tx& tx, const MaterialRecord& m) {
  return tx
      .FetchOne(kInsertMaterial, {m.title, NullIfEmpty(m.source), NullIfEmpty(m.published_on),
                                  m.body, m.tags_json, Opt(m.created_by), m.created_at})
      ->Int(0);
}

std::optional<MaterialRecord> MaterialRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectMaterial, {id});
  if (!r) return std::nullopt;
  return ToMaterial(*r);
}

std::vector<MaterialRecord> MaterialRepository::Search(Tx& tx, const MaterialSearch& s) {
  Params params;
  std::string sql = "SELECT " MATERIAL_COLUMNS + MaterialWhere(s, params, tx.dialect()) +
                    " ORDER BY published_on DESC, id DESC" + PageClause(s.limit, s.offset, params);
  std::vector<MaterialRecord> out;
  for (const auto& r : tx.Fetch({"search_materials", sql.c_str()}, params))
    out.push_back(ToMaterial(r));
  return out;
}

int64_t MaterialRepository::Count(Tx& tx, const MaterialSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + MaterialWhere(s, params, tx.dialect());
  return tx.FetchOne({"count_materials", sql.c_str()}, params)->Int(0);
}

int64_t MaterialRepository::CountExisting(Tx& tx, const std::vector<int64_t>& ids) {
  if (ids.empty()) return 0;
  Params params;
  std::string sql =
      "SELECT COUNT(*) FROM materials WHERE " + IdListClause("id", ids, params, tx.dialect());
  return tx.FetchOne({"count_existing_materials", sql.c_str()}, params)->Int(0);
}

}  // namespace jiceng::store
