// Versioned schema migrations, embedded in the binary from store/migrations/NNNN_what.sql.
//
// One SQL text serves both stores. Tokens: {{id}} (an integer primary key filled by the
// store), {{int}} (64-bit integer), {{strict}} (SQLite STRICT tables). Lines between
// "--@sqlite" and "--@end" (or "--@postgres" and "--@end") apply to that store only.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace jiceng::store {

struct MigrationSource {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<MigrationSource>& EmbeddedMigrations();

std::string RenderMigration(const std::string& sql, Dialect dialect);

struct MigrationReport {
  std::vector<int> applied_now;
  std::vector<int> already_applied;
};

// Applies every migration not yet recorded in schema_migrations, each in its own
// transaction. Idempotent; safe against a concurrent migrator.
MigrationReport Migrate(Database& db, int64_t now_ms);

// The versions recorded in schema_migrations (empty when the table does not exist).
std::vector<int> AppliedMigrations(Database& db);

}  // namespace jiceng::store
