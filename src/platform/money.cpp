#include "platform/money.h"

#include <limits>

namespace jiceng {
namespace {

tl::unexpected<Error> OutOfRange(std::string field) {
  return Fail(ErrorKind::kBadInput, "amount_out_of_range", "金额超出范围 / amount out of range",
              std::move(field));
}

tl::unexpected<Error> Malformed(std::string field, const char* what) {
  return Fail(ErrorKind::kBadInput, "invalid_amount",
              std::string("金额格式不正确（") + what + "）/ malformed amount", std::move(field));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A strict decimal: "0" or a digit string without leading zeros, then optionally "." and
// 1..max_decimals digits. Returns the value scaled by 10^scale (scale ≥ max_decimals), or
// an error naming `field`.
Result<int64_t> ParseScaled(std::string_view text, int max_decimals, int scale,
                            const std::string& field) {
  if (text.empty()) return Malformed(field, "为空 / empty");
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty()) return Malformed(field, "缺少整数部分 / no whole part");
  for (char c : whole)
    if (!IsDigit(c)) return Malformed(field, "只能包含数字和小数点 / digits and one point only");
  if (whole.size() > 1 && whole[0] == '0') return Malformed(field, "前导零 / leading zero");
  if (dot != std::string_view::npos) {
    if (frac.empty()) return Malformed(field, "小数点后缺少数字 / no digits after the point");
    if (frac.size() > static_cast<size_t>(max_decimals))
      return Malformed(field, "小数位过多 / too many decimals");
    for (char c : frac)
      if (!IsDigit(c)) return Malformed(field, "只能包含数字和小数点 / digits and one point only");
  }
  int64_t value = 0;
  for (char c : whole) {
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_add_overflow(value, int64_t{c - '0'}, &value))
      return OutOfRange(field);
  }
  for (int i = 0; i < scale; ++i) {
    int64_t digit = i < static_cast<int>(frac.size()) ? frac[static_cast<size_t>(i)] - '0' : 0;
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_add_overflow(value, digit, &value))
      return OutOfRange(field);
  }
  return value;
}

// |v| as unsigned, defined for INT64_MIN too.
uint64_t Magnitude(int64_t v) {
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

std::string Digits(uint64_t v) { return std::to_string(v); }

std::string TwoDigits(uint64_t v) {
  std::string s = std::to_string(v % 100);
  return s.size() == 1 ? "0" + s : s;
}

}  // namespace

Result<Rate> Rate::ParsePercent(std::string_view text, std::string field) {
  // percent × 10,000 = ppm: four decimals of a percent are whole ppm.
  auto scaled = ParseScaled(text, 4, 4, field);
  if (!scaled) return tl::unexpected(scaled.error());
  if (*scaled > 1'000'000)
    return Fail(ErrorKind::kBadInput, "invalid_rate", "比例不能超过100% / rate above 100%",
                std::move(field));
  return Rate(*scaled);
}

std::string Rate::ToPercentString() const {
  std::string out = std::to_string(ppm_ / 10'000);
  int64_t frac = ppm_ % 10'000;
  if (frac) {
    std::string f = std::to_string(frac);
    f.insert(0, 4 - f.size(), '0');
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out + "%";
}

Result<Money> Money::Yuan(int64_t yuan) {
  int64_t fen = 0;
  if (__builtin_mul_overflow(yuan, int64_t{100}, &fen)) return OutOfRange("amount");
  return Money(fen);
}

Result<Money> Money::ParseYuan(std::string_view text, std::string field, bool allow_negative) {
  bool minus = !text.empty() && text.front() == '-';
  if (minus) {
    if (!allow_negative)
      return Fail(ErrorKind::kBadInput, "negative_amount",
                  "金额不能为负 / amount cannot be negative", std::move(field));
    text.remove_prefix(1);
  }
  auto fen = ParseScaled(text, 2, 2, field);
  if (!fen) return tl::unexpected(fen.error());
  return Money(minus ? -*fen : *fen);
}

Result<Money> Money::Plus(Money other) const {
  int64_t out = 0;
  if (__builtin_add_overflow(fen_, other.fen_, &out)) return OutOfRange("amount");
  return Money(out);
}

Result<Money> Money::Minus(Money other) const {
  int64_t out = 0;
  if (__builtin_sub_overflow(fen_, other.fen_, &out)) return OutOfRange("amount");
  return Money(out);
}

Result<Money> Money::Times(int64_t factor) const {
  int64_t out = 0;
  if (__builtin_mul_overflow(fen_, factor, &out)) return OutOfRange("amount");
  return Money(out);
}

Result<Money> Money::Times(Rate rate) const {
  __int128 product = static_cast<__int128>(fen_) * rate.ppm();
  bool neg = product < 0;
  unsigned __int128 magnitude =
      neg ? static_cast<unsigned __int128>(-product) : static_cast<unsigned __int128>(product);
  unsigned __int128 rounded = (magnitude + 500'000) / 1'000'000;  // half away from zero
  // The int64 range is one wider below zero: −2^63 fen is representable, +2^63 is not.
  unsigned __int128 limit =
      static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()) + (neg ? 1 : 0);
  if (rounded > limit) return OutOfRange("amount");
  auto bits = static_cast<uint64_t>(rounded);
  return Money(static_cast<int64_t>(neg ? uint64_t{0} - bits : bits));
}

std::string Money::ToYuanString() const {
  uint64_t m = Magnitude(fen_);
  return (fen_ < 0 ? "-" : "") + Digits(m / 100) + "." + TwoDigits(m);
}

std::string Money::ToDisplayString() const {
  uint64_t m = Magnitude(fen_);
  std::string whole = Digits(m / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return std::string(fen_ < 0 ? "-" : "") + "¥" + grouped + "." + TwoDigits(m);
}

}  // namespace jiceng
