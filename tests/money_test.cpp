// platform/money.h: integer fen, checked arithmetic, rates with half-up rounding, strict
// parsing and yuan formatting.
#include <gtest/gtest.h>

#include <limits>

#include "platform/money.h"

namespace jiceng {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

std::string ErrorCodeOf(const Result<Money>& r) { return r ? "" : r.error().code; }

TEST(Money, ParsesYuanStrictly) {
  EXPECT_EQ(Money::ParseYuan("12.34")->fen(), 1234);
  EXPECT_EQ(Money::ParseYuan("12")->fen(), 1200);
  EXPECT_EQ(Money::ParseYuan("12.3")->fen(), 1230);
  EXPECT_EQ(Money::ParseYuan("0.05")->fen(), 5);
  EXPECT_EQ(Money::ParseYuan("0")->fen(), 0);
  EXPECT_EQ(Money::ParseYuan("92233720368547758.07")->fen(), kMax);
  for (const char* bad : {"", "-", ".", ".5", "12.", "12.345", "1,234.56", "¥12", "+12", " 12",
                          "12 ", "012", "00.5", "1e3", "12.3a", "12..3", "１２", "0x10", "NaN"}) {
    auto r = Money::ParseYuan(bad, "amount");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadInput) << bad;
    EXPECT_EQ(r.error().field, "amount") << bad;
    EXPECT_NE(r.error().message.find(" / "), std::string::npos) << bad;  // 中文 / English
  }
  EXPECT_EQ(ErrorCodeOf(Money::ParseYuan("12.345")), "invalid_amount");
  EXPECT_EQ(ErrorCodeOf(Money::ParseYuan("92233720368547758.08")), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::ParseYuan("99999999999999999999999")), "amount_out_of_range");
}

TEST(Money, NegativeOnlyWhenAllowed) {
  auto refused = Money::ParseYuan("-1.50", "refund");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "negative_amount");
  EXPECT_EQ(refused.error().field, "refund");
  EXPECT_EQ(Money::ParseYuan("-1.50", "refund", true)->fen(), -150);
  EXPECT_EQ(Money::ParseYuan("-0.01", "refund", true)->fen(), -1);
  EXPECT_FALSE(Money::ParseYuan("--1", "refund", true));
  EXPECT_FALSE(Money::ParseYuan("-", "refund", true));
  EXPECT_TRUE(Money::Fen(-1).negative());
}

TEST(Money, FormatsAsYuan) {
  EXPECT_EQ(Money::Fen(123456).ToYuanString(), "1234.56");
  EXPECT_EQ(Money::Fen(123456).ToDisplayString(), "¥1,234.56");
  EXPECT_EQ(Money::Fen(5).ToYuanString(), "0.05");
  EXPECT_EQ(Money::Fen(5).ToDisplayString(), "¥0.05");
  EXPECT_EQ(Money::Fen(1200).ToYuanString(), "12.00");
  EXPECT_EQ(Money::Fen(0).ToDisplayString(), "¥0.00");
  EXPECT_EQ(Money::Fen(-5).ToYuanString(), "-0.05");
  EXPECT_EQ(Money::Fen(-123456789).ToDisplayString(), "-¥1,234,567.89");
  EXPECT_EQ(Money::Fen(100000000).ToDisplayString(), "¥1,000,000.00");
  EXPECT_EQ(Money::Fen(99999).ToDisplayString(), "¥999.99");
  EXPECT_EQ(Money::Fen(kMax).ToYuanString(), "92233720368547758.07");
  EXPECT_EQ(Money::Fen(kMin).ToYuanString(), "-92233720368547758.08");
  EXPECT_EQ(Money::Fen(kMin).ToDisplayString(), "-¥92,233,720,368,547,758.08");
  // What formats parses back.
  for (int64_t fen : {int64_t{0}, int64_t{7}, int64_t{1234}, int64_t{-99}, kMax})
    EXPECT_EQ(Money::ParseYuan(Money::Fen(fen).ToYuanString(), "x", true)->fen(), fen) << fen;
}

TEST(Money, CheckedArithmetic) {
  EXPECT_EQ(Money::Fen(150).Plus(Money::Fen(275))->fen(), 425);
  EXPECT_EQ(Money::Fen(150).Minus(Money::Fen(275))->fen(), -125);
  EXPECT_EQ(Money::Fen(150).Times(int64_t{3})->fen(), 450);
  EXPECT_EQ(Money::Yuan(12)->fen(), 1200);
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMax).Plus(Money::Fen(1))), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMin).Minus(Money::Fen(1))), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMax / 2 + 1).Times(int64_t{2})), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMin).Times(int64_t{-1})), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::Yuan(kMax / 10)), "amount_out_of_range");
  EXPECT_TRUE(Money::Fen(kMax).Minus(Money::Fen(kMax)));
  EXPECT_LT(Money::Fen(1), Money::Fen(2));
  EXPECT_EQ(Money::Fen(3), Money::Fen(3));
}

TEST(Money, RatesRoundHalfAwayFromZeroToTheFen) {
  auto half = *Rate::ParsePercent("0.5");
  auto one = *Rate::ParsePercent("1");
  auto one_half = *Rate::ParsePercent("1.5");
  auto two = *Rate::ParsePercent("2");
  EXPECT_EQ(half.ppm(), 5'000);
  EXPECT_EQ(one_half.ppm(), 15'000);
  // The dues table applied to the whole monthly income (DESIGN.md "Money").
  EXPECT_EQ(Money::Fen(300000).Times(half)->fen(), 1500);       // 3,000.00 → 15.00
  EXPECT_EQ(Money::Fen(450000).Times(one)->fen(), 4500);        // 4,500.00 → 45.00
  EXPECT_EQ(Money::Fen(823456).Times(one_half)->fen(), 12352);  // 123.5184 → 123.52
  EXPECT_EQ(Money::Fen(1234567).Times(two)->fen(), 24691);      // 246.9134 → 246.91
  // Exactly half a fen rounds up (away from zero), just under half rounds down.
  EXPECT_EQ(Money::Fen(1).Times(Rate::Ppm(500'000))->fen(), 1);    // 0.5 fen → 1
  EXPECT_EQ(Money::Fen(3).Times(Rate::Ppm(500'000))->fen(), 2);    // 1.5 fen → 2
  EXPECT_EQ(Money::Fen(999).Times(half)->fen(), 5);                // 4.995 → 5
  EXPECT_EQ(Money::Fen(899).Times(half)->fen(), 4);                // 4.495 → 4
  EXPECT_EQ(Money::Fen(-1).Times(Rate::Ppm(500'000))->fen(), -1);  // −0.5 → −1
  EXPECT_EQ(Money::Fen(-899).Times(half)->fen(), -4);
  EXPECT_EQ(Money::Fen(kMax).Times(Rate::Ppm(1'000'000))->fen(), kMax);  // exact in 128 bits
  EXPECT_EQ(Money::Fen(kMax).Times(*Rate::ParsePercent("100"))->fen(), kMax);
  EXPECT_EQ(Money::Fen(kMin).Times(Rate::Ppm(1'000'000))->fen(), kMin);
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMax).Times(Rate::Ppm(2'000'000))), "amount_out_of_range");
  EXPECT_EQ(ErrorCodeOf(Money::Fen(kMin).Times(Rate::Ppm(2'000'000))), "amount_out_of_range");
  EXPECT_EQ(Money::Fen(kMax).Times(Rate::Ppm(0))->fen(), 0);
}

TEST(Money, RatesParseStrictly) {
  EXPECT_EQ(Rate::ParsePercent("0.0001")->ppm(), 1);
  EXPECT_EQ(Rate::ParsePercent("100")->ppm(), 1'000'000);
  EXPECT_EQ(Rate::ParsePercent("1.5")->ToPercentString(), "1.5%");
  EXPECT_EQ(Rate::ParsePercent("0.05")->ToPercentString(), "0.05%");
  EXPECT_EQ(Rate::ParsePercent("2")->ToPercentString(), "2%");
  for (const char* bad : {"", "100.0001", "101", "0.00001", "-1", "1.5%", " 1", ".5", "01"}) {
    auto r = Rate::ParsePercent(bad, "rate");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadInput) << bad;
    EXPECT_EQ(r.error().field, "rate") << bad;
  }
}

}  // namespace
}  // namespace jiceng
