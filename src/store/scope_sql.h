// SQL fragments shared by repositories that filter by organization subtree.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

// Escapes % _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string EscapeLike(const std::string& s);

// "(o.path LIKE ?a ESCAPE '\' OR …)" over materialized-path prefixes (each an org's path),
// appending the parameters; "1 = 0" for none. `column` is the path column, e.g. "o.path".
std::string PathPrefixClause(const std::string& column, const std::vector<std::string>& prefixes,
                             Params& params);

}  // namespace jiceng::store
