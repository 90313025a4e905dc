#include "core/ranking/weighted_sum.h"

#include <algorithm>
#include <cassert>

namespace shortlist {

std::vector<double> normalized_weights(const std::vector<CriterionWeight>& criteria) {
  double total = 0;
  for (const CriterionWeight& c : criteria) total += c.weight;
  assert(total > 0 && "criteria loading guarantees a positive weight sum");
  std::vector<double> weights;
  weights.reserve(criteria.size());
  for (const CriterionWeight& c : criteria) weights.push_back(c.weight / total);
  return weights;
}

WeightedSum weighted_sum(const DecisionMatrix& matrix,
                         const std::vector<CriterionWeight>& criteria) {
  assert(matrix.columns() == criteria.size());
  const std::size_t n = matrix.rows();
  const std::size_t m = matrix.columns();
  const std::vector<double> weights = normalized_weights(criteria);
  WeightedSum result{DecisionMatrix(n, m), DecisionMatrix(n, m), std::vector<double>(n, 0.0)};
  for (std::size_t j = 0; j < m; ++j) {
    double low = 0;
    double high = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = matrix.at(i, j);
      low = i == 0 ? x : std::min(low, x);
      high = i == 0 ? x : std::max(high, x);
    }
    const double range = high - low;
    const bool more_is_better = criteria[j].direction == Direction::Max;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = matrix.at(i, j);
      double normalized = 1.0;
      if (range > 0) normalized = more_is_better ? (x - low) / range : (high - x) / range;
      result.normalized.at(i, j) = normalized;
      result.contribution.at(i, j) = weights[j] * normalized;
      result.score[i] += weights[j] * normalized;
    }
  }
  return result;
}

}  // namespace shortlist
