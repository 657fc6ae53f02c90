#include "store/committee_repo.h"

namespace jiceng::store {
namespace {

const Query kSelectSeats{"select_committee",
                         "SELECT id, org_id, seat, position, member_id, name, part_time, "
                         "non_shenzhen_hukou, since FROM org_committee WHERE org_id = ?1 ORDER "
                         "BY position, id"};
const Query kDeleteSeats{"delete_committee", "DELETE FROM org_committee WHERE org_id = ?1"};
const Query kInsertSeat{"insert_committee_seat",
                        "INSERT INTO org_committee (org_id, seat, position, member_id, name, "
                        "part_time, non_shenzhen_hukou, since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                        "?7, ?8)"};

}  // namespace

std::vector<SeatRecord> CommitteeRepository::ForOrg(Tx& tx, int64_t org_id) {
  std::vector<SeatRecord> out;
  for (const auto& r : tx.Fetch(kSelectSeats, {org_id}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.OptInt(4), r.Text(5), r.Int(6) != 0,
                   r.Int(7) != 0, r.Text(8)});
  return out;
}

void CommitteeRepository::Replace(Tx& tx, int64_t org_id, const std::vector<SeatRecord>& seats) {
  tx.Exec(kDeleteSeats, {org_id});
  int64_t position = 0;
  for (const auto& s : seats)
    tx.Exec(kInsertSeat,
            {org_id, s.seat, position++, Opt(s.member_id), s.name, int64_t{s.part_time},
             int64_t{s.non_shenzhen_hukou}, s.since.empty() ? Value(nullptr) : Value(s.since)});
}

}  // namespace jiceng::store
