// `shortlist status CODE --db URI [--lang LANG]`: what an applicant sees for
// their tracking code, in their language.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/store_options.h"
#include "core/ingest/tracking_code.h"
#include "core/report/status_report.h"

namespace shortlist::cli {

int run_status(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("lang", "l", "LANG", "language of the answer (default: the proposal's)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << "usage: shortlist status CODE --db URI [--lang LANG]\n\n"
             "Shows an applicant the status and history of their proposal.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("give the tracking code");
    if (!options.last("db")) throw UsageError("--db is required");
  } catch (const UsageError& e) {
    err << "shortlist status: " << e.what()
        << "\nusage: shortlist status CODE --db URI [--lang LANG]\n";
    return 2;
  }
  const std::string typed = options.positional[0];
  auto messages_in = [&](const std::string& language) {
    return Messages::open(bundled_messages_dir(), language);
  };
  std::optional<std::string> code = ingest::normalize_tracking_code(typed);
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  std::optional<store::SubmissionStatus> status;
  if (code) status = store::find_by_tracking_code(*db, *code);
  const std::string language = options.last("lang").value_or(status ? status->language : "en");
  Expected<Messages> messages = messages_in(language);
  if (!messages) {
    err << "shortlist status: " << messages.problems()[0].message << "\n";
    return 1;
  }
  if (!code) {
    out << messages->format("bad_code", {{"code", icu::UnicodeString::fromUTF8(typed)}}) << "\n";
    return 1;
  }
  if (!status) {
    out << messages->format("not_found") << "\n";
    return 1;
  }
  out << status_text(
      *status, *code, *messages,
      status->scores_shown() ? store::released_feedback(*db, status->id) : std::nullopt);
  return 0;
}

}  // namespace shortlist::cli
