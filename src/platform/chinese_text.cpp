#include "platform/chinese_text.h"

#include <opencc/opencc.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cppjieba/MixSegment.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "platform/pinyin.h"
#include "platform/utf8.h"

#ifndef JICENG_JIEBA_DICT_DIR
#define JICENG_JIEBA_DICT_DIR ""
#endif

namespace jiceng::text {
namespace {

constexpr size_t kMaxLatinToken = 64;  // bytes; longer Latin "words" are cut

std::string& DictionaryDir() {
  static std::string dir = JICENG_JIEBA_DICT_DIR;
  return dir;
}

// The loaded parts, built once on first use and shared by every thread (cppjieba's Cut
// and OpenCC's conversion are const).
struct Engine {
  const icu::Normalizer2* nfkc_cf = nullptr;
  opencc_t hk2s = reinterpret_cast<opencc_t>(-1);
  std::unique_ptr<cppjieba::MixSegment> jieba;

  Engine() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFKC_Casefold data");
    hk2s = opencc_open("hk2s.json");
    if (hk2s == reinterpret_cast<opencc_t>(-1))
      throw std::runtime_error("OpenCC: cannot open hk2s.json (package libopencc1.1)");
    const std::filesystem::path dir = DictionaryDir();
    for (const char* f : {"jieba.dict.utf8", "hmm_model.utf8"})
      if (!std::filesystem::is_regular_file(dir / f))
        throw std::runtime_error(
            "cppjieba dictionary missing: " + (dir / f).string() +
            " (run scripts/install-deps.sh, or set text.dict_dir / JICENG_TEXT_DICT_DIR)");
    jieba = std::make_unique<cppjieba::MixSegment>((dir / "jieba.dict.utf8").string(),
                                                   (dir / "hmm_model.utf8").string());
  }
  ~Engine() { opencc_close(hk2s); }
};

const Engine& GetEngine() {
  static const Engine engine;
  return engine;
}

enum class Kind { kHan, kLatin, kOther };

Kind KindOf(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return Kind::kHan;
  if (u_isalnum(c)) return Kind::kLatin;
  return Kind::kOther;
}

// One code point of a normalized text: its kind and its bytes.
struct Char {
  Kind kind;
  std::string_view bytes;
};

std::vector<Char> Chars(std::string_view s) {
  std::vector<Char> out;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    out.push_back({c < 0 ? Kind::kOther : KindOf(c), s.substr(start, i - start)});
  }
  return out;
}

// Runs of same-kind characters (Han or Latin), in order.
template <typename F>
void ForEachRun(const std::vector<Char>& chars, F&& f) {
  for (size_t i = 0; i < chars.size();) {
    if (chars[i].kind == Kind::kOther) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < chars.size() && chars[j].kind == chars[i].kind) ++j;
    f(chars[i].kind, i, j);
    i = j;
  }
}

std::string Join(const std::vector<Char>& chars, size_t from, size_t to) {
  std::string s;
  for (size_t k = from; k < to; ++k) s += chars[k].bytes;
  return s;
}

void Append(std::string& list, std::string_view token) {
  if (token.empty()) return;
  if (!list.empty()) list.push_back(' ');
  list += token;
}

// cppjieba's words of `norm` that are all Han or all letters and digits.
std::vector<std::string> Words(const std::string& norm) {
  std::vector<std::string> cut;
  GetEngine().jieba->Cut(norm, cut, /*hmm=*/true);
  std::vector<std::string> out;
  for (auto& w : cut) {
    auto chars = Chars(w);
    if (chars.empty()) continue;
    Kind k = chars[0].kind;
    if (k == Kind::kOther) continue;
    if (std::all_of(chars.begin(), chars.end(), [&](const Char& c) { return c.kind == k; }))
      out.push_back(k == Kind::kLatin && w.size() > kMaxLatinToken ? w.substr(0, kMaxLatinToken)
                                                                   : std::move(w));
  }
  return out;
}

bool HasHan(std::string_view s) {
  auto chars = Chars(s);
  return std::any_of(chars.begin(), chars.end(),
                     [](const Char& c) { return c.kind == Kind::kHan; });
}

template <typename T>
void PushUnique(std::vector<T>& v, T x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(std::move(x));
}

// Code points in the first `bytes` bytes of `s`.
size_t CodePoints(std::string_view s, size_t bytes) { return Utf8Length(s.substr(0, bytes)); }

}  // namespace

void SetDictionaryDir(std::string dir) {
  if (!dir.empty()) DictionaryDir() = std::move(dir);
}

void Preload() { GetEngine(); }

std::string Normalize(std::string_view text) {
  const Engine& e = GetEngine();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded =
      e.nfkc_cf->normalize(icu::UnicodeString::fromUTF8(
                               icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                           status);
  std::string utf8;
  if (U_FAILURE(status)) return utf8;
  folded.toUTF8String(utf8);
  char* converted = opencc_convert_utf8(e.hk2s, utf8.data(), utf8.size());
  if (!converted) return utf8;
  std::string out(converted);
  opencc_convert_utf8_free(converted);
  return out;
}

std::string Compact(std::string_view text) {
  const std::string norm = Normalize(text);  // Chars views into it
  std::string out;
  for (const auto& c : Chars(norm))
    if (c.kind != Kind::kOther) out += c.bytes;
  return out;
}

Tokens Analyze(std::string_view text, bool with_pinyin) {
  Tokens t;
  std::string norm = Normalize(text);
  for (size_t i = 0, n = 0; i < norm.size(); ++i)
    if ((static_cast<unsigned char>(norm[i]) & 0xC0) != 0x80 && n++ == kMaxAnalyzedCodePoints) {
      norm.resize(i);
      break;
    }
  const auto chars = Chars(norm);
  ForEachRun(chars, [&](Kind kind, size_t from, size_t to) {
    if (kind == Kind::kLatin) {
      Append(t.grams, Join(chars, from, to).substr(0, kMaxLatinToken));
      return;
    }
    for (size_t i = from; i + 1 < to; ++i) Append(t.grams, Join(chars, i, i + 2));
    Append(t.grams, chars[to - 1].bytes);
  });
  for (const auto& w : Words(norm)) {
    Append(t.words, w);
    if (!with_pinyin || !HasHan(w)) continue;
    for (const auto& s : PinyinSpellings(w)) Append(t.pinyin, s);
    Append(t.pinyin, PinyinInitials(w));
  }
  // The initials of the whole title ("jcdjgz" for 基层党建工作), cut at 32 letters.
  if (with_pinyin) Append(t.pinyin, PinyinInitials(norm).substr(0, 32));
  return t;
}

Query ParseQuery(std::string_view q) {
  Query out;
  const std::string norm = Normalize(q);
  const auto chars = Chars(norm);
  bool only_letters = true;
  ForEachRun(chars, [&](Kind kind, size_t from, size_t to) {
    std::string run = Join(chars, from, to);
    if (kind == Kind::kLatin) {
      run = run.substr(0, kMaxLatinToken);
      PushUnique(out.grams, run);
      if (std::all_of(run.begin(), run.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        PushUnique(out.pinyin, run);
      else
        only_letters = false;
    } else {
      only_letters = false;
      if (to - from == 1)
        PushUnique(out.prefixes, run);
      else
        for (size_t i = from; i + 1 < to; ++i) PushUnique(out.grams, Join(chars, i, i + 2));
    }
    PushUnique(out.highlight, std::move(run));
  });
  if (!only_letters) out.pinyin.clear();
  for (auto& w : Words(norm)) PushUnique(out.words, std::move(w));
  return out;
}

namespace {

// The part of a long `text` a snippet of `width` code points around its earliest verbatim
// hit can come from: normalizing (ICU, OpenCC) a whole 50,000-character chapter for a
// 120-character snippet would cost more than the search itself. Empty when no highlight
// string occurs verbatim (a traditional or full-width text): the whole text is normalized.
std::string_view SnippetSource(std::string_view text, const Query& q, size_t width) {
  size_t first = std::string_view::npos;
  for (const auto& h : q.highlight)
    if (!h.empty()) first = std::min(first, text.find(h));
  if (first == std::string_view::npos) return {};
  // `width` code points either side, at most 4 bytes each, cut back to code-point starts.
  auto start_of = [&](size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      --at;
    return at;
  };
  const size_t from = start_of(first > 4 * width ? first - 4 * width : 0);
  const size_t to = start_of(std::min(text.size(), first + 8 * width));
  return text.substr(from, to - from);
}

}  // namespace

Marked Highlight(std::string_view text, const Query& q, size_t width) {
  if (width > 0 && text.size() > 16 * width)
    if (auto part = SnippetSource(text, q, width); !part.empty()) text = part;
  const std::string norm = Normalize(text);
  const size_t length = CodePoints(text, text.size());
  const bool same = CodePoints(norm, norm.size()) == length;
  // Hits as code-point ranges of the normalized text, sorted, overlaps merged.
  std::vector<std::pair<size_t, size_t>> hits;
  for (const auto& h : q.highlight)
    for (size_t at = norm.find(h); at != std::string::npos; at = norm.find(h, at + h.size()))
      hits.emplace_back(CodePoints(norm, at), CodePoints(norm, at + h.size()));
  std::sort(hits.begin(), hits.end());
  std::vector<std::pair<size_t, size_t>> merged;
  for (auto [s, e] : hits) {
    if (!merged.empty() && s <= merged.back().second)
      merged.back().second = std::max(merged.back().second, e);
    else
      merged.emplace_back(s, e);
  }
  const std::string_view shown = same ? text : std::string_view(norm);
  const size_t total = same ? length : CodePoints(norm, norm.size());
  size_t from = 0, to = total;
  if (width > 0 && total > width) {
    size_t first = merged.empty() ? 0 : merged.front().first;
    from = first > width / 4 ? first - width / 4 : 0;
    to = std::min(total, from + width);
    from = to - std::min(width, to);
  }
  // Byte offsets of code points `from` and `to` in `shown`.
  size_t cp = 0, b_from = shown.size(), b_to = shown.size();
  for (size_t i = 0; i <= shown.size(); ++i) {
    if (i < shown.size() && (static_cast<unsigned char>(shown[i]) & 0xC0) == 0x80) continue;
    if (cp == from && b_from == shown.size()) b_from = i;
    if (cp == to) {
      b_to = i;
      break;
    }
    ++cp;
  }
  Marked m;
  m.text = std::string(shown.substr(b_from, b_to - b_from));
  for (auto [s, e] : merged)
    if (e > from && s < to)
      m.marks.emplace_back(std::max(s, from) - from, std::min(e, to) - std::max(s, from));
  return m;
}

}  // namespace jiceng::text
