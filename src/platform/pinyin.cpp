#include "platform/pinyin.h"

#include <cstdint>

namespace jiceng {
namespace {

#include "pinyin_table.inc"

constexpr char32_t kLastCodePoint = kFirstCodePoint + sizeof(kInitials) - 2;

// Decodes one code point from well-formed UTF-8 at `p`; returns 0 and advances one byte
// on a malformed sequence.
char32_t Next(const unsigned char*& p, const unsigned char* end) {
  unsigned char c = *p;
  int n = c < 0x80             ? 0
          : (c & 0xE0) == 0xC0 ? 1
          : (c & 0xF0) == 0xE0 ? 2
          : (c & 0xF8) == 0xF0 ? 3
                               : -1;
  if (n < 0 || end - p < n + 1) {
    ++p;
    return 0;
  }
  char32_t cp = n == 0 ? c : c & (0x3F >> n);
  for (int i = 1; i <= n; ++i) {
    if ((p[i] & 0xC0) != 0x80) {
      ++p;
      return 0;
    }
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  p += n + 1;
  return cp;
}

char SurnameInitial(char32_t cp) {
  for (const auto& s : kSurnameInitials)
    if (s.code_point == cp) return s.initial;
  return 0;
}

// Readings of a code point in the table, e.g. {"dan", "shan", "chan"}.
std::vector<std::string_view> Readings(char32_t cp) {
  static const std::vector<uint32_t> starts = [] {
    std::vector<uint32_t> v{0};
    for (uint32_t i = 0; kReadings[i]; ++i)
      if (kReadings[i] == '|') v.push_back(i + 1);
    return v;
  }();
  std::vector<std::string_view> out;
  if (cp < kFirstCodePoint || cp - kFirstCodePoint + 1 >= starts.size()) return out;
  size_t at = cp - kFirstCodePoint;
  std::string_view all(kReadings + starts[at], starts[at + 1] - starts[at] - 1);
  while (!all.empty()) {
    size_t comma = all.find(',');
    out.push_back(all.substr(0, comma));
    all = comma == std::string_view::npos ? std::string_view{} : all.substr(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<std::string> PinyinSpellings(std::string_view word, size_t max) {
  std::vector<std::string> out{""};
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const auto* end = p + word.size();
  while (p < end && max > 0) {
    char32_t cp = Next(p, end);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z')) {
      char c = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      for (auto& s : out) s.push_back(c);
      continue;
    }
    if (cp < kFirstCodePoint || cp > kLastCodePoint) continue;
    auto readings = Readings(cp);
    if (readings.empty()) return {};
    // Every spelling so far with each reading, the first reading's spellings first.
    std::vector<std::string> next;
    for (auto r : readings)
      for (const auto& s : out)
        if (next.size() < max) next.push_back(s + std::string(r));
    out = std::move(next);
  }
  if (out.size() == 1 && out[0].empty()) out.clear();
  return out;
}

std::string PinyinInitials(std::string_view utf8, bool person_name) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  bool first = true;
  while (p < end) {
    char32_t cp = Next(p, end);
    char letter = 0;
    if (cp >= 'A' && cp <= 'Z') {
      letter = static_cast<char>(cp - 'A' + 'a');
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      letter = static_cast<char>(cp);
    } else if (cp >= kFirstCodePoint && cp <= kLastCodePoint) {
      if (person_name && first) letter = SurnameInitial(cp);
      if (!letter) letter = kInitials[cp - kFirstCodePoint];
      if (letter == '-') letter = 0;
    }
    if (letter) {
      out.push_back(letter);
      first = false;
    }
  }
  return out;
}

std::string PinyinName(std::string_view utf8) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  bool first = true;
  while (p < end) {
    char32_t cp = Next(p, end);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out.push_back(static_cast<char>(cp));
    } else if (cp >= 'A' && cp <= 'Z') {
      out.push_back(static_cast<char>(cp - 'A' + 'a'));
    } else if (cp >= kFirstCodePoint && cp <= kLastCodePoint) {
      auto readings = Readings(cp);
      if (readings.empty()) continue;
      std::string_view reading = readings.front();
      // A surname's reading: the first reading that starts with its surname initial.
      if (char surname = first ? SurnameInitial(cp) : 0)
        for (auto r : readings)
          if (r.front() == surname) {
            reading = r;
            break;
          }
      out += reading;
    } else {
      continue;
    }
    first = false;
  }
  return out;
}

bool IsInitialsQuery(std::string_view q) {
  if (q.empty() || q.size() > 32) return false;
  for (char c : q)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace jiceng
