// The ranking methods of brief contract 5, each split in two: `prepare` does
// the work that does not depend on the weights once (normalising, and for
// PROMETHEE II the pairwise comparisons, on every core), then `evaluate`
// scores for a set of weights with the per-criterion breakdown the jury sees,
// and `scores` does the same cheaply for sensitivity analysis.
//
//   weighted_sum  normalised values (min-max by default), score = sum w_j n_ij
//   topsis        Hwang & Yoon (1981): vector normalisation, weighted, Euclidean
//                 distances to ideal and anti-ideal, score = d- / (d+ + d-)
//   promethee2    Brans: preference functions per criterion, score = net flow
//
//   Expected<PreparedRanking> ranking = PreparedRanking::prepare(Method::Topsis, matrix, criteria);
//   MethodResult result = ranking->evaluate(normalized_weights(weights));
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/ranking/decision_matrix.h"
#include "core/ranking/preference.h"
#include "core/util/diagnostic.h"
#include "core/util/enum_names.h"

namespace shortlist {

enum class Method { WeightedSum, Topsis, Promethee2 };
enum class Direction { Max, Min };
// How weighted_sum puts criteria on one scale. `max` is linear scaling:
// x / max for a max criterion, min / x for a min one.
enum class Normalization { MinMax, Vector, Sum, Max, None };

struct CriterionModel {
  double weight = 1;  // as configured; see normalized_weights
  Direction direction = Direction::Max;
  Normalization normalization = Normalization::MinMax;  // weighted_sum only
  PreferenceFunction preference;                        // promethee2 only
  std::string name;                                     // for messages; "criterion N" when empty
};

// Weights scaled to sum to 1; all must be >= 0 with a positive sum.
std::vector<double> normalized_weights(const std::vector<double>& weights);
std::vector<double> configured_weights(const std::vector<CriterionModel>& criteria);

struct MethodResult {
  // Per proposal and criterion: weighted_sum, w x normalised value
  // (contributions sum to the score); topsis, the weighted normalised value;
  // promethee2, w x the criterion's own net flow (they sum to the net flow).
  DecisionMatrix contribution;
  std::vector<double> score;
  std::vector<double> positive_flow;        // promethee2
  std::vector<double> negative_flow;        // promethee2
  std::vector<double> ideal_distance;       // topsis: d+
  std::vector<double> anti_ideal_distance;  // topsis: d-
};

class PreparedRanking {
 public:
  // Fails when a normalisation cannot apply (e.g. negative values for `sum`),
  // naming the criterion. threads = 0: every core.
  static Expected<PreparedRanking> prepare(Method method, const DecisionMatrix& raw,
                                           const std::vector<CriterionModel>& criteria,
                                           unsigned threads = 0);

  Method method() const { return method_; }
  std::size_t rows() const { return normalized_.rows(); }
  // Per proposal and criterion, whatever the weights: weighted_sum, the
  // normalised value; topsis, the vector-normalised value; promethee2, the
  // criterion's own net flow in [-1, 1].
  const DecisionMatrix& normalized() const { return normalized_; }

  // `weights` sum to 1, one per criterion.
  MethodResult evaluate(const std::vector<double>& weights) const;
  // Scores only, into `out` (resized to rows()).
  void scores(const std::vector<double>& weights, std::vector<double>& out) const;

 private:
  // TOPSIS distances (d+, d-) of one proposal for these weights.
  std::pair<double, double> topsis_distances(std::size_t row,
                                             const std::vector<double>& weights) const;

  Method method_ = Method::WeightedSum;
  DecisionMatrix normalized_;      // weighted_sum, topsis: normalised values; promethee2: net_j
  DecisionMatrix ideal_gap_;       // topsis: (r_ij - ideal_j)^2
  DecisionMatrix anti_ideal_gap_;  // topsis: (r_ij - anti_ideal_j)^2
  DecisionMatrix positive_;        // promethee2: mean P_j(a, b) over b
  DecisionMatrix negative_;        // promethee2: mean P_j(b, a) over b
};

inline constexpr EnumName<Method> kMethodNames[] = {{Method::WeightedSum, "weighted_sum"},
                                                    {Method::Topsis, "topsis"},
                                                    {Method::Promethee2, "promethee2"}};
inline constexpr EnumName<Direction> kDirectionNames[] = {{Direction::Max, "max"},
                                                          {Direction::Min, "min"}};
inline constexpr EnumName<Normalization> kNormalizationNames[] = {{Normalization::MinMax, "minmax"},
                                                                  {Normalization::Vector, "vector"},
                                                                  {Normalization::Sum, "sum"},
                                                                  {Normalization::Max, "max"},
                                                                  {Normalization::None, "none"}};

inline std::string_view to_string(Method method) { return name_of(kMethodNames, method); }
inline std::string_view to_string(Direction direction) {
  return name_of(kDirectionNames, direction);
}
inline std::string_view to_string(Normalization normalization) {
  return name_of(kNormalizationNames, normalization);
}

}  // namespace shortlist
