// Transfers of a member's organizational relationship between organizations (组织关系转接):
// the sending side requests, the receiving side approves or rejects, and on the member's
// reporting the receiving side completes it — only then does the member's organization
// change, so a member belongs to exactly one organization at every moment. The sending
// side may cancel a request not yet decided.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/transfer_repo.h"

namespace jiceng::transfers {

Result<store::TransferRecord> Request(const Context& ctx, const Actor& actor, int64_t member_id,
                                      int64_t to_org_id, const std::string& reason);
// `action`: approve | reject | complete | cancel. Rejection requires a note.
Result<store::TransferRecord> Decide(const Context& ctx, const Actor& actor, int64_t id,
                                     int64_t version, const std::string& action,
                                     const std::string& note);
Result<std::vector<store::TransferRecord>> ForMember(const Context& ctx,
                                                     const domain::Principal& who,
                                                     int64_t member_id);

struct SearchQuery {
  std::string direction;  // in | out | "" (both)
  std::string status;
  int64_t page = 1, size = 20;
};
struct Page {
  std::vector<store::TransferRecord> items;
  int64_t total = 0;
};
Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q);

}  // namespace jiceng::transfers
