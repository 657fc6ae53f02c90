#include "domain/accounts.h"

#include <algorithm>
#include <cctype>

#include "platform/crypto.h"
#include "platform/utf8.h"

namespace jiceng::domain {

Status ValidateUsername(const std::string& u) {
  auto ok_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  if (u.size() < 3 || u.size() > 32 || !std::all_of(u.begin(), u.end(), ok_char) ||
      !std::isalnum(static_cast<unsigned char>(u[0])))
    return BadInput("username",
                    "用户名须为3–32位小写字母、数字或 . _ - / username must be 3–32 lower-case "
                    "letters, digits, '.', '_' or '-'");
  return {};
}

Status ValidateDisplayName(const std::string& name) {
  // The shared name rule (no control, separator or bidi characters), then the length.
  if (!IsValidUtf8(name) || HasUnsafeNameChars(name))
    return BadInput("display_name",
                    "姓名含有控制字符或非法字符 / display name has control or invalid characters");
  size_t n = Utf8Length(name);
  if (n == 0 || n > 64 || name.find_first_not_of(' ') == std::string::npos)
    return BadInput("display_name",
                    "姓名长度须为1–64个字符 / display name must be 1–64 characters");
  return {};
}

Status ValidatePassword(const std::string& password, const std::string& username) {
  auto policy_error = [] {
    return Fail(ErrorKind::kRuleBroken, "weak_password",
                "密码至少10位，且包含大写字母、小写字母、数字、符号中的至少3类 / password needs "
                "10+ characters from 3 of: upper case, lower case, digits, symbols",
                "password");
  };
  if (!IsValidUtf8(password) || HasControlChars(password))
    return BadInput("password", "密码含有非法字符 / password has invalid characters");
  size_t n = Utf8Length(password);
  if (n < 10 || n > 128) return policy_error();
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      other = true;
  }
  if (lower + upper + digit + other < 3) return policy_error();
  if (!username.empty()) {
    std::string lower_pw = password;
    std::transform(lower_pw.begin(), lower_pw.end(), lower_pw.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower_pw.find(username) != std::string::npos)
      return Fail(ErrorKind::kRuleBroken, "weak_password",
                  "密码不能包含用户名 / password must not contain the username", "password");
  }
  return {};
}

std::string GeneratePassword() {
  // 16 random base64url characters (96 bits); about 7% of draws miss a character class,
  // so draw again until the policy holds.
  for (;;) {
    std::string candidate = crypto::RandomToken(12);
    // Not starting with '-', which a shell or a CLI would read as an option.
    if (candidate[0] != '-' && ValidatePassword(candidate, "")) return candidate;
  }
}

}  // namespace jiceng::domain
