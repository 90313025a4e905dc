// The folders of core/ as layers: the use-cases of core/app/ sit between
// the library below them and the front ends (core/cli/, core/server/) above;
// nothing may reach up. One static library holds every folder, so the
// compiler does not check this: this test reads the includes instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace shortlist {
namespace {

namespace fs = std::filesystem;

struct Include {
  std::string file;  // relative to the source folder
  std::string target;
};

std::vector<Include> includes_under(const std::string& folder) {
  std::vector<Include> found;
  const fs::path root = testing::source_dir();
  static const std::regex include(R"(^\s*#\s*include\s*"(core/[^"]+)\")");
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".h" && ext != ".cc")) continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (std::regex_search(line, match, include)) {
        found.push_back({fs::relative(entry.path(), root).string(), match[1]});
      }
    }
  }
  return found;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

TEST(Layering, NothingBelowTheUseCasesIncludesThemOrAFrontEnd) {
  std::vector<std::string> violations;
  for (const Include& i : includes_under("core")) {
    const bool above = starts_with(i.file, "core/app/") || starts_with(i.file, "core/cli/") ||
                       starts_with(i.file, "core/server/");
    if (above) continue;
    if (starts_with(i.target, "core/app/") || starts_with(i.target, "core/cli/") ||
        starts_with(i.target, "core/server/")) {
      violations.push_back(i.file + " includes " + i.target);
    }
  }
  EXPECT_THAT(violations, ::testing::IsEmpty());
}

TEST(Layering, TheUseCasesIncludeNoFrontEnd) {
  std::vector<std::string> violations;
  for (const Include& i : includes_under("core/app")) {
    if (starts_with(i.target, "core/cli/") || starts_with(i.target, "core/server/")) {
      violations.push_back(i.file + " includes " + i.target);
    }
  }
  EXPECT_THAT(violations, ::testing::IsEmpty());
}

// A use-case tells its front end through its result and its Observer; it
// never prints.
TEST(Layering, TheUseCasesWriteToNoTerminal) {
  std::vector<std::string> violations;
  static const std::regex printing(R"(std::(cout|cerr|clog)|\bprintf\s*\(|<iostream>)");
  for (const auto& entry : fs::directory_iterator(testing::source_dir() / "core/app")) {
    const std::string name = entry.path().filename().string();
    if (name.find("_test.cc") != std::string::npos) continue;
    const std::string text = testing::read_file(entry.path());
    // Comments may show a front end printing what a use-case returns.
    std::string code;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      code += line.substr(0, line.find("//")) + "\n";
    if (std::regex_search(code, printing)) violations.push_back(name);
  }
  EXPECT_THAT(violations, ::testing::IsEmpty());
}

}  // namespace
}  // namespace shortlist
