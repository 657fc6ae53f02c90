// How text messages reach people's phones: residents' one-time codes (residents) and
// booking reminders (centers). SMS gateways differ by city (and by contract), so the
// services talk to this interface only; the sender is built from the configuration on first
// use and kept in the runtime's module state, and tests install their own.
//
// A message is a template and its values, as China's SMS gateways take them (a registered
// template id plus parameters), and the whole text for senders that send free text.
//
// The built-in LogSmsSender sends nothing: it writes the message's kind to the server log
// with the number masked (and a code itself, which is worthless without the number) and,
// when `residents.sms_outbox` / JICENG_SMS_OUTBOX names a file, appends one JSON line
// {"phone","kind",<the values>,"text","at"} there — the test hook that tests read. Neither
// is for production: a city configures its gateway's sender.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "platform/error.h"

namespace jiceng {
struct Config;
struct Context;
}  // namespace jiceng

namespace jiceng::sms {

struct Message {
  std::string phone;  // 11 digits, normalized by the caller
  std::string kind;   // the template: "code", "booking_reminder"
  std::vector<std::pair<std::string, std::string>> values;  // the template's parameters
  std::string text;                                         // the whole message, zh-CN
};

// Thread-safe: Send is called from the store threads and the jobs' thread, concurrently.
class Sender {
 public:
  virtual ~Sender() = default;
  // Delivers one message, outside any transaction. An error is reported to the caller
  // (a resident asking for a code gets a 503; a reminder is tried again later).
  virtual Status Send(const Message& message) = 0;
  // One line for the start banner: where messages go.
  virtual std::string Describe() const = 0;
};

class LogSmsSender : public Sender {
 public:
  // `outbox`: a file to append one JSON line per message to; "" for none.
  explicit LogSmsSender(std::string outbox = {}) : outbox_(std::move(outbox)) {}
  Status Send(const Message& message) override;
  std::string Describe() const override;

 private:
  const std::string outbox_;
  std::mutex mutex_;  // one appender at a time, so lines never interleave
};

// The sender the configuration asks for (today: the built-in one).
std::shared_ptr<Sender> MakeSender(const Config& config);

// This runtime's sender (ctx.state): on first use, the one the configuration asks for.
// Without module state (a tool's Context): the built-in one for the configuration.
std::shared_ptr<Sender> SenderOf(const Context& ctx);
// Replaces the runtime's sender (a test's, or a city's gateway chosen at start).
void SetSender(const Context& ctx, std::shared_ptr<Sender> sender);

}  // namespace jiceng::sms
