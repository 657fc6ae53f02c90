#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace jiceng::store {

// One writer connection (every write transaction starts with BEGIN IMMEDIATE) and a pool
// of read-only connections; WAL, busy_timeout, foreign_keys and synchronous=NORMAL on all.
std::unique_ptr<Database> OpenSqlite(const std::string& path, int readers);

// The StoreError kind of an extended SQLite result code (SQLITE_BUSY_SNAPSHOT →
// kSerialization, other SQLITE_BUSY/LOCKED → kBusy, …). Exposed for tests.
StoreError::Kind KindOfSqliteCode(int extended_code);

}  // namespace jiceng::store
