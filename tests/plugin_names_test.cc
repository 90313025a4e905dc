// Two plugins of one name in two plugin folders: the host says so, naming
// both files, and a criterion that uses the name must say which file it
// means.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class PluginNames : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"one", "two"}) {
      fs::create_directories(dir_.path() / folder);
      fs::copy_file(test_plugin_dir() / "probe.so", dir_.path() / folder / "probe.so");
    }
    dir_.write("in/a.yaml", "id: a-1\ntitle: A\nsummary: Training.\nbudget: {total: 5}\n");
  }

  std::string file(const std::string& folder) {
    return (dir_.path() / folder / "probe.so").string();
  }

  fs::path criteria(const std::string& extra) {
    return dir_.write(
        "criteria.yaml",
        "call: Test\ncriteria:\n  - id: x\n    weight: 1\n    plugin: probe\n" + extra);
  }

  RunResult evaluate(const fs::path& criteria) {
    return run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                          (dir_.path() / "in").string(), "--plugins",
                          (dir_.path() / "one").string(), "--plugins",
                          (dir_.path() / "two").string(), "--format", "csv"});
  }

  TempDir dir_;
};

TEST_F(PluginNames, ListWarnsOfTwoPluginsOfOneNameNamingBothFiles) {
  RunResult list = run_shortlist({"plugins", "list", "--plugins", (dir_.path() / "one").string(),
                                  "--plugins", (dir_.path() / "two").string()});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.err, HasSubstr("warning: 2 plugins are named 'probe': " + file("one") + " and " +
                                  file("two") + ";"));
}

TEST_F(PluginNames, EvaluationRefusesACriterionThatUsesTheNameOfTwoPlugins) {
  RunResult run = evaluate(criteria(""));
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr("warning: 2 plugins are named 'probe'"));
  EXPECT_THAT(run.err, ContainsRegex("criteria.yaml:5:13: .*criterion 'x': plugin 'probe' is "
                                     "ambiguous: 2 files provide it, "));
  EXPECT_THAT(run.err, HasSubstr(file("one") + " and " + file("two") +
                                 "; name the one to use with file: PATH"));
}

TEST_F(PluginNames, EvaluationRunsThePluginOfTheFileTheCriterionNames) {
  RunResult run = evaluate(criteria("    file: two/probe.so\n"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(",a-1,A,"));

  RunResult elsewhere = evaluate(criteria("    file: three/probe.so\n"));
  EXPECT_EQ(elsewhere.exit_code, 2);
  EXPECT_THAT(elsewhere.err, ContainsRegex("criteria.yaml:6:11: .*no plugin 'probe' was loaded "
                                           "from .*three/probe.so"));
}

TEST_F(PluginNames, TheCriterionsFileChoosesWhichPluginIsConfigured) {
  PluginRegistry registry;
  registry.load_folder(dir_.path() / "one", PluginOrigin::External);
  registry.load_folder(dir_.path() / "two", PluginOrigin::External);
  for (const std::string folder : {"one", "two"}) {
    Expected<CallConfig> config = load_call_config(criteria("    file: " + folder + "/probe.so\n"));
    ASSERT_TRUE(config);
    Expected<Scorers> scorers = configure_scorers(*config, registry);
    ASSERT_TRUE(scorers) << scorers.problems()[0].message;
    EXPECT_EQ(scorers->criteria[0].plugin().file, file(folder));
  }
}

}  // namespace
}  // namespace shortlist::testing
