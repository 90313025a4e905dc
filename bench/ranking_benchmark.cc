// Weighted-sum ranking against a bare loop doing the same arithmetic on the
// same matrix (min-max normalise, weigh, sum, sort), measured in one run so
// that the ratio, not the machine, is what is read. See docs/performance.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/ranking/weighted_sum.h"

namespace {

using shortlist::CriterionWeight;
using shortlist::DecisionMatrix;
using shortlist::Direction;

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

std::vector<CriterionWeight> weights() {
  std::vector<CriterionWeight> out;
  for (std::size_t j = 0; j < kCriteria; ++j) {
    out.push_back({1.0 + static_cast<double>(j), j % 3 == 0 ? Direction::Min : Direction::Max});
  }
  return out;
}

void BM_WeightedSum(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const std::vector<CriterionWeight> criteria = weights();
  for (auto _ : state) {
    const shortlist::WeightedSum result = shortlist::weighted_sum(matrix, criteria);
    std::vector<std::size_t> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return result.score[a] > result.score[b]; });
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

// The baseline: the same normalise-weigh-sum-sort with nothing kept but scores.
void BM_BareLoop(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const DecisionMatrix matrix = random_matrix(rows);
  const std::vector<CriterionWeight> criteria = weights();
  for (auto _ : state) {
    std::vector<double> score(rows, 0.0);
    double total = 0;
    for (const CriterionWeight& c : criteria) total += c.weight;
    for (std::size_t j = 0; j < kCriteria; ++j) {
      double low = matrix.at(0, j);
      double high = low;
      for (std::size_t i = 1; i < rows; ++i) {
        low = std::min(low, matrix.at(i, j));
        high = std::max(high, matrix.at(i, j));
      }
      const double w = criteria[j].weight / total;
      const bool max = criteria[j].direction == Direction::Max;
      for (std::size_t i = 0; i < rows; ++i) {
        const double x = matrix.at(i, j);
        score[i] += w * (max ? (x - low) : (high - x)) / (high - low);
      }
    }
    std::vector<std::size_t> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}

BENCHMARK(BM_BareLoop)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WeightedSum)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
