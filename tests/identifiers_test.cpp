// National identifiers with the standards' published examples as test vectors.
#include <gtest/gtest.h>

#include <cstdio>

#include "domain/identifiers.h"

namespace jiceng::domain {
namespace {

TEST(CitizenId, TheStandardsExamplesAreValid) {
  // GB 11643-1999, the two worked examples of the standard.
  auto a = ParseCitizenId("11010519491231002X");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->area_code, "110105");
  EXPECT_EQ(a->birth_year, 1949);
  EXPECT_EQ(a->birth_month, 12);
  EXPECT_EQ(a->birth_day, 31);
  EXPECT_FALSE(a->male);  // 17th digit 2: female
  auto b = ParseCitizenId("440524188001010014");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->male);
  EXPECT_EQ(CitizenIdCheck("11010519491231002"), 'X');
  EXPECT_EQ(CitizenIdCheck("44052418800101001"), '4');
}

TEST(CitizenId, NormalizesAndRejects) {
  EXPECT_EQ(ParseCitizenId(" 11010519491231002x ")->number, "11010519491231002X");
  EXPECT_FALSE(ParseCitizenId("110105194912310021"));  // wrong check
  EXPECT_FALSE(ParseCitizenId("11010519491331002X"));  // month 13
  EXPECT_FALSE(ParseCitizenId("11010519490229002X"));  // 1949 is not a leap year
  EXPECT_FALSE(ParseCitizenId("1101051949123100"));    // too short
  EXPECT_FALSE(ParseCitizenId("11010519491231002Y"));
  EXPECT_FALSE(ParseCitizenId("99010519491231002X"));                    // no such province
  EXPECT_FALSE(ParseCitizenId("１１０１０５１９４９１２３１００２Ｘ"));  // full-width digits
  auto err = ParseCitizenId("110105194912310021", "id_number");
  EXPECT_EQ(err.error().field, "id_number");
  EXPECT_EQ(err.error().kind, ErrorKind::kBadInput);
}

TEST(CitizenId, RetiredAreasAndResidencePermitsStayValid) {
  // 440524 (潮阳县) was retired long ago; IDs issued there remain valid.
  std::string first17 = "44052419900101123";
  EXPECT_TRUE(ParseCitizenId(first17 + CitizenIdCheck(first17)));
  std::string permit17 = "81000019900101123";  // Hong Kong resident's residence permit
  auto permit = ParseCitizenId(permit17 + CitizenIdCheck(permit17));
  ASSERT_TRUE(permit);
  EXPECT_TRUE(permit->residence_permit);
}

// GB 11643 digits 1-2 are a province of GB/T 2260; nothing below the province is checked.
TEST(CitizenId, TheProvinceIsOneOfGbt2260) {
  auto with = [](const std::string& area) {
    std::string first17 = area + "19900101123";
    return ParseCitizenId(first17 + CitizenIdCheck(first17));
  };
  for (const char* area :
       {"110105", "150102", "210102", "230102", "310101", "370102", "410102", "460105", "500101",
        "540102", "610102", "650102", "710000", "810000", "820000", "830000", "440524"})
    EXPECT_TRUE(with(area)) << area;
  for (const char* area :
       {"200000", "100000", "160101", "240101", "380101", "470101", "550101", "660101", "700000",
        "720000", "800000", "840000", "830100", "910000", "990101", "000000"}) {
    auto id = with(area);
    ASSERT_FALSE(id) << area;
    EXPECT_EQ(id.error().code, "invalid_field");
    EXPECT_EQ(id.error().field, "national_id");
  }
  EXPECT_TRUE(IsProvinceCode(44));
  EXPECT_FALSE(IsProvinceCode(83));  // permits only
  EXPECT_FALSE(ParseAreaCode("200000"));
  EXPECT_FALSE(ParseAreaCode("830000"));
  EXPECT_TRUE(ParseAreaCode("710000"));
  EXPECT_TRUE(ParseAreaCode("440524"));  // retired, still a code
}

// A number whose birth date is after today was never issued: invalid, not "too young".
TEST(CitizenId, ABirthDateInTheFutureIsInvalid) {
  std::string first17 = "44030520261127123";
  std::string id = first17 + CitizenIdCheck(first17);
  EXPECT_TRUE(ParseCitizenId(id));                               // without a date to compare with
  EXPECT_TRUE(ParseCitizenId(id, "national_id", "2026-11-27"));  // born today
  auto future = ParseCitizenId(id, "national_id", "2026-11-26");
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(future.error().field, "national_id");
  EXPECT_NE(future.error().message.find("晚于今天"), std::string::npos);
}

TEST(CreditCode, TheStandardsExampleIsValid) {
  // GB 32100-2015's example code.
  auto c = ParseCreditCode("91350100M000100Y43");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, "91350100M000100Y43");
  EXPECT_EQ(CreditCodeCheck("91350100M000100Y4"), '3');
  EXPECT_EQ(OrganizationCodeCheck("M000100Y"), '4');
  EXPECT_TRUE(ParseCreditCode("91110000802100433b"));  // lower case is normalized
}

TEST(CreditCode, Rejects) {
  EXPECT_FALSE(ParseCreditCode("91350100M000100Y44"));  // wrong overall check
  EXPECT_FALSE(ParseCreditCode("91350100M000100Y53"));  // wrong organization-code check
  EXPECT_FALSE(ParseCreditCode("91350100M000I00Y43"));  // I is not in the alphabet
  EXPECT_FALSE(ParseCreditCode("9135010OM000100Y43"));  // letter in the area part
  EXPECT_FALSE(ParseCreditCode("91350100M000100Y4"));
  EXPECT_EQ(ParseCreditCode("x", "uscc").error().field, "uscc");
}

// GB 32100 table: the registering authority (first character) and the kinds of
// organization it registers (second character).
TEST(CreditCode, AuthorityAndKindFromTheStandardsTable) {
  auto code = [](const std::string& first2) {
    return CreditCodeFrom(first2 + "440305", "MA5ABCDE");  // both checks right
  };
  for (const char* ok : {"11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39",
                         "41", "49", "51", "52", "53", "59", "61", "62", "69", "71", "72", "79",
                         "81", "89", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1"})
    EXPECT_TRUE(ParseCreditCode(code(ok))) << ok;
  for (const char* bad : {"01", "B1", "C1", "X1", "M1", "14", "15", "22", "36", "42", "54",
                          "63", "73", "82", "94", "99", "9A", "A2", "N4", "Y2", "Y9"}) {
    auto parsed = ParseCreditCode(code(bad));
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().field, "credit_code");
    EXPECT_NE(parsed.error().message.find(bad[0] == '0' || bad[1] == '1' ? "第1位" : "第2位"),
              std::string::npos)
        << bad << ": " << parsed.error().message;
  }
}

TEST(Mobile, StripsPrefixesAndSeparators) {
  EXPECT_EQ(*ParseMobile("13812345678"), "13812345678");
  EXPECT_EQ(*ParseMobile("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(*ParseMobile("0086 13812345678"), "13812345678");
  EXPECT_EQ(*ParseMobile("8613812345678"), "13812345678");
  EXPECT_FALSE(ParseMobile("12812345678"));  // 12x is not a mobile prefix
  EXPECT_FALSE(ParseMobile("1381234567"));
  EXPECT_FALSE(ParseMobile("138123456789"));
  EXPECT_FALSE(ParseMobile("138abc45678"));
  EXPECT_FALSE(ParseMobile(""));
}

TEST(AreaCode, LevelsByLength) {
  EXPECT_EQ(ParseAreaCode("440305")->level, AreaLevel::kCounty);         // 南山区
  EXPECT_EQ(ParseAreaCode("440305007")->level, AreaLevel::kTownship);    // a street
  EXPECT_EQ(ParseAreaCode("440305007001")->level, AreaLevel::kVillage);  // a community
  EXPECT_EQ(ParseAreaCode("440305007001")->county(), "440305");
  EXPECT_FALSE(ParseAreaCode("4403"));
  EXPECT_FALSE(ParseAreaCode("44030500700"));
  EXPECT_FALSE(ParseAreaCode("990305"));
  EXPECT_FALSE(ParseAreaCode("44030a"));
}

TEST(Masking, KeepsOnlyTheEnds) {
  EXPECT_EQ(MaskCitizenId("44030519900101123X"), "44***************X");
  EXPECT_EQ(BirthYear("1990-01-01"), "1990");
  EXPECT_EQ(MaskMobile("13812345678"), "138****5678");
  EXPECT_EQ(MaskMobile("123"), "***");
}

// Issue #12: what a list, an export or an audit snapshot shows of a person — the masked
// number, gender and birth year — leaves at least 1,000 candidate numbers, even for an
// attacker who knows the county as well (the worst case: 8100xx residence permits, or a
// Shenzhen district). The former mask (first 4 and last 4) left about 33 here, and one
// with the birth date that lists showed beside it.
TEST(Masking, WhatIsShownLeavesAtLeastAThousandCandidates) {
  for (const char* id : {"44030519900101123X", "440305198507150021", "810000199912310012"}) {
    auto parsed = ParseCitizenId(id);
    ASSERT_TRUE(parsed) << id;
    const std::string shown = MaskCitizenId(id);
    const std::string year = std::to_string(parsed->birth_year);
    const std::string county = parsed->area_code;  // assumed known to the attacker
    int64_t candidates = 0;
    for (int month = 1; month <= 12; ++month)
      for (int day = 1; day <= 31; ++day) {
        char date[40];  // roomy: the compiler cannot see the ranges
        std::snprintf(date, sizeof date, "%s%02d%02d", year.c_str(), month, day);
        std::string prefix = county + date;
        if (!ParseCitizenId(prefix + "000" + CitizenIdCheck(prefix + "000")))
          continue;  // not a real date
        for (int seq = 0; seq < 1000; ++seq) {
          if ((seq % 2 == 1) != parsed->male) continue;  // the gender is shown
          char digits[16];
          std::snprintf(digits, sizeof digits, "%03d", seq);
          std::string first17 = prefix + digits;
          std::string candidate = first17 + CitizenIdCheck(first17);
          if (MaskCitizenId(candidate) == shown) ++candidates;
        }
      }
    EXPECT_GE(candidates, 1000) << id;
  }
}

}  // namespace
}  // namespace jiceng::domain
