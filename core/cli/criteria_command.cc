// `shortlist criteria check FILE`: everything `evaluate` would check of a
// criteria file — syntax, keys, types, weights, thresholds, AHP consistency,
// and that every plugin exists and accepts its params — without evaluating.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/evaluation/evaluation.h"
#include "core/report/report.h"
#include "core/text/unicode.h"

namespace shortlist::cli {

int run_criteria(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("plugins", "p", "DIR", "another folder of plugins to load (repeatable)", true)
      .option("language", "l", "LANG", "language for labels given per language (default: en)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(2);
    if (options.flag("help")) {
      out << "usage: shortlist criteria check FILE [options]\n\n"
             "Checks a criteria file and the plugins it names without evaluating.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.size() != 2 || options.positional[0] != "check") {
      throw UsageError("expected 'check FILE'");
    }
  } catch (const UsageError& e) {
    err << "shortlist criteria: " << e.what()
        << "\nusage: shortlist criteria check FILE [--plugins DIR]...\n";
    return 2;
  }
  const std::string file = options.positional[1];
  const std::string language = options.last("language").value_or("en");
  Expected<CallConfig> config = load_call_config(file);
  if (!config) {
    for (const Diagnostic& d : config.problems()) err << d << "\n";
    return 2;
  }
  PluginRegistry registry;
  registry.load_folder(bundled_plugin_dir(), PluginOrigin::Bundled);
  for (const std::string& dir : options.all("plugins"))
    registry.load_folder(dir, PluginOrigin::External);
  for (const std::string& warning : registry.duplicate_warnings()) {
    err << "warning: " << warning << "\n";
  }
  Expected<Scorers> scorers = configure_scorers(*config, registry);
  if (!scorers) {
    for (const Diagnostic& d : scorers.problems()) err << d << "\n";
    return 2;
  }

  const std::vector<double> weights = normalized_weights(configured_weights(config->models()));
  out << file << " is valid.\n"
      << "  call: " << config->call.in(language) << "\n"
      << "  method: " << to_string(config->method) << "; shortlist of " << config->shortlist_size
      << "; seed " << config->seed << "\n"
      << "  criteria (weights normalised to sum to 1):\n";
  for (std::size_t j = 0; j < config->criteria.size(); ++j) {
    const Criterion& c = config->criteria[j];
    const LoadedPlugin& plugin = scorers->criteria[j].plugin();
    out << "    " << text::fit_to_width(c.id, 18) << " " << report::fixed(weights[j], 3) << "  "
        << to_string(c.direction) << "  " << plugin.name << " " << plugin.version << " ("
        << scorers->criteria[j].measure() << ")";
    if (config->method == Method::WeightedSum) out << "  " << to_string(c.normalization);
    if (config->method == Method::Promethee2) out << "  " << to_string(c.preference.shape);
    if (c.missing != MissingPolicy::Exclude) out << "  missing: " << to_string(c.missing);
    out << "\n";
  }
  if (config->ahp) {
    out << "  AHP weights: lambda_max " << report::fixed(config->ahp->lambda_max, 4)
        << ", consistency ratio " << report::fixed(config->ahp->consistency_ratio, 3)
        << " (at most 0.10 accepted)\n";
  }
  for (const Gate& gate : config->gates) {
    out << "  gate " << gate.id << ": "
        << (gate.plugin ? "plugin " + gate.plugin->plugin : "condition on " + gate.field) << "\n";
  }
  if (!config->ties.empty()) {
    out << "  ties broken by:";
    for (const TieRule& rule : config->ties) out << " " << rule.describe() << ",";
    out << " then id\n";
  }
  for (const Quota& quota : config->quotas) out << "  quota: " << quota.describe() << "\n";
  out << "  sensitivity: " << config->sensitivity.samples << " weight draws, concentration "
      << config->sensitivity.concentration << ", fragile below "
      << report::fixed(config->sensitivity.fragile_below, 2) << "\n";
  const JurySettings& jury = config->jury;
  if (!jury.criteria.empty()) {
    out << "  jury criteria (weights as written; the final ranking normalises all together):\n";
    for (const JuryCriterion& c : jury.criteria) {
      out << "    " << text::fit_to_width(c.id, 18) << " " << report::fixed(c.weight, 3) << "  "
          << report::fixed(c.scale_min, 0) << " to " << report::fixed(c.scale_max, 0)
          << (c.comment_required ? "  comment required" : "") << "\n";
    }
  }
  const jury::ConflictRules& rules = jury.conflicts;
  out << "  jury: " << jury.reviewers << " reviewers per proposal, reading its language at "
      << jury::to_string(jury.min_level) << " level or better; " << (jury.blind ? "blind" : "open")
      << " review; conflicts by" << (rules.same_organisation ? " organisation," : "")
      << (rules.same_country ? " country," : "") << (rules.partners ? " partners," : "")
      << " declaration; calibration " << to_string(jury.calibration) << "\n";
  return 0;
}

}  // namespace shortlist::cli
