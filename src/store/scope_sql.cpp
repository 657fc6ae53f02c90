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
                             Params& params) {
  if (prefixes.empty()) return "1 = 0";
  std::string clause = "(";
  for (size_t i = 0; i < prefixes.size(); ++i) {
    params.push_back(EscapeLike(prefixes[i]) + "%");
    if (i) clause += " OR ";
    clause += column + " LIKE ?" + std::to_string(params.size()) + " ESCAPE '\\'";
  }
  return clause + ")";
}

}  // namespace jiceng::store
