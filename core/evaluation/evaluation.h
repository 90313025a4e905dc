// Evaluation: the whole automatic pass over a batch — configure one plugin
// instance per criterion, let plugins see the corpus, score every proposal on
// every criterion, leave out what cannot be ranked (with the reason), rank the
// rest and mark the shortlist.
//
//   Expected<std::vector<PluginInstance>> scorers = configure_scorers(config, registry);
//   Expected<Evaluation> result = evaluate(config, *scorers, std::move(submissions));
#pragma once

#include <string>
#include <vector>

#include "core/criteria/call_config.h"
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
};

struct RankedProposal {
  std::size_t rank = 0;      // 1-based
  std::size_t proposal = 0;  // index into Evaluation::proposals
  double score = 0;
  bool shortlisted = false;
  std::vector<CriterionResult> criteria;  // in the config's order
};

struct Evaluation {
  std::vector<double> weights;          // per criterion, normalised to sum to 1
  std::vector<Proposal> proposals;      // the ranked ones
  std::vector<RankedProposal> ranking;  // best first
  std::vector<ingest::Exclusion> excluded;
};

// One instance per criterion, in the config's order. Problems name the
// criteria file, line and column: an unknown plugin, one that failed to load
// (with the loader's reason), an unknown measure, params the plugin refuses.
Expected<std::vector<PluginInstance>> configure_scorers(const CallConfig& config,
                                                        const PluginRegistry& registry);

// Fails only when a plugin's corpus pass fails (nothing could be ranked
// fairly); a plugin failing on one proposal excludes that proposal.
Expected<Evaluation> evaluate(const CallConfig& config, std::vector<PluginInstance>& scorers,
                              ingest::Submissions submissions);

}  // namespace shortlist
