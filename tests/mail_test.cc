// E-mail to applicants end to end: the outbox delivered by SMTP to a real
// server on loopback (smtp_server.h), which reads back what it received —
// decoded subjects and bodies in each language, recipients, retries after
// the server comes back, an attempt recorded per failure, a message
// interrupted between sending and recording never sent twice, STARTTLS,
// AUTH — and the `shortlist mail` commands.
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

#include "core/mail/mail_sender.h"
#include "core/model/proposal.h"
#include "core/store/audit_log.h"
#include "core/store/lifecycle.h"
#include "core/store/migrations.h"
#include "core/store/outbox.h"
#include "core/store/submission_store.h"
#include "smtp_server.h"
#include "test_support.h"

namespace shortlist {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReceivedMail;
using testing::RunResult;
using testing::SmtpServer;
using testing::TempDir;

class MailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = "sqlite:" + (dir_.path() / "shortlist.db").string();
    Expected<store::Database> opened = store::Database::open(uri_);
    ASSERT_TRUE(opened);
    db_.emplace(std::move(opened).value());
    ASSERT_TRUE(store::migrate(*db_));
  }

  static Proposal proposal(const std::string& id, const std::string& language,
                           const std::string& title, const std::string& email) {
    Proposal p;
    p.id = id;
    p.title = title;
    p.language = language;
    p.summary = "summary of " + id;
    p.fields["applicant.name"] = std::string("Applicant " + id);
    p.fields["applicant.country"] = std::string("SN");
    p.fields["applicant.email"] = email;
    p.content_hash = "hash-" + id;
    p.tracking_code = "CODE-" + id;
    p.source = id + ".yaml";
    return p;
  }

  // A proposal stored and made eligible: one notice queued.
  void eligible(const std::string& id, const std::string& language, const std::string& title,
                const std::string& email) {
    ASSERT_TRUE(store::store_proposal(*db_, "main", proposal(id, language, title, email), "cli"));
    ASSERT_TRUE(store::set_status(*db_, id, "eligible", "", "cli"));
  }

  mail::SmtpSettings smtp(const SmtpServer& server) const {
    mail::SmtpSettings s;
    s.host = "127.0.0.1";
    s.port = server.port();
    s.from = "calls@digital-champions.org";
    return s;
  }

  TempDir dir_;
  std::string uri_;
  std::optional<store::Database> db_;
};

TEST_F(MailTest, DeliversEachLanguageWithADecodedUtf8SubjectAndBody) {
  SmtpServer server;
  eligible("sn-1", "fr", "Guichet unique numérique", "awa@chambre.sn");
  eligible("pe-1", "es", "Pagos electrónicos para pymes", "lucia@camara.pe");
  eligible("eg-1", "ar", "بوابة التجارة الرقمية", "omar@chamber.eg");
  eligible("ke-1", "en", "Paperless trade for Kenya", "wanjiru@kenya.example");
  const mail::MailPass pass = mail::send_due_mail(*db_, smtp(server));
  EXPECT_EQ(pass.sent, 4u);
  EXPECT_EQ(pass.connection_error, "");
  ASSERT_TRUE(server.wait_for(4));
  std::map<std::string, ReceivedMail> by_recipient;
  for (const ReceivedMail& m : server.received()) by_recipient[m.envelope_to.at(0)] = m;

  const ReceivedMail& fr = by_recipient.at("awa@chambre.sn");
  EXPECT_EQ(fr.envelope_from, "calls@digital-champions.org");
  EXPECT_EQ(fr.subject, "Votre proposition « Guichet unique numérique » est éligible");
  EXPECT_THAT(fr.body, HasSubstr("respecte les règles d’éligibilité de l’appel"));
  EXPECT_THAT(fr.content_type, HasSubstr("charset=UTF-8"));
  EXPECT_EQ(fr.content_language, "fr");
  EXPECT_THAT(fr.data, HasSubstr("Subject: =?UTF-8?q?")) << "an RFC 2047 encoded word";
  EXPECT_THAT(fr.data, HasSubstr("Content-Transfer-Encoding: quoted-printable"));

  EXPECT_EQ(by_recipient.at("lucia@camara.pe").subject,
            "Su propuesta «Pagos electrónicos para pymes» es admisible");
  const ReceivedMail& ar = by_recipient.at("omar@chamber.eg");
  EXPECT_EQ(ar.subject, "مقترحكم «\u2068بوابة التجارة الرقمية\u2069» مؤهل");
  EXPECT_THAT(ar.body, HasSubstr("(رمز التتبع CODE-eg-1)"));
  EXPECT_EQ(by_recipient.at("wanjiru@kenya.example").subject,
            "Your proposal “Paperless trade for Kenya” is eligible");

  for (const store::OutboxMail& m : store::list_outbox(*db_)) {
    EXPECT_EQ(m.state, "sent") << m.id;
    EXPECT_EQ(store::mail_attempts(*db_, m.id).size(), 1u);
  }
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server)).sent, 0u) << "nothing is sent twice";
}

TEST_F(MailTest, DeliversEverythingDueInBatchesOverOneConnection) {
  SmtpServer server;
  for (int i = 1; i <= 5; ++i) {
    const std::string id = "sn-" + std::to_string(i);
    eligible(id, "fr", "Projet " + id, id + "@chambre.sn");
  }
  mail::SendOptions options;
  options.batch = 2;
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server), options).sent, 5u);
  ASSERT_TRUE(server.wait_for(5));
  EXPECT_EQ(server.connections(), 1u);
}

TEST_F(MailTest, DeliversTheReceiptAndThenForgetsTheEditKey) {
  SmtpServer server;
  store::Receipt receipt{"7Q2M-KD4X-9TBW",     "ek_5f2b9c-secret",     "es", "lucia@camara.pe",
                         "Pagos electrónicos", "2026-05-31T23:59:59Z", ""};
  const std::int64_t id = *store::enqueue_receipt(*db_, receipt);
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server)).sent, 1u);
  ASSERT_TRUE(server.wait_for(1));
  const ReceivedMail got = server.received()[0];
  EXPECT_EQ(got.subject, "Hemos recibido su solicitud «Pagos electrónicos»");
  EXPECT_THAT(got.body, HasSubstr("Clave de edición: ek_5f2b9c-secret"));
  EXPECT_THAT(got.body, HasSubstr("Código de seguimiento: 7Q2M-KD4X-9TBW"));
  EXPECT_THAT(got.message_id, HasSubstr("outbox-" + std::to_string(id) + "."));
  EXPECT_THAT(store::find_mail(*db_, id)->body, Not(HasSubstr("ek_5f2b9c-secret")));
}

TEST_F(MailTest, KeepsEveryMessageWhileTheServerIsDownAndSendsThemWhenItComesBack) {
  SmtpServer server;
  server.go_down();
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  const std::int64_t id = store::list_outbox(*db_)[0].id;
  mail::SendOptions options;
  options.retry.first_delay = std::chrono::seconds(0);
  const mail::MailPass down = mail::send_due_mail(*db_, smtp(server), options);
  EXPECT_EQ(down.sent, 0u);
  EXPECT_EQ(down.retrying, 1u);
  EXPECT_THAT(down.connection_error,
              HasSubstr("cannot connect to smtp://127.0.0.1:" + std::to_string(server.port())));
  EXPECT_THAT(down.connection_error, HasSubstr("refused"));
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server), options).retrying, 1u);
  store::OutboxMail kept = *store::find_mail(*db_, id);
  EXPECT_EQ(kept.state, "pending");
  EXPECT_EQ(kept.attempts, 2);
  ASSERT_EQ(store::mail_attempts(*db_, id).size(), 2u) << "an attempt recorded per failure";
  EXPECT_THAT(store::mail_attempts(*db_, id)[0].detail, HasSubstr("refused"));

  server.come_back();
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server), options).sent, 1u);
  ASSERT_TRUE(server.wait_for(1));
  EXPECT_EQ(server.received().size(), 1u);
  EXPECT_EQ(store::find_mail(*db_, id)->state, "sent");
  EXPECT_EQ(store::mail_attempts(*db_, id).back().outcome, "sent");
}

TEST_F(MailTest, WaitsForTheBackOffBeforeTryingAgain) {
  SmtpServer server;
  server.go_down();
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server)).retrying, 1u);
  server.come_back();
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server)).sent, 0u) << "due in a minute, not now";
  EXPECT_EQ(server.connections(), 0u);
}

TEST_F(MailTest, FailsARefusedRecipientAtOnceAndSendsTheOthers) {
  SmtpServer server;
  server.refuse_recipient("nobody@chambre.sn", "550 5.1.1 no such mailbox");
  eligible("sn-1", "fr", "Guichet unique", "nobody@chambre.sn");
  eligible("sn-2", "fr", "Commerce en ligne", "awa@chambre.sn");
  const mail::MailPass pass = mail::send_due_mail(*db_, smtp(server));
  EXPECT_EQ(pass.sent, 1u);
  EXPECT_EQ(pass.failed, 1u);
  ASSERT_TRUE(server.wait_for(1));
  EXPECT_THAT(server.received()[0].envelope_to, ElementsAre("awa@chambre.sn"));
  const std::vector<store::OutboxMail> failed = store::list_outbox(*db_, std::string("failed"));
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].recipient, "nobody@chambre.sn");
  EXPECT_THAT(failed[0].last_error, HasSubstr("550 5.1.1 no such mailbox"));
}

TEST_F(MailTest, NeverSendsTwiceAMessageInterruptedBetweenSendingAndRecording) {
  SmtpServer server;
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  // A sender claims the message and hands it to the server, then stops
  // before it can record the delivery.
  std::vector<store::OutboxMail> claimed = store::claim_due_mail(*db_, store::utc_now());
  ASSERT_EQ(claimed.size(), 1u);
  {
    Poco::Net::SecureSMTPClientSession session("127.0.0.1", server.port());
    session.login();
    Poco::Net::MailMessage message;
    mail::compose_message(claimed[0], smtp(server), message);
    session.sendMessage(message);
    session.close();
  }
  ASSERT_TRUE(server.wait_for(1));

  mail::SendOptions options;
  options.interrupted_after = std::chrono::seconds(0);
  const mail::MailPass pass = mail::send_due_mail(*db_, smtp(server), options);
  EXPECT_EQ(pass.interrupted, 1u);
  EXPECT_EQ(pass.sent, 0u);
  EXPECT_EQ(server.received().size(), 1u) << "at most once: not sent again on its own";
  const store::OutboxMail mail = *store::find_mail(*db_, claimed[0].id);
  EXPECT_EQ(mail.state, "failed");
  EXPECT_THAT(mail.last_error, HasSubstr("may have been delivered"));

  // An organiser who knows it was not delivered sends it again.
  ASSERT_EQ(*store::retry_mail(*db_, {claimed[0].id}), 1u);
  EXPECT_EQ(mail::send_due_mail(*db_, smtp(server), options).sent, 1u);
  ASSERT_TRUE(server.wait_for(2));
  EXPECT_EQ(server.received()[1].message_id, server.received()[0].message_id)
      << "the same Message-ID, so that a mail reader can tell it is the same message";
}

TEST_F(MailTest, AuthenticatesWithThePasswordAndSaysSoWhenItIsWrong) {
  SmtpServer server(SmtpServer::Options{"mailer", "s3cret pass", "", ""});
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  mail::SmtpSettings wrong = smtp(server);
  wrong.user = "mailer";
  wrong.password = "not it";
  const mail::MailPass refused = mail::send_due_mail(*db_, wrong);
  EXPECT_EQ(refused.retrying, 1u);
  EXPECT_THAT(refused.connection_error, HasSubstr("refused the user 'mailer'"));
  EXPECT_THAT(refused.connection_error, HasSubstr("SHORTLIST_SMTP_PASSWORD"));
  EXPECT_THAT(refused.connection_error, HasSubstr("535"));

  ASSERT_EQ(*store::retry_mail(*db_, {}), 0u) << "still pending, not failed";
  mail::SmtpSettings right = wrong;
  right.password = "s3cret pass";
  ASSERT_EQ(store::list_outbox(*db_).size(), 1u);
  // Due again after the back-off; make it due now for the test.
  db_->session() << "UPDATE mail_outbox SET next_attempt_at = ''", Poco::Data::Keywords::now;
  EXPECT_EQ(mail::send_due_mail(*db_, right).sent, 1u);
  ASSERT_TRUE(server.wait_for(1));
  EXPECT_EQ(server.received()[0].user, "mailer");
}

TEST_F(MailTest, UpgradesToTlsWhenTheServerOffersStarttls) {
  const std::string cert = (dir_.path() / "cert.pem").string(),
                    key = (dir_.path() / "key.pem").string();
  RunResult made = testing::run_process(
      "/usr/bin/openssl",
      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
      dir_.path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  SmtpServer server(SmtpServer::Options{"mailer", "pw", cert, key});
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  mail::SmtpSettings settings = smtp(server);
  settings.user = "mailer";
  settings.password = "pw";
  settings.ca_file = cert;
  const mail::MailPass pass = mail::send_due_mail(*db_, settings);
  EXPECT_EQ(pass.sent, 1u) << pass.connection_error;
  ASSERT_TRUE(server.wait_for(1));
  EXPECT_TRUE(server.received()[0].over_tls);
  EXPECT_EQ(server.received()[0].user, "mailer");

  // A certificate nobody vouches for: not sent, kept, and said why.
  eligible("sn-2", "fr", "Commerce", "awa@chambre.sn");
  settings.ca_file = "";
  const mail::MailPass untrusted = mail::send_due_mail(*db_, settings);
  EXPECT_EQ(untrusted.retrying, 1u);
  EXPECT_THAT(untrusted.connection_error, HasSubstr("STARTTLS"));
  EXPECT_EQ(server.received().size(), 1u);
}

TEST(SmtpUri, NamesWhatIsWrongWithTheSettings) {
  auto problem = [](const std::string& uri, const std::string& from, const char* password) {
    Expected<mail::SmtpSettings> parsed = mail::parse_smtp_uri(uri, from, password);
    return parsed ? std::string("accepted") : parsed.problems()[0].message;
  };
  EXPECT_EQ(problem("http://mail.example.org", "a@b.org", nullptr),
            "--smtp http://mail.example.org: expected smtp://[USER@]HOST[:PORT] (STARTTLS is "
            "used when offered)");
  EXPECT_THAT(problem("smtp://mailer:hunter2@mail.example.org", "a@b.org", nullptr),
              HasSubstr("a password does not belong on the command line: set "
                        "SHORTLIST_SMTP_PASSWORD"));
  EXPECT_THAT(problem("smtp://mailer@mail.example.org", "a@b.org", nullptr),
              HasSubstr("the user 'mailer' needs its password in SHORTLIST_SMTP_PASSWORD"));
  EXPECT_EQ(problem("smtp://mail.example.org", "not an address", nullptr),
            "--mail-from 'not an address' is not an e-mail address");
  EXPECT_EQ(problem("smtp:///", "a@b.org", nullptr), "--smtp smtp:///: the URI names no host");
  Expected<mail::SmtpSettings> parsed =
      mail::parse_smtp_uri("smtp://calls%40example.org@mail.example.org:587", "a@b.org", "pw");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->user, "calls@example.org");
  EXPECT_EQ(parsed->port, 587);
  EXPECT_EQ(parsed->password, "pw");
  EXPECT_EQ(mail::parse_smtp_uri("smtp://mail.example.org", "a@b.org", nullptr)->port, 25);
}

TEST_F(MailTest, TheMailCommandsListRetryAndSend) {
  SmtpServer server(SmtpServer::Options{"mailer", "pw", "", ""});
  server.refuse_recipient("nobody@chambre.sn", "550 5.1.1 no such mailbox");
  eligible("sn-1", "fr", "Guichet unique", "nobody@chambre.sn");
  eligible("sn-2", "es", "Pagos", "lucia@camara.pe");

  RunResult listed = testing::run_shortlist({"mail", "list", "--db", uri_});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("pending  status.eligible  fr  nobody@chambre.sn  sn-1"));
  EXPECT_THAT(listed.out, HasSubstr("2 messages\n"));

  RunResult no_password = testing::run_shortlist(
      {"mail", "send", "--db", uri_, "--smtp", server.uri("mailer"), "--mail-from", "c@d.org"});
  EXPECT_EQ(no_password.exit_code, 2);
  EXPECT_THAT(no_password.err, HasSubstr("needs its password in SHORTLIST_SMTP_PASSWORD"));

  setenv("SHORTLIST_SMTP_PASSWORD", "pw", 1);
  RunResult sent = testing::run_shortlist(
      {"mail", "send", "--db", uri_, "--smtp", server.uri("mailer"), "--mail-from", "c@d.org"});
  unsetenv("SHORTLIST_SMTP_PASSWORD");
  EXPECT_EQ(sent.exit_code, 1) << "a message failed";
  EXPECT_EQ(sent.out, "1 sent, 0 to retry, 1 failed, 0 interrupted\n");
  ASSERT_TRUE(server.wait_for(1));

  RunResult failed = testing::run_shortlist({"mail", "list", "--db", uri_, "--state", "failed"});
  EXPECT_THAT(failed.out, HasSubstr("failed  status.eligible  fr  nobody@chambre.sn"));
  EXPECT_THAT(failed.out, HasSubstr("last error: smtp://127.0.0.1:"));
  EXPECT_THAT(failed.out, HasSubstr("1 message\n"));

  const std::int64_t id = store::list_outbox(*db_, std::string("failed"))[0].id;
  RunResult retried = testing::run_shortlist({"mail", "retry", "--db", uri_, std::to_string(id)});
  EXPECT_EQ(retried.exit_code, 0) << retried.err;
  EXPECT_EQ(retried.out, "1 message is due now\n");
  EXPECT_EQ(store::find_mail(*db_, id)->state, "pending");

  RunResult bad_state = testing::run_shortlist({"mail", "list", "--db", uri_, "--state", "lost"});
  EXPECT_EQ(bad_state.exit_code, 2);
  EXPECT_THAT(bad_state.err, HasSubstr("--state takes pending, sending, sent or failed"));
  RunResult bad_uri = testing::run_shortlist(
      {"mail", "send", "--db", uri_, "--smtp", "mail.example.org", "--mail-from", "c@d.org"});
  EXPECT_EQ(bad_uri.exit_code, 2);
  EXPECT_THAT(bad_uri.err, HasSubstr("--smtp mail.example.org: expected smtp://"));

  server.go_down();
  RunResult down = testing::run_shortlist(
      {"mail", "send", "--db", uri_, "--smtp", server.uri(), "--mail-from", "c@d.org"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.err, HasSubstr("cannot connect to smtp://127.0.0.1:"));
  EXPECT_THAT(down.err, HasSubstr("nothing is lost"));
  EXPECT_EQ(store::find_mail(*db_, id)->state, "pending");
}

// `shortlist serve --smtp` delivers the outbox on a thread of its own while
// it serves, and finishes cleanly when told to stop.
TEST_F(MailTest, TheServiceDeliversTheOutboxWhileItRuns) {
  SmtpServer server(SmtpServer::Options{"mailer", "pw", "", ""});
  eligible("sn-1", "fr", "Guichet unique", "awa@chambre.sn");
  const std::string smtp_uri = server.uri("mailer");
  int out_pipe[2];
  ASSERT_EQ(pipe(out_pipe), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    close(out_pipe[0]);
    setenv("SHORTLIST_SMTP_PASSWORD", "pw", 1);
    execl(SHORTLIST_BINARY, SHORTLIST_BINARY, "serve", "--db", uri_.c_str(), "--port", "0",
          "--smtp", smtp_uri.c_str(), "--mail-from", "calls@digital-champions.org",
          "--mail-interval", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  FILE* out = fdopen(out_pipe[0], "r");
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof line, out), nullptr);
  EXPECT_THAT(line, ::testing::StartsWith("listening on http://127.0.0.1:"));
  ASSERT_NE(fgets(line, sizeof line, out), nullptr);
  EXPECT_EQ(std::string(line),
            "sending e-mail through smtp://127.0.0.1:" + std::to_string(server.port()) +
                " as calls@digital-champions.org\n");
  EXPECT_TRUE(server.wait_for(1));

  // A notice queued while the service runs goes out at the next pass.
  ASSERT_TRUE(store::set_status(*db_, "sn-1", "ineligible", "gate 'country'", "cli"));
  EXPECT_TRUE(server.wait_for(2));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  fclose(out);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  ASSERT_EQ(server.received().size(), 2u);
  EXPECT_EQ(server.received()[1].subject,
            "Votre proposition « Guichet unique » n’est pas éligible");
  EXPECT_EQ(server.received()[1].user, "mailer");
  for (const store::OutboxMail& m : store::list_outbox(*db_)) EXPECT_EQ(m.state, "sent");
}

TEST(ServeCli, RefusesMailSettingsThatCannotWork) {
  RunResult alone = testing::run_shortlist(
      {"serve", "--db", "sqlite:unused.db", "--smtp", "smtp://127.0.0.1:2525"});
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_THAT(alone.err, HasSubstr("--smtp and --mail-from go together"));
  RunResult password = testing::run_shortlist({"serve", "--db", "sqlite:unused.db", "--smtp",
                                               "smtp://u:secret@127.0.0.1:2525", "--mail-from",
                                               "calls@example.org"});
  EXPECT_EQ(password.exit_code, 2);
  EXPECT_THAT(password.err, HasSubstr("a password does not belong on the command line"));
}

// The same delivery on PostgreSQL: claims, attempts and the interrupted
// message in its dialect.
TEST(MailOnPostgreSQL, DeliversRecordsAndNeverSendsAnInterruptedMessageTwice) {
  std::optional<testing::PostgresSchema> postgres;
  SHORTLIST_NEEDS_POSTGRES(postgres.emplace("mail"));
  Expected<store::Database> db = store::Database::open(postgres->uri());
  ASSERT_TRUE(db);
  ASSERT_TRUE(store::migrate(*db));
  SmtpServer server;
  mail::SmtpSettings smtp{"127.0.0.1", server.port(), "", "", "calls@example.org", ""};
  const std::int64_t first = *store::enqueue_receipt(
      *db, {"CODE-1", "key-1", "ar", "omar@chamber.eg", "بوابة", "2026-05-31T23:59:59Z", ""});
  ASSERT_EQ(store::claim_due_mail(*db, store::utc_now()).size(), 1u);  // then the sender stops
  const std::int64_t second = *store::enqueue_receipt(
      *db, {"CODE-2", "key-2", "fr", "awa@chambre.sn", "Guichet", "2026-05-31T23:59:59Z", ""});
  mail::SendOptions options;
  options.interrupted_after = std::chrono::seconds(0);
  const mail::MailPass pass = mail::send_due_mail(*db, smtp, options);
  EXPECT_EQ(pass.sent, 1u);
  EXPECT_EQ(pass.interrupted, 1u);
  ASSERT_TRUE(server.wait_for(1));
  EXPECT_THAT(server.received()[0].envelope_to, ElementsAre("awa@chambre.sn"));
  EXPECT_EQ(store::find_mail(*db, first)->state, "failed");
  EXPECT_EQ(store::find_mail(*db, second)->state, "sent");
  EXPECT_THAT(store::find_mail(*db, second)->body, Not(HasSubstr("key-2")));
  EXPECT_EQ(store::mail_attempts(*db, second).size(), 1u);
}

}  // namespace
}  // namespace shortlist
