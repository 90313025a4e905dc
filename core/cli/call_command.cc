// `shortlist call window|extend --db URI`: the online submission window of
// a call as the service applies it — the criteria's `submission` section,
// its deadline replaced by the latest extension the store records — and
// extending that deadline, with the reason, audited.
#include <chrono>
#include <optional>

#include "core/app/submit_application.h"
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/store_options.h"
#include "core/store/application_store.h"

namespace shortlist::cli {

int run_call(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call, as `serve --call` names it (default: main)")
      .option("criteria", "", "FILE",
              "its criteria, with the `submission` window (default: the bundled call's)")
      .option("closes", "", "TIME",
              "extend: the new deadline, RFC 3339 with its offset (2026-06-07T23:59:59-04:00)")
      .option("reason", "", "TEXT", "extend: why, kept in the audit log")
      .option("allow-earlier", "", "",
              "extend: accept a deadline earlier than the one in force (to correct a mistake; "
              "applicants are refused from then on)")
      .option("help", "h", "", "show this help");
  const char* usage =
      "usage: shortlist call window [--call ID] [--criteria FILE] --db URI\n"
      "       shortlist call extend --closes TIME --reason TEXT [--call ID] [--criteria FILE] "
      "--db URI\n";
  ParsedOptions options;
  std::chrono::system_clock::time_point closes;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << usage
          << "\nThe window in which applicants submit and change applications online\n"
             "(GET /apply, POST /api/v1/applications): 'window' shows it with every\n"
             "extension of its deadline; 'extend' moves the deadline, recorded with the\n"
             "reason in the store and the audit log. The service reads it at each request.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("expected window or extend");
    const std::string& verb = options.positional[0];
    if (verb != "window" && verb != "extend") {
      throw UsageError("expected window or extend, not '" + verb + "'");
    }
    if (!options.last("db")) throw UsageError("--db is required");
    if (verb == "extend") {
      if (!options.last("closes"))
        throw UsageError("'extend' needs --closes TIME: the new deadline");
      if (!options.last("reason") || options.last("reason")->empty()) {
        throw UsageError("'extend' needs --reason TEXT: why the deadline moves");
      }
      std::optional<std::chrono::system_clock::time_point> parsed =
          parse_rfc3339(*options.last("closes"));
      if (!parsed) {
        throw UsageError("--closes '" + *options.last("closes") +
                         "' is not an RFC 3339 date and time with its offset (such as "
                         "2026-06-07T23:59:59Z or 2026-06-07T23:59:59-04:00)");
      }
      closes = *parsed;
    }
  } catch (const UsageError& e) {
    err << "shortlist call: " << e.what() << "\n" << usage;
    return 2;
  }
  std::optional<CallConfig> config = read_criteria(options, err);
  if (!config) return 2;
  if (!config->submission) {
    err << "shortlist call: " << config->source
        << " has no `submission` section: the call takes no online applications "
           "(docs/criteria.md)\n";
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const std::string call = options.last("call").value_or("main");
  const SubmissionWindow& window = *config->submission;
  std::optional<app::WindowInForce> in_force = app::window_in_force(*db, *config, call);

  if (options.positional[0] == "extend") {
    if (closes <= window.opens) {
      err << "shortlist call: --closes " << utc_text(closes) << " is not after the window opens ("
          << window.opens_text << ")\n";
      return 2;
    }
    if (closes < in_force->closes && !options.flag("allow-earlier")) {
      err << "shortlist call: --closes " << utc_text(closes)
          << " is earlier than the deadline in force (" << utc_text(in_force->closes)
          << "); --allow-earlier records it all the same\n";
      return 2;
    }
    Expected<store::DeadlineExtension> extended =
        store::extend_deadline(*db, call, utc_text(closes), *options.last("reason"), "cli");
    if (!extended) {
      err << "shortlist call: " << extended.problems()[0].message << "\n";
      return 1;
    }
    out << "Call " << call << ": applications now close at " << extended->closes << " (was "
        << utc_text(in_force->closes) << "); recorded as extension " << extended->seq
        << " and in the audit log\n";
    return 0;
  }
  const auto now = std::chrono::system_clock::now();
  out << "Call " << call << "\n  opens   " << utc_text(window.opens) << "  (" << window.opens_text
      << ")\n  closes  " << utc_text(in_force->closes);
  if (in_force->closes != window.closes)
    out << "  (extended; criteria: " << window.closes_text << ")";
  else
    out << "  (" << window.closes_text << ")";
  out << "\n  now     "
      << (now < in_force->opens    ? "not yet open"
          : now > in_force->closes ? "closed"
                                   : "open")
      << "\n  languages ";
  if (window.languages.empty()) out << "(every language of the service)";
  for (std::size_t i = 0; i < window.languages.size(); ++i)
    out << (i ? ", " : "") << window.languages[i];
  out << "\n  largest attachment " << window.max_attachment_bytes << " bytes\n";
  const std::vector<store::DeadlineExtension> extensions = store::deadline_extensions(*db, call);
  if (!extensions.empty()) out << "Extensions:\n";
  for (const store::DeadlineExtension& e : extensions) {
    out << "  " << e.seq << ". " << e.at << " by " << e.actor << ": closes " << e.closes << " — "
        << e.reason << "\n";
  }
  return 0;
}

}  // namespace shortlist::cli
