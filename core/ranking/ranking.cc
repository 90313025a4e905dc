#include "core/ranking/ranking.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <tuple>

#include "core/util/parallel.h"

namespace shortlist {

std::vector<double> normalized_weights(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0 && "criteria loading guarantees a positive weight sum");
  std::vector<double> out;
  out.reserve(weights.size());
  for (double w : weights) out.push_back(w / total);
  return out;
}

std::vector<double> configured_weights(const std::vector<CriterionModel>& criteria) {
  std::vector<double> weights;
  for (const CriterionModel& c : criteria) weights.push_back(c.weight);
  return weights;
}

namespace {

struct ColumnStats {
  double low = 0;
  double high = 0;
  double sum = 0;
  double sum_of_squares = 0;
};

ColumnStats column_stats(const DecisionMatrix& raw, std::size_t j) {
  ColumnStats stats;
  for (std::size_t i = 0; i < raw.rows(); ++i) {
    const double x = raw.at(i, j);
    stats.low = i == 0 ? x : std::min(stats.low, x);
    stats.high = i == 0 ? x : std::max(stats.high, x);
    stats.sum += x;
    stats.sum_of_squares += x * x;
  }
  return stats;
}

std::string column_name(const CriterionModel& c, std::size_t j) {
  return c.name.empty() ? "criterion " + std::to_string(j + 1) : "criterion '" + c.name + "'";
}

// Weighted-sum normalisation of one column into `out`, oriented so that more
// is better. Returns why it cannot apply, or "".
std::string normalize_column(const DecisionMatrix& raw, std::size_t j, const CriterionModel& c,
                             DecisionMatrix& out) {
  const ColumnStats stats = column_stats(raw, j);
  const bool more_is_better = c.direction == Direction::Max;
  const std::size_t n = raw.rows();
  const bool needs_non_negative = c.normalization == Normalization::Vector ||
                                  c.normalization == Normalization::Sum ||
                                  c.normalization == Normalization::Max;
  if (needs_non_negative && n > 0 && stats.low < 0) {
    return column_name(c, j) + " has negative values; normalisation '" +
           std::string(to_string(c.normalization)) + "' needs values >= 0";
  }
  if (c.normalization == Normalization::Max && !more_is_better && n > 0 && stats.low <= 0) {
    return column_name(c, j) +
           " has a value of 0; normalisation 'max' of a min criterion divides by it";
  }
  const double norm = std::sqrt(stats.sum_of_squares);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = raw.at(i, j);
    double v = 1.0;  // a criterion that cannot tell proposals apart
    switch (c.normalization) {
      case Normalization::MinMax: {
        const double range = stats.high - stats.low;
        if (range > 0) v = more_is_better ? (x - stats.low) / range : (stats.high - x) / range;
        break;
      }
      case Normalization::Vector:
        if (norm > 0) v = more_is_better ? x / norm : 1.0 - x / norm;
        break;
      case Normalization::Sum:
        if (stats.sum > 0) v = more_is_better ? x / stats.sum : 1.0 - x / stats.sum;
        break;
      case Normalization::Max:
        if (stats.high > 0) v = more_is_better ? x / stats.high : stats.low / x;
        break;
      case Normalization::None:
        v = more_is_better ? x : -x;
        break;
    }
    out.at(i, j) = v;
  }
  return "";
}

}  // namespace

Expected<PreparedRanking> PreparedRanking::prepare(Method method, const DecisionMatrix& raw,
                                                   const std::vector<CriterionModel>& criteria,
                                                   unsigned threads) {
  assert(raw.columns() == criteria.size());
  const std::size_t n = raw.rows();
  const std::size_t m = raw.columns();
  PreparedRanking prepared;
  prepared.method_ = method;
  prepared.normalized_ = DecisionMatrix(n, m);

  if (method == Method::WeightedSum) {
    Diagnostics problems;
    for (std::size_t j = 0; j < m; ++j) {
      std::string problem = normalize_column(raw, j, criteria[j], prepared.normalized_);
      if (!problem.empty()) problems.push_back({"", {}, problem});
    }
    if (!problems.empty()) return problems;
  } else if (method == Method::Topsis) {
    prepared.ideal_gap_ = DecisionMatrix(n, m);
    prepared.anti_ideal_gap_ = DecisionMatrix(n, m);
    for (std::size_t j = 0; j < m; ++j) {
      const ColumnStats stats = column_stats(raw, j);
      const double norm = std::sqrt(stats.sum_of_squares);
      double low = 0;
      double high = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double r = norm > 0 ? raw.at(i, j) / norm : 0.0;
        prepared.normalized_.at(i, j) = r;
        low = i == 0 ? r : std::min(low, r);
        high = i == 0 ? r : std::max(high, r);
      }
      // With w_j >= 0 the weighted ideal is w_j times the normalised one, so
      // the squared gaps can be kept without the weights.
      const bool more_is_better = criteria[j].direction == Direction::Max;
      const double ideal = more_is_better ? high : low;
      const double anti_ideal = more_is_better ? low : high;
      for (std::size_t i = 0; i < n; ++i) {
        const double r = prepared.normalized_.at(i, j);
        prepared.ideal_gap_.at(i, j) = (r - ideal) * (r - ideal);
        prepared.anti_ideal_gap_.at(i, j) = (r - anti_ideal) * (r - anti_ideal);
      }
    }
  } else {
    // PROMETHEE II: for each proposal a and criterion j, the mean preference
    // of a over the others and of the others over a. Each block of rows is
    // written by one thread only.
    prepared.positive_ = DecisionMatrix(n, m);
    prepared.negative_ = DecisionMatrix(n, m);
    const double others = n > 1 ? static_cast<double>(n - 1) : 1.0;
    parallel_for(n, threads, [&](std::size_t begin, std::size_t end) {
      std::vector<double> plus(m);
      std::vector<double> minus(m);
      for (std::size_t a = begin; a < end; ++a) {
        std::fill(plus.begin(), plus.end(), 0.0);
        std::fill(minus.begin(), minus.end(), 0.0);
        for (std::size_t b = 0; b < n; ++b) {
          if (a == b) continue;
          for (std::size_t j = 0; j < m; ++j) {
            double d = raw.at(a, j) - raw.at(b, j);
            if (criteria[j].direction == Direction::Min) d = -d;
            plus[j] += criteria[j].preference(d);
            minus[j] += criteria[j].preference(-d);
          }
        }
        for (std::size_t j = 0; j < m; ++j) {
          prepared.positive_.at(a, j) = plus[j] / others;
          prepared.negative_.at(a, j) = minus[j] / others;
          prepared.normalized_.at(a, j) = (plus[j] - minus[j]) / others;
        }
      }
    });
  }
  return prepared;
}

std::pair<double, double> PreparedRanking::topsis_distances(
    std::size_t row, const std::vector<double>& weights) const {
  double plus = 0;
  double minus = 0;
  for (std::size_t j = 0; j < weights.size(); ++j) {
    const double w2 = weights[j] * weights[j];
    plus += w2 * ideal_gap_.at(row, j);
    minus += w2 * anti_ideal_gap_.at(row, j);
  }
  return {std::sqrt(plus), std::sqrt(minus)};
}

void PreparedRanking::scores(const std::vector<double>& weights, std::vector<double>& out) const {
  const std::size_t n = rows();
  const std::size_t m = normalized_.columns();
  out.assign(n, 0.0);
  if (method_ == Method::Topsis) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto [plus, minus] = topsis_distances(i, weights);
      // Every proposal identical on every criterion: none is closer to either.
      out[i] = plus + minus > 0 ? minus / (plus + minus) : 0.5;
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    double score = 0;
    for (std::size_t j = 0; j < m; ++j) score += weights[j] * normalized_.at(i, j);
    out[i] = score;
  }
}

MethodResult PreparedRanking::evaluate(const std::vector<double>& weights) const {
  const std::size_t n = rows();
  const std::size_t m = normalized_.columns();
  MethodResult result;
  result.contribution = DecisionMatrix(n, m);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j) {
      result.contribution.at(i, j) = weights[j] * normalized_.at(i, j);
    }
  }
  scores(weights, result.score);
  if (method_ == Method::Topsis) {
    result.ideal_distance.resize(n);
    result.anti_ideal_distance.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::tie(result.ideal_distance[i], result.anti_ideal_distance[i]) =
          topsis_distances(i, weights);
    }
  } else if (method_ == Method::Promethee2) {
    result.positive_flow.assign(n, 0.0);
    result.negative_flow.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < m; ++j) {
        result.positive_flow[i] += weights[j] * positive_.at(i, j);
        result.negative_flow[i] += weights[j] * negative_.at(i, j);
      }
    }
  }
  return result;
}

}  // namespace shortlist
