// Turns jurors' raw scores into comparable ones. Jurors differ: some score
// harshly, some generously; each sees only a few proposals. Offered side by
// side, per proposal:
//
//   mean, median   of the raw scores
//   zscore         each juror's scores standardised (their mean 0, spread 1),
//                  averaged, and put back on the scale of all raw scores
//   additive       least squares for  score = quality + juror bias + noise,
//                  each review weighted by the juror's stated confidence and
//                  the biases summing to zero (MacKay, Kenna, Low & Parker,
//                  "Calibration with confidence", R. Soc. Open Sci. 2017);
//                  with a standard error from the residual noise
//
// The additive model compares jurors only through proposals they share: if
// the juror-proposal graph falls apart into groups, biases cannot be told
// from quality across groups, and `additive` is left empty with the groups
// named in `disconnected`.
//
//   JuryScores scores = calibrate(reviews, proposal_count, juror_count);
//   if (scores.disconnected) std::cerr << *scores.disconnected << '\n';
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace shortlist::jury {

struct Review {
  std::size_t proposal = 0;
  std::size_t juror = 0;
  double score = 0;
  double confidence = 1;  // > 0; a relative weight
};

struct JuryScores {
  // Per proposal; NaN where the proposal has no review.
  std::vector<double> mean, median, zscore;
  std::vector<double> spread;  // highest minus lowest raw score
  std::vector<std::size_t> reviews;
  // Additive model; empty when the graph is disconnected or nothing was reviewed.
  std::vector<double> additive, additive_error;      // error: NaN when noise cannot be estimated
  std::vector<double> juror_bias, juror_bias_error;  // per juror; NaN for one without reviews
  double noise = 0;  // estimated noise standard deviation (NaN when unknown)
  std::size_t degrees_of_freedom = 0;
  std::optional<std::string> disconnected;
  // Jurors (by index) in each connected group of the juror-proposal graph.
  std::vector<std::vector<std::size_t>> juror_groups;
};

// `names` (optional) name jurors in the disconnected message.
JuryScores calibrate(const std::vector<Review>& reviews, std::size_t proposals, std::size_t jurors,
                     const std::vector<std::string>& names = {});

// Whether the scores of the last proposal in and the first one out of a
// shortlist of `size` (in `order`) differ by less than 1.96 combined standard
// errors: the cut-off falls inside the noise.
bool cutoff_within_noise(const std::vector<double>& value, const std::vector<double>& error,
                         const std::vector<std::size_t>& order, std::size_t size);

}  // namespace shortlist::jury
