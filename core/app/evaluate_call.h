// evaluate_call: the call's criteria scored by their plugins over a batch of
// proposals, and ranked — the use-case behind `shortlist evaluate` and, with
// record_run.h, POST /api/v1/runs, in phases a front end maps to its own
// answers (exit codes, HTTP statuses):
//
//   PluginRegistry registry;
//   app::load_plugins(registry, {bundled_dir, {"my-plugins"}}, &config, observer);
//   Expected<app::PreparedCall> call = app::prepare_call(config, registry, isolation);
//   if (!call) ...;  // the criteria file's problems: a usage error
//   Expected<app::CallOutcome> done = app::evaluate_call(*call, std::move(batch), {threads});
//   if (done && done->fails_strict()) ...;
//
// A plugin that fails on a proposal excludes that proposal (it is listed,
// as lost to a plugin failure); one that fails to load is a problem only for
// the criteria that use it. Both are returned as data, for the front end to
// report and, under --strict, to fail on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/app/observer.h"
#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"
#include "core/plugin_host/plugin_registry.h"

namespace shortlist::app {

struct PluginSources {
  std::filesystem::path bundled;                  // none when empty
  std::vector<std::filesystem::path> external{};  // --plugins folders, in order
  // Time allowed to load a plugin (in a worker for external ones).
  std::optional<std::chrono::milliseconds> load_limit{};
};

// Loads the plugins of `sources` into `registry`. Warns of each plugin that
// failed to load and that no criterion of `config` uses (one a criterion
// uses is that criterion's problem, in prepare_call), and of plugin names
// that more than one file provides. Without a config, every failure is
// left to the registry's list.
void load_plugins(PluginRegistry& registry, const PluginSources& sources, const CallConfig* config,
                  Observer& observer = unobserved());

// A call ready to evaluate: each criterion and plugin gate with its plugin
// configured. It refers to `config` and `registry`, which must outlive it.
struct PreparedCall {
  const CallConfig* config = nullptr;
  const PluginRegistry* registry = nullptr;
  Scorers scorers;
};

// Problems name the criteria file, line and column: an unknown plugin, one
// that failed to load (with the loader's reason), an unknown measure,
// params the plugin refuses.
Expected<PreparedCall> prepare_call(const CallConfig& config, const PluginRegistry& registry,
                                    const IsolationLimits& isolation = {});

struct EvaluateOptions {
  unsigned threads = 0;  // 0: every core
};

struct CallOutcome {
  Evaluation evaluation;
  // Proposals excluded because a plugin failed on them, not for anything
  // in the proposal itself.
  std::size_t lost_to_plugin_failures = 0;
  // Every plugin that failed to load, used or not.
  std::vector<PluginLoadFailure> plugin_load_failures;
  // Whether --strict fails the run: a proposal lost to a plugin, or a
  // plugin that failed to load.
  bool fails_strict() const { return lost_to_plugin_failures > 0 || !plugin_load_failures.empty(); }
};

// Evaluates `submissions` (read, or rebuilt from a store) on the prepared
// call. Fails when a plugin's corpus pass fails, when a criterion with
// `missing: fail` has no value, or when the ranking method cannot apply.
Expected<CallOutcome> evaluate_call(PreparedCall& call, ingest::Submissions submissions,
                                    const EvaluateOptions& options = {});

}  // namespace shortlist::app
