#include "http/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "http/message.h"
#include "platform/clock.h"

namespace jiceng::http {
namespace {

constexpr size_t kFlushBytes = 64 * 1024;
constexpr auto kFlushEvery = std::chrono::milliseconds(100);

void AppendEscaped(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

// "2026-11-26T08:00:01.234Z", formatting the date part once per second per thread.
void AppendTimestamp(std::string& out) {
  thread_local int64_t cached_second = -1;
  thread_local std::string cached_prefix;  // up to and including the seconds
  int64_t ms = SystemClock().NowMs();
  int64_t second = ms / 1000;
  if (second != cached_second) {
    cached_second = second;
    cached_prefix = FormatUtc(second * 1000).substr(0, 19);
  }
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
  out += cached_prefix;
  out += frac;
}

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk must not take the server down
    done += static_cast<size_t>(n);
  }
}

}  // namespace

AccessLog::AccessLog(const std::string& target) {
  if (target == "-") {
    fd_ = STDOUT_FILENO;
  } else {
    fd_ = ::open(target.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd_ < 0)
      throw std::runtime_error("cannot open access log " + target + ": " + std::strerror(errno));
    owns_fd_ = true;
  }
  writer_ = std::thread([this] { Run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  writer_.join();
  if (owns_fd_) ::close(fd_);
}

void AccessLog::Write(const Request& req, int status, size_t bytes, double seconds) {
  thread_local std::string line;
  line.clear();
  line += "{\"ts\":\"";
  AppendTimestamp(line);
  line += "\",\"request_id\":\"";
  AppendEscaped(line, req.request_id);
  line += "\",\"ip\":\"";
  AppendEscaped(line, req.remote_ip);
  line += "\",\"method\":\"";
  AppendEscaped(line, req.method);
  line += "\",\"path\":\"";
  AppendEscaped(line, req.path_valid ? std::string_view(req.path) : "(invalid)");
  line += "\",\"route\":\"";
  AppendEscaped(line, req.route);
  char tail[96];
  std::snprintf(tail, sizeof tail, "\",\"status\":%d,\"bytes\":%zu,\"ms\":%.3f", status, bytes,
                seconds * 1000);
  line += tail;
  if (req.user_id) {
    line += ",\"user_id\":";
    line += std::to_string(req.user_id);
  }
  line += "}\n";
  bool flush_now;
  {
    std::lock_guard lock(mutex_);
    pending_ += line;
    flush_now = pending_.size() >= kFlushBytes;
  }
  if (flush_now) wake_.notify_one();
}

void AccessLog::Run() {
  std::string batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, kFlushEvery, [&] { return stop_ || pending_.size() >= kFlushBytes; });
    batch.swap(pending_);
    bool stopping = stop_;
    lock.unlock();
    if (!batch.empty()) WriteAll(fd_, batch);
    batch.clear();
    if (stopping) return;
    lock.lock();
  }
}

}  // namespace jiceng::http
