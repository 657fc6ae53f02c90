// Full-text search over the study library and meeting minutes (Chinese first: words,
// bigrams, traditional characters and pinyin; platform/chinese_text.h). Materials are one
// library for everybody; minutes are found only within the caller's organizations.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"

namespace jiceng {
namespace store {
class Tx;
}  // namespace store

namespace search {

struct SearchInput {
  std::string q;
  std::string kind;  // material | minutes | empty: both
  std::string tag, from, to;
  int64_t page = 1, size = 20;
};

// Code-point ranges [start, length) of the hits in a text.
using Marks = std::vector<std::pair<size_t, size_t>>;

struct Hit {
  std::string kind;
  int64_t id = 0;  // the material's or the meeting's
  std::optional<int64_t> org_id;
  std::string title;
  Marks title_marks;
  std::string snippet;  // about 120 characters around the first hit of the text
  Marks snippet_marks;
  std::string dated;
  std::string tags_json;
  int64_t score = 0;
};

struct SearchPage {
  std::vector<Hit> items;
  int64_t total = 0;        // hits, at most 2,000 …
  bool total_exact = true;  // … false: more, of which pages reach the newest 2,000, ranked
};

Result<SearchPage> Find(const Context& ctx, const domain::Principal& who, const SearchInput& in);

// Keeps the index in step with the modules whose texts it holds, after their commits
// (service/events.h): materials and meetings as they are saved, and the facets of the
// minutes under an organization that moved. The text is analyzed (ICU, OpenCC, jieba) before
// the index's own short write transaction opens, never inside the writer's. A meeting is
// indexed while it has minutes, decisions or notes on its first agenda item (with their
// latest corrections).
void Subscribe(Context& ctx);

}  // namespace search
}  // namespace jiceng
