// How one-time codes reach residents' phones. SMS gateways differ by city (and by
// contract), so the service talks to this interface only; the composition root builds the
// sender from the configuration (runtime/), and tests install their own.
//
// The built-in LogCodeSender sends nothing: it writes the code to the server log with the
// number masked and, when `residents.sms_outbox` / JICENG_SMS_OUTBOX names a file, appends
// one JSON line {"phone","code","at"} there — the test hook browser tests read. Neither is
// for production: a city configures its gateway's sender.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "platform/error.h"

namespace jiceng {
struct Config;
}

namespace jiceng::residents {

// Thread-safe: Send is called from the store threads, concurrently.
class CodeSender {
 public:
  virtual ~CodeSender() = default;
  // Delivers `code` to `phone` (11 digits), after the code was stored and outside any
  // transaction. An error is answered to the resident (503) and the code stays valid.
  virtual Status Send(const std::string& phone, const std::string& code) = 0;
  // One line for the start banner: where codes go.
  virtual std::string Describe() const = 0;
};

class LogCodeSender : public CodeSender {
 public:
  // `outbox`: a file to append one JSON line per code to; "" for none.
  explicit LogCodeSender(std::string outbox = {}) : outbox_(std::move(outbox)) {}
  Status Send(const std::string& phone, const std::string& code) override;
  std::string Describe() const override;

 private:
  const std::string outbox_;
  std::mutex mutex_;  // one appender at a time, so lines never interleave
};

// The sender the configuration asks for (today: the built-in one).
std::shared_ptr<CodeSender> MakeCodeSender(const Config& config);

}  // namespace jiceng::residents
