// `shortlist decide PROPOSAL DECISION --reason TEXT --db URI` records the
// organiser's decision on a proposal in review; `shortlist decide --release
// --call ID --db URI` moves every recorded decision into the proposals'
// statuses, where applicants see them; `shortlist decide --list` shows them.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/jury_store.h"

namespace shortlist::cli {

int run_decide(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage =
      "usage: shortlist decide PROPOSAL DECISION --reason TEXT --db URI\n"
      "       shortlist decide --list [--call ID] --db URI\n"
      "       shortlist decide --release [--call ID] --db URI\n"
      "DECISION: awarded, not_awarded, waitlisted, shortlisted or not_shortlisted\n";
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call (default: main)")
      .option("reason", "", "TEXT", "why: kept in the status history and the audit log")
      .option("list", "", "", "show the decisions recorded and whether they are released")
      .option("release", "", "", "apply the recorded decisions: applicants see them")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(2);
    if (options.flag("help")) {
      out << kUsage
          << "\nA decision is recorded first and shown to nobody outside; --release moves\n"
             "the proposals to their decided status (awarded and not_awarded through\n"
             "shortlisted), in one transaction, each step in the audit log, and queues\n"
             "the e-mail that tells each applicant (`shortlist mail list`).\n\n"
          << line.help();
      return 0;
    }
    if (!options.last("db")) throw UsageError("--db is required");
    const bool listing = options.flag("list") || options.flag("release");
    if (listing != options.positional.empty()) {
      throw UsageError(listing ? "--list and --release take no PROPOSAL"
                               : "expected PROPOSAL DECISION, --list or --release");
    }
    if (!listing && options.positional.size() != 2) throw UsageError("expected PROPOSAL DECISION");
    if (!listing && !options.last("reason")) throw UsageError("--reason is required");
  } catch (const UsageError& e) {
    err << "shortlist decide: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const std::string call = options.last("call").value_or("main");
  if (options.flag("release")) {
    Expected<std::size_t> released = store::release_decisions(*db, call, "cli");
    if (!released) {
      err << "shortlist decide: " << released.problems()[0].message << "\n";
      return 1;
    }
    out << *released << " decision" << (*released == 1 ? "" : "s") << " released for call " << call
        << "\n";
    return 0;
  }
  if (options.flag("list")) {
    for (const store::StoredDecision& d : store::load_decisions(*db, call)) {
      out << d.proposal << "  " << d.decision << "  "
          << (d.released_at.empty() ? "not released" : "released " + d.released_at) << "  "
          << d.reason << "\n";
    }
    return 0;
  }
  const std::string& proposal = options.positional[0];
  const std::string& decision = options.positional[1];
  Expected<bool> replaced =
      store::record_decision(*db, proposal, decision, *options.last("reason"), "cli");
  if (!replaced) {
    err << "shortlist decide: " << replaced.problems()[0].message << "\n";
    return 1;
  }
  out << (*replaced ? "replaced the decision on " : "recorded the decision on ") << proposal << ": "
      << decision << " (not shown to the applicant until `shortlist decide --release`)\n";
  return 0;
}

}  // namespace shortlist::cli
