#include "core/evaluation/evaluation.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <filesystem>

#include "core/evaluation/tie_break.h"
#include "core/ranking/ranking.h"
#include "core/util/parallel.h"

namespace shortlist {
namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

Expected<PluginInstance> configure_one(const CallConfig& config, const PluginRegistry& registry,
                                       const PluginUse& use, const std::string& where,
                                       const IsolationLimits& limits) {
  const std::vector<const LoadedPlugin*> named = registry.all_named(use.plugin);
  const LoadedPlugin* plugin = named.empty() ? nullptr : named.front();
  auto files = [&] { return registry.files_named(use.plugin); };
  if (!use.file.empty() && plugin != nullptr) {
    // Relative to the criteria file, like everything it names.
    const std::filesystem::path file =
        std::filesystem::path(config.source).parent_path() / use.file;
    plugin = nullptr;
    for (const LoadedPlugin* candidate : named) {
      std::error_code error;
      if (std::filesystem::equivalent(candidate->file, file, error)) plugin = candidate;
    }
    if (plugin == nullptr) {
      return Diagnostic{config.source, use.file_position,
                        where + "no plugin '" + use.plugin + "' was loaded from " + file.string() +
                            " (it was from " + files() + ")"};
    }
  } else if (named.size() > 1) {
    return Diagnostic{
        config.source, use.plugin_position,
        where + "plugin '" + use.plugin + "' is ambiguous: " + std::to_string(named.size()) +
            " files provide it, " + files() + "; name the one to use with file: PATH"};
  }
  if (plugin == nullptr) {
    std::string reason = "no plugin named '" + use.plugin + "' is loaded";
    if (const PluginLoadFailure* failure = registry.failure_for(use.plugin)) {
      reason = "plugin '" + use.plugin + "' failed to load: " + failure->to_string();
    }
    return Diagnostic{config.source, use.plugin_position, where + reason};
  }
  const bool isolated =
      use.isolation == Isolation::Process ||
      (use.isolation == Isolation::Default && plugin->origin == PluginOrigin::External);
  Expected<PluginInstance> instance =
      isolated ? PluginInstance::create_isolated(*plugin, use.measure, use.params_json, limits)
               : PluginInstance::create(*plugin, use.measure, use.params_json);
  if (!instance) {
    Diagnostics problems;
    for (const Diagnostic& d : instance.problems()) {
      problems.push_back({config.source, use.params_position, where + d.message});
    }
    return problems;
  }
  return instance;
}

struct GateFailure {
  std::string gate;
  std::string reason;          // "gate 'id': why"
  bool plugin_failed = false;  // the gate's plugin failed: no verdict on the proposal
};

// The gate a proposal fails and why, or nothing when it passes them all.
std::optional<GateFailure> failed_gate(const CallConfig& config,
                                       std::vector<PluginInstance>& gate_plugins,
                                       const Proposal& proposal) {
  std::size_t next_plugin = 0;
  for (const Gate& gate : config.gates) {
    const std::string name = "gate '" + gate.id + "': ";
    auto fail = [&](const std::string& why) { return GateFailure{gate.id, name + why}; };
    if (gate.plugin) {
      PluginInstance& instance = gate_plugins[next_plugin++];
      CriterionScore verdict = instance.score(proposal);
      if (!verdict.error.empty()) {
        GateFailure failure =
            fail("plugin " + instance.plugin().name + " failed: " + verdict.error);
        failure.plugin_failed = true;
        return failure;
      }
      if (!verdict.ok()) return fail(verdict.missing_reason);
      if (*verdict.raw <= 0) {
        return fail((verdict.explanation.empty() ? "not passed" : verdict.explanation));
      }
      continue;
    }
    if (!gate.one_of.empty()) {
      const std::string value(proposal.text(gate.field).value_or(""));
      if (std::find(gate.one_of.begin(), gate.one_of.end(), value) == gate.one_of.end()) {
        std::string allowed;
        for (const std::string& v : gate.one_of) allowed += (allowed.empty() ? "" : ", ") + v;
        return fail(gate.field + " is '" + value + "', not one of " + allowed);
      }
    }
    if (gate.min || gate.max) {
      std::optional<double> value = proposal.number(gate.field);
      if (!value) return fail("the submission has no " + gate.field);
      if (gate.min && *value < *gate.min) {
        return fail(gate.field + " is " + number_text(*value) + ", below the minimum of " +
                    number_text(*gate.min));
      }
      if (gate.max && *value > *gate.max) {
        return fail(gate.field + " is " + number_text(*value) + ", above the maximum of " +
                    number_text(*gate.max));
      }
    } else if (gate.one_of.empty() && !proposal.has(gate.field)) {
      return fail("the submission has no " + gate.field);
    }
  }
  return std::nullopt;
}

std::string group_value(const Proposal& proposal, const std::string& by) {
  if (by == "language") return proposal.language;
  if (auto text = proposal.text(by)) return std::string(*text);
  if (auto number = proposal.number(by)) return number_text(*number);
  return "";
}

}  // namespace

std::size_t lost_to_plugin_failures(const Evaluation& evaluation) {
  return static_cast<std::size_t>(std::count_if(
      evaluation.excluded.begin(), evaluation.excluded.end(),
      [](const ingest::Exclusion& e) { return e.kind == ingest::ExclusionKind::PluginFailure; }));
}

Expected<Scorers> configure_scorers(const CallConfig& config, const PluginRegistry& registry,
                                    const IsolationLimits& limits) {
  Scorers scorers;
  Diagnostics problems;
  auto add = [&](Expected<PluginInstance> instance, std::vector<PluginInstance>& into) {
    if (instance) {
      into.push_back(std::move(instance).value());
    } else {
      for (const Diagnostic& d : instance.problems()) problems.push_back(d);
    }
  };
  for (const Criterion& criterion : config.criteria) {
    add(configure_one(config, registry, criterion.scorer,
                      "criterion '" + criterion.id + "': ", limits),
        scorers.criteria);
  }
  for (const Gate& gate : config.gates) {
    if (gate.plugin) {
      add(configure_one(config, registry, *gate.plugin, "gate '" + gate.id + "': ", limits),
          scorers.gates);
    }
  }
  if (!problems.empty()) return problems;
  return scorers;
}

Expected<Evaluation> evaluate(const CallConfig& config, Scorers& scorers,
                              ingest::Submissions submissions, const EvaluationOptions& options) {
  const std::size_t m = config.criteria.size();
  assert(scorers.criteria.size() == m && "configure_scorers makes one scorer per criterion");

  // Each plugin instance is used by one thread at a time, and sees the same
  // calls in the same order whatever the number of threads: instances run
  // side by side, never one instance on two threads.
  std::vector<PluginInstance*> instances;
  for (PluginInstance& criterion : scorers.criteria) instances.push_back(&criterion);
  for (PluginInstance& gate : scorers.gates) instances.push_back(&gate);

  // The text is cut into words once for every plugin, when the first one
  // asks (plugin_host/shared_analysis.h).
  const plugin_host::SharedAnalysis analysis(submissions.proposals, options.threads);
  for (PluginInstance* instance : instances) instance->use_analysis(&analysis);
  struct Unuse {  // the instances outlive this evaluation
    std::vector<PluginInstance*>& instances;
    ~Unuse() {
      for (PluginInstance* instance : instances) instance->use_analysis(nullptr);
    }
  } unuse{instances};

  // Corpus passes see every submission that was read, gated or not. The
  // first failure in criteria order, then gates, is the one reported.
  std::vector<std::string> corpus_errors(instances.size());
  parallel_for_each(instances.size(), options.threads, [&](std::size_t i) {
    corpus_errors[i] = instances[i]->run_corpus_pass(submissions.proposals);
  });
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (corpus_errors[i].empty()) continue;
    const bool criterion = i < m;
    return Diagnostic{
        config.source, criterion ? config.criteria[i].scorer.plugin_position : SourcePosition{},
        (criterion ? "criterion '" + config.criteria[i].id + "'" : "gate") + ": plugin '" +
            instances[i]->plugin().name + "' failed its corpus pass: " + corpus_errors[i]};
  }

  Evaluation evaluation;
  evaluation.excluded = std::move(submissions.excluded);
  auto exclude = [&](const Proposal& p, std::string reason, ingest::ExclusionKind kind) {
    ingest::Exclusion exclusion{p.source, std::move(reason), p.id, p.title, p.language};
    exclusion.kind = kind;
    evaluation.excluded.push_back(std::move(exclusion));
  };

  // Gates, then scores; a plugin error or an `exclude` missing value leaves
  // the proposal out. Isolated plugins score their proposals in batches
  // first: gates all of them, criteria those the gates let through.
  std::vector<const Proposal*> all, passing;
  for (const Proposal& proposal : submissions.proposals) all.push_back(&proposal);
  parallel_for_each(scorers.gates.size(), options.threads,
                    [&](std::size_t g) { scorers.gates[g].prepare(all); });
  std::vector<std::optional<GateFailure>> gated;
  for (const Proposal* proposal : all) {
    gated.push_back(failed_gate(config, scorers.gates, *proposal));
    if (!gated.back()) passing.push_back(proposal);
  }
  // Every criterion scores every proposal the gates let through, a column
  // per instance.
  std::vector<std::vector<CriterionScore>> column(m);
  parallel_for_each(m, options.threads, [&](std::size_t j) {
    scorers.criteria[j].prepare(passing);
    column[j].reserve(passing.size());
    for (const Proposal* proposal : passing)
      column[j].push_back(scorers.criteria[j].score(*proposal));
  });
  std::vector<std::vector<CriterionScore>> scores;
  for (std::size_t k = 0, row_of_passing = 0; k < submissions.proposals.size(); ++k) {
    Proposal& proposal = submissions.proposals[k];
    if (const std::optional<GateFailure>& gate = gated[k]) {
      // A gate whose plugin failed judged nothing: the proposal is lost, not
      // ineligible.
      if (gate->plugin_failed) {
        exclude(proposal, gate->reason, ingest::ExclusionKind::PluginFailure);
      } else {
        evaluation.excluded.push_back({proposal.source, gate->reason, proposal.id, proposal.title,
                                       proposal.language, gate->gate});
      }
      continue;
    }
    const std::size_t p = row_of_passing++;
    std::vector<CriterionScore> row;
    std::string reason;
    ingest::ExclusionKind kind = ingest::ExclusionKind::Submission;
    for (std::size_t j = 0; j < m && reason.empty(); ++j) {
      CriterionScore score = std::move(column[j][p]);
      const Criterion& criterion = config.criteria[j];
      const std::string where =
          "criterion '" + criterion.id + "' (plugin " + scorers.criteria[j].plugin().name + "): ";
      if (!score.error.empty()) {
        reason = where + score.error;
        kind = ingest::ExclusionKind::PluginFailure;
      } else if (!score.ok() && criterion.missing == MissingPolicy::Exclude) {
        reason = where + "no value: " + score.missing_reason;
      } else if (!score.ok() && criterion.missing == MissingPolicy::Fail) {
        return Diagnostic{config.source, criterion.position,
                          "criterion '" + criterion.id + "' (missing: fail): proposal '" +
                              proposal.id + "' (" + proposal.source +
                              ") has no value: " + score.missing_reason};
      }
      row.push_back(std::move(score));
    }
    if (!reason.empty()) {
      exclude(proposal, reason, kind);
      continue;
    }
    scores.push_back(std::move(row));
    evaluation.proposals.push_back(std::move(proposal));
  }

  // Missing values that a policy fills in, visibly.
  const std::size_t n = evaluation.proposals.size();
  DecisionMatrix raw(n, m);
  std::vector<std::vector<std::string>> imputed(n, std::vector<std::string>(m));
  for (std::size_t j = 0; j < m; ++j) {
    const Criterion& criterion = config.criteria[j];
    std::optional<double> worst;
    for (std::size_t i = 0; i < n; ++i) {
      if (!scores[i][j].ok()) continue;
      const double x = *scores[i][j].raw;
      if (!worst || (criterion.direction == Direction::Max ? x < *worst : x > *worst)) worst = x;
    }
    for (std::size_t i = 0; i < n; ++i) {
      CriterionScore& s = scores[i][j];
      if (s.ok()) {
        raw.at(i, j) = *s.raw;
        continue;
      }
      if (criterion.missing == MissingPolicy::Worst && !worst) {
        return Diagnostic{config.source, criterion.position,
                          "criterion '" + criterion.id +
                              "' (missing: worst): no proposal has a value to take the worst of"};
      }
      const double value = criterion.missing == MissingPolicy::Zero ? 0.0 : *worst;
      raw.at(i, j) = value;
      imputed[i][j] = "no value (" + s.missing_reason + "); scored as " +
                      (criterion.missing == MissingPolicy::Zero
                           ? std::string("0")
                           : "the worst value observed, " + number_text(value));
    }
  }

  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(config.method, raw, config.models(), options.threads);
  if (!prepared) {
    Diagnostics problems;
    for (const Diagnostic& d : prepared.problems())
      problems.push_back({config.source, {}, d.message});
    return problems;
  }
  evaluation.weights = normalized_weights(configured_weights(config.models()));
  const MethodResult result = prepared->evaluate(evaluation.weights);

  const RankingOrder order = order_with_ties(result.score, evaluation.proposals, raw, config);
  const GroupOf group_of = [&](std::size_t i, const std::string& by) {
    return group_value(evaluation.proposals[i], by);
  };
  const std::vector<bool> in = select_shortlist(order.order, config.shortlist_size, config.quotas,
                                                group_of, &evaluation.quota_changes);

  if (config.method == Method::WeightedSum && n > 0) {
    std::vector<bool> top(n, false);
    for (std::size_t k = 0; k < std::min(n, config.shortlist_size); ++k) top[order.order[k]] = true;
    evaluation.weight_intervals = weight_intervals(prepared->normalized(), evaluation.weights, top);
  }
  std::vector<double> probability;
  if (config.sensitivity.samples > 0 && n > 0) {
    probability =
        shortlist_probabilities(*prepared, evaluation.weights, order.order, config.quotas, group_of,
                                {config.sensitivity.samples, config.sensitivity.concentration,
                                 config.seed, config.shortlist_size, options.threads});
    evaluation.samples = config.sensitivity.samples;
  }

  for (std::size_t position = 0; position < n; ++position) {
    const std::size_t i = order.order[position];
    RankedProposal entry;
    entry.rank = position + 1;
    entry.proposal = i;
    entry.score = result.score[i];
    entry.shortlisted = i < in.size() && in[i];
    entry.tie_break = order.tie_breaks[i];
    if (config.method == Method::Promethee2) {
      entry.positive_flow = result.positive_flow[i];
      entry.negative_flow = result.negative_flow[i];
    } else if (config.method == Method::Topsis) {
      entry.ideal_distance = result.ideal_distance[i];
      entry.anti_ideal_distance = result.anti_ideal_distance[i];
    }
    if (!probability.empty()) {
      entry.shortlist_probability = probability[i];
      entry.fragile = entry.shortlisted && probability[i] < config.sensitivity.fragile_below;
    }
    for (std::size_t j = 0; j < m; ++j) {
      CriterionScore& s = scores[i][j];
      entry.criteria.push_back({raw.at(i, j), prepared->normalized().at(i, j),
                                result.contribution.at(i, j), std::move(s.explanation),
                                std::move(s.evidence), imputed[i][j]});
    }
    evaluation.ranking.push_back(std::move(entry));
  }
  return evaluation;
}

}  // namespace shortlist
