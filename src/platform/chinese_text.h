// Chinese text for full-text search (DESIGN.md "Chinese text"): one analyzer feeds both
// stores — SQLite FTS5 columns and PostgreSQL tsvectors are built from the same tokens.
//
// A text is normalized (Unicode NFKC with case folding, then traditional and Hong Kong
// characters to simplified with OpenCC hk2s), then cut three ways:
//   words  — cppjieba's words (dictionary + HMM), the unit of "whole-word" ranking;
//   grams  — overlapping Han bigrams plus each run's last character, Latin words and
//            numbers: every query of two or more characters is found whatever the
//            segmenter did with it (党建 inside 加强党建工作 even if cut as 党建工作);
//   pinyin — full spellings (every reading of polyphonic characters) and initials of the
//            words, for titles: "dangjian" and "dj" find 党建.
// Heavy parts (cppjieba, ICU, OpenCC) stay in chinese_text.cpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jiceng::text {

// Where cppjieba's dictionary and HMM model are (jieba.dict.utf8, hmm_model.utf8). Empty:
// the build's default (third_party/node_modules/nodejieba, installed by
// scripts/install-deps.sh). Takes effect if called before the first analysis.
void SetDictionaryDir(std::string dir);
// Loads the dictionaries now (they load on first use otherwise; ~1 s). Throws
// std::runtime_error when they are missing.
void Preload();

// NFKC + case folding + OpenCC hk2s. Invalid UTF-8 bytes become U+FFFD.
std::string Normalize(std::string_view text);

// The letters and digits of the normalized text, nothing else ("党建 2024" → "党建2024").
std::string Compact(std::string_view text);

// The tokens of a text, each list space-separated (FTS5 columns, tsvector lexemes).
struct Tokens {
  std::string words;
  std::string grams;
  std::string pinyin;  // only with `with_pinyin`
};
// Only the start of a very long text is analyzed (a tsvector holds at most 1 MB).
constexpr size_t kMaxAnalyzedCodePoints = 50000;
Tokens Analyze(std::string_view text, bool with_pinyin);

// A search query, analyzed the same way.
struct Query {
  std::vector<std::string> grams;      // each must occur (bigrams, Latin words, numbers)
  std::vector<std::string> prefixes;   // a lone Han character: some gram must start with it
  std::vector<std::string> words;      // cppjieba's words of the query: hits rank higher
  std::vector<std::string> pinyin;     // Latin-letter terms, also tried as pinyin prefixes
  std::vector<std::string> highlight;  // normalized strings to mark in titles and snippets
  bool Empty() const { return grams.empty() && prefixes.empty(); }
};
Query ParseQuery(std::string_view q);

// A passage of `text` around its first hit and where the hits are in it, as [start,
// length) in code points of `text` (the original when normalization kept its length,
// else the normalized text). In a text many times longer than `width`, the first hit found
// verbatim, when there is one: only the text around it is normalized.
struct Marked {
  std::string text;
  std::vector<std::pair<size_t, size_t>> marks;
};
Marked Highlight(std::string_view text, const Query& q, size_t width = 0);

}  // namespace jiceng::text
