// Delivering the outbox (core/store/outbox.h) by SMTP, with Poco::Net: the
// mail server named by a URI, STARTTLS whenever the server offers it, a
// user from the URI and a password from the environment (never the command
// line), each message a MIME message with an RFC 2047 UTF-8 subject and a
// quoted-printable UTF-8 plain-text body.
//
// One pass (`send_due_mail`) fails what an earlier sender left half-sent
// (outbox.h: at most once), claims what is due, connects once and delivers
// each message, recording every attempt; `MailSender` runs passes on a
// thread of its own for `shortlist serve`.
//
//   Expected<SmtpSettings> smtp = parse_smtp_uri("smtp://mailer@mail.example.org:587",
//                                                "calls@example.org",
//                                                getenv(kSmtpPasswordVariable));
//   MailPass pass = send_due_mail(db, *smtp);
#pragma once

#include <Poco/Net/MailMessage.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/store/database.h"
#include "core/store/outbox.h"

namespace shortlist::mail {

// The environment variable that holds the SMTP password.
inline constexpr const char* kSmtpPasswordVariable = "SHORTLIST_SMTP_PASSWORD";

struct SmtpSettings {
  std::string host;
  unsigned short port = 25;
  std::string user;      // empty: no authentication
  std::string password;  // from the environment
  std::string from;      // the sender's address
  std::string ca_file;   // certificates to trust for STARTTLS beside the system's
};

// `smtp://[USER@]HOST[:PORT]` (port 25 by default; USER percent-decoded) and
// the From address. Problems name what is wrong: not a URI, another scheme, a
// password in the URI, no host, a bad port, a From that is not an address,
// a user without a password.
Expected<SmtpSettings> parse_smtp_uri(const std::string& uri, const std::string& from,
                                      const char* password);

// A message of the outbox as it is sent: From, To, an encoded-word UTF-8
// Subject, Content-Language, a Message-ID made from the outbox id (so that a
// message sent again by `mail retry` can be recognised), and the body as
// quoted-printable UTF-8 plain text.
void compose_message(const store::OutboxMail& mail, const SmtpSettings& smtp,
                     Poco::Net::MailMessage& message);

struct MailPass {
  std::size_t sent = 0;
  std::size_t retrying = 0;      // failed this time, due again later
  std::size_t failed = 0;        // failed for good (refused, or attempts spent)
  std::size_t interrupted = 0;   // found half-sent by an earlier sender
  std::string connection_error;  // when the server could not be used at all
};

struct SendOptions {
  store::RetryPolicy retry;
  // A message claimed longer ago than this and still `sending` was
  // interrupted: its sender stopped.
  std::chrono::seconds interrupted_after{600};
  std::chrono::seconds timeout{30};  // of each exchange with the server
  std::size_t batch = 100;           // messages claimed at a time
};

// One pass over the outbox. Never throws for the mail server's sake: what
// went wrong is recorded on the messages (and in `connection_error`).
MailPass send_due_mail(store::Database& db, const SmtpSettings& smtp,
                       const SendOptions& options = {});

// Runs a pass at once and then every `interval` (or when woken), on its own
// connection to the store, until stopped; what each pass did goes to `log`.
class MailSender {
 public:
  MailSender(std::string db_uri, SmtpSettings smtp, std::chrono::seconds interval,
             std::ostream& log, SendOptions options = {});
  ~MailSender();
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;
  void start();
  void wake();
  void stop();

 private:
  void run();
  void log(const std::string& line);

  std::string db_uri_;
  SmtpSettings smtp_;
  std::chrono::seconds interval_;
  std::ostream& log_;
  SendOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace shortlist::mail
