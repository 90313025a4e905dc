#include "core/mail/mail_sender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/URI.h>

#include <memory>
#include <ostream>

#include "core/store/audit_log.h"

namespace shortlist::mail {
namespace {

bool is_address(const std::string& text) {
  const std::size_t at = text.find('@');
  return at != std::string::npos && at > 0 && at + 1 < text.size() &&
         text.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

std::string server_of(const SmtpSettings& smtp) {
  return "smtp://" + smtp.host + ":" + std::to_string(smtp.port);
}

// A session with the server, ready for messages: EHLO, STARTTLS when the
// server offers it, then AUTH when a user is set. Throws with a message that
// says which step failed.
std::unique_ptr<Poco::Net::SecureSMTPClientSession> open_session(const SmtpSettings& smtp,
                                                                 const SendOptions& options) {
  std::unique_ptr<Poco::Net::SecureSMTPClientSession> session;
  try {
    session = std::make_unique<Poco::Net::SecureSMTPClientSession>(smtp.host, smtp.port);
  } catch (const Poco::Exception& e) {
    throw Poco::IOException("cannot connect to " + server_of(smtp) + ": " + e.displayText());
  }
  session->setTimeout(Poco::Timespan(static_cast<long>(options.timeout.count()), 0));
  bool secure = false;
  try {
    session->login();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", smtp.ca_file,
                               Poco::Net::Context::VERIFY_RELAXED, 9, true);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    secure = session->startTLS(context);
  } catch (const Poco::Exception& e) {
    throw Poco::IOException(server_of(smtp) +
                            " failed at the greeting or STARTTLS: " + e.displayText());
  }
  if (!smtp.user.empty()) {
    if (!secure && !is_loopback(smtp.host)) {
      throw Poco::IOException(server_of(smtp) +
                              " does not offer STARTTLS: the password is not sent unencrypted");
    }
    try {
      session->login(Poco::Net::SMTPClientSession::AUTH_PLAIN, smtp.user, smtp.password);
    } catch (const Poco::Exception& e) {
      throw Poco::IOException(server_of(smtp) + " refused the user '" + smtp.user +
                              "' (check the user and " + kSmtpPasswordVariable +
                              "): " + e.displayText());
    }
  }
  return session;
}

std::string message_id(const store::OutboxMail& mail, const SmtpSettings& smtp) {
  const std::string domain = smtp.from.substr(smtp.from.find('@') + 1);
  return "<outbox-" + std::to_string(mail.id) + "." + mail.created_at.substr(0, 10) + "@" + domain +
         ">";
}

}  // namespace

Expected<SmtpSettings> parse_smtp_uri(const std::string& text, const std::string& from,
                                      const char* password) {
  auto problem = [&](const std::string& why) {
    return Expected<SmtpSettings>(Diagnostic{"", {}, "--smtp " + text + ": " + why});
  };
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception& e) {
    return problem("not a URI (" + e.message() + "); expected smtp://[USER@]HOST[:PORT]");
  }
  if (uri.getScheme() != "smtp") {
    return problem("expected smtp://[USER@]HOST[:PORT] (STARTTLS is used when offered)");
  }
  if (uri.getHost().empty()) return problem("the URI names no host");
  if (!uri.getPath().empty() && uri.getPath() != "/") return problem("the URI takes no path");
  SmtpSettings smtp;
  smtp.host = uri.getHost();
  smtp.port = uri.getPort() == 0 ? 25 : uri.getPort();
  const std::string user_info = uri.getUserInfo();
  if (user_info.find(':') != std::string::npos) {
    return problem(std::string("a password does not belong on the command line: set ") +
                   kSmtpPasswordVariable + " instead");
  }
  Poco::URI::decode(user_info, smtp.user);
  if (!smtp.user.empty()) {
    if (password == nullptr || *password == '\0') {
      return problem("the user '" + smtp.user + "' needs its password in " + kSmtpPasswordVariable);
    }
    smtp.password = password;
  }
  if (!is_address(from)) {
    return Expected<SmtpSettings>(
        Diagnostic{"", {}, "--mail-from '" + from + "' is not an e-mail address"});
  }
  smtp.from = from;
  return smtp;
}

void compose_message(const store::OutboxMail& mail, const SmtpSettings& smtp,
                     Poco::Net::MailMessage& message) {
  message.setSender(smtp.from);
  message.addRecipient(
      Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.recipient));
  message.setSubject(Poco::Net::MailMessage::encodeWord(mail.subject, "UTF-8"));
  message.set("Message-ID", message_id(mail, smtp));
  message.set("Content-Language", mail.language);
  message.set("Auto-Submitted", "auto-generated");
  message.setContentType("text/plain; charset=UTF-8");
  message.setContent(mail.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

MailPass send_due_mail(store::Database& db, const SmtpSettings& smtp, const SendOptions& options) {
  MailPass pass;
  const std::string started = store::utc_now();
  pass.interrupted =
      store::fail_interrupted_mail(db, store::utc_after(started, -options.interrupted_after));
  std::vector<store::OutboxMail> claimed = store::claim_due_mail(db, started, options.batch);
  if (claimed.empty()) return pass;

  auto failed = [&](const store::OutboxMail& mail, const std::string& why, bool permanent) {
    store::record_failure(db, mail.id, why, permanent, options.retry, store::utc_now());
    const bool spent = permanent || mail.attempts + 1 >= options.retry.attempts;
    ++(spent ? pass.failed : pass.retrying);
  };
  std::unique_ptr<Poco::Net::SecureSMTPClientSession> session;
  try {
    session = open_session(smtp, options);
  } catch (const Poco::Exception& e) {
    pass.connection_error = e.message();
    for (const store::OutboxMail& mail : claimed) failed(mail, e.message(), false);
    return pass;
  }
  // Batch after batch on one connection, each claimed when the last is
  // done; what fails in this pass is due after it started, so it waits for
  // the next pass.
  while (!claimed.empty()) {
    for (std::size_t i = 0; i < claimed.size(); ++i) {
      const store::OutboxMail& mail = claimed[i];
      try {
        Poco::Net::MailMessage message;
        compose_message(mail, smtp, message);
        session->sendMessage(message);
      } catch (const Poco::Net::SMTPException& e) {
        // 5xx: this message is refused (an unknown address, say); 4xx: later.
        failed(mail, server_of(smtp) + " refused the message: " + e.displayText(),
               e.code() >= 500 && e.code() < 600);
        try {
          std::string ignored;
          session->sendCommand("RSET", ignored);
        } catch (const Poco::Exception&) {
          // The next message finds out whether the connection is still there.
        }
        continue;
      } catch (const Poco::Exception& e) {
        // The connection is gone: this message and the rest of the batch
        // wait for the next pass.
        pass.connection_error = server_of(smtp) + ": " + e.displayText();
        for (std::size_t j = i; j < claimed.size(); ++j) {
          failed(claimed[j], pass.connection_error, false);
        }
        return pass;
      }
      store::record_delivered(db, mail.id, store::utc_now());
      ++pass.sent;
    }
    claimed = claimed.size() < options.batch ? std::vector<store::OutboxMail>{}
                                             : store::claim_due_mail(db, started, options.batch);
  }
  try {
    session->close();
  } catch (const Poco::Exception&) {
    // Everything was delivered; a server that hangs up before QUIT is its affair.
  }
  return pass;
}

MailSender::MailSender(std::string db_uri, SmtpSettings smtp, std::chrono::seconds interval,
                       std::ostream& log, SendOptions options)
    : db_uri_(std::move(db_uri)),
      smtp_(std::move(smtp)),
      interval_(interval),
      log_(log),
      options_(options) {}

MailSender::~MailSender() { stop(); }

void MailSender::start() {
  thread_ = std::thread([this] { run(); });
}

void MailSender::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  wake_.notify_all();
}

void MailSender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void MailSender::log(const std::string& line) {
  // One write, so that the line is not interleaved with the access log's.
  log_ << (line + "\n") << std::flush;
}

void MailSender::run() {
  std::optional<store::Database> db;
  for (;;) {
    try {
      if (!db) {
        Expected<store::Database> opened = store::Database::open(db_uri_);
        if (!opened) throw Poco::IOException(opened.problems()[0].message);
        db.emplace(std::move(opened).value());
      }
      const MailPass pass = send_due_mail(*db, smtp_, options_);
      if (pass.sent + pass.retrying + pass.failed + pass.interrupted > 0) {
        log("mail: " + std::to_string(pass.sent) + " sent, " + std::to_string(pass.retrying) +
            " to retry, " + std::to_string(pass.failed) + " failed, " +
            std::to_string(pass.interrupted) + " interrupted" +
            (pass.connection_error.empty() ? "" : " (" + pass.connection_error + ")"));
      }
    } catch (const Poco::Exception& e) {
      // The store is unreachable: nothing was lost, the next pass tries again.
      db.reset();
      log("mail: cannot read the outbox: " + e.displayText());
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace shortlist::mail
