#include "core/util/password.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist {
namespace {

TEST(Password, VerifiesOnlyThePasswordItWasMadeFrom) {
  const std::string stored = hash_password("correct horse battery", 1000);
  EXPECT_TRUE(verify_password("correct horse battery", stored));
  EXPECT_FALSE(verify_password("correct horse batterY", stored));
  EXPECT_FALSE(verify_password("", stored));
  EXPECT_EQ(stored.rfind("pbkdf2-sha256$1000$", 0), 0u) << stored;
  EXPECT_NE(hash_password("correct horse battery", 1000), stored) << "each has its own salt";
  EXPECT_EQ(hash_password("x").rfind("pbkdf2-sha256$600000$", 0), 0u);
}

TEST(Password, MatchesTheStandardDerivation) {
  // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1, 64 bytes; the
  // first 32 bytes are the key kept here.
  EXPECT_TRUE(verify_password(
      "passwd",
      "pbkdf2-sha256$1$salt$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));
}

TEST(Password, RefusesStoredTextsOfAnotherForm) {
  for (const std::string bad : {"", "plain", "md5$1$salt$key", "pbkdf2-sha256$zero$salt$key",
                                "pbkdf2-sha256$0$salt$key", "pbkdf2-sha256$1$salt"}) {
    EXPECT_FALSE(verify_password("passwd", bad)) << bad;
  }
}

TEST(Password, AsksForLongEnoughPasswords) {
  EXPECT_NE(weak_password_reason("short"), "");
  EXPECT_EQ(weak_password_reason("twelve chars"), "");
}

// ASVS 2.1.7: long enough is not enough when the password is one attackers
// try first.
TEST(Password, RefusesCommonAndBreachedPasswords) {
  for (const std::string common :
       {"password123456", "Password12345!", "P@ssw0rd2024!", "qwertyuiop123", "iloveyou1234",
        "123456789012", "abcdefghijkl", "monkeymonkey", "trustno1trustno1", "football1234",
        "1q2w3e4r5t6y"}) {
    EXPECT_THAT(weak_password_reason(common), ::testing::HasSubstr("too easy to guess")) << common;
  }
  EXPECT_NE(weak_password_reason("ana-organiser-1", {"ana", "organiser"}), "")
      << "the account's own words count as guessed";
  for (const std::string strong :
       {"correct horse battery", "a long passphrase", "Kisumu trade fair 2019"}) {
    EXPECT_EQ(weak_password_reason(strong), "") << strong;
  }
}

TEST(Password, SignsWithTheStandardHmac) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Password, ComparesInConstantTimeButCorrectly) {
  EXPECT_TRUE(equal_in_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_in_constant_time("abc", "abcd"));
  EXPECT_EQ(random_hex(32).size(), 64u);
  EXPECT_NE(random_hex(16), random_hex(16));
}

}  // namespace
}  // namespace shortlist
