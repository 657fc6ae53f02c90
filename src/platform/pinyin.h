// Pinyin initials of Chinese text, for "search by pinyin initials" (zsf → 张三丰).
// The table is generated at build time from the npm package pinyin-pro
// (scripts/gen-pinyin-table.mjs) and covers CJK Unified Ideographs and Extension A.
#pragma once

#include <string>
#include <string_view>

namespace jiceng {

// One lower-case letter per Han character and per ASCII letter or digit of `utf8`; other
// characters (punctuation, spaces, symbols) are skipped. With `person_name`, the first
// character takes its surname reading (单 → s, 曾 → z, 解 → x). Expects valid UTF-8;
// invalid bytes are skipped.
std::string PinyinInitials(std::string_view utf8, bool person_name = false);

// True when `q` looks like a pinyin-initials query: 1–32 ASCII letters only.
bool IsInitialsQuery(std::string_view q);

}  // namespace jiceng
