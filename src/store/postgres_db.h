#pragma once

#include <memory>
#include <string>

#include "store/db.h"

namespace jiceng::store {

// A pool of libpq connections; every statement is prepared once per connection.
std::unique_ptr<Database> OpenPostgres(const std::string& conninfo, int pool_size);

}  // namespace jiceng::store
