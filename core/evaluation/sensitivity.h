// How much the shortlist can be trusted when the weights are uncertain.
//
// weight_intervals (weighted_sum only, exact): for each criterion, the range
// its normalised weight can take — the others rescaled proportionally — while
// the same proposals stay in the top `size` by score. Scores are linear in
// that weight, so each (member, non-member) pair gives one bound.
//
// shortlist_probabilities (every method, Monte Carlo): weights are drawn from
// a Dirichlet distribution centred on the configured ones (concentration c:
// alpha_j = c * w_j), the proposals re-ranked and the shortlist chosen again
// with its quotas; the share of draws that shortlist a proposal estimates its
// probability. Draw k uses its own generator seeded from (seed, k), so results
// do not depend on the number of threads.
//
//   std::vector<WeightInterval> intervals = weight_intervals(normalized, weights, top);
//   std::vector<double> p = shortlist_probabilities(prepared, weights, ...);
#pragma once

#include <cstdint>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/evaluation/shortlist.h"
#include "core/ranking/ranking.h"

namespace shortlist {

struct WeightInterval {
  double weight = 0;  // current normalised weight
  double low = 0;     // the shortlist holds for weights in [low, high]
  double high = 0;
};

// `normalized`: the weighted-sum normalised values; `members`: which
// proposals are in the top `size` by score.
std::vector<WeightInterval> weight_intervals(const DecisionMatrix& normalized,
                                             const std::vector<double>& weights,
                                             const std::vector<bool>& members);

struct MonteCarloSettings {
  std::size_t samples = 1000;
  double concentration = 50;
  std::uint64_t seed = 1;
  std::size_t shortlist_size = 10;
  unsigned threads = 0;  // 0: every core
};

// Per proposal (row of `prepared`), the share of draws that shortlist it.
// Equal scores are ordered by `tie_order` (the rank each proposal has with the
// configured weights), so the draws respect the same tie-break chain.
std::vector<double> shortlist_probabilities(const PreparedRanking& prepared,
                                            const std::vector<double>& weights,
                                            const std::vector<std::size_t>& tie_order,
                                            const std::vector<Quota>& quotas,
                                            const GroupOf& group_of,
                                            const MonteCarloSettings& settings);

}  // namespace shortlist
