#include "core/criteria/ahp.h"

#include <gtest/gtest.h>

namespace shortlist {
namespace {

TEST(Ahp, RecoversTheWeightsOfAPerfectlyConsistentMatrix) {
  const std::vector<double> w = {0.5, 0.25, 0.15, 0.1};
  std::vector<std::vector<double>> a(4, std::vector<double>(4));
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) a[i][j] = w[i] / w[j];
  }
  Expected<AhpWeights> result = ahp_weights(a);
  ASSERT_TRUE(result);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(result->weights[i], w[i], 1e-12);
  EXPECT_NEAR(result->lambda_max, 4.0, 1e-12);
  EXPECT_NEAR(result->consistency_ratio, 0.0, 1e-12);
}

// The criteria comparison of Papathanasiou & Ploskas (2018), ch. 5 "AHP".
// The weights must be an eigenvector for lambda_max, and CR follows from it.
TEST(Ahp, FindsThePrincipalEigenvectorAndConsistencyRatio) {
  const std::vector<std::vector<double>> a = {
      {1, 1, 5, 3}, {1, 1, 5, 3}, {1.0 / 5, 1.0 / 5, 1, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 3, 1}};
  Expected<AhpWeights> result = ahp_weights(a);
  ASSERT_TRUE(result);
  double total = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    double row = 0;
    for (std::size_t j = 0; j < 4; ++j) row += a[i][j] * result->weights[j];
    EXPECT_NEAR(row, result->lambda_max * result->weights[i], 1e-12);
    total += result->weights[i];
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(result->weights[0], result->weights[1]);
  EXPECT_GT(result->weights[3], result->weights[2]);
  EXPECT_NEAR(result->consistency_ratio, (result->lambda_max - 4) / 3 / 0.90, 1e-12);
  EXPECT_LT(result->consistency_ratio, kMaxConsistencyRatio);
}

TEST(Ahp, MeasuresInconsistentJudgements) {
  // a > b (9), b > c (9), yet c > a (9): as contradictory as it gets.
  Expected<AhpWeights> result = ahp_weights({{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}});
  ASSERT_TRUE(result);
  EXPECT_GT(result->consistency_ratio, 1.0);
}

TEST(Ahp, RefusesMatricesThatAreNotReciprocal) {
  Expected<AhpWeights> result = ahp_weights({{1, 3}, {3, 1}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.problems()[0].message,
            "the comparison matrix must be reciprocal: row 1 column 2 is 3, so row 2 column 1 must "
            "be 0.333333");
  EXPECT_FALSE(ahp_weights({{1, 2, 3}, {0.5, 1}}));
  EXPECT_FALSE(ahp_weights({{1, -2}, {-0.5, 1}}));
}

}  // namespace
}  // namespace shortlist
