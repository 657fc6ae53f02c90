#pragma once

#include <string_view>

namespace jiceng {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of Unicode code points in well-formed UTF-8.
size_t Utf8Length(std::string_view s);
// True when `s` holds a C0/C1 control character other than tab, CR and LF, or U+0000.
bool HasControlChars(std::string_view s);

}  // namespace jiceng
