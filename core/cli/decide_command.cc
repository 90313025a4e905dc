// `shortlist decide PROPOSAL DECISION --reason TEXT --db URI` records the
// organiser's decision on a proposal; `--remaining DECISION` gives one to
// every proposal of the call still without an outcome; `shortlist decide
// --release [--show decision|feedback|scores] --call ID --db URI` moves every
// recorded decision into the proposals' statuses, where applicants see them
// with what the organiser chose to show; `shortlist decide --list` shows them.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/jury_store.h"

namespace shortlist::cli {

int run_decide(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage =
      "usage: shortlist decide PROPOSAL DECISION --reason TEXT [--comment TEXT] --db URI\n"
      "       shortlist decide --remaining DECISION --reason TEXT [--comment TEXT] [--call ID] "
      "--db URI\n"
      "       shortlist decide --list [--call ID] --db URI\n"
      "       shortlist decide --release [--show decision|feedback|scores] [--run N] [--call ID] "
      "--db URI\n"
      "DECISION: awarded, not_awarded, waitlisted, shortlisted or not_shortlisted\n";
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call (default: main)")
      .option("reason", "", "TEXT", "why: kept in the status history and the audit log")
      .option("comment", "", "TEXT",
              "the jury's word to the applicant, shown with --release --show feedback or scores")
      .option("remaining", "", "DECISION",
              "give DECISION to every proposal of the call without a decision or an outcome")
      .option("list", "", "", "show the decisions recorded and whether they are released")
      .option("release", "", "", "apply the recorded decisions: applicants see them")
      .option("show", "", "WHAT",
              "with --release: what applicants see: decision (the default), feedback (and the "
              "jury's comment) or scores (and the automatic scores too)")
      .option("run", "", "N", "with --release --show scores: the run whose scores are shown")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  store::Release release;
  try {
    options = line.parse(2);
    if (options.flag("help")) {
      out << kUsage
          << "\nA decision is recorded first and shown to nobody outside; --release moves\n"
             "the proposals to their decided status (awarded and not_awarded through\n"
             "shortlisted), in one transaction, each step in the audit log, and queues\n"
             "the e-mail that tells each applicant (`shortlist mail list`). --remaining\n"
             "decides, in one transaction, every proposal that has no decision and is not\n"
             "invalid, ineligible or decided already, or none when the lifecycle does not\n"
             "allow it for some (each is named).\n\n"
          << line.help();
      return 0;
    }
    if (!options.last("db")) throw UsageError("--db is required");
    const bool remaining = options.flag("remaining");
    const bool listing = options.flag("list") || options.flag("release");
    if ((listing || remaining) != options.positional.empty()) {
      throw UsageError(listing ? "--list and --release take no PROPOSAL"
                       : remaining
                           ? "--remaining takes no PROPOSAL"
                           : "expected PROPOSAL DECISION, --remaining, --list or --release");
    }
    if (listing && remaining) throw UsageError("--remaining cannot go with --list or --release");
    if (!listing && !remaining && options.positional.size() != 2) {
      throw UsageError("expected PROPOSAL DECISION");
    }
    if (!listing && !options.last("reason")) throw UsageError("--reason is required");
    if ((options.flag("show") || options.flag("run")) && !options.flag("release")) {
      throw UsageError("--show and --run go with --release");
    }
    if (const std::optional<std::string> show = options.last("show")) {
      const std::optional<store::Shown> shown = store::parse_shown(*show);
      if (!shown) {
        throw UsageError("--show takes decision, feedback or scores, not '" + *show + "'");
      }
      release.shown = *shown;
    }
    if (const std::optional<std::string> run = options.last("run")) {
      if (release.shown != store::Shown::Scores) throw UsageError("--run goes with --show scores");
      release.run = parse_run_id(*run);
    }
  } catch (const UsageError& e) {
    err << "shortlist decide: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const std::string call = options.last("call").value_or("main");
  const std::string comment = options.last("comment").value_or("");
  if (options.flag("release")) {
    Expected<std::size_t> released = store::release_decisions(*db, call, "cli", release);
    if (!released) {
      err << "shortlist decide: " << released.problems()[0].message << "\n";
      return 1;
    }
    out << *released << " decision" << (*released == 1 ? "" : "s") << " released for call " << call
        << "\n";
    if (release.shown != store::Shown::Decision) {
      out << "applicants see the decision"
          << (release.shown == store::Shown::Feedback ? " and the jury's comment"
                                                      : ", the jury's comment and their scores")
          << "\n";
    }
    return 0;
  }
  if (options.flag("list")) {
    for (const store::StoredDecision& d : store::load_decisions(*db, call)) {
      out << d.proposal << "  " << d.decision << "  "
          << (d.released_at.empty() ? "not released" : "released " + d.released_at) << "  "
          << d.reason << (d.comment.empty() ? "" : "  (to the applicant: " + d.comment + ")")
          << "\n";
    }
    return 0;
  }
  if (options.flag("remaining")) {
    const std::string decision = *options.last("remaining");
    Expected<std::vector<std::string>> decided = store::record_remaining_decisions(
        *db, call, decision, *options.last("reason"), "cli", comment);
    if (!decided) {
      err << "shortlist decide: " << decided.problems()[0].message << "\n";
      return 1;
    }
    out << "recorded " << decision << " for " << decided->size() << " proposal"
        << (decided->size() == 1 ? "" : "s") << " of call " << call
        << " (not shown to applicants until `shortlist decide --release`)\n";
    return 0;
  }
  const std::string& proposal = options.positional[0];
  const std::string& decision = options.positional[1];
  Expected<bool> replaced =
      store::record_decision(*db, proposal, decision, *options.last("reason"), "cli", comment);
  if (!replaced) {
    err << "shortlist decide: " << replaced.problems()[0].message << "\n";
    return 1;
  }
  out << (*replaced ? "replaced the decision on " : "recorded the decision on ") << proposal << ": "
      << decision << " (not shown to the applicant until `shortlist decide --release`)\n";
  return 0;
}

}  // namespace shortlist::cli
