// JSON-lines access log: one object per request (time, request id, client address,
// method, path without query string, route, status, bytes, duration, user id). Never
// bodies, cookies or query strings, which may carry personal data.
//
// Lines are appended to an in-memory buffer and written by a background thread every
// 100 ms (or at once past 64 KiB), so a request costs no system call and no thread
// wake-up. A crash can lose the last 100 ms of lines. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace jiceng::http {

struct Request;

class AccessLog {
 public:
  // "-" for standard output, else a file path (appended, created if missing). Throws
  // std::runtime_error when the file cannot be opened.
  explicit AccessLog(const std::string& target);
  ~AccessLog();  // flushes everything
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Write(const Request& req, int status, size_t bytes, double seconds);

 private:
  void Run();

  int fd_ = -1;
  bool owns_fd_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;  // guarded by mutex_
  bool stop_ = false;    // guarded by mutex_
  std::thread writer_;
};

}  // namespace jiceng::http
