#include "core/evaluation/sensitivity.h"

#include <gtest/gtest.h>

#include <numeric>

namespace shortlist {
namespace {

// Two criteria, three proposals, shortlist of one. Normalised values:
//   A: (1, 0)   B: (0, 1)   C: (0.5, 0.5)
// With weight t on criterion 1: S_A = t, S_B = 1 - t, S_C = 0.5.
// At t = 0.7, A leads; A stays first while t >= 0.5.
TEST(WeightIntervals, AreExactForTheWeightedSum) {
  DecisionMatrix n(3, 2);
  n.at(0, 0) = 1, n.at(0, 1) = 0;
  n.at(1, 0) = 0, n.at(1, 1) = 1;
  n.at(2, 0) = 0.5, n.at(2, 1) = 0.5;
  std::vector<WeightInterval> w = weight_intervals(n, {0.7, 0.3}, {true, false, false});
  ASSERT_EQ(w.size(), 2u);
  EXPECT_DOUBLE_EQ(w[0].low, 0.5);
  EXPECT_DOUBLE_EQ(w[0].high, 1.0);
  EXPECT_DOUBLE_EQ(w[1].low, 0.0);
  EXPECT_DOUBLE_EQ(w[1].high, 0.5);
}

class MonteCarlo : public ::testing::Test {
 protected:
  void SetUp() override {
    DecisionMatrix raw(4, 2);
    const double values[4][2] = {{10, 1}, {9, 9}, {1, 10}, {2, 2}};
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < 2; ++j) raw.at(i, j) = values[i][j];
    }
    std::vector<CriterionModel> criteria(2);
    prepared_ = std::move(PreparedRanking::prepare(Method::WeightedSum, raw, criteria, 1)).value();
  }

  std::vector<double> run(std::size_t samples, unsigned threads, double concentration = 50) {
    std::vector<std::size_t> order(4);
    std::iota(order.begin(), order.end(), 0);
    const GroupOf none = [](std::size_t, const std::string&) { return std::string(); };
    return shortlist_probabilities(prepared_, {0.5, 0.5}, order, {}, none,
                                   {samples, concentration, 11, 1, threads});
  }

  PreparedRanking prepared_;
};

TEST_F(MonteCarlo, GivesTheSameProbabilitiesWhateverTheThreads) {
  EXPECT_EQ(run(500, 1), run(500, 2));
}

TEST_F(MonteCarlo, ProbabilitiesOfOnePlaceSumToOne) {
  std::vector<double> p = run(2000, 2);
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
  // B (9, 9) wins at equal weights and stays ahead unless the weights tilt a lot.
  EXPECT_GT(p[1], 0.9);
  EXPECT_EQ(p[3], 0.0);  // D is dominated by B
}

TEST_F(MonteCarlo, GivesTheSameAnswerWithAQuotaThatBindsNobody) {
  // A maximum nobody reaches takes the sorted path; no quota takes the
  // selection shortcut; both must agree draw for draw.
  std::vector<std::size_t> order(4);
  std::iota(order.begin(), order.end(), 0);
  const GroupOf one_group = [](std::size_t, const std::string&) { return std::string("all"); };
  Quota loose{"language", std::nullopt, std::nullopt, 4, {}};
  EXPECT_EQ(shortlist_probabilities(prepared_, {0.5, 0.5}, order, {loose}, one_group,
                                    {800, 10, 11, 2, 2}),
            shortlist_probabilities(prepared_, {0.5, 0.5}, order, {}, one_group, {800, 10, 11, 2, 2}));
}

TEST_F(MonteCarlo, LooserWeightsMakeTheLeaderLessCertain) {
  EXPECT_LT(run(2000, 2, 2)[1], run(2000, 2, 200)[1]);
}

}  // namespace
}  // namespace shortlist
