// Money as an integer number of fen (分, 1/100 yuan), never floating point: dues, budgets,
// subsidies and payments all add, subtract and apply rates exactly.
//
// - Arithmetic is checked: an overflow of the int64 range is an Error, not a wrap.
// - A rate is an exact fraction in parts per million (ppm): 0.5% is 5,000 ppm, 1.5% is
//   15,000 ppm. Applying it rounds half away from zero to the fen ("四舍五入", what the
//   2008 dues rules and the finance rules mean by rounding): 12.345 → 12.35, −12.345 → −12.35.
// - Text: "12.34", "12.3" and "12" parse as yuan, strictly (no "¥", no separators, no
//   spaces, no "+", no third decimal, no leading zeros); amounts format as "1234.56" for
//   machines and "¥1,234.56" for people.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng {

// An exact rate in parts per million, 0 ≤ rate; e.g. Rate::Ppm(15'000) is 1.5%.
class Rate {
 public:
  constexpr Rate() = default;
  static constexpr Rate Ppm(int64_t ppm) { return Rate(ppm); }
  // "1.5" → 1.5% (15,000 ppm); up to four decimals, 0 ≤ percent ≤ 100, strictly as ParseYuan.
  static Result<Rate> ParsePercent(std::string_view text, std::string field = "rate");
  constexpr int64_t ppm() const { return ppm_; }
  // "1.5%" (shortest exact form).
  std::string ToPercentString() const;
  friend constexpr auto operator<=>(const Rate&, const Rate&) = default;

 private:
  constexpr explicit Rate(int64_t ppm) : ppm_(ppm) {}
  int64_t ppm_ = 0;
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money Fen(int64_t fen) { return Money(fen); }
  // Whole yuan; an Error when yuan × 100 leaves the int64 range.
  static Result<Money> Yuan(int64_t yuan);
  // "12.34" / "12.3" / "12" yuan; a leading "-" only with allow_negative. Errors are
  // 400 invalid_amount (malformed) or amount_out_of_range, naming `field`.
  static Result<Money> ParseYuan(std::string_view text, std::string field = "amount",
                                 bool allow_negative = false);

  constexpr int64_t fen() const { return fen_; }
  constexpr bool negative() const { return fen_ < 0; }

  // Checked arithmetic: amount_out_of_range when the result leaves the int64 range of fen.
  Result<Money> Plus(Money other) const;
  Result<Money> Minus(Money other) const;
  Result<Money> Times(int64_t factor) const;
  // This amount × rate, rounded half away from zero to the fen (the intermediate product
  // is exact in 128 bits).
  Result<Money> Times(Rate rate) const;

  // "1234.56", "-0.05", "12.00": always two decimals, no separators (for CSV and JSON).
  std::string ToYuanString() const;
  // "¥1,234.56", "-¥0.05": for people.
  std::string ToDisplayString() const;

  friend constexpr auto operator<=>(const Money&, const Money&) = default;

 private:
  constexpr explicit Money(int64_t fen) : fen_(fen) {}
  int64_t fen_ = 0;
};

}  // namespace jiceng
