// SQL for organizational life: meetings with their first agenda item (its study materials
// by id: store/material_repo.h), attendance and corrections, the required rhythm, and the
// facts compliance counts.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/db.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct AttendanceRecord {
  int64_t member_id = 0;
  std::string status;  // present | excused | absent | attending (列席)
  std::string reason;
  std::string member_name;  // read only
  int64_t member_org_id = 0;
};

struct CorrectionRecord {
  int64_t id = 0;
  std::string field, value, reason;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct AttachmentRecord {
  int64_t id = 0;
  int64_t meeting_id = 0;
  std::string name, content_type, sha256;
  int64_t size = 0;
  std::optional<int64_t> created_by;
  int64_t created_at = 0;
};

struct MeetingRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> region_id;
  std::string type, title;
  int64_t held_at = 0;
  std::string held_on;
  std::string place, online_url, host, recorder;
  std::string agenda_json = "[]";
  std::string first_topic_leader, first_topic_notes, minutes, decisions;
  std::string state;
  std::optional<int64_t> confirmed_by, confirmed_at, created_by;
  int64_t created_at = 0, updated_at = 0, version = 1;
  // Loaded by FindById only.
  std::vector<int64_t> material_ids;
  std::vector<AttendanceRecord> attendance;
  std::vector<CorrectionRecord> corrections;
  std::vector<AttachmentRecord> attachments;
  // Set by the service when the caller may not read people here (meetings::Get): the
  // names, others' attendance and the attachments were left out.
  bool people_hidden = false;
};

struct MeetingSearch {
  Subtree subtree;
  std::string type;
  std::string from, to;  // local dates, both inclusive; empty: open
  int64_t limit = 20, offset = 0;
};

struct AttendanceTotals {
  int64_t present = 0, excused = 0, absent = 0;
};

// A member whose last three meetings were all missed without excuse.
struct MissedThree {
  int64_t member_id = 0;
  std::string name;
  int64_t org_id = 0;
  std::vector<std::string> missed_on;  // latest first
};

// One line of the ledger (组织生活台账): a meeting with its attendance counts and the titles
// of the materials its first agenda item studied.
struct LedgerRow {
  MeetingRecord meeting;
  int64_t listed = 0, present = 0, excused = 0, absent = 0;
  std::vector<std::string> materials;
};

// Per organization, month (YYYY-MM) and meeting type: meetings that took place,
// first-agenda-item sessions, person-times by attendance status.
struct MonthCounts {
  int64_t org_id = 0;
  std::string month, type;
  int64_t meetings = 0, first_topic = 0, present = 0, excused = 0, absent = 0;
};

// Members who are or were full members (正式党员), for the full members an organization had
// on a past day: their organization now, the day they became full ("" when not recorded),
// the day they left ("" when not recorded) and whether they are full now. `member_id` 0
// with `n` people alike (members never transferred, grouped); else one member, whose
// completed transfers tell where they were before.
struct FullMemberRow {
  int64_t member_id = 0;
  int64_t org_id = 0;
  std::string full_on, left_on;
  bool full_now = false;
  int64_t n = 1;
};
struct CompletedTransfer {
  int64_t member_id = 0, from_org_id = 0, to_org_id = 0;
  int64_t completed_at = 0;  // UTC ms: the moment the member's organization changed
};

struct RuleRecord {
  std::string org_kind, type, frequency;
  int64_t min_full_members = 0;
};

class MeetingRepository {
 public:
  // Inserts the meeting with its materials and attendance; returns the id.
  static int64_t Insert(Tx& tx, const MeetingRecord& m);
  // Replaces everything but the id, org and creation; false on a version mismatch.
  static bool Update(Tx& tx, const MeetingRecord& m, int64_t expected_version);
  static std::optional<MeetingRecord> FindById(Tx& tx, int64_t id);
  // The first meeting of `type` held (not merely planned) by `org_id` on a local date in
  // [from, to), other than `except_id`, if any.
  static std::optional<int64_t> FindHeldInPeriod(Tx& tx, int64_t org_id, const std::string& type,
                                                 const std::string& from, const std::string& to,
                                                 int64_t except_id = 0);
  // Makes writers of `org_id`'s meetings take turns until the transaction ends: a check
  // that reads the organization's meetings, then writes, is then atomic (PostgreSQL; SQLite
  // has one writer at a time already).
  static void LockOrg(Tx& tx, int64_t org_id);
  static std::vector<MeetingRecord> Search(Tx& tx, const MeetingSearch& s);
  static int64_t Count(Tx& tx, const MeetingSearch& s);
  static void AddCorrection(Tx& tx, int64_t meeting_id, const CorrectionRecord& c);
  static int64_t AddAttachment(Tx& tx, const AttachmentRecord& a);
  // False when the meeting has no such attachment.
  static bool RemoveAttachment(Tx& tx, int64_t meeting_id, int64_t attachment_id);
  // The ledger of `s` (its subtree, dates, type), oldest first; at most s.limit rows.
  static std::vector<LedgerRow> Ledger(Tx& tx, const MeetingSearch& s);

  // Members of `subtree`'s organizations whose three latest recorded attendances are all
  // `absent`, as member_absences keeps them; at most `limit`.
  static std::vector<MissedThree> MissedThreeInARow(Tx& tx, const Subtree& subtree, int64_t limit);
  // Recomputes member_absences for these members from their latest attendance (after a
  // meeting's attendance or state changed).
  static void RefreshAbsences(Tx& tx, const std::vector<int64_t>& member_ids);
  // Recomputes member_absences for everybody (migration 7, bulk loads).
  static void RebuildAbsences(Tx& tx);
  // Everybody who is or was a full member (see FullMemberRow), and every completed
  // transfer of theirs by member and time.
  static std::vector<FullMemberRow> FullMemberRows(Tx& tx);
  static std::vector<CompletedTransfer> CompletedTransfers(Tx& tx);
  // A summary that changes whenever members change status or organization (the counts per
  // organization and status, the completed transfers): a few aggregate rows.
  static std::string MembersFingerprint(Tx& tx);
  // Every (organization, month, type) with meetings that took place, for the in-memory
  // stats.
  static std::vector<MonthCounts> MonthlyCounts(Tx& tx);
  static std::vector<RuleRecord> Rules(Tx& tx);
  static void ReplaceRules(Tx& tx, const std::vector<RuleRecord>& rules);
};

}  // namespace jiceng::store
