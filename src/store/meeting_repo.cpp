#include "store/meeting_repo.h"

#include <map>
#include <tuple>

namespace jiceng::store {
namespace {

#define MEETING_COLUMNS                                                                           \
  "m.id, m.org_id, m.region_id, m.type, m.title, m.held_at, m.held_on, m.place, "                 \
  "m.online_url, m.host, m.recorder, m.agenda, m.first_topic_leader, m.first_topic_notes, "       \
  "m.minutes, m.decisions, m.state, m.confirmed_by, m.confirmed_at, m.created_by, m.created_at, " \
  "m.updated_at, m.version"

MeetingRecord ToMeeting(const Row& r) {
  MeetingRecord m;
  m.id = r.Int(0);
  m.org_id = r.Int(1);
  m.region_id = r.OptInt(2);
  m.type = r.Text(3);
  m.title = r.Text(4);
  m.held_at = r.Int(5);
  m.held_on = r.Text(6);
  m.place = r.Text(7);
  m.online_url = r.Text(8);
  m.host = r.Text(9);
  m.recorder = r.Text(10);
  m.agenda_json = r.Text(11);
  m.first_topic_leader = r.Text(12);
  m.first_topic_notes = r.Text(13);
  m.minutes = r.Text(14);
  m.decisions = r.Text(15);
  m.state = r.Text(16);
  m.confirmed_by = r.OptInt(17);
  m.confirmed_at = r.OptInt(18);
  m.created_by = r.OptInt(19);
  m.created_at = r.Int(20);
  m.updated_at = r.Int(21);
  m.version = r.Int(22);
  return m;
}

// The columns a record sets, after org_id, in the order of kInsertMeeting's ?2…?20.
Params Mutable(const MeetingRecord& m) {
  return {Opt(m.region_id),
          m.type,
          m.title,
          m.held_at,
          m.held_on,
          NullIfEmpty(m.place),
          NullIfEmpty(m.online_url),
          NullIfEmpty(m.host),
          NullIfEmpty(m.recorder),
          m.agenda_json,
          NullIfEmpty(m.first_topic_leader),
          NullIfEmpty(m.first_topic_notes),
          NullIfEmpty(m.minutes),
          NullIfEmpty(m.decisions),
          m.state,
          Opt(m.confirmed_by),
          Opt(m.confirmed_at),
          m.updated_at};
}

const Query kInsertMeeting{
    "insert_meeting",
    "INSERT INTO meetings (org_id, region_id, type, title, held_at, held_on, place, online_url, "
    "host, recorder, agenda, first_topic_leader, first_topic_notes, minutes, decisions, state, "
    "confirmed_by, confirmed_at, updated_at, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) RETURNING id"};
const Query kUpdateMeeting{
    "update_meeting",
    "UPDATE meetings SET region_id = ?2, type = ?3, title = ?4, held_at = ?5, held_on = ?6, "
    "place = ?7, online_url = ?8, host = ?9, recorder = ?10, agenda = ?11, first_topic_leader = "
    "?12, first_topic_notes = ?13, minutes = ?14, decisions = ?15, state = ?16, confirmed_by = "
    "?17, confirmed_at = ?18, updated_at = ?19, version = version + 1 WHERE id = ?1 AND version "
    "= ?20"};
const Query kSelectMeeting{"select_meeting",
                           "SELECT " MEETING_COLUMNS " FROM meetings m WHERE m.id = ?1"};
const Query kDeleteMaterials{"delete_meeting_materials",
                             "DELETE FROM meeting_materials WHERE meeting_id = ?1"};
const Query kInsertMaterialLink{"insert_meeting_material",
                                "INSERT INTO meeting_materials (meeting_id, material_id, "
                                "position) VALUES (?1, ?2, ?3)"};
const Query kSelectMaterialLinks{"select_meeting_materials",
                                 "SELECT material_id FROM meeting_materials WHERE meeting_id = "
                                 "?1 ORDER BY position"};
const Query kDeleteAttendance{"delete_meeting_attendance",
                              "DELETE FROM meeting_attendance WHERE meeting_id = ?1"};
const Query kInsertAttendance{"insert_meeting_attendance",
                              "INSERT INTO meeting_attendance (meeting_id, member_id, status, "
                              "reason) VALUES (?1, ?2, ?3, ?4)"};
const Query kSelectAttendance{"select_meeting_attendance",
                              "SELECT a.member_id, a.status, a.reason, p.name, p.org_id FROM "
                              "meeting_attendance a JOIN members p ON p.id = a.member_id WHERE "
                              "a.meeting_id = ?1 ORDER BY p.name_initials, p.name, p.id"};
const Query kInsertCorrection{"insert_meeting_correction",
                              "INSERT INTO meeting_corrections (meeting_id, field, value, reason, "
                              "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
const Query kSelectCorrections{"select_meeting_corrections",
                               "SELECT id, field, value, reason, created_by, created_at FROM "
                               "meeting_corrections WHERE meeting_id = ?1 ORDER BY id"};

void WriteChildren(Tx& tx, int64_t id, const MeetingRecord& m) {
  int64_t position = 0;
  for (int64_t material : m.material_ids) tx.Exec(kInsertMaterialLink, {id, material, position++});
  for (const auto& a : m.attendance)
    tx.Exec(kInsertAttendance, {id, a.member_id, a.status, NullIfEmpty(a.reason)});
}

std::string MeetingWhere(const MeetingSearch& s, Params& params, Dialect dialect) {
  std::string where = " FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE " +
                      SubtreeClause("m.org_id", "o.path", s.subtree, params, dialect);
  if (!s.type.empty()) {
    params.push_back(s.type);
    where += " AND m.type = ?" + std::to_string(params.size());
  }
  if (!s.from.empty()) {
    params.push_back(s.from);
    where += " AND m.held_on >= ?" + std::to_string(params.size());
  }
  if (!s.to.empty()) {
    params.push_back(s.to);
    where += " AND m.held_on <= ?" + std::to_string(params.size());
  }
  return where;
}

}  // namespace

int64_t MeetingRepository::Insert(Tx& tx, const MeetingRecord& m) {
  Params p{m.org_id};
  for (auto& v : Mutable(m)) p.push_back(std::move(v));
  p.push_back(Opt(m.created_by));
  p.push_back(m.created_at);
  int64_t id = tx.FetchOne(kInsertMeeting, p)->Int(0);
  WriteChildren(tx, id, m);
  return id;
}

bool MeetingRepository::Update(Tx& tx, const MeetingRecord& m, int64_t expected_version) {
  Params p{m.id};
  for (auto& v : Mutable(m)) p.push_back(std::move(v));
  p.push_back(expected_version);
  if (tx.Exec(kUpdateMeeting, p) != 1) return false;
  tx.Exec(kDeleteMaterials, {m.id});
  tx.Exec(kDeleteAttendance, {m.id});
  WriteChildren(tx, m.id, m);
  return true;
}

constexpr Query kSelectAttachments{
    "select_attachments",
    "SELECT id, name, content_type, sha256, size, created_by, created_at FROM "
    "meeting_attachments WHERE meeting_id = ?1 ORDER BY id"};

const Query kSelectHeldInPeriod{
    "select_meeting_held_in_period",
    "SELECT id FROM meetings WHERE org_id = ?1 AND type = ?2 AND held_on >= ?3 AND held_on < ?4 "
    "AND state <> 'planned' AND id <> ?5 ORDER BY held_at, id LIMIT 1"};
// Key space 7470003 (7470001: migrations, 7470002: the audit chain), one lock per
// organization (ids beyond 2^31 share a key with another organization: they wait, rarely).
const Query kLockOrgMeetings{"lock_org_meetings",
                             "SELECT pg_advisory_xact_lock(7470003, (?1 % 2147483647)::int)"};

std::optional<int64_t> MeetingRepository::FindHeldInPeriod(Tx& tx, int64_t org_id,
                                                           const std::string& type,
                                                           const std::string& from,
                                                           const std::string& to,
                                                           int64_t except_id) {
  auto r = tx.FetchOne(kSelectHeldInPeriod, {org_id, type, from, to, except_id});
  if (!r) return std::nullopt;
  return r->Int(0);
}

void MeetingRepository::LockOrg(Tx& tx, int64_t org_id) {
  if (tx.dialect() == Dialect::kPostgres) tx.Fetch(kLockOrgMeetings, {org_id});
}

std::optional<MeetingRecord> MeetingRepository::FindById(Tx& tx, int64_t id) {
  auto r = tx.FetchOne(kSelectMeeting, {id});
  if (!r) return std::nullopt;
  MeetingRecord m = ToMeeting(*r);
  for (const auto& row : tx.Fetch(kSelectMaterialLinks, {id})) m.material_ids.push_back(row.Int(0));
  for (const auto& row : tx.Fetch(kSelectAttendance, {id}))
    m.attendance.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)});
  for (const auto& row : tx.Fetch(kSelectCorrections, {id}))
    m.corrections.push_back(
        {row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.OptInt(4), row.Int(5)});
  for (const auto& row : tx.Fetch(kSelectAttachments, {id}))
    m.attachments.push_back({row.Int(0), id, row.Text(1), row.Text(2), row.Text(3), row.Int(4),
                             row.OptInt(5), row.Int(6)});
  return m;
}

int64_t MeetingRepository::AddAttachment(Tx& tx, const AttachmentRecord& a) {
  return tx
      .FetchOne(
          {"insert_attachment",
           "INSERT INTO meeting_attachments (meeting_id, name, content_type, size, sha256, "
           "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"},
          {a.meeting_id, a.name, a.content_type, a.size, a.sha256, Opt(a.created_by), a.created_at})
      ->Int(0);
}

bool MeetingRepository::RemoveAttachment(Tx& tx, int64_t meeting_id, int64_t attachment_id) {
  return tx.Exec({"delete_attachment",
                  "DELETE FROM meeting_attachments WHERE meeting_id = ?1 AND id = ?2"},
                 {meeting_id, attachment_id}) > 0;
}

std::vector<MeetingRecord> MeetingRepository::Search(Tx& tx, const MeetingSearch& s) {
  Params params;
  std::string sql = "SELECT " MEETING_COLUMNS + MeetingWhere(s, params, tx.dialect()) +
                    " ORDER BY m.held_at DESC, m.id DESC" + PageClause(s.limit, s.offset, params);
  std::vector<MeetingRecord> out;
  for (const auto& r : tx.Fetch({"search_meetings", sql.c_str()}, params))
    out.push_back(ToMeeting(r));
  return out;
}

int64_t MeetingRepository::Count(Tx& tx, const MeetingSearch& s) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + MeetingWhere(s, params, tx.dialect());
  return tx.FetchOne({"count_meetings", sql.c_str()}, params)->Int(0);
}

void MeetingRepository::AddCorrection(Tx& tx, int64_t meeting_id, const CorrectionRecord& c) {
  tx.Exec(kInsertCorrection,
          {meeting_id, c.field, c.value, c.reason, Opt(c.created_by), c.created_at});
}

std::vector<LedgerRow> MeetingRepository::Ledger(Tx& tx, const MeetingSearch& s) {
  Params params;
  // Those on the list who count (列席 guests do not: domain::MayAttendAs), then by status.
  auto count = [](const char* status) {
    return std::string(", (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id") +
           (*status ? std::string(" AND a.status = '") + status + "'"
                    : std::string(" AND a.status <> 'attending'")) +
           ")";
  };
  std::string sql = "SELECT " MEETING_COLUMNS + count("") + count("present") + count("excused") +
                    count("absent") + MeetingWhere(s, params, tx.dialect()) +
                    " ORDER BY m.held_at, m.id" + PageClause(s.limit, s.offset, params);
  std::vector<LedgerRow> out;
  std::vector<int64_t> ids;
  for (const auto& r : tx.Fetch({"meeting_ledger", sql.c_str()}, params)) {
    LedgerRow row;
    row.meeting = ToMeeting(r);
    row.listed = r.Int(23);
    row.present = r.Int(24);
    row.excused = r.Int(25);
    row.absent = r.Int(26);
    ids.push_back(row.meeting.id);
    out.push_back(std::move(row));
  }
  if (ids.empty()) return out;
  Params p2;
  std::string titles =
      "SELECT mm.meeting_id, mt.title FROM meeting_materials mm JOIN materials mt ON mt.id = "
      "mm.material_id WHERE " +
      IdListClause("mm.meeting_id", ids, p2, tx.dialect()) + " ORDER BY mm.meeting_id, mm.position";
  std::unordered_map<int64_t, size_t> at;
  for (size_t i = 0; i < out.size(); ++i) at[out[i].meeting.id] = i;
  for (const auto& r : tx.Fetch({"meeting_ledger_materials", titles.c_str()}, p2))
    out[at[r.Int(0)]].materials.push_back(r.Text(1));
  return out;
}

std::vector<MissedThree> MeetingRepository::MissedThreeInARow(Tx& tx, const Subtree& subtree,
                                                              int64_t limit) {
  // Streaks stop at three: equality walks the streak index in member order, so the first
  // page needs no sort of every streak in the city.
  Params params;
  std::string sql =
      "SELECT s.member_id, p.name, p.org_id, s.missed_on FROM member_absences s JOIN members p ON "
      "p.id = s.member_id JOIN orgs o ON o.id = p.org_id WHERE s.streak = 3 AND p.status IN "
      "('probationary', 'full') AND " +
      SubtreeClause("p.org_id", "o.path", subtree, params, tx.dialect()) + " ORDER BY s.member_id" +
      PageClause(limit, 0, params);
  std::vector<MissedThree> out;
  for (const auto& r : tx.Fetch({"missed_three_in_a_row", sql.c_str()}, params)) {
    MissedThree m{r.Int(0), r.Text(1), r.Int(2), {}};
    std::string dates = r.Text(3);
    for (size_t at = 0; at < dates.size();) {
      size_t comma = std::min(dates.find(',', at), dates.size());
      m.missed_on.push_back(dates.substr(at, comma - at));
      at = comma + 1;
    }
    out.push_back(std::move(m));
  }
  return out;
}

void MeetingRepository::RefreshAbsences(Tx& tx, const std::vector<int64_t>& member_ids) {
  for (int64_t id : member_ids) {
    tx.Exec({"clear_absences", "DELETE FROM member_absences WHERE member_id = ?1"}, {id});
    int64_t streak = 0;
    std::string dates;
    for (const auto& r :
         tx.Fetch({"latest_attendance",
                   "SELECT a.status, m.held_on FROM meeting_attendance a JOIN "
                   "meetings m ON m.id = a.meeting_id WHERE a.member_id = ?1 AND "
                   "m.state <> 'planned' ORDER BY m.held_at DESC, m.id DESC LIMIT 3"},
                  {id})) {
      if (r.Text(0) != "absent") break;
      ++streak;
      dates += (dates.empty() ? "" : ",") + r.Text(1);
    }
    if (streak > 0)
      tx.Exec({"set_absences",
               "INSERT INTO member_absences (member_id, streak, missed_on) VALUES (?1, ?2, ?3)"},
              {id, streak, dates});
  }
}

void MeetingRepository::RebuildAbsences(Tx& tx) {
  tx.Exec({"clear_all_absences", "DELETE FROM member_absences"});
  tx.Exec({"rebuild_absences",
           "WITH ranked AS (SELECT a.member_id, a.status, m.held_on, ROW_NUMBER() OVER "
           "(PARTITION BY a.member_id ORDER BY m.held_at DESC, m.id DESC) AS rn FROM "
           "meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.state <> "
           "'planned'), latest AS (SELECT member_id, "
           "MAX(CASE WHEN rn = 1 AND status = 'absent' THEN held_on END) AS d1, "
           "MAX(CASE WHEN rn = 2 AND status = 'absent' THEN held_on END) AS d2, "
           "MAX(CASE WHEN rn = 3 AND status = 'absent' THEN held_on END) AS d3 "
           "FROM ranked WHERE rn <= 3 GROUP BY member_id) "
           "INSERT INTO member_absences (member_id, streak, missed_on) "
           "SELECT member_id, CASE WHEN d2 IS NULL THEN 1 WHEN d3 IS NULL THEN 2 ELSE 3 END, "
           "CASE WHEN d2 IS NULL THEN d1 WHEN d3 IS NULL THEN d1 || ',' || d2 "
           "ELSE d1 || ',' || d2 || ',' || d3 END FROM latest WHERE d1 IS NOT NULL"});
}

std::vector<FullMemberRow> MeetingRepository::FullMemberRows(Tx& tx) {
  std::vector<FullMemberRow> out;
  // Members never transferred, grouped by what the history needs; the transferred one by
  // one (their organization changed on the day of each completed transfer).
  for (const auto& r :
       tx.Fetch({"full_member_history_grouped",
                 "SELECT org_id, full_on, left_on, full_now, COUNT(*) FROM (SELECT m.org_id, "
                 "COALESCE(m.full_on, '') AS full_on, COALESCE(m.left_on, '') AS left_on, CASE "
                 "WHEN m.status = 'full' THEN 1 ELSE 0 END AS full_now FROM members m WHERE "
                 "(m.status = 'full' OR COALESCE(m.full_on, '') <> '') AND NOT EXISTS (SELECT 1 "
                 "FROM member_transfers t WHERE t.member_id = m.id AND t.status = 'completed')) "
                 "x GROUP BY org_id, full_on, left_on, full_now"}))
    out.push_back({0, r.Int(0), r.Text(1), r.Text(2), r.Int(3) != 0, r.Int(4)});
  for (const auto& r :
       tx.Fetch({"full_member_history_transferred",
                 "SELECT m.id, m.org_id, COALESCE(m.full_on, ''), COALESCE(m.left_on, ''), CASE "
                 "WHEN m.status = 'full' THEN 1 ELSE 0 END FROM members m WHERE (m.status = "
                 "'full' OR COALESCE(m.full_on, '') <> '') AND EXISTS (SELECT 1 FROM "
                 "member_transfers t WHERE t.member_id = m.id AND t.status = 'completed')"}))
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4) != 0, 1});
  return out;
}

std::vector<CompletedTransfer> MeetingRepository::CompletedTransfers(Tx& tx) {
  std::vector<CompletedTransfer> out;
  for (const auto& r : tx.Fetch({"completed_transfers",
                                 "SELECT member_id, from_org_id, to_org_id, COALESCE(completed_at, "
                                 "decided_at, requested_at) AS done_at FROM member_transfers "
                                 "WHERE status = 'completed' ORDER BY member_id, done_at, id"}))
    out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Int(3)});
  return out;
}

std::string MeetingRepository::MembersFingerprint(Tx& tx) {
  std::string out;
  for (const auto& r : tx.Fetch({"members_fingerprint",
                                 "SELECT status, COALESCE(SUM(n), 0), COALESCE(SUM(n * (org_id % "
                                 "65521)), 0) FROM org_member_counts GROUP BY status ORDER BY "
                                 "status"}))
    out += r.Text(0) + ":" + std::to_string(r.Int(1)) + ":" + std::to_string(r.Int(2)) + ";";
  if (auto r = tx.FetchOne({"transfers_fingerprint",
                            "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM member_transfers WHERE "
                            "status = 'completed'"}))
    out += "t:" + std::to_string(r->Int(0)) + ":" + std::to_string(r->Int(1));
  return out;
}

std::vector<MonthCounts> MeetingRepository::MonthlyCounts(Tx& tx) {
  std::map<std::tuple<int64_t, std::string, std::string>, MonthCounts> by;
  auto at = [&](const Row& r) -> MonthCounts& {
    auto& c = by[{r.Int(0), r.Text(1), r.Text(2)}];
    c.org_id = r.Int(0);
    c.month = r.Text(1);
    c.type = r.Text(2);
    return c;
  };
  for (const auto& r : tx.Fetch(
           {"monthly_meetings",
            "SELECT m.org_id, substr(m.held_on, 1, 7) AS ym, m.type, COUNT(*), "
            "SUM(CASE WHEN EXISTS (SELECT 1 FROM meeting_materials mm WHERE mm.meeting_id = m.id) "
            "THEN 1 ELSE 0 END) FROM meetings m WHERE m.state <> 'planned' "
            "GROUP BY m.org_id, ym, m.type"})) {
    auto& c = at(r);
    c.meetings = r.Int(3);
    c.first_topic = r.Int(4);
  }
  for (const auto& r :
       tx.Fetch({"monthly_attendance",
                 "SELECT m.org_id, substr(m.held_on, 1, 7) AS ym, m.type, a.status, COUNT(*) FROM "
                 "meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.state <> "
                 "'planned' GROUP BY m.org_id, ym, m.type, a.status"})) {
    auto& c = at(r);
    std::string status = r.Text(3);
    if (status == "attending") continue;  // 列席: not counted (domain::MayAttendAs)
    (status == "present" ? c.present : status == "excused" ? c.excused : c.absent) = r.Int(4);
  }
  std::vector<MonthCounts> out;
  out.reserve(by.size());
  for (auto& [_, c] : by) out.push_back(std::move(c));
  return out;
}

std::vector<RuleRecord> MeetingRepository::Rules(Tx& tx) {
  std::vector<RuleRecord> out;
  for (const auto& r : tx.Fetch({"meeting_rules",
                                 "SELECT org_kind, type, frequency, min_full_members FROM "
                                 "meeting_rules ORDER BY org_kind, type"}))
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
  return out;
}

}  // namespace jiceng::store

namespace jiceng::store {

void MeetingRepository::ReplaceRules(Tx& tx, const std::vector<RuleRecord>& rules) {
  tx.Exec({"delete_meeting_rules", "DELETE FROM meeting_rules"});
  for (const auto& r : rules)
    tx.Exec({"insert_meeting_rule",
             "INSERT INTO meeting_rules (org_kind, type, frequency, min_full_members) VALUES (?1, "
             "?2, ?3, ?4)"},
            {r.org_kind, r.type, r.frequency, r.min_full_members});
}

}  // namespace jiceng::store
