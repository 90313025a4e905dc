// The fixture of the bundled plugins' tests: the real shared libraries as
// built, loaded the way the host loads them.
//
//   class Reach : public BundledPluginTest {};
//   TEST_F(Reach, ...) { CriterionScore s = make("reach")->score(bundled().at("ke-kisumu-ecert"));
//   }
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/ingest/submission_reader.h"
#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "test_support.h"

namespace shortlist {

class BundledPluginTest : public ::testing::Test {
 protected:
  void SetUp() override { registry_.load_folder(testing::plugin_dir(), PluginOrigin::Bundled); }

  Expected<PluginInstance> make(const std::string& plugin, const std::string& measure = "",
                                const std::string& params = "{}") {
    const LoadedPlugin* loaded = registry_.find(plugin);
    if (loaded == nullptr) return Diagnostic{"", {}, "no bundled plugin '" + plugin + "'"};
    return PluginInstance::create(*loaded, measure, params);
  }

  // Every proposal's score, after a corpus pass over all of them.
  std::vector<CriterionScore> scored(const std::string& plugin,
                                     const std::vector<Proposal>& proposals,
                                     const std::string& measure = "",
                                     const std::string& params = "{}") {
    Expected<PluginInstance> instance = make(plugin, measure, params);
    EXPECT_TRUE(instance) << (instance ? "" : instance.problems()[0].message);
    if (!instance) return {};
    EXPECT_EQ(instance->run_corpus_pass(proposals), "");
    std::vector<CriterionScore> out;
    for (const Proposal& p : proposals) out.push_back(instance->score(p));
    return out;
  }

  // The bundled submissions, in file order.
  static std::vector<Proposal> bundled() {
    return ingest::read_submissions({testing::source_dir() / "submissions"}).proposals;
  }
  static std::map<std::string, Proposal> bundled_by_id() {
    std::map<std::string, Proposal> out;
    for (Proposal& p : bundled()) out[p.id] = std::move(p);
    return out;
  }

  PluginRegistry registry_;
};

}  // namespace shortlist
