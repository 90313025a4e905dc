// Weighted sum ranking (brief, contract 5): each criterion's raw values are
// min-max normalised to [0, 1] over the proposals being ranked — a `min`
// criterion as (max - x) / (max - min) — weights are normalised to sum to 1,
// and a proposal's score is the sum of weight x normalised value. When every
// proposal has the same value the criterion cannot tell them apart: all get
// 1, and it adds the same to every score.
//
//   DecisionMatrix m(3, 2);  m.at(0, 0) = 120; ...
//   WeightedSum s = weighted_sum(m, {{0.6, Direction::Max}, {0.4, Direction::Min}});
//   s.score[0];  s.contribution.at(0, 1);
#pragma once

#include <cstddef>
#include <vector>

#include "core/criteria/call_config.h"

namespace shortlist {

// Raw values, one row per proposal, one column per criterion.
class DecisionMatrix {
 public:
  DecisionMatrix(std::size_t rows, std::size_t columns)
      : rows_(rows), columns_(columns), values_(rows * columns, 0.0) {}
  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return columns_; }
  double& at(std::size_t row, std::size_t column) { return values_[row * columns_ + column]; }
  double at(std::size_t row, std::size_t column) const { return values_[row * columns_ + column]; }

 private:
  std::size_t rows_;
  std::size_t columns_;
  std::vector<double> values_;
};

struct CriterionWeight {
  double weight;  // as configured; normalised here
  Direction direction;
};

// Per proposal (row) and criterion (column), laid out like the input.
struct WeightedSum {
  DecisionMatrix normalized;    // in [0, 1]
  DecisionMatrix contribution;  // normalised weight x normalized
  std::vector<double> score;    // per proposal: sum of its contributions
};

// Weights normalised to sum to 1; all weights must be >= 0 with a positive sum.
std::vector<double> normalized_weights(const std::vector<CriterionWeight>& criteria);

WeightedSum weighted_sum(const DecisionMatrix& matrix,
                         const std::vector<CriterionWeight>& criteria);

}  // namespace shortlist
