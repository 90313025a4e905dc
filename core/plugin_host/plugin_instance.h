// PluginInstance: one plugin configured for one criterion. Owns the plugin's
// instance handle and turns the C calls into Expected results; nothing the
// plugin does escapes as an exception.
//
//   Expected<PluginInstance> words = PluginInstance::create(*plugin, "", R"({"min": 50})");
//   words->run_corpus_pass(proposals);
//   CriterionScore s = words->score(proposals[0]);  // s.error set if the plugin failed
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/model/proposal.h"
#include "core/plugin_host/plugin_process.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/plugin_host/shared_analysis.h"
#include "core/scoring/criterion_score.h"
#include "core/util/diagnostic.h"

namespace shortlist {

class PluginInstance {
 public:
  // Problems carry only a message; the caller knows where the criterion was written.
  static Expected<PluginInstance> create(const LoadedPlugin& plugin, const std::string& measure,
                                         const std::string& params_json);
  // The same plugin run in a worker process of its own (plugin_process.h):
  // whatever it does to itself, the host goes on.
  static Expected<PluginInstance> create_isolated(const LoadedPlugin& plugin,
                                                  const std::string& measure,
                                                  const std::string& params_json,
                                                  const IsolationLimits& limits);

  PluginInstance(PluginInstance&& other) noexcept
      : plugin_(other.plugin_),
        measure_(std::move(other.measure_)),
        descriptor_(other.descriptor_),
        handle_(std::exchange(other.handle_, nullptr)),
        process_(std::move(other.process_)),
        analysis_(other.analysis_),
        prepared_(std::move(other.prepared_)) {}
  PluginInstance& operator=(PluginInstance&&) = delete;
  PluginInstance(const PluginInstance&) = delete;
  ~PluginInstance();

  const LoadedPlugin& plugin() const { return *plugin_; }
  const std::string& measure() const { return measure_; }

  bool isolated() const { return process_ != nullptr; }

  // The batch's text analysis, for the plugin's `text_words` (in a worker
  // too): proposals not in it, or with none, are analysed when asked. It
  // must outlive the calls that follow; nullptr stops using it.
  void use_analysis(const plugin_host::SharedAnalysis* analysis);

  // Shows every proposal to a plugin that has a corpus pass; "" or the error.
  std::string run_corpus_pass(const std::vector<Proposal>& proposals);
  // An isolated plugin scores these now, in batches, and `score` answers
  // from what it gave; in process this does nothing.
  void prepare(const std::vector<const Proposal*>& proposals);
  CriterionScore score(const Proposal& proposal);

 private:
  PluginInstance(const LoadedPlugin* plugin, std::string measure, void* handle)
      : plugin_(plugin), measure_(std::move(measure)), handle_(handle) {}

  // The measure asked for, or the plugin's first; a problem when it has none such.
  static Expected<std::string> chosen_measure(const LoadedPlugin& plugin,
                                              const std::string& measure);

  const LoadedPlugin* plugin_ = nullptr;
  std::string measure_;
  const sl_plugin_descriptor* descriptor_ = nullptr;  // in process
  void* handle_ = nullptr;                            // in process
  std::unique_ptr<PluginProcess> process_;            // isolated
  const plugin_host::SharedAnalysis* analysis_ = nullptr;
  std::unordered_map<std::string, CriterionScore> prepared_;  // isolated: by proposal id
};

}  // namespace shortlist
