#include "core/jury/calibration.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace shortlist::jury {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A small dense symmetric positive definite system, solved by Cholesky.
class Cholesky {
 public:
  // Fails (returns false) when `matrix` (n x n, row-major) is not positive definite.
  bool factor(std::vector<double> matrix, std::size_t n) {
    n_ = n;
    l_ = std::move(matrix);
    for (std::size_t j = 0; j < n; ++j) {
      double diagonal = l_[j * n + j];
      for (std::size_t k = 0; k < j; ++k) diagonal -= l_[j * n + k] * l_[j * n + k];
      if (!(diagonal > 1e-12)) return false;
      l_[j * n + j] = std::sqrt(diagonal);
      for (std::size_t i = j + 1; i < n; ++i) {
        double sum = l_[i * n + j];
        for (std::size_t k = 0; k < j; ++k) sum -= l_[i * n + k] * l_[j * n + k];
        l_[i * n + j] = sum / l_[j * n + j];
      }
    }
    return true;
  }

  std::vector<double> solve(std::vector<double> b) const {
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t k = 0; k < i; ++k) b[i] -= l_[i * n_ + k] * b[k];
      b[i] /= l_[i * n_ + i];
    }
    for (std::size_t i = n_; i-- > 0;) {
      for (std::size_t k = i + 1; k < n_; ++k) b[i] -= l_[k * n_ + i] * b[k];
      b[i] /= l_[i * n_ + i];
    }
    return b;
  }

 private:
  std::size_t n_ = 0;
  std::vector<double> l_;
};

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void raw_summaries(const std::vector<Review>& reviews, JuryScores& out) {
  std::vector<std::vector<double>> by_proposal(out.mean.size());
  for (const Review& r : reviews) by_proposal[r.proposal].push_back(r.score);
  for (std::size_t p = 0; p < by_proposal.size(); ++p) {
    const std::vector<double>& scores = by_proposal[p];
    out.reviews[p] = scores.size();
    if (scores.empty()) continue;
    out.mean[p] = std::accumulate(scores.begin(), scores.end(), 0.0) / scores.size();
    out.median[p] = median_of(scores);
    const auto [low, high] = std::minmax_element(scores.begin(), scores.end());
    out.spread[p] = *high - *low;
  }
}

void zscores(const std::vector<Review>& reviews, std::size_t jurors, JuryScores& out) {
  std::vector<double> sum(jurors, 0), squares(jurors, 0), count(jurors, 0);
  double all = 0, all_squares = 0;
  for (const Review& r : reviews) {
    sum[r.juror] += r.score;
    squares[r.juror] += r.score * r.score;
    count[r.juror] += 1;
    all += r.score;
    all_squares += r.score * r.score;
  }
  const double n = static_cast<double>(reviews.size());
  const double grand_mean = all / n;
  const double grand_sd = std::sqrt(std::max(0.0, all_squares / n - grand_mean * grand_mean));
  std::vector<double> z_sum(out.mean.size(), 0);
  for (const Review& r : reviews) {
    const double mean = sum[r.juror] / count[r.juror];
    const double sd = std::sqrt(std::max(0.0, squares[r.juror] / count[r.juror] - mean * mean));
    // A juror who gave one score, or the same score throughout, says nothing
    // about how proposals compare: their reviews count as average.
    z_sum[r.proposal] += sd > 1e-12 ? (r.score - mean) / sd : 0.0;
  }
  for (std::size_t p = 0; p < out.zscore.size(); ++p) {
    if (out.reviews[p] > 0) out.zscore[p] = grand_mean + grand_sd * z_sum[p] / out.reviews[p];
  }
}

// Connected groups of the juror-proposal graph; returns the jurors of each
// group that holds at least one review.
std::vector<std::vector<std::size_t>> juror_groups(const std::vector<Review>& reviews,
                                                   std::size_t proposals, std::size_t jurors) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph graph(proposals + jurors);
  for (const Review& r : reviews) boost::add_edge(r.proposal, proposals + r.juror, graph);
  std::vector<int> component(proposals + jurors);
  boost::connected_components(graph, component.data());
  std::vector<bool> reviewing(jurors, false);
  for (const Review& r : reviews) reviewing[r.juror] = true;
  std::map<int, std::vector<std::size_t>> groups;
  for (std::size_t j = 0; j < jurors; ++j) {
    if (reviewing[j]) groups[component[proposals + j]].push_back(j);
  }
  std::vector<std::vector<std::size_t>> out;
  for (auto& [id, members] : groups) out.push_back(std::move(members));
  return out;
}

std::string describe_groups(const std::vector<std::vector<std::size_t>>& groups,
                            const std::vector<std::string>& names) {
  std::string text =
      "the jurors fall into " + std::to_string(groups.size()) + " groups that share no proposal:";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    text += g == 0 ? " {" : " and {";
    for (std::size_t i = 0; i < groups[g].size(); ++i) {
      const std::size_t j = groups[g][i];
      text += (i ? ", " : "") + (j < names.size() ? names[j] : "juror " + std::to_string(j + 1));
    }
    text += "}";
  }
  return text +
         "; their biases cannot be told apart from the proposals' quality, so calibrated scores "
         "are not comparable across groups (assign some proposals to jurors of several groups)";
}

void additive(const std::vector<Review>& reviews, std::size_t proposals, std::size_t jurors,
              JuryScores& out) {
  // Jurors with reviews get compact indices k for the J' x J' system.
  std::vector<std::size_t> index(jurors, jurors);
  std::vector<std::size_t> juror_of;
  for (const Review& r : reviews) {
    if (index[r.juror] == jurors) {
      index[r.juror] = juror_of.size();
      juror_of.push_back(r.juror);
    }
  }
  const std::size_t n = juror_of.size();
  // Per proposal: total weight W_p, weighted sum S_p, and each juror's weight.
  std::vector<double> weight(proposals, 0), weighted(proposals, 0);
  std::vector<std::map<std::size_t, double>> by_juror(proposals);
  std::vector<double> a(n * n, 0), c(n, 0);
  for (const Review& r : reviews) {
    const std::size_t k = index[r.juror];
    weight[r.proposal] += r.confidence;
    weighted[r.proposal] += r.confidence * r.score;
    by_juror[r.proposal][k] += r.confidence;
    a[k * n + k] += r.confidence;
    c[k] += r.confidence * r.score;
  }
  // Eliminating the qualities q_p = (S_p - sum_k w_pk b_k) / W_p leaves the
  // Schur complement A b = c in the biases; A is singular along (1, ..., 1)
  // when the graph is connected, and adding 1 1^T imposes sum b = 0.
  for (std::size_t p = 0; p < proposals; ++p) {
    for (const auto& [k, wk] : by_juror[p]) {
      c[k] -= wk * weighted[p] / weight[p];
      for (const auto& [l, wl] : by_juror[p]) a[k * n + l] -= wk * wl / weight[p];
    }
  }
  for (double& v : a) v += 1;
  Cholesky system;
  if (!system.factor(a, n)) return;  // cannot happen on a connected graph
  const std::vector<double> bias = system.solve(c);

  out.additive.assign(proposals, kNaN);
  out.additive_error.assign(proposals, kNaN);
  out.juror_bias.assign(jurors, kNaN);
  out.juror_bias_error.assign(jurors, kNaN);
  std::size_t reviewed = 0;
  for (std::size_t p = 0; p < proposals; ++p) {
    if (weight[p] == 0) continue;
    ++reviewed;
    double q = weighted[p];
    for (const auto& [k, wk] : by_juror[p]) q -= wk * bias[k];
    out.additive[p] = q / weight[p];
  }
  double residual = 0;
  for (const Review& r : reviews) {
    const double e = r.score - out.additive[r.proposal] - bias[index[r.juror]];
    residual += r.confidence * e * e;
  }
  const std::size_t parameters = reviewed + n - 1;
  out.degrees_of_freedom = reviews.size() > parameters ? reviews.size() - parameters : 0;
  out.noise = out.degrees_of_freedom ? std::sqrt(residual / out.degrees_of_freedom) : kNaN;

  // Covariances: sigma^2 S+ for the biases, S+ = (A + 1 1^T)^-1 - 1 1^T / n^2;
  // sigma^2 (1 / W_p + v_p^T S+ v_p) for a quality, v_pk = w_pk / W_p.
  std::vector<double> inverse(n * n);
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<double> unit(n, 0);
    unit[k] = 1;
    const std::vector<double> column = system.solve(unit);
    for (std::size_t i = 0; i < n; ++i) {
      inverse[i * n + k] = column[i] - 1.0 / static_cast<double>(n * n);
    }
  }
  const double variance = out.noise * out.noise;
  for (std::size_t k = 0; k < n; ++k) {
    out.juror_bias[juror_of[k]] = bias[k];
    out.juror_bias_error[juror_of[k]] = std::sqrt(variance * inverse[k * n + k]);
  }
  for (std::size_t p = 0; p < proposals; ++p) {
    if (weight[p] == 0) continue;
    double spread = 0;
    for (const auto& [k, wk] : by_juror[p]) {
      for (const auto& [l, wl] : by_juror[p]) spread += wk * wl * inverse[k * n + l];
    }
    out.additive_error[p] =
        std::sqrt(variance * (1 / weight[p] + spread / (weight[p] * weight[p])));
  }
}

}  // namespace

JuryScores calibrate(const std::vector<Review>& reviews, std::size_t proposals, std::size_t jurors,
                     const std::vector<std::string>& names) {
  JuryScores out;
  out.mean.assign(proposals, kNaN);
  out.median.assign(proposals, kNaN);
  out.zscore.assign(proposals, kNaN);
  out.spread.assign(proposals, kNaN);
  out.reviews.assign(proposals, 0);
  out.noise = kNaN;
  if (reviews.empty()) return out;
  raw_summaries(reviews, out);
  zscores(reviews, jurors, out);
  out.juror_groups = juror_groups(reviews, proposals, jurors);
  if (out.juror_groups.size() > 1) {
    out.disconnected = describe_groups(out.juror_groups, names);
    return out;
  }
  additive(reviews, proposals, jurors, out);
  return out;
}

bool cutoff_within_noise(const std::vector<double>& value, const std::vector<double>& error,
                         const std::vector<std::size_t>& order, std::size_t size) {
  if (size == 0 || size >= order.size()) return false;
  const std::size_t in = order[size - 1], out = order[size];
  const double combined = std::hypot(error[in], error[out]);
  if (std::isnan(combined)) return false;
  return std::abs(value[in] - value[out]) < 1.96 * combined;
}

}  // namespace shortlist::jury
