// The manual page the Debian package installs (packaging/shortlist.1) keeps
// up with the commands: every command `shortlist --help` lists has an entry,
// and groff renders the page without a warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "test_support.h"

namespace shortlist::testing {
namespace {

TEST(ManPage, HasAnEntryForEveryCommandOfTheUsage) {
  const RunResult help = run_shortlist({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::set<std::string> commands = commands_in_usage(help.out);
  ASSERT_GE(commands.size(), 10u) << help.out;
  const std::string page = read_file(source_dir() / "packaging/shortlist.1");
  for (const std::string& command : commands) {
    // An entry: a tagged paragraph whose tag starts with the command's name.
    const std::regex entry("\\.TP\\n\\.BI? \"?" + command + "[ \"\\n]");
    EXPECT_TRUE(std::regex_search(page, entry)) << "no entry for '" << command << "'";
  }
  EXPECT_THAT(page, ::testing::HasSubstr(".B \\-\\-version\n"));
}

TEST(ManPage, RendersWithoutWarnings) {
  TempDir dir;
  const RunResult which = run_process("sh", {"-c", "command -v man"}, dir.path());
  if (which.exit_code != 0) GTEST_SKIP() << "man is not installed (man-db)";
  const RunResult man = run_process("sh",
                                    {"-c", "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l \"$0\"",
                                     (source_dir() / "packaging/shortlist.1").string()},
                                    dir.path());
  EXPECT_EQ(man.exit_code, 0) << man.err;
  EXPECT_EQ(man.err, "");
  EXPECT_THAT(man.out, ::testing::HasSubstr("shortlist evaluate"));
}

}  // namespace
}  // namespace shortlist::testing
