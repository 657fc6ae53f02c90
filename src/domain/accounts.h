// Rules for accounts: usernames, display names and the password policy.
#pragma once

#include <string>

#include "platform/error.h"

namespace jiceng::domain {

// 3–32 characters: lower-case ASCII letters, digits, '.', '_' and '-', starting with a
// letter or digit.
Status ValidateUsername(const std::string& username);
// 1–64 characters of well-formed UTF-8 without control characters.
Status ValidateDisplayName(const std::string& name);
// At least 10 characters (at most 128) drawing on 3 of the 4 classes: lower case, upper
// case, digits, symbols (anything else, including Chinese characters). Must not contain
// the username.
Status ValidatePassword(const std::string& password, const std::string& username);
// A random password that satisfies ValidatePassword (for demo accounts).
std::string GeneratePassword();

}  // namespace jiceng::domain
