// SQL for the study library: materials (title, source, date, body, tags), found by a
// substring of their title or body or by a tag.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct MaterialRecord {
  int64_t id = 0;
  std::string title, source, published_on, body;
  std::string tags_json = "[]";
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct MaterialSearch {
  std::string text;  // in the title or the body (plain substring until full-text search)
  std::string tag;
  int64_t limit = 20, offset = 0;
};

class MaterialRepository {
 public:
  static int64_t Insert(Tx& tx, const MaterialRecord& m);
  static std::optional<MaterialRecord> FindById(Tx& tx, int64_t id);
  static std::vector<MaterialRecord> Search(Tx& tx, const MaterialSearch& s);
  static int64_t Count(Tx& tx, const MaterialSearch& s);
  // How many of `ids` exist.
  static int64_t CountExisting(Tx& tx, const std::vector<int64_t>& ids);
};

}  // namespace jiceng::store
