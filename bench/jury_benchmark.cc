// The jury workflow at the size of a large call, each next to a baseline
// measured in the same run (docs/performance.md):
//   assignment   1,000 proposals x 60 jurors x 3 reviews as a min-cost flow,
//                against a greedy pass (each proposal takes the least-loaded
//                eligible jurors) over the same input, with exactly as many
//                places as reviews; counters give how many reviews each placed
//                and the spread of the jurors' loads
//   calibration  3,000 reviews by 60 jurors: mean, median, z-score and the
//                additive model with standard errors, against the raw means
//                alone
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/jury/assignment.h"
#include "core/jury/calibration.h"

namespace {

using namespace shortlist::jury;

constexpr std::size_t kProposals = 1000, kJurors = 60, kReviewers = 3;

AssignmentRequest large_call() {
  std::mt19937 random(7);
  const std::vector<std::string> languages = {"en", "en", "en", "en", "en", "fr",
                                              "fr", "es", "es", "ar", "zh", "ru"};
  const std::vector<std::string> countries = {"KE", "SN", "PE", "EG", "CN", "FR", "BD", "MX"};
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  AssignmentRequest request;
  request.reviewers = kReviewers;
  for (std::size_t i = 0; i < kProposals; ++i) {
    request.proposals.push_back({"p" + std::to_string(i), languages[pick(languages.size())],
                                 "Org " + std::to_string(pick(400)),
                                 countries[pick(countries.size())]});
  }
  for (std::size_t j = 0; j < kJurors; ++j) {
    Juror juror;
    juror.id = "j" + std::to_string(j);
    juror.organisation = "Org " + std::to_string(pick(400));
    juror.country = countries[pick(countries.size())];
    juror.max_load = 50;  // 3,000 places for 3,000 reviews: no slack
    // Most jurors read English; the rarer languages have few readers.
    if (pick(10) < 7) juror.languages.push_back({"en", LanguageLevel::Fluent});
    for (const std::string language : {"fr", "es", "ar", "zh", "ru"}) {
      if (pick(4) == 0 || juror.languages.empty()) {
        juror.languages.push_back({language, LanguageLevel::Native});
      }
    }
    for (int c = 0; c < 5; ++c)
      juror.conflicted_proposals.push_back("p" + std::to_string(pick(kProposals)));
    request.jurors.push_back(juror);
  }
  return request;
}

// The obvious loop: each proposal in turn takes the least-loaded eligible
// jurors with room left.
std::size_t greedy(const AssignmentRequest& request, std::vector<std::size_t>& load) {
  load.assign(request.jurors.size(), 0);
  std::size_t placed = 0;
  for (const ProposalForJury& proposal : request.proposals) {
    std::vector<std::size_t> eligible;
    for (std::size_t j = 0; j < request.jurors.size(); ++j) {
      const Juror& juror = request.jurors[j];
      if (load[j] < juror.max_load && juror.reads(proposal.language) &&
          !conflict_of(juror, proposal, request.rules)) {
        eligible.push_back(j);
      }
    }
    const std::size_t take = std::min(request.reviewers, eligible.size());
    std::partial_sort(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(take),
                      eligible.end(),
                      [&](std::size_t a, std::size_t b) { return load[a] < load[b]; });
    for (std::size_t k = 0; k < take; ++k) ++load[eligible[k]];
    placed += take;
  }
  return placed;
}

void BM_AssignMinCostFlow(benchmark::State& state) {
  const AssignmentRequest request = large_call();
  std::size_t placed = 0, spread = 0;
  for (auto _ : state) {
    const Assignment result = assign_jurors(request);
    placed = result.quality.reviews;
    spread = result.quality.max_load - result.quality.min_load;
    benchmark::DoNotOptimize(placed);
  }
  state.counters["placed"] = static_cast<double>(placed);
  state.counters["load_range"] = static_cast<double>(spread);
}
BENCHMARK(BM_AssignMinCostFlow)->Unit(benchmark::kMillisecond);

void BM_AssignGreedyBaseline(benchmark::State& state) {
  const AssignmentRequest request = large_call();
  std::size_t placed = 0;
  std::vector<std::size_t> load;
  for (auto _ : state) {
    placed = greedy(request, load);
    benchmark::DoNotOptimize(placed);
  }
  const auto [low, high] = std::minmax_element(load.begin(), load.end());
  state.counters["placed"] = static_cast<double>(placed);
  state.counters["load_range"] = static_cast<double>(*high - *low);
}
BENCHMARK(BM_AssignGreedyBaseline)->Unit(benchmark::kMillisecond);

std::vector<Review> reviews() {
  std::mt19937 random(11);
  std::normal_distribution<double> quality(3, 0.6), bias(0, 0.7), noise(0, 0.3);
  std::vector<double> q(kProposals), b(kJurors);
  for (double& v : q) v = quality(random);
  for (double& v : b) v = bias(random);
  std::vector<std::size_t> jurors(kJurors);
  std::iota(jurors.begin(), jurors.end(), 0);
  std::vector<Review> out;
  for (std::size_t p = 0; p < kProposals; ++p) {
    std::shuffle(jurors.begin(), jurors.end(), random);
    for (std::size_t r = 0; r < kReviewers; ++r) {
      out.push_back({p, jurors[r], q[p] + b[jurors[r]] + noise(random), 1});
    }
  }
  return out;
}

void BM_Calibrate(benchmark::State& state) {
  const std::vector<Review> input = reviews();
  for (auto _ : state) {
    JuryScores scores = calibrate(input, kProposals, kJurors);
    benchmark::DoNotOptimize(scores.additive.data());
  }
  state.counters["reviews"] = static_cast<double>(input.size());
}
BENCHMARK(BM_Calibrate)->Unit(benchmark::kMillisecond);

void BM_RawMeanBaseline(benchmark::State& state) {
  const std::vector<Review> input = reviews();
  for (auto _ : state) {
    std::vector<double> sum(kProposals, 0), count(kProposals, 0);
    for (const Review& r : input) {
      sum[r.proposal] += r.score;
      count[r.proposal] += 1;
    }
    for (std::size_t p = 0; p < kProposals; ++p) sum[p] /= count[p];
    benchmark::DoNotOptimize(sum.data());
  }
}
BENCHMARK(BM_RawMeanBaseline)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
