// Files kept outside the database, named by their SHA-256 (DIR/ab/abcdef…): written once
// (a temporary file, flushed, renamed into place), checked against their name when read.
#pragma once

#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng {

// Stores `bytes` under `dir`; returns their SHA-256 (hex). The same bytes twice are one file.
Result<std::string> StoreFile(const std::string& dir, std::string_view bytes);
// The bytes stored as `sha256`: 404 when absent, 500 `file_corrupt` when they no longer
// match their checksum.
Result<std::string> LoadFile(const std::string& dir, const std::string& sha256);

}  // namespace jiceng
