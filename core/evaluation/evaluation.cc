#include "core/evaluation/evaluation.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "core/ranking/weighted_sum.h"

namespace shortlist {

Expected<std::vector<PluginInstance>> configure_scorers(const CallConfig& config,
                                                        const PluginRegistry& registry) {
  std::vector<PluginInstance> scorers;
  Diagnostics problems;
  for (const Criterion& criterion : config.criteria) {
    const std::string where = "criterion '" + criterion.id + "': ";
    const LoadedPlugin* plugin = registry.find(criterion.plugin);
    if (plugin == nullptr) {
      std::string reason = "no plugin named '" + criterion.plugin + "' is loaded";
      if (const PluginLoadFailure* failure = registry.failure_for(criterion.plugin)) {
        reason = "plugin '" + criterion.plugin + "' failed to load: " + failure->to_string();
      }
      problems.push_back({config.source, criterion.plugin_position, where + reason});
      continue;
    }
    Expected<PluginInstance> instance =
        PluginInstance::create(*plugin, criterion.measure, criterion.params_json);
    if (!instance) {
      for (const Diagnostic& d : instance.problems()) {
        problems.push_back({config.source, criterion.params_position, where + d.message});
      }
      continue;
    }
    scorers.push_back(std::move(instance).value());
  }
  if (!problems.empty()) return problems;
  return scorers;
}

Expected<Evaluation> evaluate(const CallConfig& config, std::vector<PluginInstance>& scorers,
                              ingest::Submissions submissions) {
  const std::size_t m = config.criteria.size();
  assert(scorers.size() == m && "configure_scorers makes one scorer per criterion");
  for (std::size_t j = 0; j < m; ++j) {
    std::string error = scorers[j].run_corpus_pass(submissions.proposals);
    if (!error.empty()) {
      return Diagnostic{config.source, config.criteria[j].plugin_position,
                        "criterion '" + config.criteria[j].id + "': plugin '" +
                            scorers[j].plugin().name + "' failed its corpus pass: " + error};
    }
  }

  Evaluation evaluation;
  evaluation.excluded = std::move(submissions.excluded);
  std::vector<std::vector<CriterionScore>> scores;
  for (Proposal& proposal : submissions.proposals) {
    std::vector<CriterionScore> row;
    std::string reason;
    for (std::size_t j = 0; j < m && reason.empty(); ++j) {
      CriterionScore score = scorers[j].score(proposal);
      const std::string where =
          "criterion '" + config.criteria[j].id + "' (plugin " + scorers[j].plugin().name + "): ";
      if (!score.error.empty()) {
        reason = where + score.error;
      } else if (!score.ok()) {
        reason = where + "no value: " + score.missing_reason;
      }
      row.push_back(std::move(score));
    }
    if (!reason.empty()) {
      evaluation.excluded.push_back(
          {proposal.source, reason, proposal.id, proposal.title, proposal.language});
      continue;
    }
    scores.push_back(std::move(row));
    evaluation.proposals.push_back(std::move(proposal));
  }

  const std::size_t n = evaluation.proposals.size();
  DecisionMatrix matrix(n, m);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) matrix.at(i, j) = *scores[i][j].raw;
  }
  std::vector<CriterionWeight> weights;
  for (const Criterion& criterion : config.criteria) {
    weights.push_back({criterion.weight, criterion.direction});
  }
  evaluation.weights = normalized_weights(weights);
  const WeightedSum ranked = weighted_sum(matrix, weights);

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Best score first; equal scores in id order, so that output is reproducible.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (ranked.score[a] != ranked.score[b]) return ranked.score[a] > ranked.score[b];
    return evaluation.proposals[a].id < evaluation.proposals[b].id;
  });
  for (std::size_t position = 0; position < n; ++position) {
    const std::size_t i = order[position];
    RankedProposal entry;
    entry.rank = position + 1;
    entry.proposal = i;
    entry.score = ranked.score[i];
    entry.shortlisted = position < config.shortlist_size;
    for (std::size_t j = 0; j < m; ++j) {
      CriterionScore& s = scores[i][j];
      entry.criteria.push_back({*s.raw, ranked.normalized.at(i, j), ranked.contribution.at(i, j),
                                std::move(s.explanation), std::move(s.evidence)});
    }
    evaluation.ranking.push_back(std::move(entry));
  }
  return evaluation;
}

}  // namespace shortlist
