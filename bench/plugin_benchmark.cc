// The cost of the plugin boundary, per proposal, in the same run: the bundled
// `field` plugin (a field's value by path, with its explanation) called
// through the C ABI, next to a direct C++ call doing the same work — the
// lookup and the explanation text — on the same 1,000 proposals
// (docs/performance.md; target: in-process within 1.1x of the direct call).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"

namespace {

using namespace shortlist;

std::vector<Proposal> proposals() {
  std::vector<Proposal> out(1000);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].id = "p" + std::to_string(i);
    out[i].title = "Proposal " + std::to_string(i);
    out[i].fields["budget.total"] = 1000.0 + static_cast<double>(i);
  }
  return out;
}

// What the field plugin does, without the boundary.
CriterionScore direct(const Proposal& proposal) {
  CriterionScore score;
  const std::optional<double> value = proposal.number("budget.total");
  if (!value) {
    score.missing_reason = "the submission has no budget.total";
    return score;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", *value);
  score.raw = *value;
  score.explanation = std::string("budget.total = ") + buffer;
  return score;
}

void BM_DirectCall(benchmark::State& state) {
  const std::vector<Proposal> batch = proposals();
  for (auto _ : state) {
    for (const Proposal& p : batch) benchmark::DoNotOptimize(direct(p));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}
BENCHMARK(BM_DirectCall)->Unit(benchmark::kMicrosecond);

void BM_PluginInProcess(benchmark::State& state) {
  PluginRegistry registry;
  const LoadedPlugin* field =
      registry.load_file(SHORTLIST_PLUGIN_DIR "/field.so", PluginOrigin::Bundled);
  if (field == nullptr) return state.SkipWithError("field.so did not load");
  Expected<PluginInstance> instance =
      PluginInstance::create(*field, "", R"({"path": "budget.total"})");
  if (!instance) return state.SkipWithError("field refused its params");
  const std::vector<Proposal> batch = proposals();
  for (auto _ : state) {
    for (const Proposal& p : batch) benchmark::DoNotOptimize(instance->score(p));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}
BENCHMARK(BM_PluginInProcess)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
