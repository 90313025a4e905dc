#include "core/evaluation/sensitivity.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "core/util/parallel.h"

namespace shortlist {

std::vector<WeightInterval> weight_intervals(const DecisionMatrix& normalized,
                                             const std::vector<double>& weights,
                                             const std::vector<bool>& members) {
  const std::size_t n = normalized.rows();
  const std::size_t m = normalized.columns();
  std::vector<double> score(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) score[i] += weights[j] * normalized.at(i, j);
  }
  std::vector<std::size_t> in;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) (members[i] ? in : out).push_back(i);

  std::vector<WeightInterval> intervals;
  for (std::size_t k = 0; k < m; ++k) {
    WeightInterval interval{weights[k], 0.0, 1.0};
    if (weights[k] >= 1.0) {  // the only weighted criterion: nothing to rescale
      interval.low = interval.high = 1.0;
      intervals.push_back(interval);
      continue;
    }
    // With weight t on k and the others scaled by (1 - t) / (1 - w_k):
    // S_i(t) = t * a_i + (1 - t) * b_i.
    auto a = [&](std::size_t i) { return normalized.at(i, k); };
    auto b = [&](std::size_t i) { return (score[i] - weights[k] * a(i)) / (1.0 - weights[k]); };
    for (std::size_t i : in) {
      for (std::size_t j : out) {
        const double at_zero = b(i) - b(j);            // S_i(0) - S_j(0)
        const double slope = (a(i) - a(j)) - at_zero;  // d/dt of S_i(t) - S_j(t)
        if (slope > 0) {
          interval.low = std::max(interval.low, -at_zero / slope);
        } else if (slope < 0) {
          interval.high = std::min(interval.high, -at_zero / slope);
        }
      }
    }
    interval.low = std::clamp(interval.low, 0.0, weights[k]);
    interval.high = std::clamp(interval.high, weights[k], 1.0);
    intervals.push_back(interval);
  }
  return intervals;
}

std::vector<double> shortlist_probabilities(const PreparedRanking& prepared,
                                            const std::vector<double>& weights,
                                            const std::vector<std::size_t>& tie_order,
                                            const std::vector<Quota>& quotas,
                                            const GroupOf& group_of,
                                            const MonteCarloSettings& settings) {
  const std::size_t n = prepared.rows();
  const std::size_t m = weights.size();
  std::vector<double> probability(n, 0.0);
  if (settings.samples == 0 || n == 0) return probability;
  std::vector<std::size_t> rank_of(n);
  for (std::size_t k = 0; k < tie_order.size(); ++k) rank_of[tie_order[k]] = k;

  const unsigned threads = settings.threads == 0 ? default_threads() : settings.threads;
  std::vector<std::vector<std::size_t>> counts(threads, std::vector<std::size_t>(n, 0));
  const std::size_t per_thread = (settings.samples + threads - 1) / threads;
  parallel_for(threads, threads, [&](std::size_t first_thread, std::size_t last_thread) {
    for (std::size_t t = first_thread; t < last_thread; ++t) {
      std::vector<double> draw(m);
      std::vector<double> scores;
      std::vector<std::size_t> order(n);
      const std::size_t begin = t * per_thread;
      const std::size_t end = std::min(settings.samples, begin + per_thread);
      for (std::size_t sample = begin; sample < end; ++sample) {
        std::seed_seq seeds{static_cast<std::uint32_t>(settings.seed),
                            static_cast<std::uint32_t>(settings.seed >> 32),
                            static_cast<std::uint32_t>(sample),
                            static_cast<std::uint32_t>(sample >> 32)};
        std::mt19937_64 random(seeds);
        double total = 0;
        for (std::size_t j = 0; j < m; ++j) {
          draw[j] = 0;
          if (weights[j] > 0) {
            std::gamma_distribution<double> gamma(settings.concentration * weights[j], 1.0);
            draw[j] = gamma(random);
          }
          total += draw[j];
        }
        if (!(total > 0)) continue;  // vanishingly rare: every draw underflowed
        for (double& w : draw) w /= total;
        prepared.scores(draw, scores);
        std::iota(order.begin(), order.end(), 0);
        const auto better = [&](std::size_t a, std::size_t b) {
          if (scores[a] != scores[b]) return scores[a] > scores[b];
          return rank_of[a] < rank_of[b];
        };
        if (quotas.empty()) {
          // Without quotas the shortlist is the top `size` set, whatever its order.
          const std::size_t size = std::min(settings.shortlist_size, n);
          std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(size),
                           order.end(), better);
          for (std::size_t k = 0; k < size; ++k) ++counts[t][order[k]];
          continue;
        }
        std::sort(order.begin(), order.end(), better);
        std::vector<bool> in =
            select_shortlist(order, settings.shortlist_size, quotas, group_of, nullptr);
        for (std::size_t i = 0; i < in.size(); ++i) counts[t][i] += in[i];
      }
    }
  });
  for (const auto& thread_counts : counts) {
    for (std::size_t i = 0; i < n; ++i) probability[i] += static_cast<double>(thread_counts[i]);
  }
  for (double& p : probability) p /= static_cast<double>(settings.samples);
  return probability;
}

}  // namespace shortlist
