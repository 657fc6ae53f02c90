// Writing, reading and verifying the audit log.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/audit_chain.h"
#include "platform/error.h"
#include "service/context.h"

namespace jiceng {
class Clock;
struct Config;
namespace store {
class Database;
class Tx;
}  // namespace store

namespace audit {

// The audit chain's key and its checkpoint file, for one process (docs/SECURITY.md, "Audit
// log"). Every committed audit entry appends a signed checkpoint line {seq, head, time,
// keyed_from, mac} to the file (write(2) with O_APPEND, about a microsecond; fdatasync every
// kSyncEvery lines and at start and shutdown — an fdatasync costs 0.2–1 ms here). The head
// also goes to the log at start, every kLogEvery entries and at shutdown. Thread-safe.
class ChainKeeper {
 public:
  static constexpr int kSyncEvery = 64;
  static constexpr int kLogEvery = 1000;

  // Loads the audit key — creating the key file beside a SQLite store only while the chain
  // has no keyed entry and there is no checkpoint yet — opens the checkpoint file (0600) and
  // checkpoints the current head. Throws std::runtime_error naming the problem when there is
  // no key.
  static std::unique_ptr<ChainKeeper> Open(const Config& config, store::Database& db,
                                           const Clock& clock);
  ~ChainKeeper();
  ChainKeeper(const ChainKeeper&) = delete;
  ChainKeeper& operator=(const ChainKeeper&) = delete;

  const domain::AuditKeyBytes& key() const { return key_; }
  int64_t keyed_from() const { return keyed_from_; }
  const std::string& checkpoint_path() const { return path_; }
  // Appends a signed checkpoint saying entry `seq` has hash `head` (call after its commit).
  void Checkpoint(int64_t seq, const std::string& head);
  // Checkpoints the current head, syncs the file and logs the head (start and shutdown).
  void CheckpointHead(const char* why);

 private:
  ChainKeeper(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  void WriteLine(const std::string& line, bool sync);

  store::Database& db_;
  const Clock& clock_;
  domain::AuditKeyBytes key_{};
  int64_t keyed_from_ = 1;
  std::string path_;
  std::mutex mutex_;
  int fd_ = -1;       // guarded by mutex_
  int unsynced_ = 0;  // guarded by mutex_
  int unlogged_ = 0;  // guarded by mutex_
};

// The audit log in words, zh-CN and en: every action code the code base records and the
// kinds of target, for every client and export; the codes stay the stable key. The list
// (the API's `action_name` and `action_name_en`, the `q` filter) is the one place an
// action's words live: a new action adds one line to KnownActions() in audit_service.cpp,
// {"module.verb", "中文", "English"}; the web shows the words the server sends.
struct ActionWords {
  std::string_view code;       // "org.create"
  std::string_view name;       // "新建组织"
  std::string_view name_en{};  // "Create organization" (a test requires it for every code)
};

// Every action audit::Record accepts, with its words. A code missing here is refused by
// audit::Record (std::logic_error), so any test that exercises a new action fails until the
// action has a name; AuditTest.EveryRecordedActionHasWords also requires the English words.
const std::vector<ActionWords>& KnownActions();

// The words for `code`; nullopt for a code not in the table.
std::optional<std::string_view> ActionName(std::string_view code);
// The English words for `code` (the Chinese while an entry lacks them); nullopt when unknown.
std::optional<std::string_view> ActionNameEn(std::string_view code);

// The words for an entity type ("org" → "组织", "Organization"); the type itself when unknown.
std::string_view EntityName(std::string_view entity);
std::string_view EntityNameEn(std::string_view entity);

// "组织 #12" ("Organization #12"): the readable target when it has no name of its own (or
// no longer exists).
std::string TargetFallback(std::string_view entity, std::optional<int64_t> id);
std::string TargetFallbackEn(std::string_view entity, std::optional<int64_t> id);

// The codes whose words in either language (English without regard to case) or code
// contain `words`; empty for empty `words`.
std::vector<std::string> ActionsMatching(std::string_view words);

struct Change {
  std::string action;  // "user.create"
  std::string entity;  // "user"
  std::optional<int64_t> entity_id;
  std::optional<int64_t> org_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

// Appends an entry in the caller's write transaction (keyed with ctx.audit's key; after
// the commit, a checkpoint of it). Throws std::logic_error when the context has no keeper.
void Record(store::Tx& tx, const Context& ctx, const Actor& actor, Change change);

struct Query {
  std::optional<int64_t> from_ms, to_ms, actor_id;
  std::string action;
  std::string words;  // matches the action's words or the target's name
  int64_t page = 1, size = 50;
};
struct EntryWords {
  std::string action_name;              // "新建组织"
  std::string target_name;              // the target's current name, else "组织 #12"
  std::optional<std::string> org_name;  // the entry's organization's current name
  std::string action_name_en;           // "Create organization"
  std::string target_name_en;           // the same name, else "Organization #12"
};
struct Page {
  std::vector<domain::AuditEntry> items;
  std::vector<EntryWords> words;  // one per item
  int64_t total = 0;
};
// Entries within the caller's audit scope (auditor or city admin), newest first, in words.
// Target names: an organization's, member's, unit's name; an account's username (also for
// its sessions and grants); a meeting's or material's title; an API token's name; the
// member's name for a transfer — never an ID number or phone.
Result<Page> List(const Context& ctx, const domain::Principal& who, const Query& q);

struct Verification {
  bool intact = true;
  int64_t checked = 0;
  int64_t first_bad_id = 0;  // 0 when the fault is not one entry's (e.g. the checkpoint file)
  std::string reason;
  int64_t keyed_from = 0;
  int64_t checkpoints = 0;          // signed checkpoint lines read
  int64_t last_checkpoint_seq = 0;  // the highest sequence number they name
};
// Reads the checkpoint file (every line must carry a valid MAC under `key` and the same
// keyed_from), then replays the whole chain: ids without gaps, each prev_hash the previous
// hash, each hash recomputed (SHA-256 before keyed_from, HMAC-SHA-256 under `key` from it
// on), keyed_from as every checkpoint says, and every checkpointed sequence number present
// with the checkpointed hash.
Verification Verify(store::Database& db, const domain::AuditKeyBytes& key,
                    const std::string& checkpoint_path);
// The same with the context's key and checkpoint file.
Verification Verify(const Context& ctx);

}  // namespace audit
}  // namespace jiceng
