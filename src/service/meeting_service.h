// Organizational life, the meetings module's public header: recording meetings (三会一课,
// committee meetings) with their first agenda item and attendance, confirming them (then
// immutable; corrections are appended), their attachments, compliance of a subtree for a
// calendar period, planning and reminders, the ledger, the required rhythm and the stats.
// One .cpp per capability: service/meeting_records.cpp, meeting_attachments.cpp,
// meeting_compliance.cpp (with meeting_rhythm.h), meeting_planning.cpp, meeting_ledger.cpp,
// meeting_rules.cpp, meeting_stats.cpp. The study library is service/material_service.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "domain/meetings.h"
#include "index/facts.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/meeting_repo.h"
#include "store/supervision_repo.h"

namespace jiceng::meetings {

// Event (after commit): a meeting was created, changed, confirmed or corrected; `meeting` as
// committed (with its corrections applied). The search index subscribes.
struct MeetingSaved {
  store::MeetingRecord meeting;
};

struct AttendanceInput {
  int64_t member_id = 0;
  std::string status;
  std::string reason;
};

// A new meeting, or (with every field optional) the changes to one.
struct MeetingInput {
  int64_t org_id = 0;
  std::string type, title;
  std::string held_at;               // ISO 8601 with an offset
  std::optional<std::string> state;  // planned | held | recorded; derived when absent
  std::string place, online_url, host, recorder;
  std::vector<std::string> agenda;
  std::vector<int64_t> material_ids;  // the first agenda item's study materials
  std::string first_topic_leader, first_topic_notes;
  std::string minutes, decisions;
  std::vector<AttendanceInput> attendance;
  // A second meeting of the type in its rhythm period is recorded only when the caller
  // says so (409 duplicate_in_period otherwise).
  bool confirm_duplicate = false;
};
struct MeetingPatch {
  int64_t version = 0;
  std::optional<std::string> title, held_at, state, place, online_url, host, recorder;
  std::optional<std::vector<std::string>> agenda;
  std::optional<std::vector<int64_t>> material_ids;
  std::optional<std::string> first_topic_leader, first_topic_notes, minutes, decisions;
  std::optional<std::vector<AttendanceInput>> attendance;
  // A planned meeting becoming held, or one moved to another period, where the period has
  // one of its type already: recorded only when confirmed (409 `duplicate_in_period`).
  bool confirm_duplicate = false;
};

struct Query {
  std::optional<int64_t> org;  // the subtree; the caller's scope when absent
  std::string type, from, to;  // from/to: local dates, `to` inclusive
  int64_t page = 1, size = 20;
};
struct Page {
  std::vector<store::MeetingRecord> items;
  int64_t total = 0;
};

Result<store::MeetingRecord> Create(const Context& ctx, const Actor& actor, const MeetingInput& in);
Result<store::MeetingRecord> Get(const Context& ctx, const domain::Principal& who, int64_t id);
Result<Page> Search(const Context& ctx, const domain::Principal& who, const Query& q);
// 409 `meeting_confirmed` once confirmed; 409 `version_conflict` on a stale version.
Result<store::MeetingRecord> Update(const Context& ctx, const Actor& actor, int64_t id,
                                    const MeetingPatch& p);
// The secretary's confirmation of a recorded meeting: the record is final from then on.
Result<store::MeetingRecord> Confirm(const Context& ctx, const Actor& actor, int64_t id,
                                     int64_t version);
// Appends a correction (field, new value, reason) to a confirmed record.
Result<store::MeetingRecord> Correct(const Context& ctx, const Actor& actor, int64_t id,
                                     const std::string& field, const std::string& value,
                                     const std::string& reason);

// Attachments of a meeting (photos, PDFs, office files; domain::AttachmentType), while
// it is not confirmed. The bytes are kept outside the database under
// config.attachments_dir, named by their SHA-256, checked when read.
Result<store::AttachmentRecord> AddAttachment(const Context& ctx, const Actor& actor,
                                              int64_t meeting_id, const std::string& name,
                                              std::string_view bytes);
// Whether `actor` may attach a file of `declared_bytes` (when known) to the meeting, asked
// before the file is received: 404 outside scope, 409 when confirmed, 413 when too large.
Status CheckAttachable(const Context& ctx, const Actor& actor, int64_t meeting_id,
                       std::optional<uint64_t> declared_bytes);
struct AttachmentFile {
  store::AttachmentRecord record;
  std::string bytes;
};
Result<AttachmentFile> GetAttachment(const Context& ctx, const domain::Principal& who,
                                     int64_t meeting_id, int64_t attachment_id);
Status RemoveAttachment(const Context& ctx, const Actor& actor, int64_t meeting_id,
                        int64_t attachment_id);

// Compliance of the subtree under `org_id` for a period ("2024", "2024Q3", "2024-07").
struct ComplianceItem {
  int64_t org_id = 0;
  std::string org_name, org_kind, type;
  std::string frequency;  // monthly | quarterly | yearly; "mixed" when summed over kinds
  int64_t required = 0;   // due dates of the rhythm falling in the period
  int64_t held = 0;       // meetings that took place in the period
  int64_t overdue = 0;    // due dates passed without a meeting in their rhythm period
};
struct Compliance {
  domain::Period period;
  std::vector<ComplianceItem> items;  // the requested page, in tree order
  int64_t items_total = 0;
  int64_t required = 0, held = 0, overdue = 0;  // over all items
  int64_t meetings = 0, first_topic_sessions = 0;
  store::AttendanceTotals attendance;
  // Members who missed their last three meetings without excuse (only for roles that
  // manage members; at most 100).
  std::optional<std::vector<store::MissedThree>> follow_up;
};
struct ComplianceQuery {
  std::string period;  // "2024", "2024Q3", "2024-07"
  // Items summed per direct child of the organization (its whole subtree) and type, the
  // organization's own items kept — one level of a drill-down.
  bool by_child = false;
  std::string type;  // only this meeting type's items (the summary covers all)
  int64_t page = 1, size = 20;
};
// Organizational life in numbers for a subtree and period (the city dashboard): meetings
// that took place, first-agenda-item sessions, person-times — in total and per month. From
// memory (index/facts.h, the meetings' and readings' measures): milliseconds for the city's
// root.
struct StatCounts {
  int64_t meetings = 0, first_topic = 0, present = 0, excused = 0, absent = 0;
  int64_t readings = 0, reading_seconds = 0;  // members' reading sessions, their duration
};
struct Stats {
  domain::Period period;
  StatCounts total;
  std::vector<std::pair<std::string, StatCounts>> months;  // "2024-07", months with any
};
Result<Stats> StatsOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                      const std::string& period);
// Declares the meetings' measures (index/facts.h: "meetings.<type>", meetings.first_topic,
// meetings.present, .excused, .absent) and their recount; the module descriptor calls it
// once at start.
void DeclareFacts(facts::Registry& registry);
// Reads what compliance needs besides the facts (the full-member history) into memory: at
// start, in the background, so that the first question does not.
void WarmUp(const Context& ctx);

Result<Compliance> ComplianceOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                                const ComplianceQuery& q);

// A year's schedule in one step: a planned meeting for every rhythm period of `year` that
// lies ahead and has no meeting (held or planned) of its type yet. Returns those made.
Result<std::vector<store::MeetingRecord>> PlanYear(const Context& ctx, const Actor& actor,
                                                   int64_t org_id, int year);
// The organization's meetings of `year` as an iCalendar (RFC 5545) document.
Result<std::string> Calendar(const Context& ctx, const domain::Principal& who, int64_t org_id,
                             int year);

// The required rhythm (which kinds hold which types how often). Everyone signed in reads
// it; replacing it as a whole takes managing organizations at the top of the tree.
Result<std::vector<store::RuleRecord>> Rules(const Context& ctx);
Result<std::vector<store::RuleRecord>> ReplaceRules(const Context& ctx, const Actor& actor,
                                                    const std::vector<store::RuleRecord>& rules);

// The ledger (组织生活台账) of the subtree's meetings in `year`, oldest first; audited.
// 422 `too_many_rows` beyond kMaxLedgerRows (choose a lower organization).
constexpr int64_t kMaxLedgerRows = 100'000;
struct Ledger {
  std::string org_name;
  std::vector<store::LedgerRow> rows;
};
Result<Ledger> LedgerOf(const Context& ctx, const Actor& actor, int64_t org_id, int year);

// What is due in the next `days` days within the subtree: planned meetings, and rhythm
// periods ending in the window without a meeting (held or planned). At most 500, by date.
struct Reminder {
  std::string kind;  // planned | due
  int64_t org_id = 0;
  std::string org_name, type;
  std::string date;  // planned: the meeting's date; due: the rhythm period's last day
  std::optional<int64_t> meeting_id;
  std::string title;
};
Result<std::vector<Reminder>> Reminders(const Context& ctx, const domain::Principal& who,
                                        int64_t org_id, int days);

// What is overdue and due (the workbench, service/meeting_overdue.cpp). A meeting the rhythm
// requires (Rhythm, the rules of 《中国共产党支部工作条例（试行）》 in domain/meetings.h) is
// overdue once the last day of its rhythm period has passed without one held; it is due
// while the period containing today runs without one. Looking back over the current year
// (Asia/Shanghai) so far.
struct MissedMeeting {
  std::string type;
  domain::Period period;
  std::string deadline;  // the period's last local day
};
// An organization below with overdue meetings of its own (not its subtree's: the reminder
// goes to whoever must hold them).
struct OverdueOrg {
  int64_t org_id = 0;
  std::string org_name, org_kind;
  std::string parent_name;               // "" at the top
  int64_t overdue = 0;                   // periods missed, over all types
  std::vector<std::string> types;        // the types missed, in the rules' order
  std::string oldest_deadline;           // the earliest deadline missed
  std::optional<int64_t> supervised_at;  // a reminder within the last 24 hours (UTC ms)
};
struct Overdue {
  std::string today, since;  // local dates: today, and the first day looked at
  bool has_children = false;
  std::vector<MissedMeeting> own_overdue, own_due;  // the organization's own, by deadline
  std::vector<OverdueOrg> items;                    // the page, oldest deadline first
  int64_t total = 0;                                // organizations below with any overdue
  int64_t overdue_total = 0;                        // periods missed below, over all of them
};
Result<Overdue> OverdueOf(const Context& ctx, const domain::Principal& who, int64_t org_id,
                          int64_t page, int64_t size);

// Supervision reminders (督办提醒): one tap sends the organization what it has overdue.
constexpr size_t kMaxSupervisionMessage = 200;             // characters
constexpr int64_t kSupervisionQuietMs = 24 * 3600 * 1000;  // one per organization in 24 h
struct Supervision {
  store::SupervisionRecord record;
  std::string org_name, from_org_name;
  bool may_mark_read = false;  // the caller is on the reminded side
};
// Sends a reminder to `org_id` from the caller's organization above it: needs recording
// meetings there (403/404 as everywhere), an organization strictly below the caller's
// (422 cannot_supervise_own), something overdue (422 nothing_overdue), none sent to it in the
// last 24 hours (409 supervised_recently). Audited as meeting.supervise.
Result<Supervision> Supervise(const Context& ctx, const Actor& actor, int64_t org_id,
                              const std::string& message);
struct SupervisionPage {
  std::vector<Supervision> items;
  int64_t total = 0;
};
// The reminders an organization received, newest first (readers of the organization).
Result<SupervisionPage> SupervisionsOf(const Context& ctx, const domain::Principal& who,
                                       int64_t org_id, bool unread_only, int64_t page,
                                       int64_t size);
// Marks a reminder read: by the reminded side (an account recording meetings there through a
// grant below the sender's organization; 403 not_recipient otherwise).
Result<Supervision> MarkSupervisionRead(const Context& ctx, const Actor& actor, int64_t id);

}  // namespace jiceng::meetings
