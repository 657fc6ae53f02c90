#include "service/sms_sender.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "domain/identifiers.h"
#include "platform/config.h"
#include "service/context.h"
#include "service/module_state.h"

namespace jiceng::sms {

Status LogSmsSender::Send(const Message& message) {
  // The number masked, always: the log is read by operators. A code is logged (the
  // built-in sender's purpose on a machine without a gateway); other texts are not.
  if (message.kind == "code") {
    std::string code;
    for (const auto& [k, v] : message.values)
      if (k == "code") code = v;
    spdlog::info("sms: code {} for {} (built-in sender: no SMS gateway configured)", code,
                 domain::MaskMobile(message.phone));
  } else {
    spdlog::info("sms: {} for {} (built-in sender: no SMS gateway configured)", message.kind,
                 domain::MaskMobile(message.phone));
  }
  if (outbox_.empty()) return {};
  nlohmann::json line = {{"phone", message.phone}, {"kind", message.kind}};
  for (const auto& [k, v] : message.values) {
    if (line.contains(k) || k == "text" || k == "at")
      throw std::logic_error("sms: a template value may not be named " + k);
    line[k] = v;
  }
  line["text"] = message.text;
  line["at"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  const std::string text = line.dump() + "\n";
  std::lock_guard lock(mutex_);
  int fd = ::open(outbox_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (fd >= 0) ::close(fd);
  if (!ok) {
    spdlog::error("sms: cannot append to the outbox {}", outbox_);
    return Fail(ErrorKind::kUnavailable, "sms_not_sent",
                "短信发送失败，请稍后再试 / the message could not be sent; try again later");
  }
  return {};
}

std::string LogSmsSender::Describe() const {
  std::string out =
      "residents' one-time codes and booking reminders go to the server log (built-in sender: "
      "no SMS gateway configured)";
  if (!outbox_.empty()) out += " and to the outbox " + outbox_;
  return out;
}

std::shared_ptr<Sender> MakeSender(const Config& config) {
  return std::make_shared<LogSmsSender>(config.sms_outbox);
}

namespace {
// The runtime's sender, made on first use.
struct SmsState {
  std::mutex mutex;
  std::shared_ptr<Sender> sender;  // guarded by mutex
};
}  // namespace

std::shared_ptr<Sender> SenderOf(const Context& ctx) {
  if (!ctx.state) return MakeSender(ctx.config);
  auto& s = ctx.state->Get<SmsState>();
  std::lock_guard lock(s.mutex);
  if (!s.sender) s.sender = MakeSender(ctx.config);
  return s.sender;
}

void SetSender(const Context& ctx, std::shared_ptr<Sender> sender) {
  if (!ctx.state) return;
  auto& s = ctx.state->Get<SmsState>();
  std::lock_guard lock(s.mutex);
  s.sender = std::move(sender);
}

}  // namespace jiceng::sms
