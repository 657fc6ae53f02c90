#include "platform/config.h"

#include <cctype>
#include <sstream>

#include <toml++/toml.h>
#include <charconv>
#include <cstdlib>

namespace jiceng {
namespace {

tl::unexpected<Error> ConfigError(const std::string& key, const std::string& why) {
  return Fail(ErrorKind::kBadInput, "invalid_config", key + ": " + why, key);
}

Status ParseBool(const std::string& key, const std::string& v, bool& out) {
  if (v == "1" || v == "true" || v == "yes") {
    out = true;
  } else if (v == "0" || v == "false" || v == "no") {
    out = false;
  } else {
    return ConfigError(key, "expected true or false");
  }
  return {};
}

template <class Int>
Status ParseInt(const std::string& key, const std::string& v, Int& out, int64_t lo, int64_t hi) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi)
    return ConfigError(
        key, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  out = static_cast<Int>(n);
  return {};
}

// One table of every setting: its TOML key, its environment variable, and how to set it
// from text. Files and the environment go through the same setters.
struct Setting {
  const char* toml_key;
  const char* env;
  Status (*set)(Config&, const std::string& key, const std::string& value);
};

const Setting kSettings[] = {
    {"store.db", "JICENG_DB",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.db_url = v;
       return {};
     }},
    {"store.threads", "JICENG_STORE_THREADS",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.store_threads, 1, 256);
     }},
    {"store.attachments_dir", "JICENG_ATTACHMENTS_DIR",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.attachments_dir = v;
       return {};
     }},
    {"text.dict_dir", "JICENG_TEXT_DICT_DIR",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.text_dict_dir = v;
       return {};
     }},
    {"residents.sms_outbox", "JICENG_SMS_OUTBOX",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.sms_outbox = v;
       return {};
     }},
    {"centers.reminder_hours", "JICENG_REMINDER_HOURS",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.reminder_hours, 0, 7 * 24);
     }},
    {"server.listen", "JICENG_LISTEN",
     [](Config& c, const std::string&, const std::string& v) { return ParseListen(v, c); }},
    {"server.web_dir", "JICENG_WEB_DIR",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.web_dir = v;
       return {};
     }},
    {"server.map_tile_origins", "JICENG_MAP_TILE_ORIGINS",
     [](Config& c, const std::string& k, const std::string& v) -> Status {
       // Each an https origin of host characters only: the value goes into a CSP header.
       std::string out, word;
       std::istringstream in(v);
       while (in >> word) {
         bool ok = word.rfind("https://", 0) == 0 && word.size() > 8;
         for (size_t i = 8; ok && i < word.size(); ++i) {
           const char ch = word[i];
           ok = std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' ||
                ch == ':' || (ch == '*' && i == 8);
         }
         if (!ok)
           return BadInput(k, k + ": each origin is https://host[:port] (got '" + word + "')");
         out += (out.empty() ? "" : " ") + word;
       }
       c.map_tile_origins = out;
       return {};
     }},
    {"server.io_threads", "JICENG_IO_THREADS",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.io_threads, 0, 256);
     }},
    {"server.max_body_bytes", "JICENG_MAX_BODY_BYTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.max_body_bytes, 1024, 1LL << 30);
     }},
    {"server.max_upload_bytes", "JICENG_MAX_UPLOAD_BYTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.max_upload_bytes, 1024, 1LL << 32);
     }},
    {"server.header_timeout_s", "JICENG_HEADER_TIMEOUT_S",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.header_timeout_s, 1, 3600);
     }},
    {"server.idle_timeout_s", "JICENG_IDLE_TIMEOUT_S",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.idle_timeout_s, 1, 3600);
     }},
    {"server.run_jobs", "JICENG_RUN_JOBS",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseBool(k, v, c.run_jobs);
     }},
    {"server.access_log", "JICENG_ACCESS_LOG",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.access_log = v;
       return {};
     }},
    {"server.log_level", "JICENG_LOG_LEVEL",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.log_level = v;
       return {};
     }},
    {"security.session_idle_minutes", "JICENG_SESSION_IDLE_MINUTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.session_idle_minutes, 1, 24 * 60);
     }},
    {"security.lockout_attempts", "JICENG_LOCKOUT_ATTEMPTS",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.lockout_attempts, 1, 100);
     }},
    {"security.lockout_minutes", "JICENG_LOCKOUT_MINUTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.lockout_minutes, 1, 24 * 60);
     }},
    {"security.login_address_failures", "JICENG_LOGIN_ADDRESS_FAILURES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.login_address_failures, 1, 100000);
     }},
    {"security.login_address_minutes", "JICENG_LOGIN_ADDRESS_MINUTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.login_address_minutes, 1, 24 * 60);
     }},
    {"security.trust_forwarded_for", "JICENG_TRUST_FORWARDED_FOR",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseBool(k, v, c.trust_forwarded_for);
     }},
    {"security.id_probe_limit", "JICENG_ID_PROBE_LIMIT",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.id_probe_limit, 1, 100000);
     }},
    {"security.id_probe_minutes", "JICENG_ID_PROBE_MINUTES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseInt(k, v, c.id_probe_minutes, 1, 24 * 60);
     }},
    {"security.separation_of_duties", "JICENG_SEPARATION_OF_DUTIES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseBool(k, v, c.separation_of_duties);
     }},
    {"security.pii_key", "JICENG_PII_KEY",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.pii_key = v;
       return {};
     }},
    {"security.pii_key_file", "JICENG_PII_KEY_FILE",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.pii_key_file = v;
       return {};
     }},
    {"security.audit_key", "JICENG_AUDIT_KEY",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.audit_key = v;
       return {};
     }},
    {"security.audit_key_file", "JICENG_AUDIT_KEY_FILE",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.audit_key_file = v;
       return {};
     }},
    {"security.audit_checkpoint_file", "JICENG_AUDIT_CHECKPOINT_FILE",
     [](Config& c, const std::string&, const std::string& v) -> Status {
       c.audit_checkpoint_file = v;
       return {};
     }},
    {"security.secure_cookies", "JICENG_SECURE_COOKIES",
     [](Config& c, const std::string& k, const std::string& v) {
       return ParseBool(k, v, c.secure_cookies);
     }},
    {"security.password_hash_cost", "JICENG_PASSWORD_HASH_COST",
     [](Config& c, const std::string& k, const std::string& v) -> Status {
       if (v != "production" && v != "test")
         return ConfigError(k, "应为 production 或 test / expected production or test");
       c.password_hash_cost = v;
       return {};
     }},
};

}  // namespace

Status ParseListen(const std::string& text, Config& config) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return ConfigError("server.listen", "expected HOST:PORT");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  uint16_t port = 0;
  JICENG_CHECK(ParseInt("server.listen", text.substr(colon + 1), port, 0, 65535));
  config.listen_host = host;
  config.listen_port = port;
  return {};
}

Status RefuseTestOnlySettings(const Config& config) {
  if (config.password_hash_cost != "test") return {};
  const char* allow = std::getenv("JICENG_ALLOW_TEST_PASSWORD_HASH");
  if (allow && std::string(allow) == "1") return {};
  return ConfigError("security.password_hash_cost",
                     "\"test\" 仅供测试使用，须同时设置 JICENG_ALLOW_TEST_PASSWORD_HASH=1 / "
                     "\"test\" is for test suites only and needs "
                     "JICENG_ALLOW_TEST_PASSWORD_HASH=1 as well");
}

Status LoadConfigFile(const std::string& path, Config& config) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return ConfigError(path, std::string(e.description()));
  }
  for (const auto& s : kSettings) {
    auto node = table.at_path(s.toml_key);
    if (!node) continue;
    std::string text;
    if (auto str = node.value<std::string>(); node.is_string()) {
      text = *str;
    } else if (node.is_integer()) {
      text = std::to_string(*node.value<int64_t>());
    } else if (node.is_boolean()) {
      text = *node.value<bool>() ? "true" : "false";
    } else {
      return ConfigError(s.toml_key, "expected a string, number or boolean");
    }
    JICENG_CHECK(s.set(config, s.toml_key, text));
  }
  return {};
}

Status ApplyEnvironment(Config& config) {
  for (const auto& s : kSettings) {
    if (const char* v = std::getenv(s.env)) JICENG_CHECK(s.set(config, s.env, v));
  }
  return {};
}

}  // namespace jiceng
