// The audit log: every mutation recorded in its own transaction, readable by auditors and
// the city admin within their scope, append-only, and verifiable as a hash chain.
#include <sys/stat.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <set>

#include "api_fixture.h"
#include "domain/audit_chain.h"
#include "platform/pii.h"
#include "service/audit_service.h"
#include "store/audit_repo.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

class AuditTest : public ApiTest {
 protected:
  // What someone with write access to the database does first: the append-only triggers go.
  void DropTriggers() {
    (void)runtime_->db().Write([](store::Tx& tx) -> Status {
      if (tx.dialect() == store::Dialect::kSqlite) {
        tx.ExecScript(
            "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS "
            "audit_log_no_delete; DROP TRIGGER IF EXISTS audit_chain_no_update");
      } else {
        tx.ExecScript(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; "
            "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_change");
      }
      return {};
    });
  }
  std::vector<domain::AuditEntry> Entries() {
    std::vector<domain::AuditEntry> out;
    runtime_->db().Read([&](store::Tx& tx) {
      store::AuditRepository::ForEach(tx, [&](const domain::AuditEntry& e) {
        out.push_back(e);
        return true;
      });
    });
    return out;
  }
  // Rewrites entries from `from` on with the unkeyed hash, as someone without the key can.
  void RecomputeUnkeyedFrom(int64_t from, const std::string& new_actor_of_first,
                            int64_t to = INT64_MAX) {
    auto all = Entries();
    std::string prev = from > 1 ? all[from - 2].hash : domain::kAuditGenesisHash;
    (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
      for (auto e : all) {
        if (e.id < from || e.id > to) continue;
        if (e.id == from) e.actor_name = new_actor_of_first;
        e.prev_hash = prev;
        e.hash = domain::ComputeAuditHash(e);
        prev = e.hash;
        tx.Exec({"rewrite_audit",
                 "UPDATE audit_log SET actor_name = ?1, prev_hash = ?2, hash = ?3 WHERE id = ?4"},
                {e.actor_name, e.prev_hash, e.hash, e.id});
      }
      return {};
    });
  }
  void Activity() {
    auto sec = Login("security", kPassword);
    ASSERT_EQ(Post("/api/users",
                   {{"username", "chain"},
                    {"display_name", "链"},
                    {"org_id", root_},
                    {"password", "Initial-pass-1"},
                    {"grants", json::array({{{"role", "member"}, {"org_id", root_}}})}},
                   sec)
                  .status,
              201);
    Login("auditor", kPassword);
  }
};
JICENG_API_TEST_SUITE(AuditTest);

TEST_P(AuditTest, MutationsAreRecordedWithActorRequestIdAndBeforeAfter) {
  auto sec = Login("security", kPassword);
  Req create{"POST", "/api/users",
             json{{"username", "audited"},
                  {"display_name", "被审计"},
                  {"org_id", street_a_},
                  {"password", "Initial-pass-1"},
                  {"grants", json::array({{{"role", "member"}, {"org_id", street_a_}}})}}
                 .dump(),
             "application/json", sec};
  create.headers["X-Request-Id"] = "req-create-42";
  auto made = Call(create);
  ASSERT_EQ(made.status, 201);
  EXPECT_EQ(made.headers["x-request-id"], "req-create-42");
  int64_t id = made.Json()["id"];
  ASSERT_EQ(
      Patch("/api/users/" + std::to_string(id), {{"version", 1}, {"display_name", "改名"}}, sec)
          .status,
      200);

  auto auditor = Login("auditor", kPassword);
  auto log = Get("/api/audit?action=user.&size=50", auditor);
  ASSERT_EQ(log.status, 200) << log.body;
  auto items = log.Json()["items"];
  ASSERT_GE(items.size(), 2u);
  // Newest first.
  EXPECT_EQ(items[0]["action"], "user.update");
  EXPECT_EQ(items[0]["before"]["display_name"], "被审计");
  EXPECT_EQ(items[0]["after"]["display_name"], "改名");
  EXPECT_EQ(items[0]["actor_name"], "security");
  EXPECT_EQ(items[1]["action"], "user.create");
  EXPECT_EQ(items[1]["request_id"], "req-create-42");
  EXPECT_EQ(items[1]["after"]["username"], "audited");
  EXPECT_EQ(log.body.find("argon2"), std::string::npos);  // no password hashes
  EXPECT_EQ(log.body.find("Initial-pass-1"), std::string::npos);

  auto logins = Get("/api/audit?action=auth.login", auditor);
  EXPECT_GE(logins.Json()["total"].get<int>(), 2);
}

// An auditor reads what happened in words, and finds it by those words.
TEST_P(AuditTest, EntriesReadInWordsAndAreFoundByThem) {
  auto admin = Login("admin", kPassword);
  int64_t org_id =
      MakeOrg(admin, street_a_, "中共观湖街道章阁社区委员会", "community", "440309005011");
  ASSERT_GT(org_id, 0);
  auto auditor = Login("auditor", kPassword);

  auto logins =
      Get("/api/audit?action=auth.login&actor_id=" + std::to_string(users_["admin"]), auditor);
  auto creations_of_orgs = Get("/api/audit?action=org.create&size=200", auditor);
  ASSERT_EQ(logins.status, 200) << logins.body;
  ASSERT_EQ(creations_of_orgs.status, 200) << creations_of_orgs.body;
  json all = logins.Json()["items"];
  const json orgs = creations_of_orgs.Json();
  for (const auto& e : orgs["items"]) all.push_back(e);
  bool saw_login = false, saw_create = false;
  for (const auto& e : all) {
    if (e["action"] == "auth.login" && e["actor_name"] == "admin") {
      saw_login = true;
      EXPECT_EQ(e["action_name"], "登录");
      EXPECT_EQ(e["target_name"], "admin");  // the session's account
    }
    if (e["action"] == "org.create" && e["entity_id"] == org_id) {
      saw_create = true;
      EXPECT_EQ(e["action_name"], "新建组织");
      EXPECT_EQ(e["target_name"], "中共观湖街道章阁社区委员会");
    }
  }
  EXPECT_TRUE(saw_login);
  EXPECT_TRUE(saw_create);

  // By the action's words: the creation, not the login.
  auto created = Get("/api/audit?q=" + UrlEncode("新建组织"), auditor);
  ASSERT_EQ(created.status, 200) << created.body;
  const json hits = created.Json();
  ASSERT_GE(hits["items"].size(), 1u);
  bool found = false;
  for (const auto& e : hits["items"]) {
    EXPECT_EQ(e["action"], "org.create") << e.dump();
    found = found || e["entity_id"] == org_id;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(hits["total"], hits["items"].size());

  // "新建" covers the creations (organizations, accounts…); none of them a login.
  auto creations = Get("/api/audit?size=200&q=" + UrlEncode("新建"), auditor).Json();
  std::set<std::string> actions;
  for (const auto& e : creations["items"]) {
    actions.insert(e["action"].get<std::string>());
    EXPECT_NE(e["action_name"].get<std::string>().find("新建"), std::string::npos) << e.dump();
  }
  EXPECT_TRUE(actions.count("org.create"));
  EXPECT_FALSE(actions.count("auth.login"));

  // By the target's name: the organization's entries, whatever the action.
  auto named = Get("/api/audit?q=" + UrlEncode("章阁社区"), auditor).Json();
  ASSERT_EQ(named["total"], 1) << named.dump();
  EXPECT_EQ(named["items"][0]["entity_id"], org_id);
  // Words that name nothing find nothing; the other filters still apply.
  EXPECT_EQ(Get("/api/audit?q=" + UrlEncode("无此字样"), auditor).Json()["total"], 0);
  EXPECT_EQ(Get("/api/audit?action=auth.login&q=" + UrlEncode("新建组织"), auditor).Json()["total"],
            0);
}

// With the interface in English the same entries read in English words (an organization
// keeps its own name) and are found by them, whatever their case.
TEST_P(AuditTest, EntriesReadAndAreFoundInEnglishToo) {
  auto admin = Login("admin", kPassword);
  auto made = Post("/api/orgs",
                   {{"parent_id", street_a_},
                    {"name", "中共观湖街道章阁社区委员会"},
                    {"kind", "community"},
                    {"area_code", "440309005011"}},
                   admin);
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t org_id = made.Json()["id"];
  auto auditor = Login("auditor", kPassword);

  auto created = Get("/api/audit?q=" + UrlEncode("create organization"), auditor);
  ASSERT_EQ(created.status, 200) << created.body;
  const json hits = created.Json();
  ASSERT_GE(hits["items"].size(), 1u);
  bool found = false;
  for (const auto& e : hits["items"]) {
    EXPECT_EQ(e["action"], "org.create") << e.dump();
    EXPECT_EQ(e["action_name_en"], "Create organization");
    EXPECT_EQ(e["action_name"], "新建组织");
    if (e["entity_id"] == org_id) {
      found = true;
      EXPECT_EQ(e["target_name_en"], "中共观湖街道章阁社区委员会");
    }
  }
  EXPECT_TRUE(found);

  // "Sign in" finds the sign-ins (a "Failed sign-in" is another action).
  auto logins = Get("/api/audit?size=200&q=" + UrlEncode("Sign in"), auditor).Json();
  ASSERT_GE(logins["items"].size(), 2u) << logins.dump();
  for (const auto& e : logins["items"]) {
    EXPECT_EQ(e["action"], "auth.login") << e.dump();
    EXPECT_EQ(e["action_name_en"], "Sign in");
  }

  // A target without a name of its own reads "Organization #n" in English.
  const int64_t gone = 987654;
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    audit::Record(tx, runtime_->context(), Actor{nullptr, "test", "test"},
                  {"org.update", "org", gone, std::nullopt, std::nullopt, std::nullopt});
    return {};
  });
  auto updates = Get("/api/audit?action=org.update", auditor).Json();
  bool saw_fallback = false;
  for (const auto& e : updates["items"])
    if (e["entity_id"] == gone) {
      saw_fallback = true;
      EXPECT_EQ(e["target_name"], "组织 #987654");
      EXPECT_EQ(e["target_name_en"], "Organization #987654");
      EXPECT_EQ(e["action_name_en"], "Edit organization");
    }
  EXPECT_TRUE(saw_fallback);
}

// Every action the code base records has words: Record refuses one without, so any suite
// that exercises a new action fails until it is named; and what was recorded reads in words.
TEST_P(AuditTest, EveryRecordedActionHasWords) {
  std::set<std::string_view> codes;
  for (const auto& a : audit::KnownActions()) {
    EXPECT_FALSE(a.name.empty()) << a.code;
    // The English words of the interface's language switch; {"code", "中文", "English"}.
    EXPECT_FALSE(a.name_en.empty()) << "no English words for " << a.code;
    EXPECT_TRUE(codes.insert(a.code).second) << "listed twice: " << a.code;
  }
  bool refused = false;
  try {
    (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
      audit::Record(tx, runtime_->context(), Actor{nullptr, "test", "test"},
                    {"org.teleport", "org", root_, root_, std::nullopt, std::nullopt});
      return {};
    });
  } catch (const std::logic_error&) {
    refused = true;
  }
  EXPECT_TRUE(refused);

  Activity();
  auto sec = Login("security", kPassword);
  Post("/api/auth/logout", json::object(), sec);
  for (const auto& e : Entries()) {
    auto name = audit::ActionName(e.action);
    ASSERT_TRUE(name) << e.action;
  }
  auto page = Get("/api/audit?size=200", Login("auditor", kPassword)).Json();
  for (const auto& e : page["items"]) {
    EXPECT_NE(e["action_name"], e["action"]) << e.dump();
    EXPECT_NE(e["action_name_en"], e["action"]) << e.dump();
    EXPECT_FALSE(e["target_name"].get<std::string>().empty()) << e.dump();
    EXPECT_FALSE(e["target_name_en"].get<std::string>().empty()) << e.dump();
  }
}

TEST_P(AuditTest, OnlyAuditorsAndTheCityAdminReadIt) {
  EXPECT_EQ(Get("/api/audit", Login("security", kPassword)).status, 403);
  EXPECT_EQ(Get("/api/audit", Login("admin", kPassword)).status, 200);
  EXPECT_EQ(Get("/api/audit").status, 401);
  // A district auditor sees only the district's entries.
  int64_t aud_b = MakeUser("aud-b", "auditor", district_b_);
  (void)aud_b;
  auto sec = Login("security", kPassword);
  ASSERT_EQ(Post("/api/users",
                 {{"username", "in-a"},
                  {"display_name", "甲"},
                  {"org_id", street_a_},
                  {"password", "Initial-pass-1"},
                  {"grants", json::array({{{"role", "member"}, {"org_id", street_a_}}})}},
                 sec)
                .status,
            201);
  auto r = Get("/api/audit?size=200", Login("aud-b", kPassword));
  ASSERT_EQ(r.status, 200);
  const json entries = r.Json();
  EXPECT_GT(entries["items"].size(), 0u);
  for (const auto& e : entries["items"]) EXPECT_EQ(e["org_id"], district_b_) << e.dump();
}

TEST_P(AuditTest, FiltersAndBadParameters) {
  auto auditor = Login("auditor", kPassword);
  auto from = FormatUtc(clock_->NowMs() - 60'000);
  auto ok =
      Get("/api/audit?from=" + from + "&actor_id=" + std::to_string(users_["auditor"]), auditor);
  ASSERT_EQ(ok.status, 200);
  const json filtered = ok.Json();
  EXPECT_GT(filtered["items"].size(), 0u);
  for (const auto& e : filtered["items"]) EXPECT_EQ(e["actor_id"], users_["auditor"]);
  EXPECT_EQ(Get("/api/audit?from=yesterday", auditor).status, 400);
  EXPECT_EQ(Get("/api/audit?actor_id=abc", auditor).status, 400);
  EXPECT_EQ(Get("/api/audit?size=201", auditor).status, 400);
  EXPECT_EQ(Get("/api/audit?page=0", auditor).status, 400);
  auto future = Get("/api/audit?from=2999-01-01", auditor);
  EXPECT_EQ(future.Json()["total"], 0);
}

TEST_P(AuditTest, TheChainVerifiesAndDetectsTampering) {
  auto sec = Login("security", kPassword);
  Post("/api/users",
       {{"username", "chain"},
        {"display_name", "链"},
        {"org_id", root_},
        {"password", "Initial-pass-1"},
        {"grants", json::array({{{"role", "member"}, {"org_id", root_}}})}},
       sec);
  auto& ctx = runtime_->context();
  auto v = audit::Verify(ctx);
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_GT(v.checked, 5);

  // The table refuses updates and deletes.
  bool refused = false;
  try {
    (void)runtime_->db().Write([](store::Tx& tx) -> Status {
      tx.Exec({"tamper", "UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3"});
      return {};
    });
  } catch (const store::StoreError&) {
    refused = true;
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(audit::Verify(ctx).intact);

  // Someone with database access bypasses the trigger: verification names the entry.
  (void)runtime_->db().Write([](store::Tx& tx) -> Status {
    if (tx.dialect() == store::Dialect::kSqlite) {
      tx.ExecScript("DROP TRIGGER audit_log_no_update");
    } else {
      tx.ExecScript("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
    }
    tx.Exec({"tamper", "UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3"});
    return {};
  });
  v = audit::Verify(ctx);
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_id, 3);
}

TEST_P(AuditTest, AFailedMutationLeavesNoAuditEntry) {
  auto sec = Login("security", kPassword);
  auto before = audit::Verify(runtime_->context()).checked;
  auto dup = Post("/api/users",
                  {{"username", "admin"},
                   {"display_name", "重复"},
                   {"org_id", root_},
                   {"password", "Initial-pass-1"},
                   {"grants", json::array({{{"role", "member"}, {"org_id", root_}}})}},
                  sec);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(audit::Verify(runtime_->context()).checked, before);
}

TEST_P(AuditTest, AnIntactKeyedChainVerifiesWithItsCheckpoints) {
  Activity();
  auto v = audit::Verify(runtime_->context());
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.keyed_from, 1);  // a store created with keys is keyed from its first entry
  EXPECT_EQ(v.last_checkpoint_seq, v.checked);  // every committed entry is checkpointed
  EXPECT_GT(v.checkpoints, v.checked);          // plus the head at start
  // The entries carry HMACs, not the unkeyed hash.
  auto all = Entries();
  ASSERT_FALSE(all.empty());
  EXPECT_NE(all[0].hash, domain::ComputeAuditHash(all[0]));
  EXPECT_EQ(all[0].hash, domain::ComputeAuditMac(all[0], runtime_->context().audit->key()));
  // The checkpoint file (and the key file beside a SQLite store) are private.
  struct stat st {};
  ASSERT_EQ(::stat(runtime_->context().audit->checkpoint_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  if (GetParam() == "sqlite") {
    ASSERT_EQ(::stat(AuditKeyPath(runtime_->config()).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
}

TEST_P(AuditTest, AnEntryAppendedWithARecomputedUnkeyedHashIsDetected) {
  Activity();
  DropTriggers();
  auto [last, head] =
      runtime_->db().Read([](store::Tx& tx) { return store::AuditRepository::Head(tx); });
  domain::AuditEntry forged;
  forged.id = last + 1;
  forged.at_ms = clock_->NowMs();
  forged.actor_name = "admin";
  forged.action = "user.update";
  forged.entity = "user";
  forged.request_id = "-";
  forged.prev_hash = head;
  forged.hash = domain::ComputeAuditHash(forged);
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"forge_audit",
             "INSERT INTO audit_log (id, at, actor_name, action, entity, request_id, prev_hash, "
             "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
            {forged.id, forged.at_ms, forged.actor_name, forged.action, forged.entity,
             forged.request_id, forged.prev_hash, forged.hash});
    return {};
  });
  auto v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_id, last + 1) << v.reason;
  EXPECT_NE(v.reason.find("audit key"), std::string::npos) << v.reason;
}

TEST_P(AuditTest, CuttingTheLastEntriesIsDetectedByTheCheckpoints) {
  Activity();
  auto before = audit::Verify(runtime_->context());
  ASSERT_TRUE(before.intact) << before.reason;
  int64_t last = before.checked;
  DropTriggers();
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"cut_audit", "DELETE FROM audit_log WHERE id > ?1"}, {last - 2});
    return {};
  });
  // The chain that is left is internally consistent; only the checkpoints know better.
  auto v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.checked, last - 2);
  EXPECT_EQ(v.first_bad_id, last - 1);
  EXPECT_NE(v.reason.find("entries were removed"), std::string::npos) << v.reason;
}

TEST_P(AuditTest, EditingAnEntryAndRecomputingTheRestWithoutTheKeyIsDetected) {
  Activity();
  DropTriggers();
  RecomputeUnkeyedFrom(3, "mallory");
  auto v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_id, 3) << v.reason;

  // Passing the whole chain off as unkeyed by moving the boundary in the database: the
  // signed checkpoints name the real boundary.
  RecomputeUnkeyedFrom(1, "system");
  int64_t n = static_cast<int64_t>(Entries().size());
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"move_keyed_from", "UPDATE audit_chain SET keyed_from = ?1"}, {n + 1});
    return {};
  });
  v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("keyed from entry " + std::to_string(n + 1)), std::string::npos)
      << v.reason;
}

TEST_P(AuditTest, TheCheckpointFileIsRequiredAndSigned) {
  Activity();
  const std::string path = runtime_->context().audit->checkpoint_path();
  std::string original;
  {
    std::ifstream in(path);
    original.assign(std::istreambuf_iterator<char>(in), {});
  }
  // A checkpoint line someone wrote without the key.
  auto c = domain::ParseCheckpoint(original.substr(0, original.find('\n')));
  ASSERT_TRUE(c);
  c->seq = 9999;
  std::ofstream(path, std::ios::app) << domain::FormatCheckpoint(*c) << "\n";
  auto v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("signature does not match"), std::string::npos) << v.reason;
  // No checkpoints at all: truncation could not be ruled out, so the chain is not intact.
  std::filesystem::remove(path);
  v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("no audit checkpoints"), std::string::npos) << v.reason;
  // Verifying with another key fails at the first checkpoint.
  std::ofstream(path) << original;
  domain::AuditKeyBytes other{};
  other[0] = 1;
  v = audit::Verify(runtime_->db(), other, path);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("wrong key"), std::string::npos) << v.reason;
  EXPECT_TRUE(audit::Verify(runtime_->context()).intact);
}

TEST_P(AuditTest, AMissingKeyIsReportedNeverReplaced) {
  Activity();
  Config config = runtime_->config();
  runtime_.reset();
  if (GetParam() == "sqlite") {
    ASSERT_TRUE(std::filesystem::remove(AuditKeyPath(config)));
  } else {
    config.audit_key.clear();
  }
  auto key = LoadAuditKey(config, false);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, "audit_key_missing");
  // The runtime refuses to start (and so to write unkeyed entries or a new key).
  try {
    Runtime again(config, *clock_);
    ADD_FAILURE() << "started without the audit key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("audit key"), std::string::npos) << e.what();
  }
  if (GetParam() == "sqlite") {
    EXPECT_FALSE(std::filesystem::exists(AuditKeyPath(config)));
  }
}

TEST_P(AuditTest, EntriesFromBeforeTheKeyStayUnkeyedAndAnchorTheKeyedChain) {
  // A store from before migration 0018: three entries with the unkeyed hash, the chain keyed
  // from entry 4, no checkpoints yet.
  Config config = runtime_->config();
  DropTriggers();
  std::string head = domain::kAuditGenesisHash;
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"clear_audit", "DELETE FROM audit_log"});
    for (int64_t id = 1; id <= 3; ++id) {
      domain::AuditEntry e;
      e.id = id;
      e.at_ms = 1'700'000'000'000 + id;
      e.actor_name = "cli";
      e.action = "user.create";
      e.entity = "user";
      e.entity_id = id;
      e.request_id = "cli";
      e.prev_hash = head;
      e.hash = domain::ComputeAuditHash(e);
      head = e.hash;
      tx.Exec({"legacy_audit",
               "INSERT INTO audit_log (id, at, actor_name, action, entity, entity_id, "
               "request_id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
              {e.id, e.at_ms, e.actor_name, e.action, e.entity, *e.entity_id, e.request_id,
               e.prev_hash, e.hash});
    }
    tx.Exec({"set_keyed_from", "UPDATE audit_chain SET keyed_from = 4"});
    return {};
  });
  runtime_.reset();
  std::filesystem::remove(AuditCheckpointPath(config));
  runtime_ = std::make_unique<Runtime>(config, *clock_);
  MakeUser("after-upgrade", "member", root_);
  auto v = audit::Verify(runtime_->context());
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.keyed_from, 4);
  EXPECT_GE(v.checked, 4);
  auto all = Entries();
  ASSERT_GE(all.size(), 4u);
  EXPECT_EQ(all[3].prev_hash, head);  // the first keyed entry anchors on the unkeyed head
  EXPECT_EQ(all[3].hash, domain::ComputeAuditMac(all[3], runtime_->context().audit->key()));

  // The unkeyed part can be recomputed by anyone, but not the keyed entry that anchors on it
  // (and the checkpoint taken at the upgrade names its head).
  DropTriggers();
  RecomputeUnkeyedFrom(2, "mallory", 3);
  std::string new_head = Entries()[2].hash;
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    tx.Exec({"restore_link", "UPDATE audit_log SET prev_hash = ?1 WHERE id = 4"}, {new_head});
    return {};
  });
  v = audit::Verify(runtime_->context());
  EXPECT_FALSE(v.intact);
  EXPECT_LE(v.first_bad_id, 4) << v.reason;
}

TEST(AuditCheckpoint, FormatsAndParsesStrictly) {
  domain::AuditKeyBytes key{};
  key[5] = 7;
  domain::AuditCheckpoint c{12, std::string(64, 'a'), 1'700'000'000'000, 3, ""};
  c.mac = domain::ComputeCheckpointMac(c, key);
  auto line = domain::FormatCheckpoint(c);
  auto back = domain::ParseCheckpoint(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->seq, 12);
  EXPECT_EQ(back->keyed_from, 3);
  EXPECT_EQ(domain::ComputeCheckpointMac(*back, key), c.mac);
  EXPECT_FALSE(domain::ParseCheckpoint(""));
  EXPECT_FALSE(domain::ParseCheckpoint(line + " extra=1"));
  EXPECT_FALSE(domain::ParseCheckpoint("ckpt1 seq=-1" + line.substr(line.find(" head"))));
  EXPECT_FALSE(domain::ParseCheckpoint(line.substr(0, line.size() - 1)));  // short MAC
  std::string upper = line;
  upper[upper.find("head=") + 5] = 'A';
  EXPECT_FALSE(domain::ParseCheckpoint(upper));
  domain::AuditCheckpoint other = c;
  other.seq = 13;
  EXPECT_NE(domain::ComputeCheckpointMac(other, key), c.mac);
}

}  // namespace
}  // namespace jiceng::testing
