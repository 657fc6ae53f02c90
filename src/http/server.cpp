// <utility> must precede Asio's coroutine headers on Boost 1.74.
#include <utility>

#include "http/server.h"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "http/metrics.h"
#include "platform/clock.h"
#include "platform/crypto.h"
#include "platform/utf8.h"

namespace jiceng::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A request id: a per-process random prefix and a counter. Client-supplied ids are kept
// when they are short and plain.
std::string NewRequestId() {
  static const std::string prefix = crypto::RandomToken(6);
  static std::atomic<uint64_t> counter{0};
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%llx", static_cast<unsigned long long>(++counter));
  return prefix + buf;
}

bool PlainId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
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
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Access log

struct AccessLog::Impl {
  std::shared_ptr<spdlog::logger> logger;
};

AccessLog::AccessLog(const std::string& target) : impl_(std::make_unique<Impl>()) {
  static std::once_flag pool_once;
  std::call_once(pool_once, [] { spdlog::init_thread_pool(16384, 1); });
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (target == "-") {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(target);
  }
  impl_->logger = std::make_shared<spdlog::async_logger>("access", sink, spdlog::thread_pool(),
                                                         spdlog::async_overflow_policy::block);
  impl_->logger->set_pattern("%v");
  impl_->logger->flush_on(spdlog::level::info);
}

AccessLog::~AccessLog() {
  if (impl_->logger) impl_->logger->flush();
}

void AccessLog::Write(const Request& req, int status, size_t bytes, double seconds) {
  SystemClock clock;
  std::string line;
  line.reserve(256);
  line += "{\"ts\":\"" + FormatUtc(clock.NowMs()) + "\",\"request_id\":\"" +
          JsonEscape(req.request_id) + "\",\"ip\":\"" + JsonEscape(req.remote_ip) +
          "\",\"method\":\"" + JsonEscape(req.method) + "\",\"path\":\"" +
          // the path only: query strings may carry search terms such as ID numbers
          JsonEscape(req.path_valid ? req.path : std::string("(invalid)")) + "\",\"route\":\"" +
          JsonEscape(req.route) + "\",\"status\":" + std::to_string(status) +
          ",\"bytes\":" + std::to_string(bytes);
  char ms[32];
  std::snprintf(ms, sizeof ms, ",\"ms\":%.3f", seconds * 1000);
  line += ms;
  if (req.user_id) line += ",\"user_id\":" + std::to_string(req.user_id);
  line += "}";
  impl_->logger->info(line);
}

// ---------------------------------------------------------------------------------------
// Server

struct Server::Impl {
  // One connection: its stream (touched only on its strand) and whether it is waiting for
  // the next request, so that shutdown can close idle keep-alive connections.
  struct Conn {
    beast::tcp_stream* stream = nullptr;  // null once the session has ended
    asio::any_io_executor executor;       // the connection's strand
    bool idle = true;
  };

  ServerOptions options;
  Handler& handler;
  Metrics& metrics;
  AccessLog* access_log;
  asio::io_context ioc;
  asio::thread_pool pool;
  tcp::acceptor acceptor{ioc};
  asio::signal_set signals{ioc};
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::mutex conns_mutex;
  std::unordered_set<std::shared_ptr<Conn>> conns;  // guarded by conns_mutex
  bool joined = false;

  Impl(ServerOptions o, Handler& h, Metrics& m, AccessLog* log)
      : options(std::move(o)),
        handler(h),
        metrics(m),
        access_log(log),
        ioc(options.io_threads > 0
                ? options.io_threads
                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        pool(static_cast<size_t>(std::max(1, options.blocking_threads))) {}

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

  static Request ToRequest(const bhttp::request<bhttp::string_body>& in, std::string remote_ip) {
    Request req;
    req.method = std::string(in.method_string());
    req.target = std::string(in.target());
    auto q = req.target.find('?');
    std::string raw_path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.path_valid = !raw_path.empty() && raw_path[0] == '/' &&
                     PercentDecode(raw_path, req.path, false) && IsValidUtf8(req.path) &&
                     req.path.find('\0') == std::string::npos;
    req.headers.reserve(16);
    for (const auto& f : in) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = in.body();
    req.remote_ip = std::move(remote_ip);
    const std::string* id = req.Header("x-request-id");
    req.request_id = id && PlainId(*id) ? *id : NewRequestId();
    return req;
  }

  asio::awaitable<void> Write(beast::tcp_stream& stream, const Request& req, Response& res,
                              bool keep_alive, unsigned version, beast::error_code& ec) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Request-Id", req.request_id);
    for (auto& [k, v] : res.headers) out.set(k, v);
    out.keep_alive(keep_alive);
    size_t body_size = res.body.size();
    if (req.method == "HEAD" || res.status == 304 || res.status == 204) {
      if (res.status != 304 && res.status != 204) out.content_length(body_size);
    } else {
      out.body() = std::move(res.body);
      out.prepare_payload();
    }
    stream.expires_after(std::chrono::seconds(options.body_timeout_s));
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  }

  void Finish(const Request& req, int status, size_t bytes, Clock::time_point start) {
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    metrics.Observe(req.route.empty() ? "(none)" : req.route, req.method, status, secs);
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
    res.close = true;
    auto start = Clock::now();
    size_t bytes = res.body.size();
    beast::error_code ec;
    co_await Write(stream, req, res, false, 11, ec);
    Finish(req, status, bytes, start);
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
    bool first = true;
    try {
      while (!stopping) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser.body_limit(options.max_body_bytes);
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
        auto start = Clock::now();
        if (auto len = parser.content_length(); len && *len > options.max_body_bytes) {
          // Header-first: refuse without reading (or buffering) the body.
          co_await Reject(stream, 413, "body_too_large", "请求体过大 / request body too large", ip);
          break;
        }
        if (parser.get()[bhttp::field::expect] == "100-continue") {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;
        }
        stream.expires_after(std::chrono::seconds(options.body_timeout_s));
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec == bhttp::error::body_limit) {
          co_await Reject(stream, 413, "body_too_large", "请求体过大 / request body too large", ip);
          break;
        }
        if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
            ec == asio::error::eof || ec == asio::error::connection_reset)
          break;
        if (ec) {
          co_await Reject(stream, 400, "bad_request", "无法解析的HTTP请求 / malformed HTTP request",
                          ip);
          break;
        }
        stream.expires_never();
        auto& message = parser.get();
        bool keep_alive = message.keep_alive();
        unsigned version = message.version();
        Request req = ToRequest(message, ip);
        std::optional<Response> res = handler.HandleFast(req);
        if (!res) res = co_await OnPool([this, &req] { return handler.HandleBlocking(req); });
        keep_alive = keep_alive && !res->close && !stopping;
        int status = res->status;
        size_t bytes = res->body.size();
        co_await Write(stream, req, *res, keep_alive, version, ec);
        Finish(req, status, bytes, start);
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
    asio::steady_timer backoff(ioc);
    while (!stopping) {
      beast::error_code ec;
      tcp::socket socket(asio::make_strand(ioc));
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
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Session(std::move(socket)), asio::detached);
    }
  }

  void Stop() {
    if (stopping.exchange(true)) return;
    asio::post(ioc, [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
    });
    std::lock_guard lock(conns_mutex);
    for (const auto& c : conns) {
      // Only idle connections are closed now; busy ones close after their response.
      asio::post(c->executor, [c] {
        if (c->stream && c->idle) c->stream->socket().cancel();
      });
    }
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
  asio::co_spawn(i.ioc, i.Accept(), asio::detached);
  int n = i.options.io_threads > 0
              ? i.options.io_threads
              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int t = 0; t < n; ++t) i.threads.emplace_back([&i] { i.ioc.run(); });
  return port;
}

void Server::Stop() { impl_->Stop(); }

void Server::Wait() {
  auto& i = *impl_;
  if (i.joined) return;
  for (auto& t : i.threads)
    if (t.joinable()) t.join();
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
