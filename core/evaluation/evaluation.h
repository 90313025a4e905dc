// Evaluation: the whole automatic pass over a batch — configure one plugin
// instance per criterion and per plugin gate, let plugins see the corpus,
// apply the eligibility gates, score every proposal on every criterion, apply
// each criterion's missing-value policy, rank with the configured method,
// break ties, choose the shortlist under its quotas, and measure how stable
// that shortlist is. Everything left out is listed with the reason.
//
//   Expected<Scorers> scorers = configure_scorers(config, registry);
//   Expected<Evaluation> result = evaluate(config, *scorers, std::move(submissions));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/evaluation/sensitivity.h"
#include "core/evaluation/shortlist.h"
#include "core/ingest/submission_reader.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scoring/criterion_score.h"

namespace shortlist {

struct CriterionResult {
  double raw = 0;
  double normalized = 0;
  double contribution = 0;
  std::string explanation;
  std::vector<Evidence> evidence;
  std::string imputed;  // "" or how a missing value was filled, and why it was missing
};

struct RankedProposal {
  std::size_t rank = 0;      // 1-based
  std::size_t proposal = 0;  // index into Evaluation::proposals
  double score = 0;
  bool shortlisted = false;
  std::vector<CriterionResult> criteria;        // in the config's order
  std::optional<double> positive_flow;          // promethee2
  std::optional<double> negative_flow;          // promethee2
  std::optional<double> ideal_distance;         // topsis
  std::optional<double> anti_ideal_distance;    // topsis
  std::string tie_break;                        // how ties with neighbours were decided
  std::optional<double> shortlist_probability;  // Monte Carlo
  bool fragile = false;  // shortlisted, but less likely than sensitivity.fragile_below
};

struct Evaluation {
  std::vector<double> weights;          // per criterion, normalised to sum to 1
  std::vector<Proposal> proposals;      // the ranked ones
  std::vector<RankedProposal> ranking;  // best first
  std::vector<ingest::Exclusion> excluded;
  std::vector<QuotaChange> quota_changes;        // proposal indices refer to `proposals`
  std::vector<WeightInterval> weight_intervals;  // weighted_sum only
  std::size_t samples = 0;                       // Monte Carlo draws made
};

// Proposals excluded because a plugin failed on them (ExclusionKind::
// PluginFailure), not for anything in the proposal itself.
std::size_t lost_to_plugin_failures(const Evaluation& evaluation);

// One plugin instance per criterion, then one per plugin gate.
struct Scorers {
  std::vector<PluginInstance> criteria;
  std::vector<PluginInstance> gates;  // in config.gates order, for gates with a plugin
};

// Problems name the criteria file, line and column: an unknown plugin, one
// that failed to load (with the loader's reason), an unknown measure, params
// the plugin refuses.
// `limits` bound the plugins that run in a process of their own.
Expected<Scorers> configure_scorers(const CallConfig& config, const PluginRegistry& registry,
                                    const IsolationLimits& limits = {});

struct EvaluationOptions {
  unsigned threads = 0;  // 0: every core
};

// Fails when a plugin's corpus pass fails, when a criterion with `missing:
// fail` has no value for a proposal, or when the ranking method cannot apply
// to the values; a plugin failing on one proposal excludes that proposal, as
// lost to a plugin failure.
Expected<Evaluation> evaluate(const CallConfig& config, Scorers& scorers,
                              ingest::Submissions submissions,
                              const EvaluationOptions& options = {});

}  // namespace shortlist
