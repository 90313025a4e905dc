// Ranking methods against bare loops doing the same arithmetic on the same
// matrix, measured in one run so that the ratio, not the machine, is what is
// read (docs/performance.md):
//   weighted_sum, topsis  100,000 x 12: normalise, weigh, score, sort
//   promethee2            5,000 x 12: the plain pairwise loop (1 and 2 threads)
//   monte carlo           10,000 weight draws on 1,000 x 12, shortlist of 50 (1 and 2 threads)
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

// What every benchmark of one size starts from.
struct Workload {
  explicit Workload(std::size_t size)
      : rows(size), matrix(random_matrix(size)), models(criteria()), w(weights()) {}
  std::size_t rows;
  DecisionMatrix matrix;
  std::vector<CriterionModel> models;
  std::vector<double> w;
  std::vector<std::size_t> order;
  MethodResult result;  // kept, as an evaluation keeps it for the jury
};

void sort_by(const std::vector<double>& score, std::vector<std::size_t>& order) {
  order.resize(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
}

// Each iteration scores a workload of state.range(0) rows, then sorts.
template <class Score>
void run_scored(benchmark::State& state, Score score) {
  Workload load(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const auto& scores = score(load);
    sort_by(scores, load.order);
    benchmark::DoNotOptimize(load.order.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * load.rows));
}

auto method(Method m, unsigned threads) {
  return [m, threads](Workload& load) -> const std::vector<double>& {
    Expected<PreparedRanking> prepared =
        PreparedRanking::prepare(m, load.matrix, load.models, threads);
    load.result = prepared->evaluate(load.w);
    return load.result.score;
  };
}

// Baselines: the arithmetic alone, keeping nothing but the scores.
std::vector<double> bare_weighted_sum(const Workload& load) {
  std::vector<double> score(load.rows, 0.0);
  for (std::size_t j = 0; j < kCriteria; ++j) {
    double low = load.matrix.at(0, j);
    double high = low;
    for (std::size_t i = 1; i < load.rows; ++i) {
      low = std::min(low, load.matrix.at(i, j));
      high = std::max(high, load.matrix.at(i, j));
    }
    const bool max = load.models[j].direction == Direction::Max;
    for (std::size_t i = 0; i < load.rows; ++i) {
      const double x = load.matrix.at(i, j);
      score[i] += load.w[j] * (max ? (x - low) : (high - x)) / (high - low);
    }
  }
  return score;
}

std::vector<double> bare_topsis(const Workload& load) {
  std::vector<double> ideal(kCriteria), anti(kCriteria), norm(kCriteria, 0.0);
  for (std::size_t i = 0; i < load.rows; ++i) {
    for (std::size_t j = 0; j < kCriteria; ++j)
      norm[j] += load.matrix.at(i, j) * load.matrix.at(i, j);
  }
  for (std::size_t j = 0; j < kCriteria; ++j) {
    norm[j] = std::sqrt(norm[j]);
    double low = 1e300, high = -1e300;
    for (std::size_t i = 0; i < load.rows; ++i) {
      const double v = load.w[j] * load.matrix.at(i, j) / norm[j];
      low = std::min(low, v);
      high = std::max(high, v);
    }
    ideal[j] = load.models[j].direction == Direction::Max ? high : low;
    anti[j] = load.models[j].direction == Direction::Max ? low : high;
  }
  std::vector<double> score(load.rows);
  for (std::size_t i = 0; i < load.rows; ++i) {
    double plus = 0, minus = 0;
    for (std::size_t j = 0; j < kCriteria; ++j) {
      const double v = load.w[j] * load.matrix.at(i, j) / norm[j];
      plus += (v - ideal[j]) * (v - ideal[j]);
      minus += (v - anti[j]) * (v - anti[j]);
    }
    score[i] = std::sqrt(minus) / (std::sqrt(plus) + std::sqrt(minus));
  }
  return score;
}

std::vector<double> bare_promethee2(const Workload& load) {
  std::vector<double> score(load.rows, 0.0);
  for (std::size_t a = 0; a < load.rows; ++a) {
    for (std::size_t b = 0; b < load.rows; ++b) {
      if (a == b) continue;
      for (std::size_t j = 0; j < kCriteria; ++j) {
        double d = load.matrix.at(a, j) - load.matrix.at(b, j);
        if (load.models[j].direction == Direction::Min) d = -d;
        score[a] += load.w[j] * (load.models[j].preference(d) - load.models[j].preference(-d));
      }
    }
  }
  for (double& s : score) s /= static_cast<double>(load.rows - 1);
  return score;
}

void BM_BareWeightedSum(benchmark::State& state) { run_scored(state, bare_weighted_sum); }
void BM_WeightedSum(benchmark::State& state) { run_scored(state, method(Method::WeightedSum, 1)); }
void BM_BareTopsis(benchmark::State& state) { run_scored(state, bare_topsis); }
void BM_Topsis(benchmark::State& state) { run_scored(state, method(Method::Topsis, 1)); }
void BM_BarePromethee2(benchmark::State& state) { run_scored(state, bare_promethee2); }
void BM_Promethee2_1Thread(benchmark::State& state) {
  run_scored(state, method(Method::Promethee2, 1));
}
void BM_Promethee2_2Threads(benchmark::State& state) {
  run_scored(state, method(Method::Promethee2, 2));
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

// The baseline: per draw, the same Dirichlet draw, scores and top-k selection.
void BM_BareMonteCarlo(benchmark::State& state) {
  const DecisionMatrix matrix = random_matrix(1000);
  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(Method::WeightedSum, matrix, criteria(), 1);
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
          sum += draw[j] / total * prepared->normalized().at(i, j);
        score[i] = sum;
      }
      order.resize(score.size());
      std::iota(order.begin(), order.end(), 0);
      std::nth_element(order.begin(), order.begin() + kShortlist, order.end(),
                       [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
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
