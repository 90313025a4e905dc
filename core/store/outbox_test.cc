// The outbox, against SQLite and PostgreSQL: what is queued with each
// change, in which language, and how attempts, back-off, interrupted sends,
// retries and the receipt's edit key are kept.
#include "core/store/outbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/audit_log.h"
#include "core/store/jury_store.h"
#include "core/store/lifecycle.h"
#include "core/store/store_test_fixture.h"
#include "core/store/submission_store.h"

namespace shortlist::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class OutboxTest : public StoreTest {
 protected:
  static Proposal with_address(const std::string& id, const std::string& language,
                               const std::string& email = "contact@chambre.sn") {
    Proposal p = proposal(id, "text of " + id);
    p.language = language;
    p.title = "Commerce numérique " + id;
    p.fields["applicant.email"] = email;
    return p;
  }

  static Receipt receipt(const std::string& language) {
    return {"7Q2M-KD4X-9TBW",           "k3y-Zq81-secret",      language, "amina@example.org",
            "Guichet unique numérique", "2026-05-31T23:59:59Z", ""};
  }
};

TEST_P(OutboxTest, QueuesAnEligibilityNoticeInTheProposalsLanguage) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", with_address("sn-1", "fr"), "cli"));
  EXPECT_TRUE(list_outbox(db).empty()) << "complete is not a status applicants are written about";
  ASSERT_TRUE(set_status(db, "sn-1", "eligible", "", "cli"));
  const std::vector<OutboxMail> mail = list_outbox(db);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipient, "contact@chambre.sn");
  EXPECT_EQ(mail[0].language, "fr");
  EXPECT_EQ(mail[0].kind, "status.eligible");
  EXPECT_EQ(mail[0].submission, "sn-1");
  EXPECT_EQ(mail[0].state, "pending");
  EXPECT_EQ(mail[0].attempts, 0);
  EXPECT_EQ(mail[0].subject, "Votre proposition « Commerce numérique sn-1 » est éligible");
  EXPECT_THAT(mail[0].body, HasSubstr("code de suivi CODE-sn-1"));
}

TEST_P(OutboxTest, TellsTheReasonsOfAQuarantineAndOfIneligibility) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", with_address("sn-1", "es"), "cli"));
  ASSERT_TRUE(set_status(db, "sn-1", "ineligible", "gate 'grant_cap': 180000 > 150000", "cli"));
  std::vector<OutboxMail> mail = list_outbox(db);
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "status.ineligible");
  EXPECT_EQ(mail[0].subject, "Su propuesta «Commerce numérique sn-1» no es admisible");
  EXPECT_THAT(mail[0].body, HasSubstr("Motivo: gate 'grant_cap': 180000 > 150000"));

  // A file read but invalid: quarantined, with each reason on its line.
  Proposal p = with_address("sn-2", "en");
  ASSERT_TRUE(store_proposal(db, "main", p, "cli"));  // records the address
  ASSERT_TRUE(store_invalid(
      db, "main",
      {"sn-2", "Second try", "en", "Chambre de commerce", "SN", "other-bytes",
       "submissions/sn-2.docx", "the budget has no total\nsection 'activities' is empty", "CODE-2"},
      "cli"));
  mail = list_outbox(db);
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0].kind, "status.invalid");
  EXPECT_EQ(mail[0].language, "en");
  EXPECT_THAT(mail[0].body,
              HasSubstr("  - the budget has no total\n  - section 'activities' is empty"));
}

TEST_P(OutboxTest, WritesInEnglishWhenTheLanguageHasNoTexts) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", with_address("br-1", "pt"), "cli"));
  ASSERT_TRUE(set_status(db, "br-1", "eligible", "", "cli"));
  ASSERT_EQ(list_outbox(db).size(), 1u);
  EXPECT_EQ(list_outbox(db)[0].language, "en");
  EXPECT_EQ(list_outbox(db)[0].subject, "Your proposal “Commerce numérique br-1” is eligible");
}

TEST_P(OutboxTest, QueuesNothingWithoutAnAddress) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", proposal("sn-1", "no address"), "cli"));
  ASSERT_TRUE(set_status(db, "sn-1", "eligible", "", "cli"));
  EXPECT_TRUE(list_outbox(db).empty());
}

TEST_P(OutboxTest, QueuesTheNoticeInTheTransactionOfTheChange) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", with_address("sn-1", "fr"), "cli"));
  EXPECT_THROW(db.transaction([&](Database& tx) {
    ASSERT_TRUE(move_status(tx, "sn-1", "eligible", "", "cli"));
    EXPECT_EQ(list_outbox(tx).size(), 1u);
    throw Poco::IOException("the change fails after the notice was queued");
  }),
               Poco::IOException);
  EXPECT_TRUE(list_outbox(db).empty()) << "a change rolled back takes its notice with it";
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-1")->status, "valid");
}

TEST_P(OutboxTest, QueuesTheDecisionWhenItIsReleasedNotBefore) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "main", with_address("eg-1", "ar"), "cli"));
  ASSERT_TRUE(set_status(db, "eg-1", "eligible", "", "cli"));
  ASSERT_TRUE(set_status(db, "eg-1", "in_review", "", "cli"));
  ASSERT_TRUE(record_decision(db, "eg-1", "awarded", "the strongest plan", "cli"));
  EXPECT_EQ(list_outbox(db).size(), 1u) << "only the eligibility notice";
  ASSERT_EQ(*release_decisions(db, "main", "cli"), 1u);
  const std::vector<OutboxMail> mail = list_outbox(db);
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0].kind, "decision");
  EXPECT_EQ(mail[0].language, "ar");
  EXPECT_THAT(mail[0].subject, HasSubstr("قرار لجنة التحكيم"));
  EXPECT_THAT(mail[0].body, HasSubstr("القرار: مقبول"));
  EXPECT_THAT(mail[0].body, HasSubstr("\u2068the strongest plan\u2069"));
  EXPECT_THAT(mail[0].body, HasSubstr("(رمز التتبع CODE-eg-1)"));
}

TEST_P(OutboxTest, KeepsTheEditKeyOnlyUntilTheReceiptIsDelivered) {
  Database db = open();
  Expected<std::int64_t> id = enqueue_receipt(db, receipt("fr"));
  ASSERT_TRUE(id) << id.problems()[0].message;
  std::optional<OutboxMail> mail = find_mail(db, *id);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->kind, "receipt");
  EXPECT_EQ(mail->subject, "Nous avons bien reçu votre candidature « Guichet unique numérique »");
  EXPECT_THAT(mail->body, HasSubstr("Code de suivi : 7Q2M-KD4X-9TBW"));
  EXPECT_THAT(mail->body, HasSubstr("Clé de modification : k3y-Zq81-secret"));
  EXPECT_THAT(mail->body, HasSubstr("31 mai 2026"));

  const std::vector<OutboxMail> claimed = claim_due_mail(db, utc_now());
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_THAT(claimed[0].body, HasSubstr("k3y-Zq81-secret")) << "the sender needs it";
  record_delivered(db, *id, utc_now());
  mail = find_mail(db, *id);
  EXPECT_EQ(mail->state, "sent");
  EXPECT_EQ(mail->attempts, 1);
  EXPECT_THAT(mail->body, Not(HasSubstr("k3y-Zq81-secret")));
  EXPECT_THAT(mail->body, HasSubstr("Clé de modification : (effacée une fois ce message envoyé)"));
  EXPECT_THAT(mail->body, HasSubstr("7Q2M-KD4X-9TBW")) << "the tracking code is no secret";
}

TEST_P(OutboxTest, RefusesAReceiptToSomethingThatIsNotAnAddress) {
  Database db = open();
  Receipt r = receipt("en");
  r.email = "amina@example.org\r\nBcc: everyone@example.org";
  Expected<std::int64_t> id = enqueue_receipt(db, r);
  ASSERT_FALSE(id);
  EXPECT_THAT(id.problems()[0].message, HasSubstr("is not an e-mail address"));
  EXPECT_TRUE(list_outbox(db).empty());
}

TEST_P(OutboxTest, BacksOffExponentiallyAndFailsWhenTheAttemptsAreSpent) {
  Database db = open();
  const std::int64_t id = *enqueue_receipt(db, receipt("en"));
  const RetryPolicy policy{std::chrono::seconds(60), std::chrono::seconds(150), 4};
  std::string at = "2026-11-29T10:00:00.000Z";
  const std::vector<std::string> next = {"2026-11-29T10:01:00.000Z", "2026-11-29T10:02:00.000Z",
                                         "2026-11-29T10:02:30.000Z"};
  for (std::size_t i = 0; i < next.size(); ++i) {
    ASSERT_EQ(claim_due_mail(db, "2026-12-31T00:00:00.000Z").size(), 1u);
    record_failure(db, id, "connection refused", false, policy, at);
    const OutboxMail mail = *find_mail(db, id);
    EXPECT_EQ(mail.state, "pending");
    EXPECT_EQ(mail.next_attempt_at, next[i]) << "attempt " << i + 1;
    EXPECT_TRUE(claim_due_mail(db, utc_after(next[i], std::chrono::seconds(-1))).empty());
  }
  ASSERT_EQ(claim_due_mail(db, "2026-12-31T00:00:00.000Z").size(), 1u);
  record_failure(db, id, "connection refused", false, policy, at);
  EXPECT_EQ(find_mail(db, id)->state, "failed");
  EXPECT_EQ(find_mail(db, id)->attempts, 4);
  EXPECT_EQ(find_mail(db, id)->last_error, "connection refused");
  const std::vector<MailAttempt> attempts = mail_attempts(db, id);
  ASSERT_EQ(attempts.size(), 4u);
  EXPECT_EQ(attempts[3].outcome, "failed");
  EXPECT_EQ(attempts[3].detail, "connection refused");
  EXPECT_TRUE(claim_due_mail(db, "2026-12-31T00:00:00.000Z").empty());

  ASSERT_EQ(*retry_mail(db, {}), 1u);
  EXPECT_EQ(find_mail(db, id)->state, "pending");
  EXPECT_EQ(claim_due_mail(db, utc_now()).size(), 1u) << "due now";
}

TEST_P(OutboxTest, FailsAMessageInterruptedWhileSendingRatherThanSendItTwice) {
  Database db = open();
  const std::int64_t id = *enqueue_receipt(db, receipt("en"));
  ASSERT_EQ(claim_due_mail(db, utc_now()).size(), 1u);
  // The sender stops here: handed to the server, never recorded.
  EXPECT_TRUE(claim_due_mail(db, utc_now()).empty()) << "claimed: no other sender takes it";
  EXPECT_EQ(fail_interrupted_mail(db, "2000-01-01T00:00:00.000Z"), 0u) << "not stale yet";
  EXPECT_EQ(fail_interrupted_mail(db, utc_after(utc_now(), std::chrono::seconds(1))), 1u);
  const OutboxMail mail = *find_mail(db, id);
  EXPECT_EQ(mail.state, "failed");
  EXPECT_THAT(mail.last_error, HasSubstr("may have been delivered"));
  EXPECT_EQ(mail_attempts(db, id).back().outcome, "interrupted");
  EXPECT_TRUE(claim_due_mail(db, "2100-01-01T00:00:00.000Z").empty());
}

TEST_P(OutboxTest, RetriesOnlyFailedMessagesThatExist) {
  Database db = open();
  const std::int64_t id = *enqueue_receipt(db, receipt("en"));
  EXPECT_EQ(retry_mail(db, {id}).problems()[0].message,
            "message " + std::to_string(id) + " is pending: only a failed message is retried");
  EXPECT_EQ(retry_mail(db, {99}).problems()[0].message, "there is no message 99 in the outbox");
  EXPECT_EQ(*retry_mail(db, {}), 0u);
}

TEST_P(OutboxTest, ListsByState) {
  Database db = open();
  const std::int64_t first = *enqueue_receipt(db, receipt("en"));
  const std::int64_t second = *enqueue_receipt(db, receipt("es"));
  ASSERT_EQ(claim_due_mail(db, utc_now(), 1).size(), 1u);
  record_delivered(db, first, utc_now());
  ASSERT_EQ(list_outbox(db, std::string("sent")).size(), 1u);
  EXPECT_EQ(list_outbox(db, std::string("sent"))[0].id, first);
  ASSERT_EQ(list_outbox(db, std::string("pending")).size(), 1u);
  EXPECT_EQ(list_outbox(db, std::string("pending"))[0].id, second);
  EXPECT_EQ(list_outbox(db).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OutboxTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL), dialect_name);

}  // namespace
}  // namespace shortlist::store
