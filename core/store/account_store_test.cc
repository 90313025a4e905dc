#include "core/store/account_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/audit_log.h"
#include "core/store/store_test_fixture.h"

namespace shortlist::store {
namespace {

using ::testing::HasSubstr;

class AccountStoreTest : public StoreTest {};

TEST_P(AccountStoreTest, SignsInAndOutAndEndsSessionsOfADisabledAccount) {
  Database db = open();
  ASSERT_TRUE(add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli"));
  ASSERT_TRUE(add_account(db, {"amara", "juror", "amara"}, "another passphrase", "cli"));

  Expected<Session> ana = sign_in(db, "ana", "a long passphrase", std::chrono::hours(1));
  ASSERT_TRUE(ana);
  EXPECT_EQ(ana->token.size(), 64u);
  EXPECT_NE(ana->token, ana->csrf);
  std::optional<Session> found = find_session(db, ana->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account.role, "organiser");
  EXPECT_EQ(found->csrf, ana->csrf);

  sign_out(db, ana->token);
  EXPECT_FALSE(find_session(db, ana->token)) << "signed out";

  Expected<Session> amara = sign_in(db, "amara", "another passphrase", std::chrono::hours(1));
  ASSERT_TRUE(amara);
  EXPECT_EQ(find_session(db, amara->token)->account.juror, "amara");
  ASSERT_TRUE(disable_account(db, "amara", "ana"));
  EXPECT_FALSE(find_session(db, amara->token)) << "a disabled account's sessions end";
  EXPECT_FALSE(sign_in(db, "amara", "another passphrase", std::chrono::hours(1)));

  Expected<Session> expired = sign_in(db, "ana", "a long passphrase", std::chrono::seconds(-1));
  ASSERT_TRUE(expired);
  EXPECT_FALSE(find_session(db, expired->token)) << "expired";
  EXPECT_FALSE(find_session(db, std::string(64, '0')));
  EXPECT_TRUE(verify_audit(db).ok());
}

TEST_P(AccountStoreTest, RefusesBadAccountsAndWrongPasswordsAlike) {
  Database db = open();
  ASSERT_TRUE(add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli"));
  auto refused = [](const Expected<bool>& e) { return e ? "" : e.problems()[0].message; };
  EXPECT_THAT(refused(add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli")),
              HasSubstr("already an account 'ana'"));
  EXPECT_THAT(refused(add_account(db, {"bo", "jury", ""}, "a long passphrase", "cli")),
              HasSubstr("unknown role 'jury'"));
  EXPECT_THAT(refused(add_account(db, {"bo", "juror", ""}, "a long passphrase", "cli")),
              HasSubstr("names the juror"));
  EXPECT_THAT(refused(add_account(db, {"bo", "organiser", ""}, "short", "cli")),
              HasSubstr("at least 12"));
  EXPECT_THAT(refused(add_account(db, {"b o", "organiser", ""}, "a long passphrase", "cli")),
              HasSubstr("account name"));
  EXPECT_EQ(list_accounts(db).size(), 1u) << "nothing refused was written";

  const Expected<Session> wrong_password =
      sign_in(db, "ana", "a wrong passphrase", std::chrono::hours(1));
  const Expected<Session> wrong_name =
      sign_in(db, "nobody", "a long passphrase", std::chrono::hours(1));
  ASSERT_FALSE(wrong_password);
  ASSERT_FALSE(wrong_name);
  EXPECT_EQ(wrong_password.problems()[0].message, wrong_name.problems()[0].message);
}

TEST_P(AccountStoreTest, EndsASessionIdleLongerThanItsIdleTimeout) {
  Database db = open();
  ASSERT_TRUE(add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli"));
  Expected<Session> ana = sign_in(db, "ana", "a long passphrase", std::chrono::hours(8));
  ASSERT_TRUE(ana);
  EXPECT_TRUE(find_session(db, ana->token, std::chrono::minutes(30)));
  std::string long_ago = "2000-01-01T00:00:00.000Z";
  db.session() << db.sql("UPDATE sessions SET last_seen_at = ?"),
      Poco::Data::Keywords::use(long_ago), Poco::Data::Keywords::now;
  EXPECT_FALSE(find_session(db, ana->token, std::chrono::minutes(30)));
}

TEST_P(AccountStoreTest, ChangesAPasswordAndEndsTheAccountsOtherSessions) {
  Database db = open();
  ASSERT_TRUE(add_account(db, {"ana", "organiser", ""}, "a long passphrase", "cli"));
  Expected<Session> here = sign_in(db, "ana", "a long passphrase", std::chrono::hours(1));
  Expected<Session> there = sign_in(db, "ana", "a long passphrase", std::chrono::hours(1));
  ASSERT_TRUE(here && there);
  auto refused = [](const Expected<int>& e) { return e ? "" : e.problems()[0].message; };
  EXPECT_EQ(refused(change_password(db, *here, "not it at all", "mango ladder orbit")),
            "the current password is wrong");
  EXPECT_THAT(refused(change_password(db, *here, "a long passphrase", "iloveyou1234")),
              HasSubstr("too easy to guess"));
  const Expected<bool> common = add_account(db, {"bo", "organiser", ""}, "Password12345!", "cli");
  ASSERT_FALSE(common);
  EXPECT_THAT(common.problems()[0].message, HasSubstr("too easy to guess"));
  Expected<int> ended = change_password(db, *here, "a long passphrase", "mango ladder orbit");
  ASSERT_TRUE(ended);
  EXPECT_EQ(*ended, 1);
  EXPECT_TRUE(find_session(db, here->token));
  EXPECT_FALSE(find_session(db, there->token));
  EXPECT_FALSE(sign_in(db, "ana", "a long passphrase", std::chrono::hours(1)));
  EXPECT_TRUE(sign_in(db, "ana", "mango ladder orbit", std::chrono::hours(1)));
  EXPECT_TRUE(verify_audit(db).ok());
}

INSTANTIATE_TEST_SUITE_P(Dialects, AccountStoreTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL), dialect_name);

}  // namespace
}  // namespace shortlist::store
