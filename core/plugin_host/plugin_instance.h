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
#include <utility>
#include <vector>

#include "core/model/proposal.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scoring/criterion_score.h"
#include "core/util/diagnostic.h"

namespace shortlist {

class PluginInstance {
 public:
  // Problems carry only a message; the caller knows where the criterion was written.
  static Expected<PluginInstance> create(const LoadedPlugin& plugin, const std::string& measure,
                                         const std::string& params_json);

  PluginInstance(PluginInstance&& other) noexcept
      : plugin_(other.plugin_),
        measure_(std::move(other.measure_)),
        handle_(std::exchange(other.handle_, nullptr)) {}
  PluginInstance& operator=(PluginInstance&&) = delete;
  PluginInstance(const PluginInstance&) = delete;
  ~PluginInstance();

  const LoadedPlugin& plugin() const { return *plugin_; }
  const std::string& measure() const { return measure_; }

  // Shows every proposal to a plugin that has a corpus pass; "" or the error.
  std::string run_corpus_pass(const std::vector<Proposal>& proposals);
  CriterionScore score(const Proposal& proposal);

 private:
  PluginInstance(const LoadedPlugin* plugin, std::string measure, void* handle)
      : plugin_(plugin), measure_(std::move(measure)), handle_(handle) {}

  const LoadedPlugin* plugin_ = nullptr;
  std::string measure_;
  void* handle_ = nullptr;
};

}  // namespace shortlist
