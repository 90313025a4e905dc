// `shortlist ingest PATH...`: reads submissions the way `evaluate` does and
// reports, per file, what was accepted (id, tracking code, language,
// encoding) and what was quarantined (the reason), then the totals. A
// progress bar is drawn only when standard error is a terminal.
#include <unistd.h>

#include <map>
#include <optional>

#include "core/app/ingest_batch.h"
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/input_options.h"
#include "core/cli/printed_observer.h"
#include "core/cli/store_options.h"
#include "core/text/language.h"
#include "core/text/unicode.h"

namespace shortlist::cli {

int run_ingest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  add_input_limit_options(line);
  line.option("db", "", "URI", "also store what is accepted (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call the submissions belong to (default: main)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  ingest::ReadLimits limits;
  try {
    options = line.parse(std::numeric_limits<std::size_t>::max());
    if (options.flag("help")) {
      out << "usage: shortlist ingest PATH... [options]\n\n"
             "Reads submission files and folders, and reports what was accepted and what was\n"
             "quarantined, and why.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("name at least one file or folder");
    limits = input_limits(options);
  } catch (const UsageError& e) {
    err << "shortlist ingest: " << e.what() << "\nusage: shortlist ingest PATH... [options]\n";
    return 2;
  }

  std::optional<store::Database> db;
  if (auto uri = options.last("db")) {
    Expected<store::Database> opened = open_store(*uri, err);
    if (!opened) return 1;
    db.emplace(std::move(opened).value());
  }
  const std::string call = options.last("call").value_or("main");

  std::vector<std::filesystem::path> paths(options.positional.begin(), options.positional.end());
  ProgressBar progress(err, isatty(STDERR_FILENO) != 0);
  PrintedObserver printed(err, progress.callback());
  const app::IngestedBatch read = app::ingest_batch(
      {paths, limits, call, "cli", &bundled_form_labels()}, db ? &*db : nullptr, printed);
  progress.finish();
  const ingest::Submissions& batch = read.batch;
  const std::optional<store::StoredBatch>& stored = read.stored;

  std::map<std::string, std::size_t> by_language;
  for (std::size_t i = 0; i < batch.proposals.size(); ++i) {
    const Proposal& p = batch.proposals[i];
    ++by_language[p.language];
    std::string what;
    if (stored) {
      const Expected<store::StoredSubmission>& result = stored->proposals[i];
      if (!result) {
        out << "not stored   " << p.source << "\n             " << result.problems()[0].message
            << "\n";
        continue;
      }
      what = result->what == store::Stored::New ? "stored"
             : result->what == store::Stored::NewVersion
                 ? "stored as version " + std::to_string(result->version)
                 : "already stored as " + result->id;
    }
    out << "accepted     " << p.source << (what.empty() ? "" : " (" + what + ")") << "\n"
        << "             id " << p.id << ", tracking code " << p.tracking_code << ", language "
        << p.language << (p.language_detected ? " (detected" : " (declared");
    // A proposal mixing languages, or too short for CLD2 to be sure of,
    // shows what was found in it.
    if (const std::string mixed = text::mixed_languages(p); !mixed.empty()) out << ": " << mixed;
    out << ")";
    if (p.language_mismatch && !p.languages.empty()) {
      out << " but the text reads as " << p.languages.front().code << ": check it";
    }
    out << ", " << p.encoding;
    if (p.encoding_confidence < 100) out << " (" << p.encoding_confidence << "% confidence)";
    out << "\n";
  }
  for (std::size_t i = 0; i < batch.excluded.size(); ++i) {
    const ingest::Exclusion& e = batch.excluded[i];
    out << "quarantined  " << e.source;
    // Read but invalid, or a valid version a later file replaced: stored
    // as such (store_batch).
    if (stored && stored->excluded[i]) {
      const Expected<store::StoredSubmission>& result = *stored->excluded[i];
      const bool invalid = !e.content_hash.empty();
      if (result) {
        out << (result->what == store::Stored::AlreadyStored
                    ? (invalid ? " (already stored as invalid)" : " (already stored)")
                : invalid ? " (stored as invalid)"
                          : " (stored as version " + std::to_string(result->version) + ")")
            << "\n             id " << result->id << ", tracking code " << result->tracking_code;
      } else {
        out << "\n             not stored: " << result.problems()[0].message;
      }
    }
    out << "\n             " << e.reason << "\n";
  }
  out << "\n" << batch.proposals.size() << " accepted, " << batch.excluded.size() << " quarantined";
  if (!by_language.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [language, count] : by_language) {
      out << (first ? "" : ", ") << language << " " << count;
      first = false;
    }
    out << ")";
  }
  out << "\n";
  if (stored && stored->failed > 0) {
    err << "shortlist ingest: " << stored->failed
        << " proposal(s) could not be stored; the first: " << stored->first_failure << "\n";
    return 1;
  }
  return 0;
}

}  // namespace shortlist::cli
