// The test-only password hashing cost (security.password_hash_cost = "test", which the API
// fixture sets to keep the suites fast) must never leak into production: a default Config
// hashes at libsodium's interactive limits, and the CLI refuses "test" unless told.
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/pii.h"
#include "runtime/runtime.h"
#include "service/account_service.h"
#include "service/org_service.h"
#include "store/account_repo.h"
#include "store/db.h"

namespace jiceng {
namespace {

namespace fs = std::filesystem;

// "$argon2id$v=19$m=<KiB>,t=<ops>,p=1$…" for the given limits.
std::string Prefix(unsigned long long ops, size_t mem) {
  return "$argon2id$v=19$m=" + std::to_string(mem / 1024) + ",t=" + std::to_string(ops) + ",p=1$";
}

TEST(PasswordHashCost, ADefaultConfigHashesAtProductionCost) {
  EXPECT_EQ(Config{}.password_hash_cost, "production");
  // As if an earlier test in this process had run with the cheap setting.
  crypto::SetPasswordHashCost(crypto::PasswordHashCost::kTest);

  fs::path dir = fs::temp_directory_path() / ("jiceng-hashcost-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Config config;  // only what a test directory needs; the cost stays the default
  config.db_url = "sqlite:" + (dir / "test.db").string();
  config.pii_key = PiiCipher::GenerateKey();
  config.access_log = "";
  config.web_dir = (dir / "web").string();
  config.attachments_dir = (dir / "attachments").string();
  SystemClock clock;
  std::string stored;
  {
    Runtime rt(config, clock);
    EXPECT_EQ(crypto::GetPasswordHashCost(), crypto::PasswordHashCost::kProduction);
    int64_t root = orgs::EnsureRoot(rt.context(), "中共深圳市委").first;
    accounts::NewUser u{
        "prod", "生产（测试）", root, "Test-password-2024", {{domain::Role::kCityAdmin, root}}};
    auto made = rt.accounts().Bootstrap(u);
    ASSERT_TRUE(made) << made.error().message;
    auto user = rt.db().Read(
        [&](store::Tx& tx) { return store::AccountRepository::FindUserByUsername(tx, "prod"); });
    ASSERT_TRUE(user);
    stored = user->password_hash;
  }
  fs::remove_all(dir);
  EXPECT_EQ(stored.rfind(
                Prefix(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0),
            0u)
      << stored;
  EXPECT_EQ(stored.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << stored;
  EXPECT_TRUE(crypto::VerifyPassword(stored, "Test-password-2024"));
}

TEST(PasswordHashCost, TheTestCostIsLibsodiumsMinimumAndStillVerifies) {
  crypto::InitCrypto();
  crypto::SetPasswordHashCost(crypto::PasswordHashCost::kTest);
  std::string cheap = crypto::HashPassword("Correct-horse9");
  crypto::SetPasswordHashCost(crypto::PasswordHashCost::kProduction);
  EXPECT_EQ(
      cheap.rfind(Prefix(crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN),
                  0),
      0u)
      << cheap;
  EXPECT_TRUE(crypto::VerifyPassword(cheap, "Correct-horse9"));
  EXPECT_FALSE(crypto::VerifyPassword(cheap, "Correct-horse8"));
}

TEST(PasswordHashCost, TheCliRefusesTheTestCostUnlessAllowed) {
  unsetenv("JICENG_ALLOW_TEST_PASSWORD_HASH");
  Config c;
  EXPECT_TRUE(RefuseTestOnlySettings(c));
  setenv("JICENG_PASSWORD_HASH_COST", "test", 1);
  ASSERT_TRUE(ApplyEnvironment(c));
  EXPECT_EQ(c.password_hash_cost, "test");
  auto refused = RefuseTestOnlySettings(c);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "invalid_config");
  EXPECT_EQ(refused.error().field, "security.password_hash_cost");
  EXPECT_NE(refused.error().message.find("JICENG_ALLOW_TEST_PASSWORD_HASH"), std::string::npos);
  setenv("JICENG_ALLOW_TEST_PASSWORD_HASH", "1", 1);
  EXPECT_TRUE(RefuseTestOnlySettings(c));
  unsetenv("JICENG_ALLOW_TEST_PASSWORD_HASH");

  setenv("JICENG_PASSWORD_HASH_COST", "cheap", 1);
  auto bad = ApplyEnvironment(c);
  unsetenv("JICENG_PASSWORD_HASH_COST");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "invalid_config");
  EXPECT_NE(bad.error().message.find("production or test"), std::string::npos);
}

}  // namespace
}  // namespace jiceng
