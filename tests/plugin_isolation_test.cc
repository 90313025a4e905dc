// Plugins from outside the bundled folder run in a worker process of their
// own: whatever they do to themselves, the evaluation completes, and the
// proposal it happened on is excluded with the reason.
#include <Poco/JSON/Stringifier.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

class PluginIsolation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("in/a-good.yaml", "id: good-1\ntitle: Good\nsummary: Training small exporters.\n");
    for (int i = 1; i <= 4; ++i) {
      dir_.write("in/bad" + std::to_string(i) + ".yaml",
                 "id: bad-" + std::to_string(i) + "\ntitle: Bad\nsummary: Training, take " +
                     std::to_string(i) + ".\n");
    }
  }

  RunResult evaluate(const std::string& plugin, std::vector<std::string> more = {}) {
    const auto criteria = dir_.write(
        "criteria.yaml", "call: Test\ncriteria:\n  - {id: x, weight: 1, plugin: " + plugin + "}\n");
    std::vector<std::string> args = {"evaluate",
                                     "--criteria",
                                     criteria.string(),
                                     "--submissions",
                                     (dir_.path() / "in").string(),
                                     "--plugins",
                                     (test_plugin_dir() / "misbehaving").string(),
                                     "--format",
                                     "csv"};
    args.insert(args.end(), more.begin(), more.end());
    return run_shortlist(args);
  }

  TempDir dir_;
};

TEST_F(PluginIsolation, AnEvaluationOutlivesAPluginThatCrashes) {
  RunResult run = evaluate("crash");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(",good-1,Good,"));
  // A plain build dies of SIGSEGV; under AddressSanitizer the worker
  // reports the fault and aborts, under ThreadSanitizer it exits.
  EXPECT_THAT(run.err,
              ContainsRegex("bad1.yaml: criterion 'x' \\(plugin crash\\): the plugin "
                            "(crashed \\(SIG(SEGV|ABRT)\\)|process ended \\(status [0-9]+\\))"));
}

TEST_F(PluginIsolation, DisablesAPluginThatKeepsFailing) {
  RunResult run = evaluate("abort");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("bad1.yaml: criterion 'x' (plugin abort): the plugin crashed "
                                 "(SIGABRT)\n"));
  EXPECT_THAT(run.err, HasSubstr("bad3.yaml: criterion 'x' (plugin abort): the plugin crashed "
                                 "(SIGABRT)\n"));
  EXPECT_THAT(run.err, HasSubstr("bad4.yaml: criterion 'x' (plugin abort): plugin disabled for "
                                 "this run after 3 proposals failed it; the last: the plugin "
                                 "crashed (SIGABRT)\n"));
  EXPECT_THAT(run.out, HasSubstr(",good-1,Good,"));  // read first, scored before
}

TEST_F(PluginIsolation, KillsAPluginThatHangsAfterThePerCallLimit) {
  RunResult run = evaluate("hang", {"--plugin-timeout", "0.5"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("bad1.yaml: criterion 'x' (plugin hang): the plugin did not "
                                 "answer within 0.5 s (its process was killed)\n"));
}

TEST_F(PluginIsolation, HoldsARunawayAllocationToTheMemoryLimit) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers reserve more address space than any limit";
#endif
  RunResult run = evaluate("hog", {"--plugin-memory", "256"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("bad1.yaml: criterion 'x' (plugin hog): out of memory\n"));
  EXPECT_THAT(run.out, HasSubstr(",good-1,Good,"));
}

TEST_F(PluginIsolation, ReadsAPluginThatCrashesAsItLoadsInAProcessOfItsOwn) {
  RunResult run = evaluate("crash_on_load");
  EXPECT_EQ(run.exit_code, 2) << run.err;  // a criterion that cannot be configured
  EXPECT_THAT(run.err, ContainsRegex("crash_on_load.so: while a worker process read it, the "
                                     "plugin (crashed \\(SIG(SEGV|ABRT)\\)|process ended)"));
  RunResult list =
      run_shortlist({"plugins", "list", "--plugins", (test_plugin_dir() / "misbehaving").string()});
  EXPECT_THAT(list.out, ContainsRegex("\\bhang\\b.*1\\.0\\.0"));
  EXPECT_THAT(list.err + list.out, HasSubstr("crash_on_load.so"));
}

TEST_F(PluginIsolation, RunsAPluginFromElsewhereInProcessWhenTheCriteriaSaySo) {
  dir_.write("good/a.yaml", "id: good-1\ntitle: Good\nsummary: Training small exporters.\n");
  const auto criteria = dir_.write(
      "here.yaml",
      "call: Test\ncriteria:\n  - {id: x, weight: 1, plugin: crash, isolation: in_process}\n");
  RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                 (dir_.path() / "good").string(), "--plugins",
                                 (test_plugin_dir() / "misbehaving").string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"good-1\""));
}

TEST_F(PluginIsolation, AProposalOnWhichTheWorkerEndsTheProcessWithoutAnsweringFails) {
  RunResult run = evaluate("exit_in_score");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, ContainsRegex("bad1.yaml: criterion 'x' \\(plugin exit_in_score\\): the "
                                     "plugin process ended \\(status [0-9]+\\) without answering"));
  EXPECT_THAT(run.out, HasSubstr(",good-1,Good,"));
}

// A plugin that hangs before it can be used: as its library loads, or in
// its create call.
class HangingPlugin : public ::testing::Test {
 protected:
  RunResult evaluate(const std::string& plugin, double* seconds = nullptr) {
    dir_.write("in/a.yaml", "id: good-1\ntitle: Good\nsummary: Training.\nbudget: {total: 5}\n");
    const auto criteria = dir_.write(
        "criteria.yaml", "call: Test\ncriteria:\n  - {id: x, weight: 1, plugin: " + plugin +
                             ", params: {path: budget.total}}\n");
    const auto start = std::chrono::steady_clock::now();
    RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                   (dir_.path() / "in").string(), "--plugins",
                                   (test_plugin_dir() / "hanging").string(), "--plugin-timeout",
                                   "1", "--format", "csv"});
    if (seconds != nullptr) {
      *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return run;
  }

  TempDir dir_;
};

TEST_F(HangingPlugin, ThatNoCriterionUsesDelaysARunByNoMoreThanItsDeadline) {
  double seconds = 0;
  RunResult run = evaluate("field", &seconds);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(",good-1,Good,"));
  EXPECT_THAT(run.err, HasSubstr("hang_on_load.so: while a worker process read it, the plugin did "
                                 "not finish loading within 1.0 s (its process was killed) (no "
                                 "criterion uses it)\n"));
  // One deadline for the plugin that hangs as it loads; the one that hangs
  // in create is never created.
  EXPECT_LT(seconds, 20);
}

TEST_F(HangingPlugin, AsItLoadsIsALoadFailureNamingThePhase) {
  RunResult run = evaluate("hang_on_load");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr("criterion 'x': plugin 'hang_on_load' failed to load: "));
  EXPECT_THAT(run.err, HasSubstr("did not finish loading within 1.0 s"));
}

TEST_F(HangingPlugin, InCreateIsAConfigurationFailureNamingThePhase) {
  RunResult run = evaluate("hang_in_create");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_THAT(run.err, ContainsRegex("criteria.yaml:[0-9]+:[0-9]+: .*criterion 'x': plugin "
                                     "'hang_in_create': the plugin did not finish its create call "
                                     "within 1.0 s \\(its process was killed\\)"));
}

TEST_F(HangingPlugin, IsListedAsALoadFailureWithinTheListsTimeout) {
  const auto start = std::chrono::steady_clock::now();
  RunResult list = run_shortlist(
      {"plugins", "list", "--timeout", "1", "--plugins", (test_plugin_dir() / "hanging").string()});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_THAT(list.out, ContainsRegex("\\bhang_in_create\\b.*1\\.0\\.0"));
  EXPECT_THAT(list.err, HasSubstr("hang_on_load.so: while a worker process read it, the plugin "
                                  "did not finish loading within 1.0 s"));
  EXPECT_LT(seconds, 20);
}

// A plugin run in the host's own process that crashes it or ends it: the
// host says which plugin, on which proposal, while other instances run on
// other threads.
class InProcessPlugin : public ::testing::Test {
 protected:
  RunResult evaluate(const std::string& plugin) {
    dir_.write("in/a.yaml", "id: good-1\ntitle: Good\nsummary: Training.\nbudget: {total: 5}\n");
    dir_.write("in/b.yaml", "id: bad-1\ntitle: Bad\nsummary: Training.\nbudget: {total: 6}\n");
    dir_.write("in/c.yaml", "id: good-2\ntitle: Good\nsummary: Training.\nbudget: {total: 7}\n");
    const auto criteria =
        dir_.write("criteria.yaml",
                   "call: Test\ncriteria:\n"
                   "  - {id: a, weight: 1, plugin: field, params: {path: budget.total}}\n"
                   "  - {id: x, weight: 1, plugin: " +
                       plugin +
                       ", isolation: in_process}\n"
                       "  - {id: b, weight: 1, plugin: field, params: {path: budget.total}}\n");
    return run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                          (dir_.path() / "in").string(), "--plugins",
                          (test_plugin_dir() / "misbehaving").string(), "--threads", "3",
                          "--format", "csv"});
  }

  std::string file(const std::string& plugin) {
    return (test_plugin_dir() / "misbehaving" / (plugin + ".so")).string();
  }

  TempDir dir_;
};

TEST_F(InProcessPlugin, ThatCallsExitFailsTheRunAndIsNamed) {
  RunResult run = evaluate("exit_in_score");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("shortlist: plugin 'exit_in_score' " + file("exit_in_score") +
                                 " ended the process (exit) while scoring proposal bad-1"));
}

TEST_F(InProcessPlugin, ThatCrashesIsNamedWithTheProposal) {
  RunResult run = evaluate("crash");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("shortlist: plugin 'crash' " + file("crash") +
                                 " crashed (SIGSEGV) while scoring proposal bad-1\n"));
}

TEST_F(InProcessPlugin, ThatAbortsIsNamedWithTheProposal) {
  RunResult run = evaluate("abort");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("shortlist: plugin 'abort' " + file("abort") +
                                 " crashed (SIGABRT) while scoring proposal bad-1\n"));
}

// Answers come back many at a time: a failure in the middle of a large batch
// must still land on its own proposal and cost no other its score.
void expect_only_the_bad_one_fails(const std::string& plugin, const std::string& failure) {
  PluginRegistry registry;
  const LoadedPlugin* loaded = registry.load_file(
      test_plugin_dir() / "misbehaving" / (plugin + ".so"), PluginOrigin::External);
  ASSERT_NE(loaded, nullptr);
  IsolationLimits limits;
  limits.per_call = std::chrono::milliseconds(500);
  Expected<PluginInstance> instance = PluginInstance::create_isolated(*loaded, "", "{}", limits);
  ASSERT_TRUE(instance);
  std::vector<Proposal> proposals(3000);
  std::vector<const Proposal*> pointers;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    proposals[i].id = (i == 2345 ? "bad-" : "ok-") + std::to_string(i);
    pointers.push_back(&proposals[i]);
  }
  instance->prepare(pointers);
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    const CriterionScore score = instance->score(proposals[i]);
    if (i == 2345) {
      EXPECT_FALSE(score.raw);
      EXPECT_THAT(score.error, ContainsRegex(failure));
    } else {
      ASSERT_EQ(score.raw, 1.0) << proposals[i].id << ": " << score.error;
    }
  }
}

TEST(PluginIsolationInBatches, ACrashCostsOnlyItsProposal) {
  expect_only_the_bad_one_fails("crash", "the plugin (crashed|process ended)");
}

TEST(PluginIsolationInBatches, AHangCostsOnlyItsProposal) {
  expect_only_the_bad_one_fails("hang", "did not answer within 0.5 s");
}

TEST(PluginIsolationOfBundled, GivesTheSameScoresInAProcessOfItsOwn) {
  // Every bundled plugin, corpus passes included, in process and out.
  const std::string criteria = read_file(source_dir() / "criteria/digital-champions-plugins.yaml");
  TempDir dir;
  std::string isolated = criteria;
  for (std::size_t at = 0; (at = isolated.find("    plugin: ", at)) != std::string::npos;) {
    isolated.insert(at, "    isolation: process\n");
    at += 40;
  }
  const auto in_process = dir.write("in.yaml", criteria);
  const auto out_of_process = dir.write("out.yaml", isolated);
  RunResult a = run_shortlist({"evaluate", "--criteria", in_process.string(), "--format", "json"});
  RunResult b =
      run_shortlist({"evaluate", "--criteria", out_of_process.string(), "--format", "json"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto ranking = [](const std::string& json) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(parse_json_object(json)->getArray("ranking"), out);
    return out.str();
  };
  EXPECT_EQ(ranking(a.out), ranking(b.out));
}

TEST(PluginIsolationWorkerProgram, WorkersRunTheConfiguredProgram) {
  TempDir dir;
  const auto marker = dir.path() / "started";
  const auto program = dir.write("worker.sh", "#!/bin/sh\necho \"$@\" >> '" + marker.string() +
                                                  "'\nexec '" SHORTLIST_BINARY "' \"$@\"\n");
  std::filesystem::permissions(program, std::filesystem::perms::owner_all);
  const std::filesystem::path before = worker_program();
  set_worker_program(program);
  const PluginFileRead read = PluginProcess::describe(test_plugin_dir() / "probe.so");
  set_worker_program(before);
  EXPECT_EQ(read.refused, "");
  EXPECT_THAT(read_file(marker), HasSubstr("plugins worker "));
}

TEST(PluginIsolationWorkerProgram, ARefusalNamesTheProgramThatCouldNotStart) {
  const std::filesystem::path before = worker_program();
  set_worker_program("/nonexistent/shortlist");
  const PluginFileRead read = PluginProcess::describe(test_plugin_dir() / "probe.so");
  set_worker_program(before);
  EXPECT_THAT(read.refused, HasSubstr("cannot start a worker process (/nonexistent/shortlist)"));
}

}  // namespace
}  // namespace shortlist::testing
