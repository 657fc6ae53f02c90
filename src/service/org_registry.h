// Changing the organization tree: create, update (rename, address), move, merge and
// dissolve, each authorized against the caller's subtree, checked against the nesting
// rules, recorded in the dated history and the audit log in one transaction, and followed
// by a rebuild of the in-memory tree. Also search, history and the tree as of a date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "service/org_service.h"
#include "store/org_repo.h"

namespace jiceng::orgs {

// Event (after commit): `org_id` and its subtree moved; their paths now begin `new_path`.
// The search index subscribes (facets of the minutes under it).
struct OrgMoved {
  int64_t org_id = 0;
  std::string new_path;
};

struct NewOrg {
  int64_t parent_id = 0;
  std::string name;
  std::string kind;
  std::string area_code;   // optional: 6/9/12-digit NBS code
  std::string founded_on;  // optional YYYY-MM-DD; defaults to today (Shanghai)
  std::string address;
};

struct OrgPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::string effective_on;  // optional; defaults to today
};

struct Move {
  int64_t version = 0;
  int64_t new_parent_id = 0;
  std::string effective_on;
};

struct Dissolution {
  int64_t version = 0;
  std::string dissolved_on;  // defaults to today
};

struct Merge {
  int64_t version = 0;  // of the org merged away
  int64_t into_id = 0;  // receives the children
  std::string effective_on;
};

struct SearchQuery {
  std::string q, kind;
  std::optional<int64_t> under;
  bool include_dissolved = false;
  int64_t page = 1, size = 20;
};

struct SearchPage {
  std::vector<store::OrgRecord> items;
  int64_t total = 0;
};

Result<OrgView> Create(const Context& ctx, const Actor& actor, const NewOrg& input);
Result<OrgView> Update(const Context& ctx, const Actor& actor, int64_t id, const OrgPatch& patch);
Result<OrgView> MoveOrg(const Context& ctx, const Actor& actor, int64_t id, const Move& move);
Result<OrgView> Dissolve(const Context& ctx, const Actor& actor, int64_t id, const Dissolution& d);
Result<OrgView> MergeInto(const Context& ctx, const Actor& actor, int64_t id, const Merge& m);

Result<SearchPage> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q);
Result<std::vector<store::OrgHistoryRow>> History(const Context& ctx, const domain::Principal& who,
                                                  int64_t id);
Result<std::vector<store::OrgHistoryRow>> ChildrenAsOf(const Context& ctx,
                                                       const domain::Principal& who, int64_t id,
                                                       const std::string& date);

// Today's date in Asia/Shanghai, "YYYY-MM-DD".
std::string TodayInShanghai(const Context& ctx);

}  // namespace jiceng::orgs
