// The study library (学习材料): materials with their title, source, publication date, body
// and tags — added by those who record meetings, read by everyone signed in, studied in the
// first agenda item of meetings and in members' readings.
#pragma once

#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/material_repo.h"

namespace jiceng::materials {

// Event (after commit): a material was added. The search index subscribes.
struct MaterialSaved {
  store::MaterialRecord material;
};

struct MaterialInput {
  std::string title, source, published_on, body;
  std::vector<std::string> tags;
};
struct MaterialPage {
  std::vector<store::MaterialRecord> items;
  int64_t total = 0;
};
Result<store::MaterialRecord> Create(const Context& ctx, const Actor& actor,
                                     const MaterialInput& in);
Result<store::MaterialRecord> Get(const Context& ctx, int64_t id);
Result<MaterialPage> Search(const Context& ctx, const store::MaterialSearch& s);

// How many of `ids` name existing materials, in the caller's transaction.
int64_t CountExisting(store::Tx& tx, const std::vector<int64_t>& ids);

}  // namespace jiceng::materials
