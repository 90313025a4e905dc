// The cost of the plugin boundary, per proposal, in the same run: a direct
// C++ call doing what the bundled `field` plugin does (a field's value by
// path, with its explanation), the plugin through the C ABI in process, and
// the plugin in a worker process of its own, a batch of 1,000 proposals at a
// time; then the heavier `relevance` plugin in process and out
// (docs/performance.md; targets: in process within 1.1x of the direct call,
// out of process within 2x of in process).
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

// `plugin` scoring the batch, in process or in a worker (the shortlist
// binary beside this benchmark).
void score_batch(benchmark::State& state, const char* plugin, const char* params, bool isolated,
                 const std::vector<Proposal>& batch) {
  PluginRegistry registry;
  const LoadedPlugin* loaded = registry.load_file(
      std::string(SHORTLIST_PLUGIN_DIR "/") + plugin + ".so", PluginOrigin::Bundled);
  if (loaded == nullptr) return state.SkipWithError("the plugin did not load");
  Expected<PluginInstance> instance = isolated
                                          ? PluginInstance::create_isolated(*loaded, "", params, {})
                                          : PluginInstance::create(*loaded, "", params);
  if (!instance) return state.SkipWithError(instance.problems()[0].message.c_str());
  if (!instance->run_corpus_pass(batch).empty()) return state.SkipWithError("corpus pass failed");
  std::vector<const Proposal*> pointers;
  for (const Proposal& p : batch) pointers.push_back(&p);
  for (auto _ : state) {
    instance->prepare(pointers);
    for (const Proposal& p : batch) benchmark::DoNotOptimize(instance->score(p));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}

void BM_PluginOutOfProcess(benchmark::State& state) {
  score_batch(state, "field", R"({"path": "budget.total"})", true, proposals());
}
BENCHMARK(BM_PluginOutOfProcess)->Unit(benchmark::kMicrosecond);

// 1,000 proposals of a few sentences in English and French.
std::vector<Proposal> texts() {
  std::vector<Proposal> out = proposals();
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].language = i % 2 ? "fr" : "en";
    out[i].summary = i % 2 ? "Nous formerons les petites entreprises au commerce électronique, "
                             "aux paiements mobiles et au guichet unique pour les certificats "
                             "d'origine, avec des ateliers dans trois régions."
                           : "We will train small firms in e-commerce, mobile money and the "
                             "electronic single window for certificates of origin, with "
                             "workshops in three regions and a help desk.";
  }
  return out;
}

void BM_RelevanceInProcess(benchmark::State& state) {
  score_batch(state, "relevance", "{}", false, texts());
}
BENCHMARK(BM_RelevanceInProcess)->Unit(benchmark::kMillisecond);

void BM_RelevanceOutOfProcess(benchmark::State& state) {
  score_batch(state, "relevance", "{}", true, texts());
}
BENCHMARK(BM_RelevanceOutOfProcess)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
