// The personal-data cipher: round trips, tamper and key separation, blind indexes.
#include <gtest/gtest.h>

#include "platform/crypto.h"
#include "platform/pii.h"

namespace jiceng {
namespace {

class PiiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { crypto::InitCrypto(); }
  PiiCipher cipher_ = *PiiCipher::FromBase64Key(PiiCipher::GenerateKey());
};

TEST_F(PiiTest, SealAndOpenRoundTrip) {
  std::string id = "11010519491231002X";
  std::string sealed = cipher_.Seal("national_id", id);
  EXPECT_EQ(sealed.find(id), std::string::npos);  // not readable at rest
  EXPECT_TRUE(sealed.rfind("v1a:", 0) == 0 || sealed.rfind("v1x:", 0) == 0);
  EXPECT_EQ(*cipher_.Open("national_id", sealed), id);
  // Random nonces: sealing twice gives different bytes (no deterministic encryption).
  EXPECT_NE(cipher_.Seal("national_id", id), sealed);
  EXPECT_EQ(*cipher_.Open("mobile", cipher_.Seal("mobile", "")), "");
}

TEST_F(PiiTest, TamperingOtherFieldsAndOtherKeysAreRefused) {
  std::string sealed = cipher_.Seal("national_id", "11010519491231002X");
  // The field is authenticated: a value copied into another column does not open.
  auto moved = cipher_.Open("mobile", sealed);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, "pii_unreadable");
  std::string flipped = sealed;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher_.Open("national_id", flipped));
  EXPECT_FALSE(cipher_.Open("national_id", "v1a:"));
  EXPECT_FALSE(cipher_.Open("national_id", "plaintext"));
  auto other = *PiiCipher::FromBase64Key(PiiCipher::GenerateKey());
  EXPECT_FALSE(other.Open("national_id", sealed));
}

TEST_F(PiiTest, BlindIndexesAreStableKeyedAndPerField) {
  std::string a = cipher_.BlindIndex("mobile", "13812345678");
  EXPECT_EQ(a.size(), 32u);  // 128 bits in hex
  EXPECT_EQ(a, cipher_.BlindIndex("mobile", "13812345678"));
  EXPECT_NE(a, cipher_.BlindIndex("mobile", "13812345679"));
  EXPECT_NE(a, cipher_.BlindIndex("national_id", "13812345678"));
  EXPECT_NE(a, crypto::Sha256Hex("13812345678"));  // keyed, not a plain hash
  auto other = *PiiCipher::FromBase64Key(PiiCipher::GenerateKey());
  EXPECT_NE(a, other.BlindIndex("mobile", "13812345678"));
}

TEST_F(PiiTest, KeysMustBe32BytesOfBase64) {
  EXPECT_FALSE(PiiCipher::FromBase64Key("short"));
  EXPECT_FALSE(PiiCipher::FromBase64Key(""));
  EXPECT_FALSE(PiiCipher::FromBase64Key(std::string(43, '!')));
  EXPECT_EQ(PiiCipher::FromBase64Key("AAAA").error().field, "security.pii_key");
  // Standard base64 with padding is accepted too.
  EXPECT_TRUE(PiiCipher::FromBase64Key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
}

}  // namespace
}  // namespace jiceng
