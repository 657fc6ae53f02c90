#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace jiceng::store {

// A pool of libpq connections; every statement is prepared once per connection.
std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, int pool_size);

// The StoreError kind of a SQLSTATE ("40001" → kSerialization, …). Exposed for tests.
StoreError::Kind KindOfSqlState(const char* state);

}  // namespace jiceng::store
