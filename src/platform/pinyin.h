// Pinyin initials of Chinese text, for "search by pinyin initials" (zsf → 张三丰).
// The table is generated at build time from the npm package pinyin-pro
// (scripts/gen-pinyin-table.mjs) and covers CJK Unified Ideographs and Extension A.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jiceng {

// One lower-case letter per Han character and per ASCII letter or digit of `utf8`; other
// characters (punctuation, spaces, symbols) are skipped. With `person_name`, the first
// character takes its surname reading (单 → s, 曾 → z, 解 → x). Expects valid UTF-8;
// invalid bytes are skipped.
std::string PinyinInitials(std::string_view utf8, bool person_name = false);

// Full toneless spellings of `word` (Han characters, ASCII letters and digits; other
// characters skipped): "dangjian" for 党建. Polyphonic characters give one spelling per
// reading, the most common readings first, at most `max` spellings ("danwei", "shanwei",
// "chanwei" for 单位). Empty when `word` has a Han character without a reading.
std::vector<std::string> PinyinSpellings(std::string_view word, size_t max = 4);

// The full toneless spelling of a person's name, as typed to find it: each Han character's
// most common reading, the first character's as a surname (单 → shan, 曾 → zeng, 解 → xie),
// ASCII letters and digits kept lower-cased, everything else skipped: "dongxiaoming" for
// 董小明, "lv" for 吕 (ü written v).
std::string PinyinName(std::string_view utf8);

// True when `q` looks like a pinyin-initials query: 1–32 ASCII letters only.
bool IsInitialsQuery(std::string_view q);

}  // namespace jiceng
