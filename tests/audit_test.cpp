// The audit log: every mutation recorded in its own transaction, readable by auditors and
// the city admin within their scope, append-only, and verifiable as a hash chain.
#include "api_fixture.h"
#include "service/audit_service.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

class AuditTest : public ApiTest {};
JICENG_API_TEST_SUITE(AuditTest);

TEST_P(AuditTest, MutationsAreRecordedWithActorRequestIdAndBeforeAfter) {
  auto sec = Login("security", kPassword);
  Req create{"POST", "/api/users",
             json{{"username", "audited"},
                  {"display_name", "被审计"},
                  {"org_id", street_a_},
                  {"password", "Initial-pass-1"}}
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
                  {"password", "Initial-pass-1"}},
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
        {"password", "Initial-pass-1"}},
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
                   {"password", "Initial-pass-1"}},
                  sec);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(audit::Verify(runtime_->context()).checked, before);
}

}  // namespace
}  // namespace jiceng::testing
