// shortlist: evaluates proposals to a call and ranks them into a shortlist.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/cli/commands.h"
#include "core/cli/version.h"
#include "core/plugin_host/plugin_call_record.h"
#include "core/util/standard_output.h"
#include "core/util/suggest.h"

namespace {

constexpr const char* kUsage =
    "usage: shortlist <command> [options]\n"
    "\n"
    "commands:\n"
    "  evaluate       ingest, score and rank the submissions into a shortlist\n"
    "  ingest         read submissions and report what was accepted or quarantined\n"
    "  forms          write the call's application form in Word or PDF, for applicants\n"
    "  criteria check check a criteria file and its plugins without evaluating\n"
    "  status CODE    show an applicant the status of their proposal\n"
    "  runs           list, show, compare or withdraw the evaluation runs kept in the store\n"
    "  audit verify   check that neither the audit log nor the data it covers was tampered with\n"
    "  audit seal     record, once, the rows written before the log recorded row digests\n"
    "  feedback       release or withdraw applicants' view of their scores\n"
    "  jury           jurors, assignment, reviews, progress and the calibrated jury report\n"
    "  decide         record the decisions on proposals and release them to applicants\n"
    "  export         write a call from the store as JSON Lines\n"
    "  import FILE    bring an exported call into a store\n"
    "  lexicon check  which of the relevance lexicon's concepts are thin in which language\n"
    "  plugins list   show the scoring plugins found, and any that failed to load\n"
    "  plugins check  run a plugin in a separate process and report how it behaves\n"
    "  call           the online submission window: show it, extend its deadline\n"
    "  mail           the outbox of e-mail to applicants: list, retry, send\n"
    "  serve          the web service: applicants' status and application pages, the JSON API\n"
    "  user           accounts of the web service: add, list, disable\n"
    "\n"
    "'shortlist <command> --help' describes a command's options; 'shortlist --version'\n"
    "prints the release, the plugin ABI it loads and the libraries it runs with.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  // Before anything else registers an exit hook or a static: a plugin that
  // ends or crashes the process is then named before anything is torn down.
  shortlist::watch_plugin_calls();
  // Standard output belongs to the command's report alone: plugins that run
  // in this process print to standard error instead. The plugin worker
  // keeps it for its frames in the same way, itself.
  std::optional<shortlist::DescriptorStream> reserved;
  if (!(command == "plugins" && !rest.empty() && rest[0] == "worker")) {
    reserved.emplace(shortlist::reserve_standard_output());
  }
  std::ostream& out = reserved ? static_cast<std::ostream&>(*reserved) : std::cout;
  try {
    if (command == "evaluate") return shortlist::cli::run_evaluate(rest, out, std::cerr);
    if (command == "ingest") return shortlist::cli::run_ingest(rest, out, std::cerr);
    if (command == "forms") return shortlist::cli::run_forms(rest, out, std::cerr);
    if (command == "status") return shortlist::cli::run_status(rest, out, std::cerr);
    if (command == "runs") return shortlist::cli::run_runs(rest, out, std::cerr);
    if (command == "audit") return shortlist::cli::run_audit(rest, out, std::cerr);
    if (command == "feedback") return shortlist::cli::run_feedback(rest, out, std::cerr);
    if (command == "export") return shortlist::cli::run_export(rest, out, std::cerr);
    if (command == "import") return shortlist::cli::run_import(rest, out, std::cerr);
    if (command == "criteria") return shortlist::cli::run_criteria(rest, out, std::cerr);
    if (command == "jury") return shortlist::cli::run_jury(rest, out, std::cerr);
    if (command == "decide") return shortlist::cli::run_decide(rest, out, std::cerr);
    if (command == "lexicon") return shortlist::cli::run_lexicon(rest, out, std::cerr);
    if (command == "plugins") return shortlist::cli::run_plugins(rest, out, std::cerr);
    if (command == "call") return shortlist::cli::run_call(rest, out, std::cerr);
    if (command == "mail") return shortlist::cli::run_mail(rest, out, std::cerr);
    if (command == "serve") return shortlist::cli::run_serve(rest, out, std::cerr);
    if (command == "user") return shortlist::cli::run_user(rest, out, std::cerr);
    if (command == "--version") {
      shortlist::cli::print_version(out);
      return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      out << kUsage;
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "shortlist: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "shortlist: unknown command '" << command << "'"
            << shortlist::did_you_mean(
                   command, {"evaluate", "ingest", "forms", "status", "criteria", "runs", "audit",
                             "feedback", "export", "import", "plugins", "jury", "decide", "lexicon",
                             "call", "mail", "serve", "user", "help"})
            << "\n"
            << kUsage;
  return 2;
}
