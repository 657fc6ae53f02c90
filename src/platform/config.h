// The one configuration object. Sources, each overriding the one before:
// built-in defaults → TOML file (--config or JICENG_CONFIG) → JICENG_* environment
// variables → command-line flags (applied by the CLI).
#pragma once

#include <cstdint>
#include <string>

#include "platform/error.h"

namespace jiceng {

struct Config {
  // [store]
  std::string db_url = "sqlite:var/jiceng.db";
  int store_threads = 4;  // blocking store calls run here, never on io threads
  std::string attachments_dir = "var/attachments";  // meeting attachments, by checksum
  // [text] cppjieba's dictionaries (jieba.dict.utf8, hmm_model.utf8); empty: the build's
  // copy under third_party/ (platform/chinese_text.h)
  std::string text_dict_dir;
  // [residents] A file the built-in SMS sender appends each message to (one-time codes,
  // booking reminders), one JSON line {"phone","kind",<values>,"text","at"}
  // (service/sms_sender.h): a hook for browser tests and demos, never for production.
  // "" (the default): messages go to the server log only.
  std::string sms_outbox;
  // [centers] Hours before a booking's start when its reminder goes out (by text message,
  // domain::centers::ReminderAt); 0: no reminders.
  int reminder_hours = 24;
  // [server]
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string web_dir = "web/dist";
  // Origins the web app may load map tiles from (the residents' map: AMap in production),
  // space-separated "https://host[:port]"; added to the pages' CSP img-src. Empty: none
  // (the offline backdrop only).
  std::string map_tile_origins;
  int io_threads = 0;  // 0: one per core
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  size_t max_upload_bytes = 64 * 1024 * 1024;  // bodies of POST /api/imports/…
  int header_timeout_s = 10;                   // a slow client must send its headers within this
  int body_timeout_s = 30;
  int idle_timeout_s = 60;  // keep-alive connections idle longer than this are closed
  // Whether `serve` runs the modules' periodic jobs (api::Module::jobs: booking reminders);
  // off for a second server on the same store that should only answer requests.
  bool run_jobs = true;
  std::string access_log = "-";  // "-": stdout; "": off; else a file path
  std::string log_level = "info";
  // [security]
  int session_idle_minutes = 30;
  int lockout_attempts = 5;
  int lockout_minutes = 15;
  // Failed logins from one source address within the window before that address gets 429
  // for every login (whatever the username), so locking accounts out is not free.
  int login_address_failures = 20;
  int login_address_minutes = 15;
  // Take the client address from the last X-Forwarded-For entry (only behind a proxy that
  // appends it, e.g. nginx `proxy_add_x_forwarded_for`); otherwise the peer address.
  bool trust_forwarded_for = false;
  // Registrations that hit an ID number registered outside the caller's scope, per account
  // within the window, before the account's registrations answer 429.
  int id_probe_limit = 5;
  int id_probe_minutes = 60;
  bool separation_of_duties = true;  // security admin, auditor and business roles apart
  bool secure_cookies = false;       // set true when served over HTTPS
  // "production" (the default: argon2id at libsodium's interactive limits) or "test"
  // (libsodium's minimum limits, for test suites only: the Runtime logs a warning, and the
  // CLI refuses it unless JICENG_ALLOW_TEST_PASSWORD_HASH=1 — see RefuseTestOnlySettings).
  std::string password_hash_cost = "production";
  // Master key for personal data at rest (32 bytes, base64). Production: set it from a
  // secret store via JICENG_PII_KEY. When empty, a SQLite store uses a key file beside the
  // database (created on first use, mode 0600); PostgreSQL requires the key.
  std::string pii_key;
  std::string pii_key_file;  // overrides the default key file location
  // Key of the audit chain's HMAC and of its checkpoints (32 bytes, base64), separate from the
  // personal-data key (docs/SECURITY.md, "Audit log"). Production: JICENG_AUDIT_KEY from a
  // secret store. When empty, a SQLite store uses "<database>.audit-key" (created 0600 while
  // the chain has no keyed entry yet); PostgreSQL requires it.
  std::string audit_key;
  std::string audit_key_file;  // overrides the default key file location
  // Signed checkpoints of the chain's head, kept outside the database. Default:
  // "<database>.audit-checkpoints" beside a SQLite store, "var/audit-checkpoints" for
  // PostgreSQL (set one per database).
  std::string audit_checkpoint_file;
};

// Reads a TOML file into `config` (only the keys it names). Errors name the key.
Status LoadConfigFile(const std::string& path, Config& config);
// Applies JICENG_DB, JICENG_LISTEN, JICENG_WEB_DIR, … from the environment.
Status ApplyEnvironment(Config& config);
// Refuses settings meant only for test suites (security.password_hash_cost = "test")
// unless the environment says so explicitly (JICENG_ALLOW_TEST_PASSWORD_HASH=1). The CLI
// calls it for every command, so no server or store is ever run with them by accident.
Status RefuseTestOnlySettings(const Config& config);
// Parses "host:port" ("[::1]:8080" for IPv6).
Status ParseListen(const std::string& text, Config& config);

}  // namespace jiceng
