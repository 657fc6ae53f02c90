// SQL fragments shared by repositories that filter by organization subtree.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

// Escapes % _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string EscapeLike(const std::string& s);

// "(o.path >= ?a AND o.path < ?b OR …)" over materialized-path prefixes (each an org's
// path, ending in '/'), appending the parameters; "1 = 0" for none. `column` is the path
// column, e.g. "o.path". A range, not LIKE, so that both stores scan the path index (SQLite
// cannot use an index for a case-insensitive LIKE; PostgreSQL compares in the "C"
// collation, which its path index is also built in).
// With `use_index` false, SQLite is told not to drive the query by the path index (the
// other conditions are more selective, e.g. a search within a very large subtree).
std::string PathPrefixClause(const std::string& column, const std::vector<std::string>& prefixes,
                             Params& params, Dialect dialect, bool use_index = true);

// The organizations a query covers: a small set by id, a large one by path prefixes.
struct Subtree {
  std::vector<std::string> path_prefixes;
  std::vector<int64_t> org_ids;  // when not empty, used instead of the prefixes
};

// The filter for rows whose organization (`org_id_column`, or the joined org's
// `path_column`) is in `subtree`. By ids, the org index leads; by paths (large subtrees), the
// other conditions lead and the path only filters.
std::string SubtreeClause(const std::string& org_id_column, const std::string& path_column,
                          const Subtree& subtree, Params& params, Dialect dialect);

// " LIMIT ?n OFFSET ?m", appending the two parameters.
std::string PageClause(int64_t limit, int64_t offset, Params& params);

// "column IN (…)" over a list of ids passed as one JSON-array parameter (one statement for
// any number of ids, prepared once).
std::string IdListClause(const std::string& column, const std::vector<int64_t>& ids, Params& params,
                         Dialect dialect);

}  // namespace jiceng::store
