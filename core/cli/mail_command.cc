// `shortlist mail list|retry|send`: the outbox of e-mail to applicants
// (core/store/outbox.h) for organisers — what is queued, sent and failed;
// failed messages made due again; and one delivery of what is due, for
// those who do not run `shortlist serve --smtp`.
#include <cstdlib>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/mail/mail_sender.h"
#include "core/store/outbox.h"

namespace shortlist::cli {
namespace {

constexpr const char* kUsage =
    "usage: shortlist mail list --db URI [--state pending|sending|sent|failed]\n"
    "       shortlist mail retry --db URI [ID...]\n"
    "       shortlist mail send --db URI --smtp smtp://[USER@]HOST[:PORT] --mail-from ADDRESS\n";

void print_mail(const store::OutboxMail& mail, std::ostream& out) {
  out << mail.id << "  " << mail.state << "  " << mail.kind << "  " << mail.language << "  "
      << mail.recipient << "  " << (mail.submission.empty() ? "-" : mail.submission)
      << "  attempts " << mail.attempts;
  if (mail.state == "pending") out << "  due " << mail.next_attempt_at;
  if (mail.state == "sent") out << "  sent " << mail.sent_at;
  out << "\n    " << mail.subject << "\n";
  if (!mail.last_error.empty() && mail.state != "sent") {
    out << "    last error: " << mail.last_error << "\n";
  }
}

std::int64_t message_id(const std::string& text) {
  std::size_t used = 0;
  long long id = 0;
  try {
    id = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || id < 1) throw UsageError("'" + text + "' is not a message id");
  return id;
}

}  // namespace

int run_mail(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("state", "", "STATE", "list: only messages in this state")
      .option("smtp", "", "URI", "send: the mail server, smtp://[USER@]HOST[:PORT]")
      .option("mail-from", "", "ADDRESS", "send: the sender's address")
      .option("smtp-ca-file", "", "FILE",
              "send: certificates (PEM) to trust for STARTTLS beside the system's")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  std::string action;
  std::vector<std::int64_t> ids;
  std::optional<mail::SmtpSettings> smtp;
  try {
    options = line.parse(1000);
    if (options.flag("help")) {
      out << kUsage
          << "\nThe outbox holds every e-mail to applicants: receipts, status notices and\n"
             "released decisions. `send` delivers what is due once; the password of the\n"
             "SMTP user is read from "
          << mail::kSmtpPasswordVariable << ".\n\n"
          << line.help();
      return 0;
    }
    action = options.positional.empty() ? "" : options.positional[0];
    if (action != "list" && action != "retry" && action != "send") {
      throw UsageError("expected 'list', 'retry' or 'send'");
    }
    if (!options.last("db")) throw UsageError("--db is required");
    if (action == "retry") {
      for (std::size_t i = 1; i < options.positional.size(); ++i) {
        ids.push_back(message_id(options.positional[i]));
      }
    } else if (options.positional.size() > 1) {
      throw UsageError("unexpected argument '" + options.positional[1] + "'");
    }
    if (auto state = options.last("state"); state && !store::is_mail_state(*state)) {
      throw UsageError("--state takes pending, sending, sent or failed, not '" + *state + "'");
    }
    if (action == "send") {
      if (!options.last("smtp")) throw UsageError("--smtp is required");
      if (!options.last("mail-from")) throw UsageError("--mail-from is required");
      Expected<mail::SmtpSettings> parsed =
          mail::parse_smtp_uri(*options.last("smtp"), *options.last("mail-from"),
                               std::getenv(mail::kSmtpPasswordVariable));
      if (!parsed) throw UsageError(parsed.problems()[0].message);
      smtp = std::move(parsed).value();
      smtp->ca_file = options.last("smtp-ca-file").value_or("");
    }
  } catch (const UsageError& e) {
    err << "shortlist mail: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  try {
    if (action == "list") {
      const std::vector<store::OutboxMail> mail = store::list_outbox(*db, options.last("state"));
      for (const store::OutboxMail& m : mail) print_mail(m, out);
      out << mail.size() << (mail.size() == 1 ? " message\n" : " messages\n");
      return 0;
    }
    if (action == "retry") {
      Expected<std::size_t> retried = store::retry_mail(*db, ids);
      if (!retried) {
        err << "shortlist mail: " << retried.problems()[0].message << "\n";
        return 1;
      }
      out << *retried << (*retried == 1 ? " message is" : " messages are") << " due now\n";
      return 0;
    }
    const mail::MailPass pass = mail::send_due_mail(*db, *smtp);
    out << pass.sent << " sent, " << pass.retrying << " to retry, " << pass.failed << " failed, "
        << pass.interrupted << " interrupted\n";
    if (!pass.connection_error.empty()) {
      err << "shortlist mail: " << pass.connection_error
          << "\n(nothing is lost: the messages stay in the outbox and are tried again)\n";
      return 1;
    }
    return pass.failed + pass.interrupted > 0 ? 1 : 0;
  } catch (const Poco::Exception& e) {
    err << "shortlist mail: " << e.displayText() << "\n";
    return 1;
  }
}

}  // namespace shortlist::cli
