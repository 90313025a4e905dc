// `shortlist evaluate`: ingest, score and rank in one go, no database needed.
// The work is core/app/'s; this parses the options, calls it, and prints.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "core/app/evaluate_call.h"
#include "core/app/ingest_batch.h"
#include "core/app/record_run.h"
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/input_options.h"
#include "core/cli/output_file.h"
#include "core/cli/printed_observer.h"
#include "core/cli/store_options.h"
#include "core/report/html_report.h"
#include "core/report/report.h"

namespace shortlist::cli {
namespace fs = std::filesystem;
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

CommandLine evaluate_options(const std::vector<std::string>& args) {
  CommandLine line(args);
  line.option("criteria", "c", "FILE",
              "criteria YAML (default: the bundled digital-champions.yaml)")
      .option("submissions", "s", "PATH",
              "a submission file or folder (repeatable; default: bundled)", true)
      .option("plugins", "p", "DIR", "another folder of plugins to load (repeatable)", true)
      .option("format", "f", "FORMAT", "table (default), json, csv or html")
      .option("output", "o", "FILE", "write the report to FILE instead of standard output")
      .option("top", "n", "N", "show only the first N of the ranking")
      .option("language", "l", "LANG", "language for labels given per language (default: en)")
      .option("db", "", "URI",
              "rank the call as the store holds it and record the run (sqlite:PATH or "
              "postgresql://...); --submissions are stored into the call first")
      .option("call", "", "ID", "the call the run belongs to (default: main)")
      .option("strict", "", "",
              "fail (exit 1) when any plugin failed to load or failed on a proposal")
      .option("plugin-timeout", "", "SECONDS",
              "time limit of a plugin run in its own process, per proposal (default 5) and to "
              "load it and to configure it (default 60)")
      .option("plugin-memory", "", "MB",
              "memory of a plugin run in its own process (default 4096; 0: no limit)")
      .option("help", "h", "", "show this help");
  add_input_limit_options(line);
  return line;
}

// Paths under the current folder are shown relative to it.
fs::path shown_path(const fs::path& path) {
  std::error_code error;
  fs::path relative = fs::proximate(path, error);
  if (error || relative.empty() || *relative.begin() == "..") return path;
  return relative;
}

std::size_t parse_top(const std::string& text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) {
    throw UsageError("--top needs a whole number of at least 1, not '" + text + "'");
  }
  return value;
}

}  // namespace

int run_evaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line = evaluate_options(args);
  ParsedOptions options;
  ReportOptions report;
  ingest::ReadLimits limits;
  std::string format = "table";
  try {
    options = line.parse();
    if (options.flag("help")) {
      out << "usage: shortlist evaluate [options]\n\n"
             "Reads the submissions, scores them on the call's criteria with the plugins,\n"
             "and prints the ranked shortlist.\n\n"
          << line.help();
      return 0;
    }
    format = options.last("format").value_or("table");
    if (format != "table" && format != "json" && format != "csv" && format != "html") {
      throw UsageError("unknown --format '" + format + "' (table, json, csv or html)");
    }
    if (auto top = options.last("top")) report.top = parse_top(*top);
    report.language = options.last("language").value_or("en");
    limits = input_limits(options);
  } catch (const UsageError& e) {
    err << "shortlist evaluate: " << e.what() << "\n"
        << "usage: shortlist evaluate [options]; see 'shortlist evaluate --help'\n";
    return kExitUsage;
  }

  const fs::path criteria_path =
      options.last("criteria")
          .value_or(shown_path(bundled_data("criteria/digital-champions.yaml")));
  Expected<CallConfig> config = load_call_config(criteria_path);
  if (!config) {
    for (const Diagnostic& d : config.problems()) err << d << "\n";
    return kExitUsage;
  }

  IsolationLimits isolation;
  try {
    if (auto seconds = options.last("plugin-timeout")) {
      const double value = std::stod(*seconds);
      if (!(value > 0)) throw std::invalid_argument("");
      isolation.per_call = std::chrono::milliseconds(static_cast<long>(value * 1000));
      isolation.startup = isolation.per_call;  // to load and to create, too
    }
    if (auto mb = options.last("plugin-memory")) isolation.memory_mb = std::stoul(*mb);
  } catch (const std::exception&) {
    err << "shortlist evaluate: --plugin-timeout takes seconds above 0, --plugin-memory "
           "megabytes\n";
    return kExitUsage;
  }
  PluginRegistry registry;
  PrintedObserver printed(err);
  app::PluginSources sources{bundled_plugin_dir(), {}, isolation.startup};
  for (const std::string& dir : options.all("plugins")) sources.external.emplace_back(dir);
  app::load_plugins(registry, sources, &*config, printed);
  Expected<app::PreparedCall> prepared = app::prepare_call(*config, registry, isolation);
  if (!prepared) {
    for (const Diagnostic& d : prepared.problems()) err << d << "\n";
    return kExitUsage;
  }

  std::vector<fs::path> paths;
  for (const std::string& path : options.all("submissions")) paths.emplace_back(path);
  const app::EvaluateOptions evaluate_options{limits.threads};
  app::CallOutcome outcome;
  std::optional<store::RecordedRun> run;
  if (auto uri = options.last("db")) {
    // The store is the truth: files named are stored into the call first,
    // and the run ranks the call as the store then holds it.
    Expected<store::Database> db = open_store(*uri, err);
    if (!db) return kExitFailure;
    const std::string call = options.last("call").value_or("main");
    if (!paths.empty()) {
      const app::IngestedBatch read =
          app::ingest_batch({paths, limits, call, "cli", &bundled_form_labels()}, &*db, printed);
      if (read.stored->failed > 0) {
        err << "shortlist evaluate: " << read.stored->failed
            << " submission(s) could not be stored, so nothing was ranked; the first: "
            << read.stored->first_failure << "\n";
        return kExitFailure;
      }
      err << "stored " << read.batch.proposals.size() << " submission(s) in call '" << call << "' ("
          << read.added() << " new or changed), and " << read.batch.excluded.size()
          << " quarantined\n";
      // Those read but invalid are stored as such and listed with the call's
      // exclusions; those that could not be read at all, only here.
      for (const ingest::Exclusion& e : read.batch.excluded) {
        if (e.content_hash.empty()) err << "not stored: " << e.source << ": " << e.reason << "\n";
      }
    }
    Expected<app::StoredCallOutcome> done =
        app::evaluate_stored_call(*db, call, *prepared, evaluate_options, {"cli", report.language});
    if (!done) {
      for (const Diagnostic& d : done.problems()) err << d << "\n";
      return kExitFailure;
    }
    if (done->stored == 0) {
      err << "shortlist evaluate: call '" << call
          << "' has no stored submissions: store some with 'shortlist ingest PATH --db URI "
             "--call "
          << call << "', or name them with --submissions\n";
      return kExitFailure;
    }
    outcome = std::move(done->outcome);
    run = done->run;
  } else {
    if (paths.empty()) paths.push_back(shown_path(bundled_data("submissions")));
    app::IngestedBatch read =
        app::ingest_batch({paths, limits, "main", "cli", &bundled_form_labels()}, nullptr, printed);
    Expected<app::CallOutcome> evaluated =
        app::evaluate_call(*prepared, std::move(read.batch), evaluate_options);
    if (!evaluated) {
      for (const Diagnostic& d : evaluated.problems()) err << d << "\n";
      return kExitFailure;
    }
    outcome = std::move(evaluated).value();
  }
  const Evaluation& evaluation = outcome.evaluation;
  if (format != "table") {
    for (const ingest::Exclusion& e : evaluation.excluded) {
      err << "excluded: " << e.source << ": " << e.reason << "\n";
    }
  }

  const ReportInput input{*config, evaluation, prepared->scorers};
  std::ostringstream rendered;
  if (format == "json") {
    write_json(rendered, input, report);
  } else if (format == "csv") {
    write_csv(rendered, input, report);
  } else if (format == "html") {
    write_html(rendered, input, report);
  } else {
    write_table(rendered, input, report);
  }
  if (run) {
    err << "recorded as run " << run->id << "\n";
    if (run->eligible + run->ineligible > 0) {
      err << "marked " << run->eligible << " eligible and " << run->ineligible
          << " ineligible in the store\n";
    }
  }

  // A run that ranks nothing, or under --strict one that lost anything to a
  // plugin, is a failure, whatever the report says.
  int status = 0;
  const std::size_t lost = outcome.lost_to_plugin_failures;
  if (evaluation.ranking.empty()) {
    err << "shortlist evaluate: nothing could be ranked: ";
    if (evaluation.excluded.empty()) {
      err << "no submissions were read";
    } else {
      err << "all " << evaluation.excluded.size() << " submission(s) were excluded (" << lost
          << " lost to plugin failures)";
    }
    err << (options.last("db") ? "; no run was recorded" : "") << "\n";
    status = kExitFailure;
  } else if (options.flag("strict") && outcome.fails_strict()) {
    err << "shortlist evaluate: --strict: " << lost << " proposal(s) lost to plugin failures and "
        << outcome.plugin_load_failures.size() << " plugin(s) failed to load\n";
    status = kExitFailure;
  }
  if (auto output = options.last("output")) {
    return write_atomically(*output, rendered.str(), err) ? status : kExitFailure;
  }
  out << rendered.str();
  out.flush();
  return out ? status : kExitFailure;
}

}  // namespace shortlist::cli
