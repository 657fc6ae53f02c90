#include "platform/chinese_text.h"

#include <gtest/gtest.h>

#include "platform/pinyin.h"

namespace jiceng::text {
namespace {

bool HasToken(const std::string& list, const std::string& token) {
  return (" " + list + " ").find(" " + token + " ") != std::string::npos;
}

TEST(ChineseText, NormalizesTraditionalFullWidthAndCase) {
  EXPECT_EQ(Normalize("黨建"), "党建");
  EXPECT_EQ(Normalize("基層黨組織"), "基层党组织");
  EXPECT_EQ(Normalize("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(Normalize("Party Building"), "party building");
}

TEST(ChineseText, WordsAndBigramsCoverTwoCharacterTerms) {
  auto t = Analyze("加强基层党建工作，推进2024年Party建设。", /*with_pinyin=*/false);
  EXPECT_TRUE(HasToken(t.words, "基层")) << t.words;
  for (const char* g : {"基层", "党建", "层党", "2024", "party", "设"})
    EXPECT_TRUE(HasToken(t.grams, g)) << g << " in " << t.grams;
  EXPECT_FALSE(HasToken(t.grams, "，")) << t.grams;
  EXPECT_TRUE(t.pinyin.empty());
}

TEST(ChineseText, PinyinOfTitlesWithEveryReading) {
  auto t = Analyze("基层党建", /*with_pinyin=*/true);
  EXPECT_TRUE(HasToken(t.pinyin, "jiceng")) << t.pinyin;
  EXPECT_TRUE(HasToken(t.pinyin, "dangjian")) << t.pinyin;
  EXPECT_TRUE(HasToken(t.pinyin, "jcdj")) << t.pinyin;
  auto s = PinyinSpellings("单位");
  ASSERT_GE(s.size(), 2u);
  EXPECT_EQ(s[0], "danwei");
  EXPECT_EQ(s[1], "shanwei");
}

TEST(ChineseText, QueriesSplitIntoGramsPrefixesAndPinyin) {
  auto q = ParseQuery("黨建 基层");
  EXPECT_EQ(q.grams, (std::vector<std::string>{"党建", "基层"}));
  EXPECT_TRUE(q.pinyin.empty());
  auto one = ParseQuery("党");
  EXPECT_EQ(one.prefixes, std::vector<std::string>{"党"});
  auto py = ParseQuery("DangJian");
  EXPECT_EQ(py.pinyin, std::vector<std::string>{"dangjian"});
  EXPECT_TRUE(ParseQuery("，。！ ").Empty());
}

TEST(ChineseText, HighlightsInTheOriginalText) {
  auto q = ParseQuery("黨建");
  auto m = Highlight("我们要加强黨建工作", q);
  EXPECT_EQ(m.text, "我们要加强黨建工作");
  ASSERT_EQ(m.marks.size(), 1u);
  EXPECT_EQ(m.marks[0], (std::pair<size_t, size_t>{5, 2}));
  std::string long_text(300, 'x');
  long_text += "党建";
  auto snip = Highlight(long_text, q, 40);
  ASSERT_EQ(snip.marks.size(), 1u);
  EXPECT_LE(snip.marks[0].first + snip.marks[0].second, 40u);
  EXPECT_NE(snip.text.find("党建"), std::string::npos);
}

}  // namespace
}  // namespace jiceng::text
