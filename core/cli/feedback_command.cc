// `shortlist feedback release --call ID --run N --db URI` and
// `shortlist feedback withdraw --call ID --db URI`: whether applicants see
// their own scores from an evaluation run in `shortlist status`.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/feedback.h"

namespace shortlist::cli {

int run_feedback(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage =
      "usage: shortlist feedback release --call ID --run N --db URI\n"
      "       shortlist feedback withdraw --call ID --db URI\n";
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call whose applicants see the scores")
      .option("run", "", "N", "the evaluation run whose scores they see")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  std::int64_t run = 0;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << kUsage
          << "\nOnce released, `shortlist status` shows each applicant their own rank,\n"
             "score and the explanation of each criterion from that run; nothing of\n"
             "other proposals.\n\n"
          << line.help();
      return 0;
    }
    const std::string action = options.positional.empty() ? "" : options.positional[0];
    if (action != "release" && action != "withdraw") {
      throw UsageError("expected 'release' or 'withdraw'");
    }
    if (!options.last("db")) throw UsageError("--db is required");
    if (!options.last("call")) throw UsageError("--call is required");
    if (action == "release") {
      run = parse_run_id(options.last("run").value_or(""));
    }
  } catch (const UsageError& e) {
    err << "shortlist feedback: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const std::string call = *options.last("call");
  const bool release = options.positional[0] == "release";
  Expected<bool> changed = release ? store::release_feedback(*db, call, run, "cli")
                                   : store::withdraw_feedback(*db, call, "cli");
  if (!changed) {
    err << "shortlist feedback: " << changed.problems()[0].message << "\n";
    return 1;
  }
  if (release) {
    out << (*changed ? "applicants of call " + call + " now see their scores from run "
                     : "applicants of call " + call + " already see their scores from run ")
        << run << "\n";
  } else {
    out << (*changed ? "applicants of call " + call + " no longer see scores\n"
                     : "no feedback was released for call " + call + "\n");
  }
  return 0;
}

}  // namespace shortlist::cli
