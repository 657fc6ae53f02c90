#include "domain/identifiers.h"

#include "platform/clock.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace jiceng::domain {
bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

namespace {

int ToInt(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool ValidDate(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= DaysInMonth(y, m);
}

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int CreditValue(char c) {
  auto pos = kCreditAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// GB 11714 characters: digits and A-Z (10-35).
int OrgCodeValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

tl::unexpected<Error> Invalid(const char* field, const std::string& zh, const std::string& en) {
  return BadInput(field, zh + " / " + en);
}

// "YYYY-MM-DD" → "YYYYMMDD", as the date is written inside an ID number.
std::string CompactDate(std::string_view date) {
  std::string out;
  for (char c : date)
    if (c != '-') out += c;
  return out;
}

// GB 32100-2015 table 1 (registering authorities, first character) with the kinds of
// organization each registers (second character), as amended by the code's administrators:
// 1 机构编制: 1 机关, 2 事业单位, 3 编办直管群众团体, 9 其他; 2 外交: 1 外国常驻新闻机构,
// 9 其他; 3 司法行政: 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构,
// 5 仲裁委员会, 9 其他; 4 文化: 1 外国在华文化中心, 9 其他; 5 民政: 1 社会团体,
// 2 民办非企业单位, 3 基金会, 9 其他; 6 旅游: 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游
// 部门常驻内地代表机构, 9 其他; 7 宗教: 1 宗教活动场所, 2 宗教院校, 9 其他; 8 工会:
// 1 基层工会, 9 其他; 9 工商（市场监管）: 1 企业, 2 个体工商户, 3 农民专业合作社;
// A 中央军委改革和编制办公室: 1 军队事业单位, 9 其他; N 农业: 1 组级、2 村级、3 乡镇级
// 集体经济组织, 9 其他; Y 其他: 1.
struct Authority {
  char code;
  std::string_view kinds;
};
constexpr Authority kAuthorities[] = {{'1', "1239"}, {'2', "19"},  {'3', "123459"}, {'4', "19"},
                                      {'5', "1239"}, {'6', "129"}, {'7', "129"},    {'8', "19"},
                                      {'9', "123"},  {'A', "19"},  {'N', "1239"},   {'Y', "1"}};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

char CitizenIdCheck(std::string_view first17) {
  // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11 for i = 0..16.
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kChecks = "10X98765432";
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

bool IsProvinceCode(int code) {
  // GB/T 2260: 北京 11 … 内蒙古 15; 辽宁 21 … 黑龙江 23; 上海 31 … 山东 37; 河南 41 … 海南 46;
  // 重庆 50 … 西藏 54; 陕西 61 … 新疆 65; 台湾 71; 香港 81; 澳门 82.
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

Result<CitizenId> ParseCitizenId(std::string_view text, const char* field, std::string_view today) {
  std::string n = Upper(Trim(text));
  if (n.size() != 18 || !AllDigits(std::string_view(n).substr(0, 17)) ||
      !(std::isdigit(static_cast<unsigned char>(n[17])) || n[17] == 'X'))
    return Invalid(field, "公民身份号码应为18位（末位可为X）", "a citizen ID has 18 characters");
  CitizenId id;
  id.birth_year = ToInt(std::string_view(n).substr(6, 4));
  id.birth_month = ToInt(std::string_view(n).substr(10, 2));
  id.birth_day = ToInt(std::string_view(n).substr(12, 2));
  if (id.birth_year < 1800 || id.birth_year > 2200 ||
      !ValidDate(id.birth_year, id.birth_month, id.birth_day))
    return Invalid(field, "公民身份号码中的出生日期无效", "the birth date in the ID is invalid");
  // GB 11643 digits 7-14 are the date of birth: a number born after today was never issued.
  if (!today.empty() && std::string_view(n).substr(6, 8) > CompactDate(today))
    return Invalid(field, "公民身份号码中的出生日期晚于今天",
                   "the birth date in the ID is in the future");
  // GB 11643 digits 1-6 are an area code of GB/T 2260: its first two name a province.
  // Below the province nothing is checked (retired county codes stay valid for life);
  // 83 exists only as Taiwan residents' residence permits, 830000.
  int province = ToInt(std::string_view(n).substr(0, 2));
  if (!IsProvinceCode(province) && n.compare(0, 6, "830000") != 0)
    return Invalid(field, "公民身份号码的地址码无效（省级代码不在 GB/T 2260 中）",
                   "the area code of the ID is invalid (no such province in GB/T 2260)");
  if (CitizenIdCheck(std::string_view(n).substr(0, 17)) != n[17])
    return Invalid(field, "公民身份号码校验位错误", "the ID's check character is wrong");
  id.area_code = n.substr(0, 6);
  id.male = (n[16] - '0') % 2 == 1;
  id.residence_permit =
      id.area_code == "810000" || id.area_code == "820000" || id.area_code == "830000";
  id.number = std::move(n);
  return id;
}

char OrganizationCodeCheck(std::string_view body8) {
  static constexpr std::array<int, 8> kWeights{3, 7, 9, 10, 5, 8, 4, 2};
  if (body8.size() != 8) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    int v = OrgCodeValue(body8[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  int c = 11 - sum % 11;
  if (c == 10) return 'X';
  if (c == 11) return '0';
  return static_cast<char>('0' + c);
}

char CreditCodeCheck(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0, weight = 1;
  for (size_t i = 0; i < 17; ++i) {
    int v = CreditValue(first17[i]);
    if (v < 0) return '\0';
    sum += v * weight;
    weight = weight * 3 % 31;
  }
  int c = 31 - sum % 31;
  return kCreditAlphabet[c == 31 ? 0 : c];
}

Result<std::string> ParseCreditCode(std::string_view text, const char* field) {
  std::string code = Upper(Trim(text));
  if (code.size() != 18)
    return Invalid(field, "统一社会信用代码应为18位",
                   "a unified social credit code has 18 characters");
  for (char c : code)
    if (CreditValue(c) < 0)
      return Invalid(field, "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）",
                     "the code has a character outside its alphabet (no I, O, Z, S, V)");
  const Authority* authority = nullptr;
  for (const auto& a : kAuthorities)
    if (a.code == code[0]) authority = &a;
  if (!authority)
    return Invalid(field,
                   "统一社会信用代码的登记管理部门代码（第1位）无效，应为1-9、A、N或Y（GB "
                   "32100）",
                   "the first character is no registering authority of GB 32100");
  if (authority->kinds.find(code[1]) == std::string_view::npos)
    return Invalid(field,
                   std::string("统一社会信用代码的机构类别代码（第2位）与登记管理部门不符，"
                               "登记管理部门") +
                       code[0] + " 的机构类别为 " + std::string(authority->kinds) + "（GB 32100）",
                   std::string("the second character is no kind of organization registered by "
                               "authority ") +
                       code[0]);
  if (!AllDigits(std::string_view(code).substr(2, 6)))
    return Invalid(field, "统一社会信用代码的登记管理机关行政区划码应为6位数字",
                   "characters 3-8 must be an administrative division code");
  if (OrganizationCodeCheck(std::string_view(code).substr(8, 8)) != code[16])
    return Invalid(field, "统一社会信用代码中的组织机构代码校验位错误",
                   "the embedded organization code's check character is wrong");
  if (CreditCodeCheck(std::string_view(code).substr(0, 17)) != code[17])
    return Invalid(field, "统一社会信用代码校验位错误", "the code's check character is wrong");
  return code;
}

Result<std::string> ParseMobile(std::string_view text, const char* field) {
  std::string digits;
  std::string_view t = Trim(text);
  if (t.rfind("+86", 0) == 0) {
    t.remove_prefix(3);
  } else if (t.rfind("0086", 0) == 0) {
    t.remove_prefix(4);
  }
  for (char c : t) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9')
      return Invalid(field, "手机号码只能包含数字", "a mobile number has digits only");
    digits += c;
  }
  if (digits.size() == 13 && digits.rfind("86", 0) == 0) digits.erase(0, 2);
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3')
    return Invalid(field, "手机号码应为以13-19开头的11位数字",
                   "a mobile number has 11 digits starting 13-19");
  return digits;
}

Result<AreaCode> ParseAreaCode(std::string_view text, const char* field) {
  std::string_view t = Trim(text);
  if ((t.size() != 6 && t.size() != 9 && t.size() != 12) || !AllDigits(t))
    return Invalid(field, "区划代码应为6、9或12位数字", "an area code has 6, 9 or 12 digits");
  if (!IsProvinceCode(ToInt(t.substr(0, 2))))
    return Invalid(field, "区划代码的省级部分无效",
                   "the province part of the area code is invalid");
  return AreaCode{std::string(t), static_cast<AreaLevel>(t.size())};
}

// Keeps the province (2 digits) and the check character; masks the county, the birth date
// and the sequence number.
//
// Why this many (issue #12): the former mask kept the first 4 and last 4 characters and
// lists showed the full birth date beside it. That left the county's last 2 digits (a
// dozen codes under 4403) and nothing else unknown, and the shown check character cut
// those to about one: every row of an export resolved to exactly one ID number.
//
// Now, with what a list, an export or an audit snapshot shows of a person (this mask,
// gender, birth year), in the worst case — an attacker who knows the county as well,
// e.g. 810000 for a Hong Kong residence permit, where the province fixes the whole area
// code — the unknowns are:
//   birth day within the year        365 (366)
//   sequence number (3 digits)       1,000, halved by the gender (its last digit's parity) = 500
//   check character shown            keeps 1 candidate in 11
// so 365 × 500 / 11 ≈ 16,600 candidates, and ≈ 1,360 even if the birth month were known
// too. Not knowing the county multiplies this by the number of counties in the province
// (Guangdong: over 120). The birth year rather than the age: an age changes on the
// birthday, so watching it (or comparing two exports) would give the birth date away.
std::string MaskCitizenId(std::string_view number) {
  if (number.size() < 8) return std::string(number.size(), '*');
  std::string out(number);
  for (size_t i = 2; i + 1 < out.size(); ++i) out[i] = '*';
  return out;
}

std::string BirthYear(std::string_view birth_date) {
  if (birth_date.size() < 4) return "";
  return std::string(birth_date.substr(0, 4));
}

// Keeps 7 of 11 digits (the customary 138****5678): the 4 masked digits leave 10^4
// candidates, more than the 1,000 floor; nothing else shown narrows them.
std::string MaskMobile(std::string_view mobile) {
  if (mobile.size() != 11) return std::string(mobile.size(), '*');
  std::string out(mobile);
  for (size_t i = 3; i < 7; ++i) out[i] = '*';
  return out;
}

std::string CreditCodeFrom(std::string_view first8, std::string_view body8) {
  std::string code(first8);
  code += body8;
  code += OrganizationCodeCheck(body8);
  code += CreditCodeCheck(code);
  return code;
}

}  // namespace jiceng::domain
