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

}  // namespace

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

bool IsInitialsQuery(std::string_view q) {
  if (q.empty() || q.size() > 32) return false;
  for (char c : q)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace jiceng
