// `shortlist plugins check FILE.so`.
//
// Runs the plugin in a worker process of its own (plugin_process.h, the
// same worker and protocol an isolated evaluation uses) over a set of
// submissions, the bundled ones by default, and drives it one step at a
// time: loading, create, the corpus pass, each proposal, destroy. Each step
// of the plugin's has the time limit (--timeout; the corpus pass once per
// proposal). A crash, an abort or a hang ends the worker, never the check,
// and the report names the step, or the proposal, it happened on. The
// worker is not restarted: the check stops at the first failure.
#include <chrono>
#include <optional>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/ingest/submission_reader.h"
#include "core/plugin_host/plugin_process.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/report/report.h"
#include "core/text/unicode.h"

namespace shortlist::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage =
    "usage: shortlist plugins check FILE.so [--measure M] [--params JSON] [--submissions PATH]...\n"
    "                               [--timeout SECONDS] [--memory-limit MB]\n";

CommandLine check_options(const std::vector<std::string>& args) {
  CommandLine line(args);
  line.option("measure", "", "NAME", "the measure to ask for (default: the plugin's first)")
      .option("params", "", "JSON", "the criterion's params as a JSON object (default {})")
      .option("submissions", "s", "PATH", "submissions to score (repeatable; default: bundled)",
              true)
      .option("timeout", "", "SECONDS",
              "time limit of each step of the plugin's: loading, create, each proposal, destroy; "
              "the corpus pass has it once per proposal (default 5)")
      .option("memory-limit", "", "MB",
              "the plugin process's address space (default 4096; 0: none)")
      .option("help", "h", "", "show this help");
  return line;
}

// One line of the report per text.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

std::string within(std::chrono::milliseconds limit) {
  return " within " + report::fixed(std::chrono::duration<double>(limit).count(), 1) + " s";
}

// What one proposal got, as the report shows it.
std::string result_text(const CriterionScore& score) {
  if (score.ok()) return report::fixed(*score.raw, 4) + ": " + one_line(score.explanation);
  if (score.error.empty()) return "missing: " + one_line(score.missing_reason);
  return "error: " + one_line(score.error);
}

}  // namespace

int run_plugin_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line = check_options(args);
  ParsedOptions options;
  double timeout = 5;
  std::size_t memory_mb = 4096;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << kUsage
          << "\nRuns the plugin in a separate process over the submissions and reports what it\n"
             "gives each one, how long each call takes, and any crash, abort, hang or\n"
             "exception, naming the proposal it happened on. Exit status 0 when every call\n"
             "returned cleanly (a missing value is clean), 1 otherwise.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.size() != 1) throw UsageError("expected FILE.so");
    if (auto given = options.last("timeout")) {
      timeout = std::stod(*given);
      if (!(timeout > 0)) throw UsageError("--timeout must be above 0");
    }
    if (auto given = options.last("memory-limit")) memory_mb = std::stoul(*given);
  } catch (const std::exception& e) {
    err << "shortlist plugins check: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const fs::path file = fs::absolute(options.positional[0]);
  IsolationLimits limits;
  limits.per_call = limits.startup = std::chrono::milliseconds(static_cast<long>(timeout * 1000));
  limits.memory_mb = memory_mb;
  limits.batch = 1;
  limits.restart = false;
  PluginFileRead read;
  read.plugin.file = file;
  PluginProcess process(read.plugin, options.last("measure").value_or(""),
                        options.last("params").value_or("{}"), limits);

  // Where the worker is: "The plugin did not <doing>", "... while <in_progress>".
  std::string doing = "finish loading" + within(limits.startup);
  std::string in_progress = "loading the plugin";
  std::size_t values = 0, missing = 0, errors = 0, proposals = 0;
  double total_ms = 0, max_ms = 0;
  bool failed = false;
  auto refused = [&](const std::string& what, const std::string& why) {
    if (process.ended()) return true;  // said below
    if (why.empty()) return false;
    out << what << one_line(why) << "\n";
    return failed = true;
  };
  if (!process.open(read) && !process.ended()) {
    err << "shortlist plugins check: cannot start the plugin process\n";
    return 1;
  }
  if (!refused("Cannot load " + file.string() + ": ", read.refused)) {
    const LoadedPlugin& plugin = read.plugin;
    out << "Checking " << file.filename().string() << " (" << plugin.name << " " << plugin.version
        << ", ABI " << plugin.abi_major << "." << plugin.abi_minor << ", SHA-256 "
        << plugin.sha256.substr(0, 16) << ") in a separate process\n";
    doing = "finish its create call" + within(limits.startup);
    in_progress = "configuring it";
    if (!refused("Cannot configure it: ", process.configure())) {
      const std::vector<std::string> given = options.all("submissions");
      std::vector<fs::path> paths(given.begin(), given.end());
      if (paths.empty()) paths.push_back(bundled_data("submissions"));
      const ingest::Submissions batch = ingest::read_submissions(paths);
      proposals = batch.proposals.size();
      out << "Scoring " << proposals << " proposals\n\n  " << text::fit_to_width("proposal", 28)
          << "        ms  result\n";
      doing = "finish its corpus pass" +
              within(limits.per_call * static_cast<long>(std::max<std::size_t>(1, proposals)));
      in_progress = "its corpus pass";
      if (!refused("The corpus pass failed: ", process.corpus_pass(batch.proposals))) {
        for (const Proposal& proposal : batch.proposals) {
          doing = "answer" + within(limits.per_call) + " while scoring '" + proposal.id + "'";
          in_progress = "scoring '" + proposal.id + "'";
          const Clock::time_point start = Clock::now();
          const CriterionScore score = process.score({&proposal}).front();
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
          if (process.ended()) break;
          total_ms += ms;
          max_ms = std::max(max_ms, ms);
          (score.ok() ? values : score.error.empty() ? missing : errors) += 1;
          std::string row =
              "  " + text::fit_to_width(proposal.id, 28) +
              std::string(10 - std::min<std::size_t>(10, report::fixed(ms, 3).size()), ' ') +
              report::fixed(ms, 3) + "  " + text::fit_to_width(result_text(score), 100);
          out << row.substr(0, row.find_last_not_of(' ') + 1) << "\n";
        }
        if (!process.ended()) {
          doing = "finish its destroy call" + within(limits.per_call);
          in_progress = "destroying its instance";
          process.finish();
        }
      }
    }
  }

  out << "\n";
  const std::size_t calls = values + missing + errors;
  if (const std::optional<WorkerEnd>& end = process.ended()) {
    failed = true;
    switch (end->kind) {
      case WorkerEnd::Kind::TimedOut:
        out << "The plugin did not " << doing << ": its process was killed.\n";
        break;
      case WorkerEnd::Kind::Crashed:
        out << "The plugin crashed (" << signal_name(end->code) << ") while " << in_progress
            << ".\n";
        break;
      case WorkerEnd::Kind::Exited:
        // Also status 0: a plugin that calls exit() ends the process with the
        // proposals after it unscored.
        out << "The plugin process ended with status " << end->code << " while " << in_progress
            << ".\n";
        break;
    }
  }
  if (failed && proposals > calls) {
    out << proposals - calls << " of " << proposals << " proposals were not scored.\n";
  }
  if (calls > 0) {
    out << calls << " calls: " << values << " values, " << missing << " missing, " << errors
        << " failed; " << report::fixed(total_ms / static_cast<double>(calls), 3)
        << " ms per proposal on average, " << report::fixed(max_ms, 3) << " ms at most.\n";
  }
  return failed || errors > 0 ? 1 : 0;
}

}  // namespace shortlist::cli
