// SQL for organizations' committees (secretary, deputies, members).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct SeatRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string seat;  // secretary | deputy_secretary | member
  int64_t position = 0;
  std::optional<int64_t> member_id;
  std::string name;
  bool part_time = false;
  bool non_shenzhen_hukou = false;
  std::string since;
};

class CommitteeRepository {
 public:
  static std::vector<SeatRecord> ForOrg(Tx& tx, int64_t org_id);
  // Replaces the whole committee of `org_id` with `seats` (positions in order).
  static void Replace(Tx& tx, int64_t org_id, const std::vector<SeatRecord>& seats);
};

}  // namespace jiceng::store
