// An organization's committee (委员会 / 支委会): the secretary, deputy secretaries and
// members, each seat marking part-time (兼职) and non-Shenzhen-hukou (非深户籍) holders, and
// the committee's term (届). The committee is replaced as a whole, so its order and
// composition are edited together, and the party's rules (domain/committees.h) are checked
// on the whole: the 7-member rule, 3–7 seats and an odd number, one secretary, seats held
// by full members of the organization or named with a reason, terms of 3 or 5 years.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/committee_repo.h"

namespace jiceng::committees {

struct SeatInput {
  std::string seat;
  std::optional<int64_t> member_id;  // a registered member (name and hukou taken from them)
  std::string name;                  // otherwise the holder's name
  bool part_time = false;
  std::optional<bool> non_shenzhen_hukou;
  std::string since;
  std::string reason;  // why the seat is not held by a registered full member
};

struct TermInput {
  std::string elected_on;
  int64_t term_years = 0;
};

struct Committee {
  int64_t org_id = 0;
  std::vector<store::SeatRecord> seats;
  int64_t part_time = 0, non_shenzhen_hukou = 0;
  std::optional<store::TermRecord> term;
  int64_t full_members = 0;  // the organization's own full members now
};

Result<Committee> Get(const Context& ctx, const domain::Principal& who, int64_t org_id);
// `term`: nullopt keeps the recorded term, {nullopt} clears it, a value sets it.
Result<Committee> Replace(const Context& ctx, const Actor& actor, int64_t org_id,
                          const std::vector<SeatInput>& seats,
                          const std::optional<std::optional<TermInput>>& term = std::nullopt);

// Organizations of a subtree due for re-election (换届): terms expired, or expiring within
// `within_months` months of today, soonest first.
struct Reelection {
  int64_t org_id = 0;
  std::string name, kind;
  store::TermRecord term;
  bool expired = false;
};
struct ReelectionList {
  std::string today, until;
  std::vector<Reelection> items;
  int64_t total = 0;
};
Result<ReelectionList> Reelections(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                   int64_t within_months, int64_t page, int64_t size);

// Organizations of a subtree whose size breaks the rules of 组织设置 (domain::SizeFlag).
struct SizeFlagged {
  int64_t org_id = 0;
  std::string name, kind;
  int64_t full_members = 0;  // its own
  int64_t members = 0;       // party members (full and probationary) of its subtree
  std::string flag;          // domain::SizeFlagCode
  std::string flag_name;
};
struct SizeFlags {
  std::map<std::string, int64_t> counts;  // every flag code, 0 included
  std::vector<SizeFlagged> items;         // the page asked for, by pre-order
  int64_t total = 0;
};
Result<SizeFlags> SizeFlagsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                              const std::string& flag, int64_t page, int64_t size);

}  // namespace jiceng::committees
