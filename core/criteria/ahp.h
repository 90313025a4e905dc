// Weights from an AHP pairwise-comparison matrix (Saaty 1980): a[i][j] says
// how much more important criterion i is than j (1 = equal, 9 = extremely),
// a[j][i] = 1 / a[i][j]. The weights are the principal eigenvector, found by
// power iteration; the consistency ratio CR = CI / RI with CI = (lambda_max -
// n) / (n - 1) and Saaty's random index RI. A CR above 0.10 means the
// judgements contradict each other too much to be used.
//
//   Expected<AhpWeights> w = ahp_weights({{1, 3}, {1.0 / 3, 1}});  // 0.75, 0.25
#pragma once

#include <string>
#include <vector>

#include "core/util/diagnostic.h"

namespace shortlist {

struct AhpWeights {
  std::vector<double> weights;  // sum to 1
  double lambda_max = 0;
  double consistency_ratio = 0;  // 0 for n <= 2
};

inline constexpr double kMaxConsistencyRatio = 0.10;

// Problems (message only): not square, not positive, not reciprocal.
// Consistency is reported, not judged: the caller refuses CR > 0.10.
Expected<AhpWeights> ahp_weights(const std::vector<std::vector<double>>& matrix);

// Saaty's random consistency index for n criteria (n <= 15).
double random_index(std::size_t n);

}  // namespace shortlist
