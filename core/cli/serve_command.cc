// `shortlist serve [--host H] [--port N] --db URI`: the web service
// (core/server/), until SIGINT or SIGTERM; then requests in flight finish.
// With `--smtp URI --mail-from ADDRESS`, a thread delivers the outbox of
// e-mail to applicants (core/mail/) as long as the service runs.
#include <signal.h>

#include <cstdlib>
#include <iostream>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/store_options.h"
#include "core/criteria/call_config.h"
#include "core/mail/mail_sender.h"
#include "core/server/server.h"

namespace shortlist::cli {

int run_serve(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("host", "", "ADDRESS", "the address to listen on (default 127.0.0.1)")
      .option("port", "p", "N", "the port (default 8080; 0 for any free one)")
      .option("status-limit", "", "N", "status lookups a minute per client address (default 30)")
      .option("application-limit", "", "N",
              "online applications sent, read or changed a minute per client address "
              "(default 10)")
      .option("call", "", "ID", "the call the jury and organisers work on (default: main)")
      .option("criteria", "", "FILE", "its criteria: the jury's criteria and blind review")
      .option("plugins", "", "DIR", "a folder of plugins to list beside the bundled ones", true)
      .option("tls-certificate", "", "FILE", "serve HTTPS with this certificate (PEM)")
      .option("tls-key", "", "FILE", "and its private key (PEM)")
      .option("behind-https-proxy", "", "",
              "reached over HTTPS through a reverse proxy: __Host- cookies, Secure, and HSTS")
      .option("max-connections-per-address", "", "N",
              "connections one client address may hold open at once (default 8, none behind "
              "a proxy; 0: no cap)")
      .option("request-deadline", "", "SECONDS",
              "a connection's time to send a whole request, headers and body (default 10)")
      .option("session-idle", "", "MINUTES",
              "a session ends after this long without a request (default 30)")
      .option("smtp", "", "URI",
              "deliver e-mail to applicants through smtp://[USER@]HOST[:PORT] (STARTTLS when "
              "offered; the password in SHORTLIST_SMTP_PASSWORD)")
      .option("mail-from", "", "ADDRESS", "the sender of that e-mail")
      .option("smtp-ca-file", "", "FILE", "certificates (PEM) to trust for STARTTLS")
      .option("mail-interval", "", "SECONDS", "how often the outbox is read (default 30)")
      .option("help", "h", "", "show this help");
  const char* usage =
      "usage: shortlist serve --db URI [--host ADDRESS] [--port N] [--call ID] [--criteria FILE]\n"
      "                       [--smtp smtp://[USER@]HOST[:PORT] --mail-from ADDRESS]\n";
  ParsedOptions options;
  server::ServerSettings settings;
  int status_limit = 30;
  int application_limit = 10;
  long session_idle_minutes = 30;
  std::optional<mail::SmtpSettings> smtp;
  long mail_interval = 30;
  try {
    options = line.parse(0);
    if (options.flag("help")) {
      out << usage
          << "\nServes the JSON API under /api/v1/ (docs/openapi.yaml) until "
             "interrupted.\n\n"
          << line.help();
      return 0;
    }
    if (!options.last("db")) throw UsageError("--db is required");
    auto whole = [](const std::string& text, long low, long high, const char* what) {
      std::size_t used = 0;
      long value = -1;
      try {
        value = std::stol(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != text.size() || value < low || value > high) {
        throw UsageError(std::string(what) + " takes a whole number from " + std::to_string(low) +
                         " to " + std::to_string(high));
      }
      return value;
    };
    if (auto port = options.last("port")) {
      settings.port = static_cast<unsigned short>(whole(*port, 0, 65535, "--port"));
    }
    if (auto limit = options.last("status-limit")) {
      status_limit = static_cast<int>(whole(*limit, 1, 1000000, "--status-limit"));
    }
    // Behind a proxy every client has the proxy's address: the proxy caps
    // its clients' connections, not the service.
    if (options.flag("behind-https-proxy")) settings.max_connections_per_address = 0;
    if (auto cap = options.last("max-connections-per-address")) {
      settings.max_connections_per_address =
          static_cast<std::size_t>(whole(*cap, 0, 100000, "--max-connections-per-address"));
    }
    if (auto deadline = options.last("request-deadline")) {
      settings.request_deadline =
          std::chrono::seconds(whole(*deadline, 1, 3600, "--request-deadline"));
    }
    if (auto limit = options.last("application-limit")) {
      application_limit = static_cast<int>(whole(*limit, 1, 1000000, "--application-limit"));
    }
    if (auto idle = options.last("session-idle")) {
      session_idle_minutes = whole(*idle, 1, 24 * 60, "--session-idle");
    }
    settings.host = options.last("host").value_or("127.0.0.1");
    settings.tls_certificate = options.last("tls-certificate").value_or("");
    settings.tls_key = options.last("tls-key").value_or("");
    if (settings.tls_certificate.empty() != settings.tls_key.empty()) {
      throw UsageError("--tls-certificate and --tls-key go together");
    }
    if (auto interval = options.last("mail-interval")) {
      mail_interval = whole(*interval, 1, 24 * 3600, "--mail-interval");
    }
    if (options.last("smtp").has_value() != options.last("mail-from").has_value()) {
      throw UsageError("--smtp and --mail-from go together");
    }
    if (auto uri = options.last("smtp")) {
      Expected<mail::SmtpSettings> parsed = mail::parse_smtp_uri(
          *uri, *options.last("mail-from"), std::getenv(mail::kSmtpPasswordVariable));
      if (!parsed) throw UsageError(parsed.problems()[0].message);
      smtp = std::move(parsed).value();
      smtp->ca_file = options.last("smtp-ca-file").value_or("");
    }
  } catch (const UsageError& e) {
    err << "shortlist serve: " << e.what() << "\n" << usage;
    return 2;
  }
  std::optional<CallConfig> config = read_criteria(options, err);
  if (!config) return 2;
  {
    // The schema is brought up to date once, before any request.
    Expected<store::Database> db = open_store(*options.last("db"), err);
    if (!db) return 1;
  }
  // The signals are waited for, not handled: blocked before any server
  // thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  server::SiteSettings site_settings{*options.last("db"), bundled_messages_dir(),
                                     bundled_data("web/static"), 8, status_limit};
  site_settings.applications_per_minute = application_limit;
  site_settings.call = options.last("call").value_or("main");
  site_settings.bundled_plugin_dir = bundled_plugin_dir();
  for (const std::string& dir : options.all("plugins")) site_settings.plugin_dirs.emplace_back(dir);
  site_settings.config = std::move(*config);
  site_settings.session_idle = std::chrono::minutes(session_idle_minutes);
  site_settings.behind_https_proxy = options.flag("behind-https-proxy");
  server::Site site(std::move(site_settings));

  settings.access_log = &std::cerr;
  std::unique_ptr<server::Server> server;
  try {
    server = std::make_unique<server::Server>(site, settings);
  } catch (const Poco::Exception& e) {
    err << "shortlist serve: cannot listen on " << settings.host << ":" << settings.port << ": "
        << e.displayText() << "\n";
    return 1;
  }
  const std::string scheme = settings.tls_certificate.empty() ? "http" : "https";
  server->start();
  std::unique_ptr<mail::MailSender> sender;
  if (smtp) {
    sender = std::make_unique<mail::MailSender>(*options.last("db"), *smtp,
                                                std::chrono::seconds(mail_interval), std::cerr);
    sender->start();
  }
  out << "listening on " << scheme << "://" << settings.host << ":" << server->port() << std::endl;
  if (smtp) {
    out << "sending e-mail through smtp://" << smtp->host << ":" << smtp->port << " as "
        << smtp->from << std::endl;
  }
  int received = 0;
  sigwait(&stop_signals, &received);
  out << "stopping: finishing the requests in flight" << std::endl;
  server->stop();
  // A message being sent is finished and recorded before the process ends.
  if (sender) sender->stop();
  return 0;
}

}  // namespace shortlist::cli
