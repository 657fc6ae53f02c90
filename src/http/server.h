// The HTTP/1.1 server: Boost.Beast over Asio C++20 coroutines, one io thread per core,
// and a separate pool for blocking (store) work. Keep-alive, header and body limits
// (413), read and idle timeouts, request ids, access log and metrics, graceful shutdown.
//
// Beast is confined to server.cpp; this header is cheap to include.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace jiceng::http {

class Metrics;
class AccessLog;

// What the server calls for each request. Implemented by the api layer.
class Handler {
 public:
  virtual ~Handler() = default;
  // Called on an io thread; must not block. Returns a response when it can answer at once
  // (static files, health, cached reads), or nullopt to have HandleBlocking run on the
  // blocking pool.
  virtual std::optional<Response> HandleFast(Request& req) = 0;
  // Called on the blocking pool; may use the store. Must not throw.
  virtual Response HandleBlocking(Request& req) = 0;
  // Called on the blocking pool once the header of a request is read whose body is larger
  // than max_body_bytes or of unknown length (chunked), before a byte of that body is
  // read: `head` has no body, and `head.content_length` the declared length. Returns the
  // answer to send instead (the connection is then closed, the body never read), or
  // nullopt to let the body be read: up to max_upload_bytes when Admit set
  // `head.upload_admitted`, else up to max_body_bytes (a chunked JSON body). This is where routing,
  // authentication and the route's own admission check (who may upload what, how much)
  // happen first, so that no unauthenticated or unauthorized client makes the server
  // buffer megabytes. Must not throw.
  virtual std::optional<Response> Admit(Request& head) = 0;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  int io_threads = 0;    // 0: one per core
  int blocking_threads = 4;
  size_t max_header_bytes = 8 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  // Requests that Handler::Admit lets through (file uploads) may carry up to this.
  size_t max_upload_bytes = 64 * 1024 * 1024;
  int header_timeout_s = 10;
  int body_timeout_s = 30;
  int idle_timeout_s = 60;
};

// Thread-safe: Stop may be called from any thread (and from a signal handler's strand).
class Server {
 public:
  Server(ServerOptions options, Handler& handler, Metrics& metrics, AccessLog* access_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Returns the bound port. Throws on bind failure.
  uint16_t Start();
  // Stops accepting, closes idle connections, lets in-flight requests finish (their
  // responses carry Connection: close). Returns at once; Wait() blocks until done.
  void Stop();
  // Blocks until every io thread and the blocking pool have finished.
  void Wait();
  // Start, then stop on SIGINT or SIGTERM, then Wait.
  void StopOnSignals();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jiceng::http
