#include "core/plugin_host/plugin_instance.h"

#include <algorithm>

#include "core/plugin_host/host_api.h"
#include "core/plugin_host/plugin_call_record.h"
#include "core/plugin_host/plugin_process.h"

namespace shortlist {
namespace {

std::string failure(const sl_call& call, std::string_view what) {
  return call.error.empty() ? std::string(what) + " failed without saying why" : call.error;
}

// What a plugin is handed of a proposal: with its words when the batch's
// analysis has them.
sl_proposal view_of(const Proposal& proposal, const plugin_host::SharedAnalysis* shared) {
  sl_proposal view{&proposal};
  if (shared != nullptr) {
    if (std::optional<std::uint32_t> index = shared->index_of(proposal)) {
      view.analysis = shared;
      view.index = *index;
    }
  }
  return view;
}

}  // namespace

void PluginInstance::use_analysis(const plugin_host::SharedAnalysis* analysis) {
  analysis_ = analysis;
  if (process_) process_->use_analysis(analysis);
}

Expected<std::string> PluginInstance::chosen_measure(const LoadedPlugin& plugin,
                                                     const std::string& measure) {
  std::string chosen = measure.empty() ? plugin.measures.front() : measure;
  if (std::find(plugin.measures.begin(), plugin.measures.end(), chosen) == plugin.measures.end()) {
    std::string known;
    for (const std::string& m : plugin.measures) known += (known.empty() ? "" : ", ") + m;
    return Diagnostic{
        "",
        {},
        "plugin '" + plugin.name + "' has no measure '" + chosen + "' (it has: " + known + ")"};
  }
  return chosen;
}

Expected<PluginInstance> PluginInstance::create(const LoadedPlugin& plugin,
                                                const std::string& measure,
                                                const std::string& params_json) {
  Expected<std::string> measured = chosen_measure(plugin, measure);
  if (!measured) return std::move(measured).take_problems();
  std::string chosen = std::move(measured).value();
  sl_params params = plugin_host::make_params(params_json);
  if (params.root.isNull()) return Diagnostic{"", {}, "params are not a JSON object"};
  Expected<const sl_plugin_descriptor*> descriptor = load_in_process(plugin);
  if (!descriptor) return std::move(descriptor).take_problems();
  sl_call call{plugin.name, {}};
  void* handle = nullptr;
  const PluginCallRecord record(plugin.name, plugin.file, "creating an instance");
  const sl_status status = (*descriptor)
                               ->create(plugin_host::host_api(), &call, chosen.c_str(),
                                        params_json.c_str(), &params, &handle);
  if (status != SL_OK) {
    return Diagnostic{
        "", {}, "plugin '" + plugin.name + "' refused its params: " + failure(call, "create")};
  }
  PluginInstance instance(&plugin, std::move(chosen), handle);
  instance.descriptor_ = *descriptor;
  return instance;
}

Expected<PluginInstance> PluginInstance::create_isolated(const LoadedPlugin& plugin,
                                                         const std::string& measure,
                                                         const std::string& params_json,
                                                         const IsolationLimits& limits) {
  Expected<std::string> chosen = chosen_measure(plugin, measure);
  if (!chosen) return std::move(chosen).take_problems();
  Expected<std::unique_ptr<PluginProcess>> process =
      PluginProcess::start(plugin, *chosen, params_json, limits);
  if (!process) return std::move(process).take_problems();
  PluginInstance instance(&plugin, std::move(chosen).value(), nullptr);
  instance.process_ = std::move(process).value();
  return instance;
}

PluginInstance::~PluginInstance() {
  if (handle_ == nullptr) return;
  const PluginCallRecord record(plugin_->name, plugin_->file, "destroying an instance");
  descriptor_->destroy(handle_);
}

void PluginInstance::prepare(const std::vector<const Proposal*>& proposals) {
  if (!process_) return;
  std::vector<CriterionScore> scores = process_->score(proposals);
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    prepared_[proposals[i]->id] = std::move(scores[i]);
  }
}

std::string PluginInstance::run_corpus_pass(const std::vector<Proposal>& proposals) {
  if (process_) return process_->corpus_pass(proposals);
  const sl_plugin_descriptor& d = *descriptor_;
  if (d.corpus_observe == nullptr) return "";
  sl_call call{plugin_->name, {}};
  PluginCallRecord record(plugin_->name, plugin_->file, "starting its corpus pass");
  if (d.corpus_begin(handle_, &call, proposals.size()) != SL_OK) {
    return failure(call, "corpus_begin");
  }
  for (const Proposal& proposal : proposals) {
    record.now("in its corpus pass on proposal", proposal.id);
    const sl_proposal view = view_of(proposal, analysis_);
    if (d.corpus_observe(handle_, &call, &view) != SL_OK) {
      return "on proposal '" + proposal.id + "': " + failure(call, "corpus_observe");
    }
  }
  record.now("ending its corpus pass");
  if (d.corpus_end(handle_, &call) != SL_OK) return failure(call, "corpus_end");
  return "";
}

CriterionScore PluginInstance::score(const Proposal& proposal) {
  if (process_) {
    if (auto it = prepared_.find(proposal.id); it != prepared_.end()) return it->second;
    return process_->score({&proposal}).front();
  }
  sl_call call{plugin_->name, {}};
  const sl_proposal view = view_of(proposal, analysis_);
  sl_score out;
  sl_status status = SL_OK;
  {
    const PluginCallRecord record(plugin_->name, plugin_->file, "scoring proposal", proposal.id);
    status = descriptor_->score(handle_, &call, &view, &out);
  }
  CriterionScore result = std::move(out.result);
  if (status != SL_OK) {
    result.raw.reset();
    result.error = failure(call, "score");
  } else if (!out.misuse.empty()) {
    result.raw.reset();
    result.error = out.misuse;
  } else if (out.values_set == 0) {
    result.error = "the plugin gave neither a value nor a reason for its absence";
  } else if (out.values_set > 1) {
    result.raw.reset();
    result.error = "the plugin gave more than one value";
  }
  return result;
}

}  // namespace shortlist
