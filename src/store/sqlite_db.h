#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace jiceng::store {

// One writer connection (every write transaction starts with BEGIN IMMEDIATE) and a pool
// of read-only connections; WAL, busy_timeout, foreign_keys and synchronous=NORMAL on all.
std::unique_ptr<Database> OpenSqlite(const std::string& path, int readers);

}  // namespace jiceng::store
