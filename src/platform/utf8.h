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

// True when `s` (well-formed UTF-8) holds a character no name may carry: any Unicode
// control character (Cc: U+0000–U+001F, U+007F–U+009F, tab, CR and LF included), the line
// and paragraph separators U+2028/U+2029, or a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069), which make a name display as something else.
bool HasUnsafeNameChars(std::string_view s);

// The one validator of names and other single-line labels (people, organizations, units,
// accounts' display names, meeting titles…): well-formed UTF-8 without the characters
// above, at most `max` code points, and (when `required`) not blank. 400 `invalid_field`
// naming `field`.
Status ValidateName(const std::string& v, const char* field, size_t max, bool required);

// A text field of a request: well-formed UTF-8 without control characters, at most `max`
// code points, and (when `required`) not blank. 400 `invalid_field` naming `field`.
Status ValidateText(const std::string& v, const char* field, size_t max, bool required);

// `s` without leading and trailing spaces and tabs (what people type around a name).
std::string TrimSpaces(std::string_view s);

}  // namespace jiceng
