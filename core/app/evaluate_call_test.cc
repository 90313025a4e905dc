// evaluate_call in process, with the real plugins: the bundled ones and the
// in-tree test plugins that throw, hang, crash or fail to load.
#include "core/app/evaluate_call.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/app/ingest_batch.h"
#include "test_support.h"

namespace shortlist::app {
namespace {

using shortlist::testing::TempDir;
using ::testing::HasSubstr;

class RecordingObserver : public Observer {
 public:
  void warning(const std::string& message) override { warnings.push_back(message); }
  std::vector<std::string> warnings;
};

// A call scored on budget.total and by `plugin`, which misbehaves on the
// proposals whose id starts with "bad"; bad-one, good-one and good-two
// (without a budget) under in/, and the plugin's library alone in plugins/.
class EvaluateCallTest : public ::testing::Test {
 protected:
  void write_call(const std::string& plugin, const std::filesystem::path& library) {
    std::filesystem::create_directories(dir_.path() / "plugins");
    std::filesystem::copy_file(library, dir_.path() / "plugins" / library.filename());
    criteria_ =
        dir_.write("call.yaml",
                   "call: Test\n"
                   "criteria:\n"
                   "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n"
                   "  - {id: flaky, weight: 1, plugin: " +
                       plugin + "}\n");
    dir_.write("in/bad-one.yaml", "title: First\nbudget: {total: 10}\n");
    dir_.write("in/good-one.yaml", "title: Second\nbudget: {total: 20}\n");
    dir_.write("in/good-two.yaml", "title: Third\n");
  }

  CallConfig config() {
    Expected<CallConfig> config = load_call_config(criteria_);
    EXPECT_TRUE(config) << config.problems()[0];
    return std::move(config).value();
  }

  PluginSources sources() { return {testing::plugin_dir(), {dir_.path() / "plugins"}}; }

  ingest::Submissions batch() { return ingest_batch({{dir_.path() / "in"}}, nullptr).batch; }

  TempDir dir_;
  std::filesystem::path criteria_;
};

TEST_F(EvaluateCallTest, LosesOnlyTheProposalAThrowingPluginFailsOn) {
  write_call("throws", testing::test_plugin_dir() / "throws.so");
  const CallConfig call = config();
  PluginRegistry registry;
  RecordingObserver observer;
  load_plugins(registry, sources(), &call, observer);
  EXPECT_THAT(observer.warnings, ::testing::IsEmpty());
  Expected<PreparedCall> prepared = prepare_call(call, registry);
  ASSERT_TRUE(prepared) << prepared.problems()[0];

  Expected<CallOutcome> done = evaluate_call(*prepared, batch());
  ASSERT_TRUE(done) << done.problems()[0];
  const Evaluation& evaluation = done->evaluation;
  ASSERT_EQ(evaluation.ranking.size(), 1u);
  EXPECT_EQ(evaluation.proposals[evaluation.ranking[0].proposal].id, "good-one");
  ASSERT_EQ(evaluation.excluded.size(), 2u);
  EXPECT_EQ(evaluation.excluded[0].reason,
            "criterion 'flaky' (plugin throws): deliberate failure on bad-one");
  EXPECT_EQ(done->lost_to_plugin_failures, 1u);
  EXPECT_TRUE(done->plugin_load_failures.empty());
  EXPECT_TRUE(done->fails_strict()) << "a proposal lost to a plugin fails --strict";
}

TEST_F(EvaluateCallTest, LosesOnlyTheProposalAPluginHangsOnInItsOwnProcess) {
  write_call("hang", testing::test_plugin_dir() / "misbehaving" / "hang.so");
  const CallConfig call = config();
  PluginRegistry registry;
  load_plugins(registry, sources(), &call);
  IsolationLimits isolation;
  isolation.per_call = std::chrono::milliseconds(500);
  Expected<PreparedCall> prepared = prepare_call(call, registry, isolation);
  ASSERT_TRUE(prepared) << prepared.problems()[0];

  Expected<CallOutcome> done = evaluate_call(*prepared, batch());
  ASSERT_TRUE(done) << done.problems()[0];
  ASSERT_EQ(done->evaluation.ranking.size(), 1u);
  EXPECT_EQ(done->lost_to_plugin_failures, 1u);
  EXPECT_THAT(done->evaluation.excluded[0].reason, HasSubstr("criterion 'flaky' (plugin hang)"));
  EXPECT_TRUE(done->fails_strict());
}

TEST_F(EvaluateCallTest, LosesOnlyTheProposalAPluginCrashesOnInItsOwnProcess) {
  write_call("crash", testing::test_plugin_dir() / "misbehaving" / "crash.so");
  const CallConfig call = config();
  PluginRegistry registry;
  load_plugins(registry, sources(), &call);
  Expected<PreparedCall> prepared = prepare_call(call, registry);
  ASSERT_TRUE(prepared) << prepared.problems()[0];

  Expected<CallOutcome> done = evaluate_call(*prepared, batch());
  ASSERT_TRUE(done) << done.problems()[0];
  ASSERT_EQ(done->evaluation.ranking.size(), 1u);
  EXPECT_EQ(done->evaluation.proposals[done->evaluation.ranking[0].proposal].id, "good-one");
  EXPECT_EQ(done->lost_to_plugin_failures, 1u);
  EXPECT_THAT(done->evaluation.excluded[0].reason, HasSubstr("criterion 'flaky' (plugin crash)"));
}

// A plugin no criterion uses that fails to load is a warning, and the run
// goes on; under --strict it fails the run all the same.
TEST_F(EvaluateCallTest, WarnsOfAnUnusedPluginThatFailedToLoadAndFailsStrictOnIt) {
  write_call("throws", testing::test_plugin_dir() / "throws.so");
  std::filesystem::copy_file(testing::test_plugin_dir() / "wrong_major.so",
                             dir_.path() / "plugins" / "wrong_major.so");
  const CallConfig call = config();
  PluginRegistry registry;
  RecordingObserver observer;
  load_plugins(registry, sources(), &call, observer);
  ASSERT_EQ(observer.warnings.size(), 1u);
  EXPECT_THAT(observer.warnings[0], HasSubstr("wrong_major.so"));
  EXPECT_THAT(observer.warnings[0], HasSubstr("(no criterion uses it)"));

  Expected<PreparedCall> prepared = prepare_call(call, registry);
  ASSERT_TRUE(prepared) << prepared.problems()[0];
  ingest::Submissions read = batch();
  read.proposals.erase(read.proposals.begin());  // bad-one: nothing is lost
  Expected<CallOutcome> done = evaluate_call(*prepared, std::move(read));
  ASSERT_TRUE(done) << done.problems()[0];
  EXPECT_EQ(done->lost_to_plugin_failures, 0u);
  ASSERT_EQ(done->plugin_load_failures.size(), 1u);
  EXPECT_TRUE(done->fails_strict());
}

TEST_F(EvaluateCallTest, PassesStrictWhenNoPluginFailed) {
  write_call("throws", testing::test_plugin_dir() / "throws.so");
  const CallConfig call = config();
  PluginRegistry registry;
  load_plugins(registry, sources(), &call);
  Expected<PreparedCall> prepared = prepare_call(call, registry);
  ASSERT_TRUE(prepared) << prepared.problems()[0];
  ingest::Submissions read = batch();
  read.proposals.erase(read.proposals.begin());
  Expected<CallOutcome> done = evaluate_call(*prepared, std::move(read));
  ASSERT_TRUE(done) << done.problems()[0];
  EXPECT_FALSE(done->fails_strict());
}

TEST_F(EvaluateCallTest, WarnsOfAPluginNameTwoFilesProvide) {
  PluginRegistry registry;
  RecordingObserver observer;
  load_plugins(registry,
               {{}, {testing::test_plugin_dir(), testing::test_plugin_dir() / "duplicate"}},
               nullptr, observer);
  EXPECT_THAT(observer.warnings, ::testing::Contains(HasSubstr("probe")));
}

TEST_F(EvaluateCallTest, RefusesACriterionWhosePluginIsNotLoadedNamingItsLine) {
  write_call("absent", testing::test_plugin_dir() / "throws.so");
  const CallConfig call = config();
  PluginRegistry registry;
  load_plugins(registry, sources(), &call);
  Expected<PreparedCall> prepared = prepare_call(call, registry);
  ASSERT_FALSE(prepared);
  EXPECT_EQ(prepared.problems()[0].source, criteria_.string());
  EXPECT_EQ(prepared.problems()[0].position.line, 4);
  EXPECT_THAT(prepared.problems()[0].message, HasSubstr("absent"));
}

}  // namespace
}  // namespace shortlist::app
