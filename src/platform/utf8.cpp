#include "platform/utf8.h"

#include <cstdint>

namespace jiceng {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p < n + 1) return false;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool HasControlChars(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    if (c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9F) return true;
    }
  }
  return false;
}

bool HasUnsafeNameChars(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x20 || c == 0x7F) return true;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int n = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 0;
    if (n == 0 || end - p < n + 1) return true;  // not UTF-8: refuse
    uint32_t cp = c & (0x3F >> n);
    for (int i = 1; i <= n; ++i) cp = (cp << 6) | (p[i] & 0x3F);
    // C1 controls; line and paragraph separators; bidi embeddings, overrides, isolates and
    // marks (U+200E/U+200F, U+061C); zero-width characters (U+200B–U+200D, U+FEFF), which
    // make two names that look the same compare different.
    if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
        (cp >= 0x200B && cp <= 0x200F) || cp == 0x061C || cp == 0xFEFF)
      return true;
    p += n + 1;
  }
  return false;
}

Status ValidateName(const std::string& v, const char* field, size_t max, bool required) {
  if (!IsValidUtf8(v) || HasUnsafeNameChars(v))
    return BadInput(
        field, std::string(field) + " 含有控制字符或非法字符 / has control or invalid characters");
  size_t n = Utf8Length(v);
  if ((required && (n == 0 || v.find_first_not_of(' ') == std::string::npos)) || n > max)
    return BadInput(field, std::string(field) + " 长度无效 / has an invalid length");
  return {};
}

Status ValidateText(const std::string& v, const char* field, size_t max, bool required) {
  if (!IsValidUtf8(v) || HasControlChars(v))
    return BadInput(field, std::string(field) + " 含有非法字符 / has invalid characters");
  size_t n = Utf8Length(v);
  if ((required && (n == 0 || v.find_first_not_of(' ') == std::string::npos)) || n > max)
    return BadInput(field, std::string(field) + " 长度无效 / has an invalid length");
  return {};
}

std::string TrimSpaces(std::string_view s) {
  auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

}  // namespace jiceng
