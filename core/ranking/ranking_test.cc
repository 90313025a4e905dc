// The ranking methods against published worked examples (each cited, checked
// to the precision the source prints) and hand-checked ones, plus the
// properties any of them must have.
#include "core/ranking/ranking.h"

#include <gtest/gtest.h>

#include <cmath>

namespace shortlist {
namespace {

DecisionMatrix matrix(const std::vector<std::vector<double>>& rows) {
  DecisionMatrix m(rows.size(), rows.empty() ? 0 : rows[0].size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows[i].size(); ++j) m.at(i, j) = rows[i][j];
  }
  return m;
}

std::vector<CriterionModel> models(const std::vector<double>& weights,
                                   const std::vector<Direction>& directions) {
  std::vector<CriterionModel> out;
  for (std::size_t j = 0; j < weights.size(); ++j)
    out.push_back({weights[j], directions[j], {}, {}, ""});
  return out;
}

// A method's result with the weight-independent normalised values beside it.
struct Outcome : MethodResult {
  DecisionMatrix normalized;
};

Outcome run(Method method, const DecisionMatrix& m, const std::vector<CriterionModel>& c) {
  Expected<PreparedRanking> prepared = PreparedRanking::prepare(method, m, c, 2);
  EXPECT_TRUE(prepared) << (prepared ? "" : prepared.problems()[0].message);
  return {prepared->evaluate(normalized_weights(configured_weights(c))), prepared->normalized()};
}

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

void expect_rounded(const std::vector<double>& actual, const std::vector<double>& expected,
                    int decimals) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_DOUBLE_EQ(rounded(actual[i], decimals), expected[i]) << "alternative " << i + 1;
  }
}

// The facility location problem used throughout Papathanasiou & Ploskas,
// "Multiple Criteria Decision Aid: Methods, Examples and Python
// Implementations", Springer (2018): six sites, four benefit criteria.
const std::vector<std::vector<double>> kSites = {{8, 7, 2, 1}, {5, 3, 7, 5},   {7, 5, 6, 4},
                                                 {9, 9, 7, 3}, {11, 10, 3, 7}, {6, 9, 5, 4}};
const std::vector<double> kSiteWeights = {0.4, 0.3, 0.1, 0.2};
const std::vector<Direction> kAllMax(4, Direction::Max);

// Papathanasiou & Ploskas (2018), ch. 2 "TOPSIS": closeness coefficients.
TEST(Topsis, ReproducesPapathanasiouPloskasFacilityLocation) {
  Outcome r = run(Method::Topsis, matrix(kSites), models(kSiteWeights, kAllMax));
  expect_rounded(r.score, {0.387, 0.327, 0.391, 0.615, 0.868, 0.493}, 3);
}

// The car example of the R package MCDA (Bigaret et al., TOPSIS.Rd), which
// prints the weighted ideal and anti-ideal points to nine decimals.
TEST(Topsis, ReproducesTheIdealPointsOfTheMcdaCarExample) {
  const DecisionMatrix cars =
      matrix({{5490, 51.4, 8.5, 285}, {6500, 70.6, 7, 288}, {6489, 54.3, 7.5, 290}});
  const auto criteria = models({0.35, 0.25, 0.25, 0.15},
                               {Direction::Min, Direction::Max, Direction::Max, Direction::Max});
  Outcome r = run(Method::Topsis, cars, criteria);
  const std::vector<double> ideal = {0.179573776, 0.171636015, 0.159499658, 0.087302767};
  const std::vector<double> anti_ideal = {0.212610118, 0.124958799, 0.131352659, 0.085797547};
  for (std::size_t j = 0; j < 4; ++j) {
    double best = r.contribution.at(0, j);
    double worst = best;
    for (std::size_t i = 1; i < 3; ++i) {
      const double v = r.contribution.at(i, j);
      const bool more_is_better = criteria[j].direction == Direction::Max;
      best = more_is_better ? std::max(best, v) : std::min(best, v);
      worst = more_is_better ? std::min(worst, v) : std::max(worst, v);
    }
    EXPECT_NEAR(best, ideal[j], 5e-10) << "criterion " << j + 1;
    EXPECT_NEAR(worst, anti_ideal[j], 5e-10) << "criterion " << j + 1;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(r.score[i],
                r.anti_ideal_distance[i] / (r.ideal_distance[i] + r.anti_ideal_distance[i]), 1e-15);
  }
}

// Papathanasiou & Ploskas (2018), ch. 3 "PROMETHEE": linear preference with
// q = 1, p = 2 on every criterion; net flows.
TEST(Promethee2, ReproducesPapathanasiouPloskasFacilityLocation) {
  auto criteria = models(kSiteWeights, kAllMax);
  for (CriterionModel& c : criteria) c.preference = {PreferenceShape::Linear, 1, 2, 0};
  Outcome r = run(Method::Promethee2, matrix(kSites), criteria);
  expect_rounded(r.score, {-0.26, -0.52, -0.22, 0.36, 0.70, -0.06}, 2);
  for (std::size_t i = 0; i < r.score.size(); ++i) {
    EXPECT_NEAR(r.score[i], r.positive_flow[i] - r.negative_flow[i], 1e-15);
    double sum = 0;
    for (std::size_t j = 0; j < 4; ++j) sum += r.contribution.at(i, j);
    EXPECT_NEAR(sum, r.score[i], 1e-15) << "contributions add up to the net flow";
  }
}

// Ziemba, "Towards strong sustainability management — a generalized PROSA
// method", Sustainability 11(6):1555 (2019): PROMETHEE II net flows of nine
// alternatives on twelve criteria, linear preference with per-criterion q, p.
TEST(Promethee2, ReproducesZiemba2019) {
  const std::vector<std::vector<double>> by_criterion = {
      {38723, 34913, 25596, 34842, 22570, 39773, 19500, 34525, 16486},
      {33207, 32085, 2123, 32095, 1445, 17485, 868, 16958, 958},
      {0, 0.2, 5, 0.2, 0.2, 0.2, 99, 99, 99},
      {3375, 3127, 3547, 3115, 3090, 4135, 3160, 4295, 3653},
      {11.36, 12.78, 12.78, 12.86, 12.86, 17, 12.86, 17, 12.86},
      {-320.9, -148.4, -148.4, -9.9, -9.9, 0, -9.9, 0, -9.9},
      {203.7, 463, 356.2, 552.5, 295, 383, 264, 352, 264},
      {0, 11.7, 44.8, 11.7, 95.9, 95.9, 116.8, 116.8, 164.9},
      {0, 4.9, 10.7, 5.4, 11.2, 11.2, 11.2, 11.2, 11.2},
      {1, 1, 1, 3.5, 4, 4, 4, 4, 4},
      {21.5, 47.9, 27.7, 39.7, 1.5, 22.7, 2.7, 23.9, 1},
      {0, 3.7, 4.5, 10.3, 11.5, 11.5, 11.3, 11.3, 11.4}};
  const std::vector<double> weights = {0.3333, 0.1667, 0.1667, 0.3333, 0.25, 0.75,
                                       1,      1,      0.4,    0.20,   0.40, 1};
  const std::vector<int> types = {-1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1};
  const std::vector<double> p = {2100, 5000, 50, 200, 5, 20, 100, 80, 4, 2, 23, 3};
  const std::vector<double> q = {420, 1000, 10, 40, 1, 7, 50, 20, 1, 1, 4.6, 1};
  DecisionMatrix m(9, 12);
  std::vector<CriterionModel> criteria;
  for (std::size_t j = 0; j < 12; ++j) {
    for (std::size_t i = 0; i < 9; ++i) m.at(i, j) = by_criterion[j][i];
    criteria.push_back({weights[j],
                        types[j] > 0 ? Direction::Max : Direction::Min,
                        {},
                        {PreferenceShape::Linear, q[j], p[j], 0},
                        ""});
  }
  Outcome r = run(Method::Promethee2, m, criteria);
  expect_rounded(r.score,
                 {-0.4143, -0.5056, -0.2317, -0.2892, 0.3313, 0.0619, 0.4296, 0.1626, 0.4554}, 4);
}

// Ziemba, Wątróbski, Zioło & Karczmarczyk, "Using the PROSA method in offshore
// wind farm location problems", Energies 10(11):1755 (2017): PROMETHEE II with
// V-shape preference functions.
TEST(Promethee2, ReproducesZiembaEtAl2017WithVShape) {
  const std::vector<std::vector<double>> by_criterion = {{16347, 14219, 8160, 8160},
                                                         {9, 8.5, 9, 8.5},
                                                         {73.8, 55, 64.8, 62.5},
                                                         {36.7, 36, 28.5, 29.5},
                                                         {1.5, 2, 2, 1.5},
                                                         {3730, 3240, 1860, 1860},
                                                         {2, 1, 2, 1},
                                                         {1, 1, 2, 3},
                                                         {38.8, 33.1, 45.8, 27.3},
                                                         {4, 2, 4, 3},
                                                         {1720524, 1496512, 858830, 858830},
                                                         {40012, 34803, 19973, 19973}};
  const std::vector<double> weights = {20, 5, 5, 1.67, 1.67, 11.67, 11.67, 5, 5, 16.67, 8.33, 8.33};
  const std::vector<int> types = {-1, -1, -1, -1, -1, 1, -1, -1, 1, -1, 1, 1};
  const std::vector<double> p = {7280, 4, 13.4, 7.4, 3, 1662, 3, 3, 13.8, 3, 766240, 17820};
  DecisionMatrix m(4, 12);
  std::vector<CriterionModel> criteria;
  for (std::size_t j = 0; j < 12; ++j) {
    for (std::size_t i = 0; i < 4; ++i) m.at(i, j) = by_criterion[j][i];
    criteria.push_back({weights[j],
                        types[j] > 0 ? Direction::Max : Direction::Min,
                        {},
                        {PreferenceShape::VShape, 0, p[j], 0},
                        ""});
  }
  Outcome r = run(Method::Promethee2, m, criteria);
  expect_rounded(r.score, {-0.0445, 0.1884, -0.0954, -0.0485}, 4);
}

// Rizan, Wahyuningsih, Pradana & Ramadella, "SAW method in supporting the
// process of admission of new junior high school students", CITSM 2020:
// simple additive weighting with linear (x / max) normalisation.
TEST(WeightedSum, ReproducesRizanEtAl2020WithMaxNormalisation) {
  const DecisionMatrix students = matrix({{0.75, 0.50, 0.75, 0, 0, 0, 1},
                                          {0.75, 1, 0.75, 0, 0, 0, 0.75},
                                          {0.75, 0.75, 0.75, 0, 0.50, 0.25, 1},
                                          {0.50, 0.50, 0.75, 1, 0.50, 0, 0.75}});
  auto criteria =
      models({0.1, 0.1, 0.1, 0.15, 0.2, 0.25, 0.1}, std::vector<Direction>(7, Direction::Max));
  for (CriterionModel& c : criteria) c.normalization = Normalization::Max;
  Outcome r = run(Method::WeightedSum, students, criteria);
  expect_rounded(r.score, {0.35, 0.375, 0.825, 0.642}, 3);
}

// Worked by hand: weights 3 and 1 normalise to 0.75 and 0.25.
//   c1 (max): 10, 20, 30 -> 0, 0.5, 1
//   c2 (min):  5,  1,  3 -> (5 - x) / 4 = 0, 1, 0.5
//   scores: 0, 0.75*0.5 + 0.25*1 = 0.625, 0.75*1 + 0.25*0.5 = 0.875
TEST(WeightedSum, MatchesHandCheckedMinMaxExample) {
  Outcome r = run(Method::WeightedSum, matrix({{10, 5}, {20, 1}, {30, 3}}),
                  models({3, 1}, {Direction::Max, Direction::Min}));
  EXPECT_DOUBLE_EQ(r.score[0], 0.0);
  EXPECT_DOUBLE_EQ(r.score[1], 0.625);
  EXPECT_DOUBLE_EQ(r.score[2], 0.875);
  EXPECT_DOUBLE_EQ(r.normalized.at(1, 0), 0.5);
  EXPECT_DOUBLE_EQ(r.normalized.at(1, 1), 1.0);
  EXPECT_DOUBLE_EQ(r.contribution.at(2, 0), 0.75);
  EXPECT_DOUBLE_EQ(r.contribution.at(2, 1), 0.125);
}

TEST(WeightedSum, ConstantCriterionGivesEveryoneFullMarks) {
  Outcome r = run(Method::WeightedSum, matrix({{7, 1}, {7, 2}}),
                  models({1, 1}, {Direction::Max, Direction::Max}));
  EXPECT_DOUBLE_EQ(r.normalized.at(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(r.score[0], 0.5);
  EXPECT_DOUBLE_EQ(r.score[1], 1.0);
}

TEST(WeightedSum, OffersEveryNormalisation) {
  // Column 10, 30 (max) and 2, 4 (min).
  const DecisionMatrix m = matrix({{10, 2}, {30, 4}});
  auto with = [&](Normalization n) {
    auto criteria = models({1, 1}, {Direction::Max, Direction::Min});
    for (CriterionModel& c : criteria) c.normalization = n;
    return run(Method::WeightedSum, m, criteria).normalized;
  };
  DecisionMatrix vector = with(Normalization::Vector);
  EXPECT_DOUBLE_EQ(vector.at(0, 0), 10 / std::sqrt(1000.0));
  EXPECT_DOUBLE_EQ(vector.at(0, 1), 1 - 2 / std::sqrt(20.0));
  DecisionMatrix sum = with(Normalization::Sum);
  EXPECT_DOUBLE_EQ(sum.at(1, 0), 0.75);
  EXPECT_DOUBLE_EQ(sum.at(1, 1), 1 - 4.0 / 6);
  DecisionMatrix max = with(Normalization::Max);
  EXPECT_DOUBLE_EQ(max.at(0, 0), 10.0 / 30);
  EXPECT_DOUBLE_EQ(max.at(1, 1), 0.5);
  DecisionMatrix none = with(Normalization::None);
  EXPECT_DOUBLE_EQ(none.at(1, 0), 30);
  EXPECT_DOUBLE_EQ(none.at(1, 1), -4);
}

TEST(WeightedSum, RefusesANormalisationThatCannotApply) {
  auto criteria = models({1}, {Direction::Max});
  criteria[0].normalization = Normalization::Sum;
  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(Method::WeightedSum, matrix({{-1}, {2}}), criteria);
  ASSERT_FALSE(prepared);
  EXPECT_EQ(prepared.problems()[0].message,
            "criterion 1 has negative values; normalisation 'sum' needs values >= 0");
}

TEST(PreferenceFunctions, FollowTheirStandardDefinitions) {
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Usual, 0, 0, 0})(0.0), 0.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Usual, 0, 0, 0})(0.1), 1.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::UShape, 2, 0, 0})(2.0), 0.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::UShape, 2, 0, 0})(2.5), 1.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::VShape, 0, 4, 0})(1.0), 0.25);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::VShape, 0, 4, 0})(5.0), 1.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Level, 1, 3, 0})(1.0), 0.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Level, 1, 3, 0})(2.0), 0.5);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Level, 1, 3, 0})(3.5), 1.0);
  EXPECT_EQ((PreferenceFunction{PreferenceShape::Linear, 1, 3, 0})(2.0), 0.5);
  EXPECT_DOUBLE_EQ((PreferenceFunction{PreferenceShape::Gaussian, 0, 0, 2})(2.0),
                   1 - std::exp(-0.5));
  for (auto shape : {PreferenceShape::Usual, PreferenceShape::Linear, PreferenceShape::Gaussian}) {
    EXPECT_EQ((PreferenceFunction{shape, 1, 3, 2})(-5.0), 0.0) << to_string(shape);
  }
  EXPECT_EQ(check_thresholds({PreferenceShape::Linear, 3, 2, 0}),
            "linear needs p > q (got q = 3, p = 2)");
  EXPECT_EQ(check_thresholds({PreferenceShape::Gaussian, 0, 0, 0}), "gaussian needs s > 0");
}

const std::vector<Method> kMethods = {Method::WeightedSum, Method::Topsis, Method::Promethee2};

std::vector<CriterionModel> mixed_criteria() {
  auto criteria = models({2, 1, 1}, {Direction::Max, Direction::Min, Direction::Max});
  for (CriterionModel& c : criteria) c.preference = {PreferenceShape::VShape, 0, 50, 0};
  return criteria;
}

const DecisionMatrix kMixed =
    matrix({{120, 30, 4}, {80, 10, 9}, {150, 45, 2}, {95, 20, 7}, {110, 25, 5}});

TEST(RankingProperties, RescalingACriterionKeepsTheOrder) {
  for (Method method : kMethods) {
    DecisionMatrix scaled = kMixed;
    for (std::size_t i = 0; i < scaled.rows(); ++i) scaled.at(i, 2) *= 1000;
    auto criteria = mixed_criteria();
    auto scaled_criteria = criteria;
    scaled_criteria[2].preference.p *= 1000;  // thresholds are in the criterion's unit
    Outcome a = run(method, kMixed, criteria);
    Outcome b = run(method, scaled, scaled_criteria);
    for (std::size_t i = 0; i < kMixed.rows(); ++i) {
      EXPECT_NEAR(a.score[i], b.score[i], 1e-12) << to_string(method) << " row " << i;
    }
  }
}

TEST(RankingProperties, ImprovingAProposalNeverLowersItsRank) {
  for (Method method : kMethods) {
    Outcome before = run(method, kMixed, mixed_criteria());
    DecisionMatrix better = kMixed;
    better.at(1, 0) += 40;  // more of a max criterion
    better.at(1, 1) -= 5;   // less of a min criterion
    Outcome after = run(method, better, mixed_criteria());
    auto beaten_by = [](const Outcome& r, std::size_t row) {
      int count = 0;
      for (double s : r.score) count += s > r.score[row];
      return count;
    };
    EXPECT_LE(beaten_by(after, 1), beaten_by(before, 1)) << to_string(method);
  }
}

// Min-max weighted sum and PROMETHEE depend only on differences of values,
// so a min criterion scores exactly as its mirror image as a max one. (TOPSIS
// divides by a vector norm, which mirroring changes.)
TEST(RankingProperties, FlippingADirectionIsTheSameAsMirroringTheValues) {
  for (Method method : {Method::WeightedSum, Method::Promethee2}) {
    auto flipped = mixed_criteria();
    flipped[1].direction = Direction::Max;
    DecisionMatrix mirrored = kMixed;
    for (std::size_t i = 0; i < mirrored.rows(); ++i) mirrored.at(i, 1) = 100 - mirrored.at(i, 1);
    Outcome a = run(method, kMixed, mixed_criteria());
    Outcome b = run(method, mirrored, flipped);
    for (std::size_t i = 0; i < kMixed.rows(); ++i) {
      EXPECT_NEAR(a.score[i], b.score[i], 1e-12) << to_string(method) << " row " << i;
    }
  }
}

TEST(RankingProperties, PrometheeGivesTheSameFlowsOnOneOrTwoThreads) {
  auto criteria = mixed_criteria();
  Expected<PreparedRanking> one = PreparedRanking::prepare(Method::Promethee2, kMixed, criteria, 1);
  Expected<PreparedRanking> two = PreparedRanking::prepare(Method::Promethee2, kMixed, criteria, 2);
  const auto weights = normalized_weights(configured_weights(criteria));
  EXPECT_EQ(one->evaluate(weights).score, two->evaluate(weights).score);
}

}  // namespace
}  // namespace shortlist
