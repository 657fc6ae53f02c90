#include "runtime/runtime.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "api/app.h"
#include "api/module.h"
#include "api/route.h"
#include "http/access_log.h"
#include "http/metrics.h"
#include "http/server.h"
#include "http/static_files.h"
#include "index/facts.h"
#include "index/full_members.h"
#include "index/org_tree.h"
#include "platform/chinese_text.h"
#include "platform/clock.h"
#include "platform/crypto.h"
#include "platform/pii.h"
#include "platform/rate_limit.h"
#include "service/account_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/context.h"
#include "service/events.h"
#include "service/facts_service.h"
#include "service/meeting_service.h"
#include "service/module_state.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/migrations.h"

namespace jiceng {

struct Runtime::Parts {
  Config config;
  const Clock& clock;
  std::unique_ptr<store::Database> db;
  index::OrgTree org_tree;
  facts::Index facts;
  index::FullMemberCache full_members;
  std::optional<PiiCipher> pii;
  std::unique_ptr<audit::ChainKeeper> audit_keeper;
  SlidingWindowLimiter id_probes;
  events::Bus events;
  ModuleState state;
  api::Modules modules;
  Context ctx;
  auth::AuthService auth;
  accounts::AccountService accounts;
  http::Metrics metrics;
  http::StaticFiles static_files;
  // The OpenAPI document, built on its first request: it is the biggest thing a start
  // would build, and most starts (every test's) never serve it.
  std::once_flag openapi_once;
  std::string openapi;
  api::Services services;
  api::App app;
  std::unique_ptr<http::AccessLog> access_log;
  std::unique_ptr<http::Server> server;
  std::thread loader;  // the background load of the facts at start (Start)
  std::thread warmer;  // and of the full-member history compliance reads
  // The modules' periodic jobs (api::Module::jobs), on one thread; stopped before the rest.
  std::thread jobs;
  std::mutex jobs_mutex;
  std::condition_variable jobs_wake;
  bool jobs_stop = false;          // guarded by jobs_mutex
  std::stop_source jobs_stopping;  // asks a running job to return early

  Parts(Config c, const Clock& clk, bool migrate, const ModuleHook& hook)
      : config(std::move(c)),
        clock(clk),
        db(OpenStore(config, clock, migrate)),
        pii(LoadPii(config)),
        audit_keeper(audit::ChainKeeper::Open(config, *db, clock)),
        id_probes(config.id_probe_limit, config.id_probe_minutes * 60'000LL),
        modules(WithHook(api::AllModules(), hook)),
        ctx{config,
            clock,
            *db,
            org_tree,
            facts,
            full_members,
            pii ? &*pii : nullptr,
            audit_keeper.get(),
            &id_probes,
            &events,
            &state},
        auth(ctx),
        accounts(ctx, [this](int64_t user_id) { auth.Evict(user_id); }),
        services{ctx, auth, accounts, metrics, [this] { return OpenApi(); }},
        app(services, static_files, api::RoutesOf(modules)) {
    orgs::RefreshTree(ctx);
    // Each module declares its measures; then they are bound to the store's rows.
    for (const auto& m : modules)
      if (m.facts) m.facts(facts.registry());
    facts::Bind(ctx);
    for (const auto& m : modules)
      if (m.start) m.start(ctx);
    if (!config.access_log.empty())
      access_log = std::make_unique<http::AccessLog>(config.access_log);
    http::ServerOptions o;
    o.host = config.listen_host;
    o.port = config.listen_port;
    o.io_threads = config.io_threads;
    o.blocking_threads = config.store_threads;
    o.max_header_bytes = config.max_header_bytes;
    o.max_body_bytes = config.max_body_bytes;
    o.max_upload_bytes = config.max_upload_bytes;
    o.header_timeout_s = config.header_timeout_s;
    o.body_timeout_s = config.body_timeout_s;
    o.idle_timeout_s = config.idle_timeout_s;
    server = std::make_unique<http::Server>(o, app, metrics, access_log.get());
  }

  std::string OpenApi() {
    std::call_once(openapi_once, [this] {
      openapi = api::OpenApiDocument(app.routes(), api::TagsOf(modules)).dump();
    });
    return openapi;
  }

  // Runs each module's jobs every period until jobs_stop, one at a time (a slow job delays
  // the others; today's are short).
  void RunJobs() {
    using Clock = std::chrono::steady_clock;
    struct Due {
      const api::Module::Job* job;
      Clock::time_point at;
    };
    std::vector<Due> due;
    for (const auto& m : modules)
      for (const auto& j : m.jobs)
        due.push_back({&j, Clock::now() + std::chrono::milliseconds(j.every_ms)});
    std::unique_lock lock(jobs_mutex);
    while (!jobs_stop) {
      auto next = std::min_element(due.begin(), due.end(),
                                   [](const Due& a, const Due& b) { return a.at < b.at; });
      if (jobs_wake.wait_until(lock, next->at, [this] { return jobs_stop; })) break;
      if (Clock::now() < next->at) continue;
      lock.unlock();
      try {
        next->job->run(ctx, jobs_stopping.get_token());
      } catch (const std::exception& e) {
        spdlog::error("job {}: {}", next->job->name, e.what());
      }
      next->at = Clock::now() + std::chrono::milliseconds(next->job->every_ms);
      lock.lock();
    }
  }

  static api::Modules WithHook(api::Modules modules, const ModuleHook& hook) {
    if (hook) hook(modules);
    return modules;
  }

  static std::optional<PiiCipher> LoadPii(const Config& config) {
    auto cipher = LoadPiiCipher(config);
    if (cipher) return std::move(*cipher);
    spdlog::warn("personal data unavailable: {}", cipher.error().message);
    return std::nullopt;
  }

  static std::unique_ptr<store::Database> OpenStore(const Config& config, const Clock& clock,
                                                    bool migrate) {
    crypto::InitCrypto();
    // Process-wide: every Runtime sets it, so a default Config always hashes at full cost.
    if (config.password_hash_cost == "test") {
      crypto::SetPasswordHashCost(crypto::PasswordHashCost::kTest);
      spdlog::warn(
          "security.password_hash_cost = \"test\": passwords are hashed at libsodium's minimum "
          "cost, for test suites only — never use this with real accounts");
    } else {
      crypto::SetPasswordHashCost(crypto::PasswordHashCost::kProduction);
    }
    text::SetDictionaryDir(config.text_dict_dir);  // migrations may analyze text already
    auto db = store::Database::Open(config.db_url, config.store_threads + 1);
    if (migrate) store::Migrate(*db, clock.NowMs());
    return db;
  }
};

Runtime::Runtime(Config config, const Clock& clock, bool migrate, const ModuleHook& modules)
    : parts_(std::make_unique<Parts>(std::move(config), clock, migrate, modules)) {}

Runtime::~Runtime() {
  if (parts_->jobs.joinable()) {
    {
      std::lock_guard lock(parts_->jobs_mutex);
      parts_->jobs_stop = true;
    }
    parts_->jobs_stopping.request_stop();
    parts_->jobs_wake.notify_all();
    parts_->jobs.join();
  }
  if (parts_->server) {
    parts_->server->Stop();
    parts_->server->Wait();
  }
  if (parts_->loader.joinable()) parts_->loader.join();
  if (parts_->warmer.joinable()) parts_->warmer.join();
  // The head at shutdown, signed and synced beside the database and in the log.
  try {
    parts_->audit_keeper->CheckpointHead("shutdown");
  } catch (const std::exception& e) {
    spdlog::error("audit checkpoint at shutdown failed: {}", e.what());
  }
}

uint16_t Runtime::Start() {
  // Loaded here, not in the constructor: only serving needs the web app.
  if (parts_->static_files.Load(parts_->config.web_dir, parts_->config.map_tile_origins) == 0)
    spdlog::warn("no web app found in {} (run `make web`); serving the API only",
                 parts_->config.web_dir);
  // The facts and the full-member history load in the background, side by side (the
  // store's read pool serves both): the server answers at once, /readyz says what is still
  // loading, and a question that needs them waits.
  if (!parts_->loader.joinable()) {
    auto& p = *parts_;
    p.facts.MarkLoading("full_members", true);
    p.loader = std::thread([&p] { facts::Load(p.ctx); });
    p.warmer = std::thread([&p] {
      try {
        meetings::WarmUp(p.ctx);
      } catch (const std::exception& e) {
        spdlog::error("full members: load failed: {}", e.what());
      }
      p.facts.MarkLoading("full_members", false);
    });
  }
  if (parts_->config.run_jobs && !parts_->jobs.joinable()) {
    bool any = false;
    for (const auto& m : parts_->modules) any = any || !m.jobs.empty();
    if (any) parts_->jobs = std::thread([p = parts_.get()] { p->RunJobs(); });
  }
  return parts_->server->Start();
}
void Runtime::Stop() { parts_->server->Stop(); }
void Runtime::Wait() { parts_->server->Wait(); }
void Runtime::ServeUntilSignal() { parts_->server->StopOnSignals(); }
const Config& Runtime::config() const { return parts_->config; }
Context& Runtime::context() { return parts_->ctx; }
store::Database& Runtime::db() { return *parts_->db; }
accounts::AccountService& Runtime::accounts() { return parts_->accounts; }
events::Bus& Runtime::events() { return parts_->events; }
std::vector<std::string> Runtime::RouteKeys() const { return parts_->app.RouteKeys(); }

}  // namespace jiceng
