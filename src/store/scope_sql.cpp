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
                             Params& params, Dialect dialect, bool use_index) {
  if (prefixes.empty()) return "1 = 0";
  std::string col = dialect == Dialect::kPostgres ? column + " COLLATE \"C\""
                    : use_index                   ? column
                                                  : "+" + column;
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

std::string IdListClause(const std::string& column, const std::vector<int64_t>& ids, Params& params,
                         Dialect dialect) {
  if (ids.empty()) return "1 = 0";
  std::string list = "[";
  for (int64_t id : ids) list += (list.size() > 1 ? "," : "") + std::to_string(id);
  params.push_back(list + "]");
  std::string n = "?" + std::to_string(params.size());
  return dialect == Dialect::kPostgres
             ? column + " IN (SELECT json_array_elements_text(" + n + "::json)::bigint)"
             : column + " IN (SELECT value FROM json_each(" + n + "))";
}

std::string SubtreeClause(const std::string& org_id_column, const std::string& path_column,
                          const Subtree& subtree, Params& params, Dialect dialect) {
  if (!subtree.org_ids.empty())
    return IdListClause(org_id_column, subtree.org_ids, params, dialect);
  return PathPrefixClause(path_column, subtree.path_prefixes, params, dialect, false);
}

std::string PageClause(int64_t limit, int64_t offset, Params& params) {
  params.push_back(limit);
  params.push_back(offset);
  return " LIMIT ?" + std::to_string(params.size() - 1) + " OFFSET ?" +
         std::to_string(params.size());
}

}  // namespace jiceng::store
