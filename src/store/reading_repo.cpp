#include "store/reading_repo.h"

namespace jiceng::store {
namespace {

#define READING_COLUMNS \
  "r.id, r.member_id, r.org_id, r.material_id, r.started_at, r.read_on, r.seconds, r.updated_at "

const Query kFind{"find_reading", "SELECT " READING_COLUMNS
                                  "FROM material_readings r WHERE r.member_id = ?1 AND "
                                  "r.material_id = ?2 AND r.started_at = ?3"};
const Query kInsert{"insert_reading",
                    "INSERT INTO material_readings (member_id, org_id, material_id, started_at, "
                    "read_on, seconds, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING "
                    "id"};
const Query kSetSeconds{"set_reading_seconds",
                        "UPDATE material_readings SET seconds = ?2, updated_at = ?3 WHERE id = ?1"};
const Query kOfMember{"readings_of_member",
                      "SELECT " READING_COLUMNS
                      ", m.title FROM material_readings r JOIN materials m ON m.id = "
                      "r.material_id WHERE r.member_id = ?1 AND r.read_on >= ?2 AND r.read_on < ?3"
                      " ORDER BY r.started_at DESC, r.id DESC LIMIT ?4 OFFSET ?5"};
const Query kTotalsOfMember{"reading_totals_of_member",
                            "SELECT COUNT(*), COALESCE(SUM(seconds), 0), COUNT(DISTINCT "
                            "material_id) FROM material_readings WHERE member_id = ?1 AND read_on "
                            ">= ?2 AND read_on < ?3"};
const Query kReadingMonthly{"reading_months",
                            "SELECT org_id, substr(read_on, 1, 7), COUNT(*), SUM(seconds) FROM "
                            "material_readings GROUP BY org_id, substr(read_on, 1, 7)"};

ReadingRecord ToReading(const Row& r) {
  ReadingRecord out{r.Int(0),  r.Int(1), r.Int(2), r.Int(3), r.Int(4),
                    r.Text(5), r.Int(6), r.Int(7), ""};
  if (r.size() > 8) out.material_title = r.Text(8);
  return out;
}

// " FROM … WHERE …" of the readings in a subtree and period, appending the parameters.
std::string SubtreeReadings(const Subtree& subtree, const std::string& from, const std::string& to,
                            Params& params, Dialect dialect) {
  std::string where = " FROM material_readings r JOIN orgs o ON o.id = r.org_id WHERE " +
                      SubtreeClause("r.org_id", "o.path", subtree, params, dialect);
  params.push_back(from);
  where += " AND r.read_on >= ?" + std::to_string(params.size());
  params.push_back(to);
  where += " AND r.read_on < ?" + std::to_string(params.size());
  return where;
}

}  // namespace

std::optional<ReadingRecord> ReadingRepository::Find(Tx& tx, int64_t member_id, int64_t material_id,
                                                     int64_t started_at) {
  auto r = tx.FetchOne(kFind, {member_id, material_id, started_at});
  return r ? std::optional(ToReading(*r)) : std::nullopt;
}

int64_t ReadingRepository::Insert(Tx& tx, const ReadingRecord& r) {
  return tx
      .FetchOne(kInsert, {r.member_id, r.org_id, r.material_id, r.started_at, r.read_on, r.seconds,
                          r.updated_at})
      ->Int(0);
}

void ReadingRepository::SetSeconds(Tx& tx, int64_t id, int64_t seconds, int64_t now_ms) {
  tx.Exec(kSetSeconds, {id, seconds, now_ms});
}

std::vector<ReadingRecord> ReadingRepository::OfMember(Tx& tx, int64_t member_id,
                                                       const std::string& from,
                                                       const std::string& to, int64_t limit,
                                                       int64_t offset) {
  std::vector<ReadingRecord> out;
  for (const auto& r : tx.Fetch(kOfMember, {member_id, from, to, limit, offset}))
    out.push_back(ToReading(r));
  return out;
}

ReadingTotals ReadingRepository::TotalsOfMember(Tx& tx, int64_t member_id, const std::string& from,
                                                const std::string& to) {
  auto r = tx.FetchOne(kTotalsOfMember, {member_id, from, to});
  return {r->Int(0), r->Int(1), r->Int(2)};
}

std::vector<MemberReading> ReadingRepository::ByMember(Tx& tx, const Subtree& subtree,
                                                       const std::string& from,
                                                       const std::string& to, int64_t limit,
                                                       int64_t offset, int64_t* readers) {
  // Grouped first (with the number of groups), then the page's members joined for their
  // name and organization now.
  Params params;
  std::string sql =
      "SELECT g.member_id, g.sessions, g.seconds, g.materials, g.last_read_at, p.name, p.org_id, "
      "g.readers FROM (SELECT r.member_id, COUNT(*) AS sessions, SUM(r.seconds) AS seconds, "
      "COUNT(DISTINCT r.material_id) AS materials, MAX(r.started_at) AS last_read_at, COUNT(*) "
      "OVER () AS readers" +
      SubtreeReadings(subtree, from, to, params, tx.dialect()) +
      " GROUP BY r.member_id ORDER BY seconds DESC, r.member_id" +
      PageClause(limit, offset, params) +
      ") g JOIN members p ON p.id = g.member_id ORDER BY g.seconds DESC, g.member_id";
  std::vector<MemberReading> out;
  for (const auto& r : tx.Fetch({"readings_by_member", sql.c_str()}, params)) {
    out.push_back({r.Int(0), r.Text(5), r.Int(6), {r.Int(1), r.Int(2), r.Int(3)}, r.Int(4)});
    *readers = r.Int(7);
  }
  return out;
}

int64_t ReadingRepository::CountReaders(Tx& tx, const Subtree& subtree, const std::string& from,
                                        const std::string& to) {
  Params params;
  std::string sql = "SELECT COUNT(DISTINCT r.member_id)" +
                    SubtreeReadings(subtree, from, to, params, tx.dialect());
  return tx.FetchOne({"count_readers", sql.c_str()}, params)->Int(0);
}

std::vector<ReadingMonth> ReadingRepository::MonthlyTotals(Tx& tx) {
  std::vector<ReadingMonth> out;
  for (const auto& r : tx.Fetch(kReadingMonthly, {}))
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)});
  return out;
}

}  // namespace jiceng::store
