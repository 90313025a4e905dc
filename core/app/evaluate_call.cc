#include "core/app/evaluate_call.h"

namespace shortlist::app {

void load_plugins(PluginRegistry& registry, const PluginSources& sources, const CallConfig* config,
                  Observer& observer) {
  if (sources.load_limit) registry.set_load_limit(*sources.load_limit);
  if (!sources.bundled.empty()) registry.load_folder(sources.bundled, PluginOrigin::Bundled);
  for (const std::filesystem::path& dir : sources.external) {
    registry.load_folder(dir, PluginOrigin::External);
  }
  if (config != nullptr) {
    for (const PluginLoadFailure& failure : registry.failures()) {
      bool used = false;
      for (const Criterion& c : config->criteria) {
        used = used || registry.failure_for(c.scorer.plugin) == &failure;
      }
      if (!used) observer.warning(failure.to_string() + " (no criterion uses it)");
    }
  }
  for (const std::string& warning : registry.duplicate_warnings()) observer.warning(warning);
}

Expected<PreparedCall> prepare_call(const CallConfig& config, const PluginRegistry& registry,
                                    const IsolationLimits& isolation) {
  Expected<Scorers> scorers = configure_scorers(config, registry, isolation);
  if (!scorers) return std::move(scorers).take_problems();
  return PreparedCall{&config, &registry, std::move(scorers).value()};
}

Expected<CallOutcome> evaluate_call(PreparedCall& call, ingest::Submissions submissions,
                                    const EvaluateOptions& options) {
  Expected<Evaluation> evaluation =
      evaluate(*call.config, call.scorers, std::move(submissions), {options.threads});
  if (!evaluation) return std::move(evaluation).take_problems();
  CallOutcome outcome;
  outcome.evaluation = std::move(evaluation).value();
  outcome.lost_to_plugin_failures = lost_to_plugin_failures(outcome.evaluation);
  outcome.plugin_load_failures = call.registry->failures();
  return outcome;
}

}  // namespace shortlist::app
