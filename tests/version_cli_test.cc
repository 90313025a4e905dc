// `shortlist --version` as an organiser's IT team reads it when filing a
// bug: the release, the plugin ABI the host loads, and the version of each
// library the binary runs with, as that library reports it.
#include <Poco/Environment.h>
#include <cld2/public/compact_lang_det.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <openssl/crypto.h>
#include <poppler-version.h>
#include <shortlist/plugin.h>
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <zlib.h>

#include <boost/version.hpp>
#include <cstdio>
#include <regex>
#include <sstream>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// The VERSION of project() in the top-level CMakeLists.txt.
std::string project_version() {
  const std::string cmake = read_file(source_dir() / "CMakeLists.txt");
  std::smatch match;
  if (!std::regex_search(cmake, match, std::regex(R"(project\(shortlist VERSION ([0-9.]+))")))
    return "(no project version in CMakeLists.txt)";
  return match[1];
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(VersionCli, PrintsTheReleaseThePluginAbiAndEachLibrarysOwnVersion) {
  const RunResult run = run_shortlist({"--version"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const std::vector<std::string> lines = lines_of(run.out);
  ASSERT_EQ(lines.size(), 13u) << run.out;

  EXPECT_EQ(lines[0], "shortlist " + project_version());
  const std::string abi = std::to_string(SL_ABI_MAJOR) + "." + std::to_string(SL_ABI_MINOR);
  EXPECT_EQ(lines[1], "plugin ABI " + abi + " (loads plugins built for " +
                          std::to_string(SL_ABI_MAJOR) + ".0 to " + abi + ")");
  EXPECT_EQ(lines[2], "linked with:");

  // What each library says of itself in this process, which links the same
  // shared libraries as the binary.
  UVersionInfo icu;
  u_getVersion(icu);
  const unsigned long poco = Poco::Environment::libraryVersion();
  const int pq = PQlibVersion();
  EXPECT_EQ(lines[3], "  ICU       " + std::to_string(icu[0]) + "." + std::to_string(icu[1]) +
                          (icu[2] || icu[3] ? "." + std::to_string(icu[2]) : "") +
                          (icu[3] ? "." + std::to_string(icu[3]) : ""));
  EXPECT_THAT(lines[4], HasSubstr("  Poco      " + std::to_string(poco >> 24) + "." +
                                  std::to_string((poco >> 16) & 0xFF) + "." +
                                  std::to_string((poco >> 8) & 0xFF)));
  EXPECT_EQ(lines[5], std::string("  CLD2      ") + CLD2::DetectLanguageVersion());
  EXPECT_EQ(lines[6], "  poppler   " + poppler::version_string());
  EXPECT_EQ(lines[7], std::string("  SQLite    ") + sqlite3_libversion());
  ASSERT_GE(pq, 100000) << "a libpq older than PostgreSQL 10";
  EXPECT_EQ(lines[8],
            "  libpq     " + std::to_string(pq / 10000) + "." + std::to_string(pq % 10000));
  EXPECT_EQ(lines[9], std::string("  OpenSSL   ") + OpenSSL_version(OPENSSL_FULL_VERSION_STRING));
  EXPECT_EQ(lines[10], std::string("  zlib      ") + zlibVersion());
  // The two that cannot tell at run time are given as built, and say so.
  EXPECT_THAT(lines[11], MatchesRegex(R"(  yaml-cpp  [0-9]+\.[0-9]+\.[0-9]+ \(as built: .*\))"));
  EXPECT_EQ(lines[12], "  Boost     " + std::to_string(BOOST_VERSION / 100000) + "." +
                           std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                           std::to_string(BOOST_VERSION % 100) +
                           " (as built: Boost does not report its version)");
}

TEST(VersionCli, IsNamedInTheUsage) {
  const RunResult help = run_shortlist({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("shortlist --version"));
}

}  // namespace
}  // namespace shortlist::testing
