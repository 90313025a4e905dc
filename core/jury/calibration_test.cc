#include "core/jury/calibration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace shortlist::jury {
namespace {

using ::testing::HasSubstr;

TEST(Calibrate, SeparatesAConstantBiasExactly) {
  // Juror 1 scores one point above juror 0 on both proposals.
  const std::vector<Review> reviews = {{0, 0, 4}, {1, 0, 2}, {0, 1, 5}, {1, 1, 3}};
  const JuryScores s = calibrate(reviews, 2, 2);
  ASSERT_FALSE(s.disconnected);
  EXPECT_NEAR(s.juror_bias[0], -0.5, 1e-12);
  EXPECT_NEAR(s.juror_bias[1], 0.5, 1e-12);
  EXPECT_NEAR(s.additive[0], 4.5, 1e-12);
  EXPECT_NEAR(s.additive[1], 2.5, 1e-12);
  EXPECT_EQ(s.degrees_of_freedom, 1u);
  EXPECT_NEAR(s.noise, 0, 1e-12);
  EXPECT_DOUBLE_EQ(s.mean[0], 4.5);
  EXPECT_DOUBLE_EQ(s.median[1], 2.5);
  EXPECT_DOUBLE_EQ(s.spread[0], 1);
}

TEST(Calibrate, RemovesTheBiasOfAHarshJurorTheMeanKeeps) {
  // Proposal 0 was read by the harsh juror 2, proposal 1 by the generous
  // juror 1; juror 0 read both and found 0 better. The mean says otherwise.
  const std::vector<Review> reviews = {{0, 0, 4}, {1, 0, 3}, {0, 2, 2},
                                       {1, 1, 5}, {2, 1, 4}, {2, 2, 1}};
  const JuryScores s = calibrate(reviews, 3, 3);
  ASSERT_FALSE(s.disconnected);
  EXPECT_LT(s.mean[0], s.mean[1]);
  EXPECT_GT(s.additive[0], s.additive[1]);
  EXPECT_LT(s.juror_bias[2], 0);
  EXPECT_GT(s.juror_bias[1], 0);
}

TEST(Calibrate, WeighsReviewsByConfidence) {
  // Two jurors disagree on proposal 0; the confident one pulls it their way.
  const std::vector<Review> even = {{0, 0, 5, 1}, {0, 1, 1, 1}, {1, 0, 3, 1}, {1, 1, 3, 1}};
  std::vector<Review> confident = even;
  confident[0].confidence = 4;
  EXPECT_GT(calibrate(confident, 2, 2).additive[0], calibrate(even, 2, 2).additive[0]);
}

TEST(Calibrate, NamesTheGroupsOfADisconnectedJury) {
  const std::vector<Review> reviews = {{0, 0, 4}, {0, 1, 3}, {1, 2, 5}};
  const JuryScores s = calibrate(reviews, 2, 3, {"amara", "bruno", "chen"});
  ASSERT_TRUE(s.disconnected);
  EXPECT_THAT(*s.disconnected,
              HasSubstr("the jurors fall into 2 groups that share no proposal: {amara, bruno} and "
                        "{chen}"));
  EXPECT_TRUE(s.additive.empty());
  EXPECT_DOUBLE_EQ(s.mean[0], 3.5);  // the raw summaries are still there
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  auto ranks = [](const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return v[x] < v[y]; });
    std::vector<double> rank(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<double>(i);
    return rank;
  };
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  double d2 = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
  return 1 - 6 * d2 / (n * (n * n - 1));
}

struct Simulation {
  std::vector<double> quality, bias;
  std::vector<Review> reviews;
};

// 80 proposals of known quality, 16 jurors with strong biases and some noise,
// each proposal read by 3 jurors drawn at random; scores on a 1-5 scale,
// rounded to halves as a jury form would take them.
Simulation simulate(unsigned seed, bool rounded) {
  std::mt19937 random(seed);
  std::normal_distribution<double> quality(3, 0.6), bias(0, 0.7), noise(0, 0.3);
  Simulation sim;
  const std::size_t proposals = 80, jurors = 16;
  for (std::size_t p = 0; p < proposals; ++p) sim.quality.push_back(quality(random));
  for (std::size_t j = 0; j < jurors; ++j) sim.bias.push_back(bias(random));
  std::vector<std::size_t> all(jurors);
  std::iota(all.begin(), all.end(), 0);
  for (std::size_t p = 0; p < proposals; ++p) {
    std::shuffle(all.begin(), all.end(), random);
    for (std::size_t r = 0; r < 3; ++r) {
      double score = sim.quality[p] + sim.bias[all[r]] + noise(random);
      if (rounded) score = std::clamp(std::round(score * 2) / 2, 1.0, 5.0);
      sim.reviews.push_back({p, all[r], score});
    }
  }
  return sim;
}

TEST(Calibrate, RecoversTheTrueOrderBetterThanTheRawMean) {
  double raw_total = 0, calibrated_total = 0, z_total = 0;
  const unsigned seeds = 8;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    const Simulation sim = simulate(seed, /*rounded=*/true);
    const JuryScores s = calibrate(sim.reviews, sim.quality.size(), sim.bias.size());
    ASSERT_FALSE(s.disconnected) << "seed " << seed;
    const double raw = spearman(sim.quality, s.mean);
    const double calibrated = spearman(sim.quality, s.additive);
    EXPECT_GT(calibrated, raw) << "seed " << seed;
    raw_total += raw;
    calibrated_total += calibrated;
    z_total += spearman(sim.quality, s.zscore);
  }
  // Measured over these seeds: raw mean 0.83, z-score 0.94, additive 0.95.
  EXPECT_GT(calibrated_total / seeds, 0.9);
  EXPECT_GT(calibrated_total / seeds - raw_total / seeds, 0.08);
  EXPECT_GT(z_total / seeds, raw_total / seeds);
  RecordProperty("raw_spearman", std::to_string(raw_total / seeds));
  RecordProperty("additive_spearman", std::to_string(calibrated_total / seeds));
  RecordProperty("zscore_spearman", std::to_string(z_total / seeds));
}

TEST(Calibrate, StandardErrorsCoverTheTruthAboutAsOftenAsTheyClaim) {
  // Without rounding the model holds exactly; 95% intervals should contain
  // the truth (quality plus the mean bias, which the sum-to-zero convention
  // folds into every quality) about 95% of the time.
  std::size_t covered = 0, total = 0;
  for (unsigned seed = 1; seed <= 10; ++seed) {
    const Simulation sim = simulate(seed, /*rounded=*/false);
    const JuryScores s = calibrate(sim.reviews, sim.quality.size(), sim.bias.size());
    const double mean_bias =
        std::accumulate(sim.bias.begin(), sim.bias.end(), 0.0) / sim.bias.size();
    EXPECT_NEAR(s.noise, 0.3, 0.06) << "seed " << seed;
    for (std::size_t p = 0; p < sim.quality.size(); ++p) {
      ++total;
      if (std::abs(s.additive[p] - sim.quality[p] - mean_bias) < 1.96 * s.additive_error[p])
        ++covered;
    }
  }
  const double coverage = static_cast<double>(covered) / static_cast<double>(total);
  EXPECT_GT(coverage, 0.90);
  EXPECT_LT(coverage, 0.99);
}

TEST(CutoffWithinNoise, ComparesTheLastInWithTheFirstOut) {
  const std::vector<double> value = {4.0, 3.5, 3.4, 2.0};
  const std::vector<double> error = {0.1, 0.1, 0.1, 0.1};
  const std::vector<std::size_t> order = {0, 1, 2, 3};
  EXPECT_TRUE(cutoff_within_noise(value, error, order, 2));   // 3.5 vs 3.4
  EXPECT_FALSE(cutoff_within_noise(value, error, order, 1));  // 4.0 vs 3.5
  EXPECT_FALSE(cutoff_within_noise(value, error, order, 4));  // nobody is out
}

}  // namespace
}  // namespace shortlist::jury
