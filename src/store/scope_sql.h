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
std::string PathPrefixClause(const std::string& column, const std::vector<std::string>& prefixes,
                             Params& params, Dialect dialect);

}  // namespace jiceng::store
