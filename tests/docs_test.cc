// The facts the docs state about the program, checked against the program,
// as docs/openapi.yaml is checked against the routes: the schema version and
// its migrations (docs/operations.md), the languages the applicants' status
// speaks (its catalogues), and the commands README lists (`shortlist --help`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "core/store/migrations.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

namespace fs = std::filesystem;

std::string paragraph_from(const std::string& text, const std::string& start) {
  const std::size_t at = text.find(start);
  if (at == std::string::npos) return "";
  const std::size_t end = text.find("\n\n", at);
  return text.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// "The schema today (version N): ... (1); ... (2); ..." names the latest
// version and what each migration up to it added.
TEST(Docs, OperationsGivesTheSchemaVersionAndEveryMigration) {
  const std::string text = read_file(source_dir() / "docs/operations.md");
  const std::string paragraph = paragraph_from(text, "The schema today (version ");
  ASSERT_FALSE(paragraph.empty()) << "docs/operations.md no longer says which schema it has";
  std::smatch version;
  ASSERT_TRUE(std::regex_search(paragraph, version, std::regex(R"(\(version (\d+)\))")));
  EXPECT_EQ(std::stoi(version[1]), store::latest_schema_version())
      << "docs/operations.md gives the schema as version " << version[1];
  for (int k = 1; k <= store::latest_schema_version(); ++k) {
    const std::regex named("\\(" + std::to_string(k) + "[);]");
    EXPECT_TRUE(std::regex_search(paragraph, named))
        << "docs/operations.md does not say what migration " << k << " added";
  }
}

// The status speaks every language with a catalogue in core/messages/bundle/
// (root is the English fallback), and the docs list exactly those.
TEST(Docs, OperationsListsEveryLanguageTheStatusSpeaks) {
  std::set<std::string> catalogues;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(source_dir() / "core/messages/bundle")) {
    if (entry.path().extension() != ".txt" || entry.path().stem() == "root") continue;
    icu::UnicodeString name;
    icu::Locale(entry.path().stem().string().c_str())
        .getDisplayLanguage(icu::Locale::getEnglish(), name);
    std::string utf8;
    catalogues.insert(name.toUTF8String(utf8));
  }
  ASSERT_GE(catalogues.size(), 4u);

  const std::string text = read_file(source_dir() / "docs/operations.md");
  std::smatch listed;
  ASSERT_TRUE(std::regex_search(
      text, listed, std::regex(R"(says otherwise; ([A-Za-z,\s]+?) now, English for any other)")))
      << "docs/operations.md no longer lists the status's languages where it did";
  std::string names = std::regex_replace(listed[1].str(), std::regex(R"(\s+and\s+|,\s*)"), ",");
  std::set<std::string> documented;
  std::istringstream in(names);
  for (std::string name; std::getline(in, name, ',');) {
    if (!name.empty()) documented.insert(name);
  }
  EXPECT_EQ(documented, catalogues);
}

// README's "Using it" block has a line for every command, and no command
// the program does not have.
TEST(Docs, ReadmeListsTheCommandsOfTheUsage) {
  const RunResult help = run_shortlist({"--help"});
  ASSERT_EQ(help.exit_code, 0);
  const std::set<std::string> commands = commands_in_usage(help.out);
  ASSERT_GE(commands.size(), 10u) << help.out;

  const std::string readme = read_file(source_dir() / "README.md");
  const std::size_t at = readme.find("## Using it\n\n```\n");
  ASSERT_NE(at, std::string::npos) << "README.md has no \"Using it\" block";
  const std::size_t from = readme.find("```\n", at) + 4;
  const std::string block = readme.substr(from, readme.find("```", from) - from);
  std::set<std::string> listed;
  std::istringstream in(block);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("shortlist ", 0) != 0) continue;
    const std::string word = line.substr(10, line.find(' ', 10) - 10);
    if (word != "--version") listed.insert(word);
  }
  EXPECT_EQ(listed, commands);
}

}  // namespace
}  // namespace shortlist::testing
