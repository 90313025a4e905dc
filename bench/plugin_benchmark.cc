// The cost of the plugin boundary, per proposal, in the same run: a direct
// C++ call doing what the bundled `field` plugin does (a field's value by
// path, with its explanation), the plugin through the C ABI in process, and
// the plugin in a worker process of its own, a batch of 1,000 proposals at a
// time; then every bundled plugin in process and out, over the bundled
// submissions repeated to 1,000 (docs/performance.md; targets: in process
// within 1.1x of the direct call, out of process within 2x of in process).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "core/ingest/submission_reader.h"
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
  std::vector<const Proposal*> pointers;
  for (const Proposal& p : batch) pointers.push_back(&p);
  // What an evaluation asks of each plugin: the corpus pass, then the scores,
  // with the batch's text analysis made afresh each time (a plugin alone
  // pays for all of it, where an evaluation shares it among its plugins).
  for (auto _ : state) {
    const plugin_host::SharedAnalysis analysis(batch, 1);
    instance->use_analysis(&analysis);
    if (!instance->run_corpus_pass(batch).empty()) return state.SkipWithError("corpus pass failed");
    instance->prepare(pointers);
    for (const Proposal& p : batch) benchmark::DoNotOptimize(instance->score(p));
    instance->use_analysis(nullptr);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}

void BM_PluginOutOfProcess(benchmark::State& state) {
  score_batch(state, "field", R"({"path": "budget.total"})", true, proposals());
}
BENCHMARK(BM_PluginOutOfProcess)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The bundled submissions read as the host reads them, repeated to 1,000.
std::vector<Proposal> submissions() {
  const std::vector<Proposal> read =
      ingest::read_submissions({SHORTLIST_SOURCE_DIR "/submissions"}).proposals;
  std::vector<Proposal> out;
  for (std::size_t i = 0; !read.empty() && out.size() < 1000; ++i) {
    out.push_back(read[i % read.size()]);
    out.back().id += "-" + std::to_string(i);
  }
  return out;
}

// Each bundled plugin with the params of criteria/digital-champions-plugins.yaml.
struct Bundled {
  const char* name;
  const char* params;
};
constexpr Bundled kBundled[] = {
    {"field", R"({"path": "budget.requested", "divide_by": "beneficiaries.msmes"})"},
    {"completeness", R"({"required": ["context", "objectives", "activities"], "min_words": 25})"},
    {"eligibility", R"({"applicant_types": ["industry_association", "chamber_of_commerce", "ngo"],
                        "countries": "wto_members", "max_requested": 150000})"},
    {"budget", R"({"currency": "USD"})"},
    {"reach", "{}"},
    {"relevance", R"({"weights": {"paperless_trade": 1.5, "mletr": 1.5}})"},
    {"originality", "{}"},
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  shortlist::set_worker_program(SHORTLIST_BINARY);  // this benchmark cannot serve as a worker
  const std::vector<Proposal> batch = submissions();
  for (const Bundled& plugin : kBundled) {
    for (const bool isolated : {false, true}) {
      const std::string name =
          std::string("BM_Bundled/") + plugin.name + (isolated ? "/out_of_process" : "/in_process");
      benchmark::RegisterBenchmark(name.c_str(),
                                   [plugin, isolated, &batch](benchmark::State& state) {
                                     score_batch(state, plugin.name, plugin.params, isolated,
                                                 batch);
                                   })
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
