// Ranking methods against bare loops doing the same arithmetic on the same
// matrix, measured in one run so that the ratio, not the machine, is what is
// read (docs/performance.md):
//   weighted_sum, topsis  100,000 x 12: normalise, weigh, score, sort
//   promethee2            5,000 x 12: the plain pairwise loop (1 and 2 threads)
//   monte carlo           10,000 weight draws on 1,000 x 12 (1 and 2 threads)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/evaluation/sensitivity.h"
#include "core/ranking/ranking.h"

namespace {

using namespace shortlist;

constexpr std::size_t kCriteria = 12;

DecisionMatrix random_matrix(std::size_t rows) {
  DecisionMatrix matrix(rows, kCriteria);
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> value(0, 1000);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < kCriteria; ++j) matrix.at(i, j) = value(random);
  }
  return matrix;
}

std::vector<CriterionModel> criteria() {
  std::vector<CriterionModel> out;
  for (std::size_t j = 0; j < kCriteria; ++j) {
    out.push_back({1.0 + static_cast<double>(j),
                   j % 3 == 0 ? Direction::Min : Direction::Max,
                   Normalization::MinMax,
                   {PreferenceShape::Linear, 50, 300, 0},
                   ""});
  }
  return out;
}

std::vector<double> weights() { return normalized_weights(configured_weights(criteria())); }

void sort_by(const std::vector<double>& score, std::vector<std::size_t>& order) {
  order.resize(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
}

void run_method(benchmark::State& state, Method method, unsigned threads) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const auto models = criteria();
  const auto w = weights();
  std::vector<std::size_t> order;
  for (auto _ : state) {
    Expected<PreparedRanking> prepared = PreparedRanking::prepare(method, matrix, models, threads);
    MethodResult result = prepared->evaluate(w);
    sort_by(result.score, order);
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

void BM_WeightedSum(benchmark::State& state) { run_method(state, Method::WeightedSum, 1); }
void BM_Topsis(benchmark::State& state) { run_method(state, Method::Topsis, 1); }
void BM_Promethee2_1Thread(benchmark::State& state) { run_method(state, Method::Promethee2, 1); }
void BM_Promethee2_2Threads(benchmark::State& state) { run_method(state, Method::Promethee2, 2); }

// Baselines: the arithmetic alone, keeping nothing but the scores.
void BM_BareWeightedSum(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const auto models = criteria();
  const auto w = weights();
  std::vector<std::size_t> order;
  for (auto _ : state) {
    std::vector<double> score(rows, 0.0);
    for (std::size_t j = 0; j < kCriteria; ++j) {
      double low = matrix.at(0, j);
      double high = low;
      for (std::size_t i = 1; i < rows; ++i) {
        low = std::min(low, matrix.at(i, j));
        high = std::max(high, matrix.at(i, j));
      }
      const bool max = models[j].direction == Direction::Max;
      for (std::size_t i = 0; i < rows; ++i) {
        const double x = matrix.at(i, j);
        score[i] += w[j] * (max ? (x - low) : (high - x)) / (high - low);
      }
    }
    sort_by(score, order);
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

void BM_BareTopsis(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const auto models = criteria();
  const auto w = weights();
  std::vector<std::size_t> order;
  for (auto _ : state) {
    std::vector<double> ideal(kCriteria), anti(kCriteria), norm(kCriteria, 0.0);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < kCriteria; ++j) norm[j] += matrix.at(i, j) * matrix.at(i, j);
    }
    for (std::size_t j = 0; j < kCriteria; ++j) {
      norm[j] = std::sqrt(norm[j]);
      double low = 1e300, high = -1e300;
      for (std::size_t i = 0; i < rows; ++i) {
        const double v = w[j] * matrix.at(i, j) / norm[j];
        low = std::min(low, v);
        high = std::max(high, v);
      }
      ideal[j] = models[j].direction == Direction::Max ? high : low;
      anti[j] = models[j].direction == Direction::Max ? low : high;
    }
    std::vector<double> score(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      double plus = 0, minus = 0;
      for (std::size_t j = 0; j < kCriteria; ++j) {
        const double v = w[j] * matrix.at(i, j) / norm[j];
        plus += (v - ideal[j]) * (v - ideal[j]);
        minus += (v - anti[j]) * (v - anti[j]);
      }
      score[i] = std::sqrt(minus) / (std::sqrt(plus) + std::sqrt(minus));
    }
    sort_by(score, order);
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

void BM_BarePromethee2(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const auto models = criteria();
  const auto w = weights();
  std::vector<std::size_t> order;
  for (auto _ : state) {
    std::vector<double> score(rows, 0.0);
    for (std::size_t a = 0; a < rows; ++a) {
      for (std::size_t b = 0; b < rows; ++b) {
        if (a == b) continue;
        for (std::size_t j = 0; j < kCriteria; ++j) {
          double d = matrix.at(a, j) - matrix.at(b, j);
          if (models[j].direction == Direction::Min) d = -d;
          score[a] += w[j] * (models[j].preference(d) - models[j].preference(-d));
        }
      }
    }
    for (double& s : score) s /= static_cast<double>(rows - 1);
    sort_by(score, order);
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

constexpr std::size_t kDraws = 10000;
constexpr std::size_t kShortlist = 50;

void monte_carlo(benchmark::State& state, unsigned threads) {
  const DecisionMatrix matrix = random_matrix(1000);
  const auto w = weights();
  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(Method::WeightedSum, matrix, criteria(), 1);
  std::vector<std::size_t> tie_order(1000);
  std::iota(tie_order.begin(), tie_order.end(), 0);
  const GroupOf no_groups = [](std::size_t, const std::string&) { return std::string(); };
  for (auto _ : state) {
    std::vector<double> p = shortlist_probabilities(*prepared, w, tie_order, {}, no_groups,
                                                    {kDraws, 50, 7, kShortlist, threads});
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kDraws));
}

void BM_MonteCarlo_1Thread(benchmark::State& state) { monte_carlo(state, 1); }
void BM_MonteCarlo_2Threads(benchmark::State& state) { monte_carlo(state, 2); }

// The baseline: per draw, the same Dirichlet draw, scores and sort.
void BM_BareMonteCarlo(benchmark::State& state) {
  const DecisionMatrix matrix = random_matrix(1000);
  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(Method::WeightedSum, matrix, criteria(), 1);
  const MethodResult base = prepared->evaluate(weights());
  const auto w = weights();
  std::vector<std::size_t> order;
  for (auto _ : state) {
    std::vector<std::size_t> count(1000, 0);
    std::mt19937_64 random(7);
    std::vector<double> draw(kCriteria), score(1000);
    for (std::size_t s = 0; s < kDraws; ++s) {
      double total = 0;
      for (std::size_t j = 0; j < kCriteria; ++j) {
        draw[j] = std::gamma_distribution<double>(50 * w[j], 1.0)(random);
        total += draw[j];
      }
      for (std::size_t i = 0; i < 1000; ++i) {
        double sum = 0;
        for (std::size_t j = 0; j < kCriteria; ++j)
          sum += draw[j] / total * base.normalized.at(i, j);
        score[i] = sum;
      }
      sort_by(score, order);
      for (std::size_t k = 0; k < kShortlist; ++k) ++count[order[k]];
    }
    benchmark::DoNotOptimize(count.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kDraws));
}

BENCHMARK(BM_BareWeightedSum)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WeightedSum)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareTopsis)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Topsis)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BarePromethee2)->Arg(5000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_Promethee2_1Thread)->Arg(5000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_Promethee2_2Threads)
    ->Arg(5000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2)
    ->UseRealTime();
BENCHMARK(BM_BareMonteCarlo)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_MonteCarlo_1Thread)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_MonteCarlo_2Threads)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
