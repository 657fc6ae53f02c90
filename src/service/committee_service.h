// An organization's committee (委员会 / 支委会): the secretary, deputy secretaries and
// members, each seat marking part-time (兼职) and non-Shenzhen-hukou (非深户籍) holders.
// The committee is replaced as a whole, so its order and composition are edited together.
#pragma once

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
};

struct Committee {
  int64_t org_id = 0;
  std::vector<store::SeatRecord> seats;
  int64_t part_time = 0, non_shenzhen_hukou = 0;
};

Result<Committee> Get(const Context& ctx, const domain::Principal& who, int64_t org_id);
Result<Committee> Replace(const Context& ctx, const Actor& actor, int64_t org_id,
                          const std::vector<SeatInput>& seats);

}  // namespace jiceng::committees
