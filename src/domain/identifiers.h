// Chinese national identifiers, validated by their standards. Pure functions.
//
// - Citizen ID number (公民身份号码), GB 11643-1999: 17 digits + ISO 7064 MOD 11-2 check
//   character (0-9 or X). The first two digits must be a province of GB/T 2260 (11-15,
//   21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82); below that the area part is not checked
//   against a list: retired area codes stay valid for life. Residence permits for Hong
//   Kong, Macao and Taiwan residents use 810000 / 820000 / 830000 and the same check. The
//   birth date (digits 7-14) is a real day, not after today.
// - Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a
//   31-character alphabet (no I, O, Z, S, V), weights 3^i mod 31, with the 9-character
//   organization code of GB 11714 embedded at positions 9-17 and its own check. The first
//   character is a registering authority of the standard's table (as amended: 1 机构编制,
//   2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商/市场监管,
//   A 中央军委改革和编制办公室, N 农业, Y 其他) and the second a kind of organization
//   that authority registers.
// - Mobile numbers: 11 digits matching 1[3-9]xxxxxxxxx after removing +86 / 0086 / 86,
//   spaces and dashes.
// - Statistical area codes of the National Bureau of Statistics: 6 (county, GB/T 2260),
//   9 (township/street) or 12 (community/village) digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "platform/error.h"

namespace jiceng::domain {

// Whether every character of `s` is an ASCII digit (true for "").
bool AllDigits(std::string_view s);

struct CitizenId {
  std::string number;     // normalized: 18 characters, upper-case X
  std::string area_code;  // first 6 digits
  int birth_year = 0, birth_month = 0, birth_day = 0;
  bool male = false;              // the 17th digit is odd for men
  bool residence_permit = false;  // 810000/820000/830000 (HK, Macao, Taiwan residents)
};

// The check character (0-9 or 'X') for the first 17 digits of a citizen ID.
char CitizenIdCheck(std::string_view first17);
// Validates and decodes; 400 `invalid_field` on field `field` with the reason otherwise.
// With `today` ("YYYY-MM-DD"), a birth date after it makes the number invalid.
Result<CitizenId> ParseCitizenId(std::string_view text, const char* field = "national_id",
                                 std::string_view today = {});
// Whether `code` is a province-level code of GB/T 2260 (the first two digits of an area
// code or an ID number; 83, used by Taiwan residents' permits, is not one).
bool IsProvinceCode(int code);

// The GB 32100 check character for the first 17 characters, or '\0' if one is outside the
// alphabet.
char CreditCodeCheck(std::string_view first17);
// The GB 11714 check character for an 8-character organization code body, or '\0'.
char OrganizationCodeCheck(std::string_view body8);
// A valid credit code from its first 8 characters (registering department, unit kind,
// 6-digit area code) and an 8-character organization code body: both checks appended.
std::string CreditCodeFrom(std::string_view first8, std::string_view body8);
// Validates a unified social credit code (upper-cases it first); returns it normalized.
Result<std::string> ParseCreditCode(std::string_view text, const char* field = "credit_code");

// Normalizes to the bare 11 digits, or an error.
Result<std::string> ParseMobile(std::string_view text, const char* field = "mobile");

enum class AreaLevel { kCounty = 6, kTownship = 9, kVillage = 12 };
struct AreaCode {
  std::string code;
  AreaLevel level;
  std::string county() const { return code.substr(0, 6); }
};
// A 6/9/12-digit code whose province part is a province of GB/T 2260.
Result<AreaCode> ParseAreaCode(std::string_view text, const char* field = "area_code");

// Masks for lists, exports and audit snapshots: "44***************X", "138****5678".
//
// What a mask leaves must not narrow the person's full number to fewer than 1,000
// candidates, together with what the same row shows beside it (gender, birth year —
// never the full birth date next to a masked number; see identifiers.cpp).
std::string MaskCitizenId(std::string_view number);
std::string MaskMobile(std::string_view mobile);

// The birth year ("1990") shown beside a masked number instead of the birth date.
std::string BirthYear(std::string_view birth_date);

}  // namespace jiceng::domain
