// `shortlist plugins check`: plugins that crash, abort, hang or eat memory
// are run in a separate process, and the check survives to say which
// proposal did it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::HasSubstr;

class PluginCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("in/good.yaml", "id: good-1\ntitle: Good\nsummary: Training small exporters.\n");
    dir_.write("in/bad.yaml", "id: bad-1\ntitle: Bad\nsummary: Training small exporters again.\n");
  }

  RunResult check(const std::string& plugin, std::vector<std::string> more = {},
                  const std::string& folder = "misbehaving", const std::string& timeout = "1") {
    std::vector<std::string> args = {"plugins",
                                     "check",
                                     (test_plugin_dir() / folder / (plugin + ".so")).string(),
                                     "--submissions",
                                     (dir_.path() / "in").string(),
                                     "--timeout",
                                     timeout};
    args.insert(args.end(), more.begin(), more.end());
    return run_shortlist(args);
  }

  TempDir dir_;
};

TEST_F(PluginCheck, SurvivesASegmentationFaultAndNamesTheProposal) {
  RunResult run = check("crash");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("Checking crash.so (crash 1.0.0, ABI 1.0, SHA-256 "));
  // A plain build dies of SIGSEGV; under AddressSanitizer the child reports
  // the fault and aborts, under ThreadSanitizer it exits. Either way the
  // check names the proposal.
  EXPECT_THAT(run.out, ::testing::ContainsRegex(
                           "(crashed \\(SIG(SEGV|ABRT)\\)|ended with status [0-9]+) while scoring "
                           "'bad-1'"));
}

TEST_F(PluginCheck, SurvivesAnAbort) {
  RunResult run = check("abort");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("The plugin crashed (SIGABRT) while scoring 'bad-1'.\n"));
}

TEST_F(PluginCheck, KillsAPluginThatHangs) {
  RunResult run = check("hang");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("The plugin did not answer within 1.0 s while scoring 'bad-1': "
                                 "its process was killed.\n"));
}

TEST_F(PluginCheck, KillsAPluginThatHangsAsItLoadsAfterTheTimeout) {
  RunResult run = check("hang_on_load", {}, "hanging");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("The plugin did not finish loading within 1.0 s: its process "
                                 "was killed.\n"));
}

TEST_F(PluginCheck, KillsAPluginThatHangsInCreateAfterTheTimeout) {
  RunResult run = check("hang_in_create", {}, "hanging");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("The plugin did not finish its create call within 1.0 s: its "
                                 "process was killed.\n"));
}

TEST_F(PluginCheck, FailsAPluginThatEndsItsProcessAndCountsTheProposalsNotScored) {
  dir_.write("in/a.yaml", "id: a-1\ntitle: First\nsummary: Training small exporters first.\n");
  RunResult run = check("exit_in_score");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_THAT(run.out, HasSubstr("while scoring 'bad-1'"));
  EXPECT_THAT(run.out, HasSubstr("2 of 3 proposals were not scored.\n"));
}

TEST_F(PluginCheck, HoldsARunawayAllocationToTheMemoryLimit) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers reserve more address space than any limit";
#endif
  // Time enough to touch 512 MB on a loaded machine: the limit that stops
  // it must be the memory one.
  RunResult run = check("hog", {"--memory-limit", "512"}, "misbehaving", "30");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, ::testing::ContainsRegex("bad-1 +[0-9.]+  error: out of memory\n"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("good-1 +[0-9.]+  1.0000: fine\n"));
  EXPECT_THAT(run.out, HasSubstr("2 calls: 1 values, 0 missing, 1 failed;"));
}

TEST_F(PluginCheck, ReportsEachBundledProposalOfAGoodPlugin) {
  RunResult run = run_shortlist({"plugins", "check", (plugin_dir() / "reach.so").string()});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("Scoring 14 proposals\n"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex(
                           "ke-kisumu-ecert +[0-9.]+  3.5457: 900 MSMEs reached, 360 women-led"));
  EXPECT_THAT(run.out, HasSubstr("14 calls: 14 values, 0 missing, 0 failed;"));
  RunResult refused = run_shortlist(
      {"plugins", "check", (plugin_dir() / "reach.so").string(), "--params", R"({"ldc": [1]})"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("Cannot configure it: plugin 'reach' refused its params: "
                                     "ldc must list ISO 3166-1 alpha-2 codes"));
}

}  // namespace
}  // namespace shortlist::testing
