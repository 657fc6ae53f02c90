#pragma once

#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in well-formed UTF-8.
size_t Utf8Length(std::string_view s);
// True when `s` holds a C0/C1 control character other than tab, CR and LF, or U+0000.
bool HasControlChars(std::string_view s);

// A text field of a request: well-formed UTF-8 without control characters, at most `max`
// code points, and (when `required`) not blank. 400 `invalid_field` naming `field`.
Status ValidateText(const std::string& v, const char* field, size_t max, bool required);

}  // namespace jiceng
