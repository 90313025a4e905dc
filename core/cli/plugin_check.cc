// `shortlist plugins check FILE.so` and its child, `shortlist plugins run`.
//
// `check` runs the plugin in a separate process — this same binary, as
// `plugins run` — over a set of submissions (the bundled ones by default),
// watching it: a crash, an abort or a hang (no answer within the per-call
// time limit) ends the child, never the check, and the report names the
// proposal it happened on. `run` loads the plugin, configures it, runs its
// corpus pass and scores each proposal, writing one line per step so that
// the parent always knows where the child was, and each step of the
// plugin's has the time limit (--timeout; the corpus pass that times the
// number of proposals):
//
//   loading                       (before the library is loaded)
//   loaded <TAB> name <TAB> version <TAB> abi <TAB> sha256   (then create)
//   configured                    (then the submissions are read)
//   corpus <TAB> count            (before the corpus pass)
//   scoring <TAB> id              (before each call)
//   scored <TAB> id <TAB> ms <TAB> value|missing|error <TAB> text
//   destroying                    (before the instance is destroyed)
//   done
//
// A child that ends before "done" failed, whatever its exit status.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/dll/runtime_symbol_info.hpp>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/ingest/submission_reader.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_process.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/report/report.h"
#include "core/text/unicode.h"

extern char** environ;

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

// Tabs and line breaks inside a field would break the line protocol.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) out.push_back(field);
  return out;
}

struct Child {
  pid_t pid = -1;
  int status = 0;
  bool timed_out = false;
};

// Starts this binary with `args`, standard output and errors into files.
pid_t spawn_self(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  const std::string self = boost::dll::program_location().string();
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(self.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return failed == 0 ? pid : -1;
}

// What the child is doing after it wrote `last`, and how long it may take.
struct Step {
  std::chrono::milliseconds limit;
  std::string doing;  // "The plugin did not <doing>"
};

Step step_after(const std::string& last, std::chrono::milliseconds timeout) {
  const std::vector<std::string> f = fields_of(last);
  const std::string what = f.empty() ? "" : f[0];
  auto within = [](std::chrono::milliseconds limit) {
    return " within " + report::fixed(std::chrono::duration<double>(limit).count(), 1) + " s";
  };
  if (what == "loading") return {timeout, "finish loading" + within(timeout)};
  if (what == "loaded") return {timeout, "finish its create call" + within(timeout)};
  if (what == "corpus" && f.size() >= 2) {
    const auto limit = timeout * std::max(1L, std::atol(f[1].c_str()));
    return {limit, "finish its corpus pass" + within(limit)};
  }
  if (what == "scoring" && f.size() >= 2) {
    return {timeout, "answer" + within(timeout) + " while scoring '" + f[1] + "'"};
  }
  if (what == "destroying") return {timeout, "finish its destroy call" + within(timeout)};
  // The host's own work: starting, reading the submissions, writing a line.
  const std::chrono::milliseconds generous(60000);
  return {generous, "get on" + within(generous) + " (the check's own work)"};
}

// Waits for the child; kills it when a step of the plugin's takes longer
// than `timeout` (step_after), or the check's own work longer than a minute.
Child watch(pid_t pid, const fs::path& out, std::chrono::milliseconds timeout) {
  Child child{pid};
  std::size_t lines_seen = 0;
  Step step = step_after("", timeout);
  Clock::time_point since = Clock::now();
  for (;;) {
    const pid_t done = waitpid(pid, &child.status, WNOHANG);
    if (done == pid) return child;
    // Whole lines only: one half written says nothing yet.
    std::ifstream in(out);
    std::size_t lines = 0;
    std::string last;
    for (std::string line; std::getline(in, line) && !in.eof();) ++lines, last = line;
    if (lines != lines_seen) {
      lines_seen = lines;
      step = step_after(last, timeout);
      since = Clock::now();
    } else if (Clock::now() - since > step.limit) {
      kill(pid, SIGKILL);
      waitpid(pid, &child.status, 0);
      child.timed_out = true;
      return child;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

int run_plugin_child(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line = check_options(args);
  ParsedOptions options;
  try {
    options = line.parse(1);
    if (options.positional.size() != 1) throw UsageError("expected FILE.so");
  } catch (const UsageError& e) {
    err << "shortlist plugins run: " << e.what() << "\n";
    return 2;
  }
  limit_address_space(std::stoul(options.last("memory-limit").value_or("4096")));
  out << "loading" << std::endl;
  PluginRegistry registry;
  const LoadedPlugin* plugin =
      registry.load_file_here(options.positional[0], PluginOrigin::External);
  if (plugin == nullptr) {
    out << "load-failed\t" << one_line(registry.failures().back().reason) << std::endl;
    return 3;
  }
  out << "loaded\t" << plugin->name << "\t" << plugin->version << "\t" << plugin->abi_major << "."
      << plugin->abi_minor << "\t" << plugin->sha256 << std::endl;
  std::optional<PluginInstance> instance;
  {
    Expected<PluginInstance> made = PluginInstance::create(
        *plugin, options.last("measure").value_or(""), options.last("params").value_or("{}"));
    if (!made) {
      out << "refused\t" << one_line(made.problems()[0].message) << std::endl;
      return 4;
    }
    instance.emplace(std::move(made).value());
  }
  out << "configured" << std::endl;
  const std::vector<std::string> given = options.all("submissions");
  std::vector<fs::path> paths(given.begin(), given.end());
  if (paths.empty()) paths.push_back(bundled_data("submissions"));
  ingest::Submissions batch = ingest::read_submissions(paths);
  out << "corpus\t" << batch.proposals.size() << std::endl;
  if (std::string problem = instance->run_corpus_pass(batch.proposals); !problem.empty()) {
    out << "corpus-failed\t" << one_line(problem) << std::endl;
    return 5;
  }
  for (const Proposal& proposal : batch.proposals) {
    out << "scoring\t" << proposal.id << std::endl;
    const Clock::time_point start = Clock::now();
    const CriterionScore score = instance->score(proposal);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    out << "scored\t" << proposal.id << "\t" << ms << "\t"
        << (score.ok() ? "value\t" + report::fixed(*score.raw, 4) + ": " + score.explanation
            : score.error.empty() ? "missing\t" + score.missing_reason
                                  : "error\t" + score.error)
        << std::endl;
  }
  out << "destroying" << std::endl;
  instance.reset();
  out << "done" << std::endl;
  return 0;
}

int run_plugin_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line = check_options(args);
  ParsedOptions options;
  double timeout = 5;
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
  } catch (const std::exception& e) {
    err << "shortlist plugins check: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const fs::path file = fs::absolute(options.positional[0]);
  std::vector<std::string> child_args = {"plugins", "run", file.string()};
  for (const char* name : {"measure", "params", "memory-limit"}) {
    if (auto value = options.last(name))
      child_args.insert(child_args.end(), {"--" + std::string(name), *value});
  }
  for (const std::string& path : options.all("submissions")) {
    child_args.insert(child_args.end(), {"--submissions", fs::absolute(path).string()});
  }
  std::string pattern = (fs::temp_directory_path() / "shortlist-check-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    err << "shortlist plugins check: cannot create a temporary folder\n";
    return 1;
  }
  const fs::path dir = pattern;
  const pid_t pid = spawn_self(child_args, dir / "out", dir / "err");
  if (pid < 0) {
    err << "shortlist plugins check: cannot start the plugin process\n";
    fs::remove_all(dir);
    return 1;
  }
  const Child child =
      watch(pid, dir / "out", std::chrono::milliseconds(static_cast<long>(timeout * 1000)));

  // What the child said, step by step.
  std::ifstream log(dir / "out");
  std::string in_progress = "loading the plugin", last_scoring, last_line;
  std::size_t values = 0, missing = 0, errors = 0, proposals = 0;
  bool finished = false;
  double total_ms = 0, max_ms = 0;
  bool failed = false;
  std::ostringstream rows;
  for (std::string entry; std::getline(log, entry);) {
    const std::vector<std::string> f = fields_of(entry);
    if (f.empty()) continue;
    last_line = entry;
    if (f[0] == "loaded" && f.size() >= 5) {
      out << "Checking " << file.filename().string() << " (" << f[1] << " " << f[2] << ", ABI "
          << f[3] << ", SHA-256 " << f[4].substr(0, 16) << ") in a separate process\n";
      in_progress = "configuring it";
    } else if (f[0] == "configured") {
      in_progress = "reading the submissions";
    } else if ((f[0] == "load-failed" || f[0] == "refused" || f[0] == "corpus-failed") &&
               f.size() >= 2) {
      out << (f[0] == "load-failed" ? "Cannot load " + file.string() + ": "
              : f[0] == "refused"   ? "Cannot configure it: "
                                    : "The corpus pass failed: ")
          << f[1] << "\n";
      failed = true;
    } else if (f[0] == "corpus" && f.size() >= 2) {
      out << "Scoring " << f[1] << " proposals\n\n  " << text::fit_to_width("proposal", 28)
          << "        ms  result\n";
      in_progress = "its corpus pass";
      proposals = std::stoul(f[1]);
    } else if (f[0] == "scoring" && f.size() >= 2) {
      in_progress = "scoring '" + f[1] + "'";
      last_scoring = f[1];
    } else if (f[0] == "scored" && f.size() >= 5) {
      const double ms = std::stod(f[2]);
      total_ms += ms;
      max_ms = std::max(max_ms, ms);
      (f[3] == "value" ? values : f[3] == "missing" ? missing : errors) += 1;
      std::string row =
          "  " + text::fit_to_width(f[1], 28) +
          std::string(10 - std::min<std::size_t>(10, report::fixed(ms, 3).size()), ' ') +
          report::fixed(ms, 3) + "  " +
          text::fit_to_width((f[3] == "value" ? "" : f[3] + ": ") + (f.size() > 4 ? f[4] : ""),
                             100);
      out << row.substr(0, row.find_last_not_of(' ') + 1) << "\n";
      in_progress = "finishing";
    } else if (f[0] == "destroying") {
      in_progress = "destroying its instance";
    } else if (f[0] == "done") {
      finished = true;
    }
  }
  std::string child_err;
  {
    std::ifstream in(dir / "err");
    std::ostringstream text;
    text << in.rdbuf();
    child_err = text.str();
  }
  fs::remove_all(dir);

  out << "\n";
  const std::size_t calls = values + missing + errors;
  if (child.timed_out) {
    out << "The plugin did not "
        << step_after(last_line, std::chrono::milliseconds(static_cast<long>(timeout * 1000))).doing
        << ": its process was killed.\n";
    failed = true;
  } else if (WIFSIGNALED(child.status)) {
    out << "The plugin crashed (" << signal_name(WTERMSIG(child.status)) << ") while "
        << in_progress << ".\n";
    failed = true;
  } else if (WIFEXITED(child.status) && !finished && !failed) {
    // Also status 0: a plugin that calls exit() ends the process with the
    // proposals after it unscored.
    out << "The plugin process ended with status " << WEXITSTATUS(child.status) << " while "
        << in_progress << (child_err.empty() ? "" : ": " + one_line(child_err)) << ".\n";
    failed = true;
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
