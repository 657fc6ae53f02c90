#include "store/scope_sql.h"

namespace jiceng::store {

std::string EscapeLike(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string PathPrefixClause(const std::string& column, const std::vector<std::string>& prefixes,
                             Params& params, Dialect dialect) {
  if (prefixes.empty()) return "1 = 0";
  std::string col = dialect == Dialect::kPostgres ? column + " COLLATE \"C\"" : column;
  std::string clause = "(";
  for (size_t i = 0; i < prefixes.size(); ++i) {
    // Every path under "/1/5/" sorts in ["/1/5/", "/1/50"): '0' follows '/' in ASCII.
    std::string upper = prefixes[i];
    if (!upper.empty()) upper.back() = static_cast<char>(upper.back() + 1);
    params.push_back(prefixes[i]);
    params.push_back(upper);
    if (i) clause += " OR ";
    clause += "(" + col + " >= ?" + std::to_string(params.size() - 1) + " AND " + col + " < ?" +
              std::to_string(params.size()) + ")";
  }
  return clause + ")";
}

}  // namespace jiceng::store
