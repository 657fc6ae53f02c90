// <utility> must precede Asio's coroutine headers on Boost 1.74.
#include <utility>

#include "http/server.h"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "http/access_log.h"
#include "http/metrics.h"
#include "platform/crypto.h"
#include "platform/utf8.h"

namespace jiceng::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// A request id: a per-process random prefix and a counter. Client-supplied ids are kept
// when they are short and plain.
std::string NewRequestId() {
  static const std::string prefix = crypto::RandomToken(6);
  static std::atomic<uint64_t> counter{0};
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "-%llx", static_cast<unsigned long long>(++counter));
  std::string id;
  id.reserve(prefix.size() + static_cast<size_t>(n));
  id += prefix;
  id.append(buf, static_cast<size_t>(n));
  return id;
}

bool PlainId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// The request headers the application reads. Others are parsed (and limited) by Beast but
// not copied.
bool KeptHeader(const bhttp::fields::value_type& f, std::string& lower_name) {
  switch (f.name()) {
    case bhttp::field::accept_encoding:
      lower_name = "accept-encoding";
      return true;
    case bhttp::field::authorization:
      lower_name = "authorization";
      return true;
    case bhttp::field::content_type:
      lower_name = "content-type";
      return true;
    case bhttp::field::cookie:
      lower_name = "cookie";
      return true;
    case bhttp::field::host:
      lower_name = "host";
      return true;
    case bhttp::field::if_none_match:
      lower_name = "if-none-match";
      return true;
    case bhttp::field::origin:
      lower_name = "origin";
      return true;
    case bhttp::field::unknown:
      if (beast::iequals(f.name_string(), "x-request-id")) {
        lower_name = "x-request-id";
        return true;
      }
      if (beast::iequals(f.name_string(), "sec-fetch-site")) {
        lower_name = "sec-fetch-site";
        return true;
      }
      if (beast::iequals(f.name_string(), "x-forwarded-for")) {  // used only when trusted
        lower_name = "x-forwarded-for";
        return true;
      }
      return false;
    default:
      return false;
  }
}

// The last-resort answer when a handler breaks its promise not to throw.
Response InternalErrorResponse() {
  Response r = ErrorResponse(500, "internal_error", "服务器内部错误 / internal server error");
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  return r;
}

// "HTTP/1.1 200 OK\r\n…\r\n\r\n" for `res`. Header values come from our own code (request
// ids are screened by PlainId), never raw from a client.
void SerializeHead(const Response& res, const std::string& request_id, bool keep_alive,
                   unsigned version, std::string& head) {
  head.clear();
  head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(res.status);
  head += ' ';
  head += bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  head += "\r\nContent-Type: ";
  head += res.content_type;
  head += "\r\nX-Request-Id: ";
  head += request_id;
  for (const auto& [k, v] : res.headers) {
    head += "\r\n";
    head += k;
    head += ": ";
    head += v;
  }
  if (res.status != 304 && res.status != 204) {
    head += "\r\nContent-Length: ";
    head += std::to_string(res.body.size());
  }
  if (!keep_alive) {
    head += "\r\nConnection: close";
  } else if (version == 10) {
    head += "\r\nConnection: keep-alive";
  }
  head += "\r\n\r\n";
}

}  // namespace

// Threading: one io_context per io thread (concurrency hint 1: no locks, no cross-thread
// wake-ups). Worker 0's acceptor hands each accepted socket to the next worker in turn;
// a connection lives on one thread for its whole life. Blocking work goes to `pool` and
// comes back to the connection's thread.
struct Server::Impl {
  struct Worker {
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
    std::thread thread;
  };
  // One connection: its stream (touched only on its worker's thread) and whether it is
  // waiting for the next request, so that shutdown can close idle keep-alive connections.
  struct Conn {
    beast::tcp_stream* stream = nullptr;  // null once the session has ended
    asio::any_io_executor executor;
    bool idle = true;
  };

  ServerOptions options;
  Handler& handler;
  Metrics& metrics;
  AccessLog* access_log;
  std::vector<std::unique_ptr<Worker>> workers;
  asio::thread_pool pool;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  std::atomic<bool> stopping{false};
  std::mutex conns_mutex;
  std::unordered_set<std::shared_ptr<Conn>> conns;  // guarded by conns_mutex
  bool joined = false;

  Impl(ServerOptions o, Handler& h, Metrics& m, AccessLog* log)
      : options(std::move(o)),
        handler(h),
        metrics(m),
        access_log(log),
        workers(MakeWorkers(options.io_threads)),
        pool(static_cast<size_t>(std::max(1, options.blocking_threads))),
        acceptor(workers[0]->ioc),
        signals(workers[0]->ioc) {}

  static std::vector<std::unique_ptr<Worker>> MakeWorkers(int requested) {
    int n = requested > 0 ? requested
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::unique_ptr<Worker>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<Worker>());
    return out;
  }

  // Runs `fn` on the blocking pool and resumes the coroutine on its own executor.
  asio::awaitable<Response> OnPool(std::function<Response()> fn) {
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                            void(std::exception_ptr, Response)>(
        [this, fn = std::move(fn)](auto completion) mutable {
          auto work = asio::make_work_guard(asio::get_associated_executor(completion));
          asio::post(pool, [fn = std::move(fn), completion = std::move(completion),
                            work = std::move(work)]() mutable {
            std::exception_ptr error;
            Response r;
            try {
              r = fn();
            } catch (...) {
              error = std::current_exception();
            }
            auto ex = work.get_executor();
            asio::post(ex, [completion = std::move(completion), error, r = std::move(r),
                            work = std::move(work)]() mutable { completion(error, std::move(r)); });
          });
        },
        asio::use_awaitable);
  }

  static Request ToRequest(bhttp::request<bhttp::string_body>& in, const std::string& remote_ip) {
    Request req;
    req.method = std::string(in.method_string());
    req.target = std::string(in.target());
    auto q = req.target.find('?');
    std::string_view raw_path = std::string_view(req.target).substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.path_valid = !raw_path.empty() && raw_path[0] == '/' &&
                     PercentDecode(raw_path, req.path, false) && IsValidUtf8(req.path) &&
                     req.path.find('\0') == std::string::npos;
    std::string name;
    for (const auto& f : in) {
      if (KeptHeader(f, name)) req.headers.emplace_back(name, std::string(f.value()));
    }
    req.body = std::move(in.body());
    req.remote_ip = remote_ip;
    const std::string* id = req.Header("x-request-id");
    req.request_id = id && PlainId(*id) ? *id : NewRequestId();
    return req;
  }

  // Writes `res` as one head buffer (reused per connection) and the body.
  asio::awaitable<void> Write(beast::tcp_stream& stream, const Request& req, const Response& res,
                              bool keep_alive, unsigned version, std::string& head,
                              beast::error_code& ec) {
    bool send_body = req.method != "HEAD" && res.status != 304 && res.status != 204;
    SerializeHead(res, req.request_id, keep_alive, version, head);
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(head), send_body ? asio::buffer(res.body) : asio::const_buffer()};
    stream.expires_after(std::chrono::seconds(options.body_timeout_s));
    co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
  }

  void Finish(const Request& req, int status, size_t bytes, SteadyClock::time_point start) {
    double secs = std::chrono::duration<double>(SteadyClock::now() - start).count();
    // Clients choose the method: unknown ones share one label so series stay bounded.
    std::string_view method = req.method;
    if (method != "GET" && method != "POST" && method != "PATCH" && method != "DELETE" &&
        method != "PUT" && method != "HEAD" && method != "OPTIONS")
      method = "OTHER";
    metrics.Observe(req.route.empty() ? std::string_view("(none)") : std::string_view(req.route),
                    method, status, secs);
    if (access_log) access_log->Write(req, status, bytes, secs);
  }

  // Answers a request that failed before it could be routed, then closes.
  asio::awaitable<void> Reject(beast::tcp_stream& stream, int status, const char* code,
                               const char* message, const std::string& ip) {
    Request req;
    req.method = "-";
    req.route = "(rejected)";
    req.remote_ip = ip;
    req.request_id = NewRequestId();
    Response res = ErrorResponse(status, code, message);
    auto start = SteadyClock::now();
    beast::error_code ec;
    std::string head;
    co_await Write(stream, req, res, false, 11, head, ec);
    Finish(req, status, res.body.size(), start);
  }

  // After an answer sent instead of reading a body: stop sending, then read and discard
  // what the client is still sending, a bounded amount for a bounded time, so that the
  // answer is not lost to a reset (closing a socket with unread data sends RST). Memory
  // stays one small buffer whatever the client sends.
  asio::awaitable<void> Linger(beast::tcp_stream& stream) {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 16 * 1024> scratch;
    size_t discarded = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (!ec && discarded < options.max_body_bytes * 4) {
      discarded += co_await stream.async_read_some(asio::buffer(scratch),
                                                   asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    auto conn = std::make_shared<Conn>();
    beast::tcp_stream stream(std::move(socket));
    conn->stream = &stream;
    conn->executor = stream.get_executor();
    {
      std::lock_guard lock(conns_mutex);
      conns.insert(conn);
    }
    metrics.ConnectionOpened();
    beast::error_code ec;
    std::string ip;
    {
      auto ep = stream.socket().remote_endpoint(ec);
      if (!ec) ip = ep.address().to_string();
    }
    beast::flat_buffer buffer;
    std::string head;  // the response head, reused for every response on this connection
    bool first = true;
    try {
      while (!stopping) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        // The larger upload limit while the header is read; the right one once the target
        // is known (Beast checks a declared length at the header, chunks as they come).
        parser.body_limit(std::max(options.max_body_bytes, options.max_upload_bytes));
        conn->idle = true;
        // A new connection must send its headers promptly; a kept-alive one may idle longer.
        stream.expires_after(std::chrono::seconds(
            first && buffer.size() == 0 ? options.header_timeout_s : options.idle_timeout_s));
        first = false;
        co_await bhttp::async_read_header(stream, buffer, parser,
                                          asio::redirect_error(asio::use_awaitable, ec));
        conn->idle = false;
        if (ec == bhttp::error::body_limit) {
          // Beast checks Content-Length against the body limit while parsing the header:
          // the oversize body is refused before a byte of it is read.
          co_await Reject(stream, 413, "body_too_large", "请求体过大 / request body too large", ip);
          co_await Linger(stream);
          break;
        }
        if (ec == bhttp::error::header_limit) {
          co_await Reject(stream, 413, "headers_too_large",
                          "请求头过大 / request headers too large", ip);
          break;
        }
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
            ec == asio::error::eof)
          break;
        if (ec) {
          co_await Reject(stream, 400, "bad_request", "无法解析的HTTP请求 / malformed HTTP request",
                          ip);
          break;
        }
        auto start = SteadyClock::now();
        const bool large = parser.chunked() || (parser.content_length() &&
                                                *parser.content_length() > options.max_body_bytes);
        if (large) {
          // Route, authenticate and admit from the header alone; refuse before the body.
          Request head_req = ToRequest(parser.get(), ip);
          if (auto declared = parser.content_length()) head_req.content_length = *declared;
          Response verdict = co_await OnPool([this, &head_req] {
            auto refusal = handler.Admit(head_req);
            if (refusal) return std::move(*refusal);
            Response admitted;
            admitted.status = 0;
            return admitted;
          });
          if (verdict.status != 0) {
            co_await Write(stream, head_req, verdict, false, parser.get().version(), head, ec);
            Finish(head_req, verdict.status, verdict.body.size(), start);
            co_await Linger(stream);
            break;
          }
          parser.body_limit(head_req.upload_admitted ? options.max_upload_bytes
                                                     : options.max_body_bytes);
        } else {
          parser.body_limit(options.max_body_bytes);
        }
        if (parser.get()[bhttp::field::expect] == "100-continue") {
          static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          co_await asio::async_write(stream, asio::buffer(kContinue),
                                     asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;
        }
        if (!parser.is_done()) {
          stream.expires_after(std::chrono::seconds(options.body_timeout_s));
          co_await bhttp::async_read(stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
          if (ec == bhttp::error::body_limit) {
            co_await Reject(stream, 413, "body_too_large", "请求体过大 / request body too large",
                            ip);
            break;
          }
          if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
              ec == asio::error::eof || ec == asio::error::connection_reset)
            break;
          if (ec) {
            co_await Reject(stream, 400, "bad_request",
                            "无法解析的HTTP请求 / malformed HTTP request", ip);
            break;
          }
        }
        stream.expires_never();
        auto& message = parser.get();
        bool keep_alive = message.keep_alive();
        unsigned version = message.version();
        Request req = ToRequest(message, ip);
        std::optional<Response> res;
        try {
          res = handler.HandleFast(req);
          if (!res) res = co_await OnPool([this, &req] { return handler.HandleBlocking(req); });
        } catch (const std::exception& e) {
          // The handler promises not to throw; if it does, the client still gets an answer
          // in the JSON error shape with its request id, and the connection lives on.
          spdlog::error("request {} ({} {}): handler threw: {}", req.request_id, req.method,
                        req.route, e.what());
          res = InternalErrorResponse();
        }
        keep_alive = keep_alive && !res->close && !stopping;
        co_await Write(stream, req, *res, keep_alive, version, head, ec);
        Finish(req, res->status, res->body.size(), start);
        if (ec || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      // co_spawn(detached) would swallow this silently.
      spdlog::error("connection error: {}", e.what());
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
    conn->stream = nullptr;
    {
      std::lock_guard lock(conns_mutex);
      conns.erase(conn);
    }
    metrics.ConnectionClosed();
  }

  asio::awaitable<void> Accept() {
    asio::steady_timer backoff(acceptor.get_executor());
    size_t next = 0;
    while (!stopping) {
      beast::error_code ec;
      Worker& target = *workers[next++ % workers.size()];
      tcp::socket socket(target.ioc);
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (stopping) break;
      if (ec == asio::error::no_descriptors || ec.value() == EMFILE || ec.value() == ENFILE) {
        // Out of file descriptors: back off instead of spinning.
        spdlog::warn("accept: {}; backing off", ec.message());
        backoff.expires_after(std::chrono::milliseconds(100));
        co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      if (ec) continue;
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(target.ioc, Session(std::move(socket)), asio::detached);
    }
  }

  void Stop() {
    if (stopping.exchange(true)) return;
    asio::post(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
    });
    {
      std::lock_guard lock(conns_mutex);
      for (const auto& c : conns) {
        // Only idle connections are closed now; busy ones close after their response.
        asio::post(c->executor, [c] {
          if (c->stream && c->idle) c->stream->socket().cancel();
        });
      }
    }
    // Workers now run only until their last connection has finished.
    for (auto& w : workers) asio::post(w->ioc, [w = w.get()] { w->guard.reset(); });
  }
};

Server::Server(ServerOptions options, Handler& handler, Metrics& metrics, AccessLog* access_log)
    : impl_(std::make_unique<Impl>(std::move(options), handler, metrics, access_log)) {}

Server::~Server() {
  Stop();
  Wait();
}

uint16_t Server::Start() {
  auto& i = *impl_;
  auto address = asio::ip::make_address(i.options.host);
  tcp::endpoint endpoint(address, i.options.port);
  i.acceptor.open(endpoint.protocol());
  i.acceptor.set_option(asio::socket_base::reuse_address(true));
  i.acceptor.bind(endpoint);
  i.acceptor.listen(asio::socket_base::max_listen_connections);
  uint16_t port = i.acceptor.local_endpoint().port();
  asio::co_spawn(i.workers[0]->ioc, i.Accept(), asio::detached);
  for (auto& w : i.workers) {
    Impl::Worker* worker = w.get();
    // Every worker runs until Stop, even while it has no connection to serve.
    worker->guard.emplace(worker->ioc.get_executor());
    worker->thread = std::thread([worker] { worker->ioc.run(); });
  }
  return port;
}

void Server::Stop() { impl_->Stop(); }

void Server::Wait() {
  auto& i = *impl_;
  if (i.joined) return;
  for (auto& w : i.workers)
    if (w->thread.joinable()) w->thread.join();
  i.pool.join();
  i.joined = true;
}

void Server::StopOnSignals() {
  auto& i = *impl_;
  i.signals.add(SIGINT);
  i.signals.add(SIGTERM);
  i.signals.async_wait([this](const beast::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received: stopping", sig);
    Stop();
  });
  Wait();
}

}  // namespace jiceng::http
