#include "core/ranking/weighted_sum.h"

#include <gtest/gtest.h>

namespace shortlist {
namespace {

// Worked by hand: weights 3 and 1 normalise to 0.75 and 0.25.
//   c1 (max): 10, 20, 30 -> 0, 0.5, 1
//   c2 (min):  5,  1,  3 -> (5 - x) / 4 = 0, 1, 0.5
//   scores: 0, 0.75*0.5 + 0.25*1 = 0.625, 0.75*1 + 0.25*0.5 = 0.875
TEST(WeightedSum, MatchesHandCheckedExample) {
  DecisionMatrix m(3, 2);
  m.at(0, 0) = 10, m.at(1, 0) = 20, m.at(2, 0) = 30;
  m.at(0, 1) = 5, m.at(1, 1) = 1, m.at(2, 1) = 3;
  WeightedSum s = weighted_sum(m, {{3, Direction::Max}, {1, Direction::Min}});
  ASSERT_EQ(s.score.size(), 3u);
  EXPECT_DOUBLE_EQ(s.score[0], 0.0);
  EXPECT_DOUBLE_EQ(s.score[1], 0.625);
  EXPECT_DOUBLE_EQ(s.score[2], 0.875);
  EXPECT_DOUBLE_EQ(s.normalized.at(1, 0), 0.5);
  EXPECT_DOUBLE_EQ(s.normalized.at(1, 1), 1.0);
  EXPECT_DOUBLE_EQ(s.contribution.at(2, 0), 0.75);
  EXPECT_DOUBLE_EQ(s.contribution.at(2, 1), 0.125);
}

TEST(WeightedSum, ConstantCriterionGivesEveryoneFullMarks) {
  DecisionMatrix m(2, 2);
  m.at(0, 0) = 7, m.at(1, 0) = 7;
  m.at(0, 1) = 1, m.at(1, 1) = 2;
  WeightedSum s = weighted_sum(m, {{1, Direction::Max}, {1, Direction::Max}});
  EXPECT_DOUBLE_EQ(s.normalized.at(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.normalized.at(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.score[0], 0.5);
  EXPECT_DOUBLE_EQ(s.score[1], 1.0);
}

TEST(WeightedSum, ScalingACriterionDoesNotChangeScores) {
  DecisionMatrix a(3, 1);
  DecisionMatrix b(3, 1);
  const double values[] = {3, 9, 4};
  for (std::size_t i = 0; i < 3; ++i) {
    a.at(i, 0) = values[i];
    b.at(i, 0) = 1000 * values[i] + 5;
  }
  auto sa = weighted_sum(a, {{1, Direction::Min}});
  auto sb = weighted_sum(b, {{1, Direction::Min}});
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(sa.score[i], sb.score[i], 1e-12);
}

TEST(WeightedSum, WeightsAreNormalisedToSumToOne) {
  std::vector<double> w =
      normalized_weights({{20, Direction::Max}, {30, Direction::Min}, {0, Direction::Max}});
  EXPECT_DOUBLE_EQ(w[0], 0.4);
  EXPECT_DOUBLE_EQ(w[1], 0.6);
  EXPECT_DOUBLE_EQ(w[2], 0.0);
}

}  // namespace
}  // namespace shortlist
