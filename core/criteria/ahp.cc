#include "core/criteria/ahp.h"

#include <cmath>
#include <cstdio>

namespace shortlist {

double random_index(std::size_t n) {
  static const double kIndex[] = {0,    0,    0,    0.58, 0.90, 1.12, 1.24, 1.32,
                                  1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  return n < std::size(kIndex) ? kIndex[n] : kIndex[std::size(kIndex) - 1];
}

Expected<AhpWeights> ahp_weights(const std::vector<std::vector<double>>& a) {
  const std::size_t n = a.size();
  if (n == 0) return Diagnostic{"", {}, "the comparison matrix is empty"};
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].size() != n) {
      return Diagnostic{"",
                        {},
                        "the comparison matrix must be square (" + std::to_string(n) + " x " +
                            std::to_string(n) + "); row " + std::to_string(i + 1) + " has " +
                            std::to_string(a[i].size()) + " values"};
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (!(a[i][j] > 0) || !std::isfinite(a[i][j])) {
        return Diagnostic{"",
                          {},
                          "comparison values must be positive (row " + std::to_string(i + 1) +
                              ", column " + std::to_string(j + 1) + ")"};
      }
      if (std::fabs(a[i][j] * a[j][i] - 1) > 1e-3) {
        char text[320];
        std::snprintf(text, sizeof text,
                      "the comparison matrix must be reciprocal: row %zu column %zu is %g, so "
                      "row %zu column %zu must be %g",
                      i + 1, j + 1, a[i][j], j + 1, i + 1, 1 / a[i][j]);
        return Diagnostic{"", {}, text};
      }
    }
  }
  // Power iteration: a positive matrix has a unique positive principal
  // eigenvector (Perron-Frobenius), and the iteration converges to it.
  std::vector<double> w(n, 1.0 / static_cast<double>(n));
  std::vector<double> next(n);
  double lambda = 0;
  for (int iteration = 0; iteration < 1000; ++iteration) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      next[i] = 0;
      for (std::size_t j = 0; j < n; ++j) next[i] += a[i][j] * w[j];
      total += next[i];
    }
    lambda = total;  // since sum(w) = 1, sum(A w) = lambda_max at convergence
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) {
      next[i] /= total;
      change = std::max(change, std::fabs(next[i] - w[i]));
    }
    w.swap(next);
    if (change < 1e-15) break;
  }
  AhpWeights result;
  result.weights = w;
  result.lambda_max = lambda;
  if (n > 2) {
    const double ci = (lambda - static_cast<double>(n)) / static_cast<double>(n - 1);
    result.consistency_ratio = std::max(0.0, ci / random_index(n));
  }
  return result;
}

}  // namespace shortlist
