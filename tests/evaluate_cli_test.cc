// `shortlist evaluate` through the real binary on real files.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "core/text/unicode.h"
#include "core/util/digest.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using ::testing::HasSubstr;

TEST(EvaluateCli, RanksTheBundledDefaultAsJson) {
  RunResult run = run_shortlist({"evaluate", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr report = parse_json_object(run.out);
  EXPECT_EQ(report->getValue<std::string>("method"), "weighted_sum");
  Array::Ptr ranking = report->getArray("ranking");
  ASSERT_GE(ranking->size(), 12u);

  std::set<std::string> languages;
  double previous = 2;
  for (unsigned i = 0; i < ranking->size(); ++i) {
    Object::Ptr entry = ranking->getObject(i);
    EXPECT_EQ(entry->getValue<unsigned>("rank"), i + 1);
    const double score = entry->getValue<double>("score");
    EXPECT_LE(score, previous) << "ranking must be best first";
    previous = score;
    for (const char* key : {"id", "title", "language", "source"})
      EXPECT_TRUE(entry->has(key)) << key;
    EXPECT_THAT(entry->getValue<std::string>("source"), ::testing::StartsWith("submissions/"));
    EXPECT_EQ(entry->getValue<bool>("shortlisted"), i < 5);
    languages.insert(entry->getValue<std::string>("language"));
    EXPECT_EQ(entry->getValue<std::string>("encoding"), "UTF-8");
    Array::Ptr found = entry->getArray("languages");
    ASSERT_GT(found->size(), 0u);
    EXPECT_EQ(found->getObject(0)->getValue<std::string>("code"),
              entry->getValue<std::string>("language"));
    EXPECT_GT(found->getObject(0)->getValue<unsigned>("words"), 50u);

    Object::Ptr criteria = entry->getObject("criteria");
    ASSERT_EQ(criteria->size(), 6u);
    double sum = 0;
    for (const auto& [id, value] : *criteria) {
      Object::Ptr cell = value.extract<Object::Ptr>();
      for (const char* key : {"raw", "normalized", "contribution", "explanation"}) {
        EXPECT_TRUE(cell->has(key)) << id << "." << key;
      }
      const double normalized = cell->getValue<double>("normalized");
      EXPECT_GE(normalized, 0.0);
      EXPECT_LE(normalized, 1.0);
      sum += cell->getValue<double>("contribution");
    }
    EXPECT_NEAR(sum, score, 1e-12) << "score is the sum of the contributions";
  }
  EXPECT_TRUE(languages.count("en") && languages.count("fr") && languages.count("es"));

  // The Bolivian proposal wrote its budget in words: left out, with the place.
  Array::Ptr excluded = report->getArray("excluded");
  ASSERT_EQ(excluded->size(), 1u);
  Object::Ptr left_out = excluded->getObject(0);
  EXPECT_EQ(left_out->getValue<std::string>("source"), "submissions/bo-la-paz-ciberseguridad.json");
  EXPECT_EQ(left_out->getValue<std::string>("reason"),
            "19:23: budget.total must be a number, got 'cuarenta y ocho mil'");
  EXPECT_THAT(run.err, HasSubstr("excluded: submissions/bo-la-paz-ciberseguridad.json: 19:23:"));
}

TEST(EvaluateCli, ExplainsEachCriterionToTheJury) {
  RunResult run = run_shortlist({"evaluate", "--format", "json", "--top", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr first = parse_json_object(run.out)->getArray("ranking")->getObject(0);
  Object::Ptr criteria = first->getObject("criteria");
  EXPECT_THAT(
      criteria->getObject("cost_per_msme")->getValue<std::string>("explanation"),
      ::testing::MatchesRegex("budget.requested / beneficiaries.msmes = [0-9]+ / [0-9]+ = .*"));
  EXPECT_THAT(criteria->getObject("completeness")->getValue<std::string>("explanation"),
              ::testing::MatchesRegex("[0-9] of 5 required sections complete.*"));
  EXPECT_EQ(parse_json_object(run.out)->getArray("ranking")->size(), 1u);
}

TEST(EvaluateCli, PrintsAnAlignedTableWithTheShortlistCut) {
  RunResult run = run_shortlist({"evaluate"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Digital Champions for Small Business — 2026 call"));
  EXPECT_THAT(run.out, HasSubstr("---- shortlist cut ----"));
  EXPECT_THAT(run.out, HasSubstr("Excluded (1):"));
  // Every ranking row has the same display width, accents and all.
  static const std::regex kRow(R"(^[* ][! ] +[0-9]+ +[0-9]\.[0-9]{3}  .*)");
  std::istringstream lines(run.out);
  std::string line;
  std::set<std::size_t> widths;
  std::size_t rows = 0;
  while (std::getline(lines, line)) {
    if (!std::regex_match(line, kRow)) continue;
    ++rows;
    widths.insert(text::display_width(line));
  }
  EXPECT_EQ(rows, 14u);
  EXPECT_EQ(widths.size(), 1u) << run.out;
}

TEST(EvaluateCli, WritesCsvToAFile) {
  TempDir dir;
  const auto output = dir.path() / "ranking.csv";
  RunResult run = run_shortlist({"evaluate", "--format", "csv", "--output", output.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "");
  std::ifstream in(output);
  std::string header;
  std::getline(in, header);
  EXPECT_THAT(header, ::testing::StartsWith("rank,id,title,score,shortlisted,shortlist_probability,"
                                            "language,country,source,digital_focus_raw,"));
  EXPECT_FALSE(std::filesystem::exists(output.string() + ".partial"));
  // Each criterion's explanation beside its numbers; the tracking code and
  // the reason for an excluded row at the end of every row.
  EXPECT_THAT(header, HasSubstr(",digital_focus_contribution,digital_focus_explanation,"));
  EXPECT_THAT(header, ::testing::EndsWith(",tracking_code,excluded_reason\r"));
  std::vector<std::string> rows;
  for (std::string row; std::getline(in, row);) rows.push_back(row);
  ASSERT_EQ(rows.size(), 15u);  // 14 ranked, 1 excluded
  EXPECT_THAT(rows[0], ::testing::ContainsRegex(",[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4},\r$"));
  EXPECT_THAT(rows[0], HasSubstr("budget.requested / beneficiaries.msmes = "));
  EXPECT_THAT(rows[14], ::testing::StartsWith(",bo-lapaz-ciberseguridad,"));
  EXPECT_THAT(rows[14], HasSubstr("budget.total must be a number, got 'cuarenta y ocho mil'"));
}

TEST(EvaluateCli, ExitsWithTwoOnBadUsage) {
  RunResult unknown = run_shortlist({"evaluate", "--colour", "red"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("shortlist evaluate: Unknown option specified: colour"));
  RunResult format = run_shortlist({"evaluate", "--format", "pdf"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("unknown --format 'pdf' (table, json, csv or html)"));
  RunResult command = run_shortlist({"evalute"});
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_THAT(command.err, HasSubstr("unknown command 'evalute' (did you mean 'evaluate'?)"));
}

TEST(EvaluateCli, ExitsWithTwoAndNamesThePlaceOfAConfigurationError) {
  TempDir dir;
  const auto criteria = dir.write("call.yaml",
                                  "call: Test\n"
                                  "criteria:\n"
                                  "  - id: reach\n"
                                  "    weight: 1\n"
                                  "    plugin: feild\n");
  RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            criteria.string() + ":5:13: criterion 'reach': no plugin named 'feild' is loaded\n");
  EXPECT_EQ(run.out, "");
}

TEST(EvaluateCli, RefusesACriterionWhosePluginFailedToLoad) {
  TempDir dir;
  const auto criteria =
      dir.write("call.yaml",
                "call: Test\n"
                "criteria:\n"
                "  - {id: a, weight: 1, plugin: field, params: {path: budget.total}}\n"
                "  - {id: b, weight: 1, plugin: wrong_major}\n");
  RunResult run = run_shortlist(
      {"evaluate", "--criteria", criteria.string(), "--plugins", test_plugin_dir().string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(criteria.string() +
                                 ":4:32: criterion 'b': plugin 'wrong_major' failed to load: " +
                                 (test_plugin_dir() / "wrong_major.so").string() +
                                 ": built for plugin ABI 2.0, but this host speaks 1.3"));
}

TEST(EvaluateCli, WarnsAboutABrokenPluginThatNoCriterionUses) {
  RunResult run =
      run_shortlist({"evaluate", "--plugins", test_plugin_dir().string(), "--top", "3"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("warning: " + (test_plugin_dir() / "undersized.so").string() +
                                 ": descriptor is "));
  EXPECT_THAT(run.err, HasSubstr("(no criterion uses it)"));
  EXPECT_THAT(run.out, HasSubstr("(11 more not shown)"));
}

// A call scored on budget.total and by `throws`, which fails on bad-one, with
// three proposals under in/: bad-one, good-one, and good-two without a
// budget. Returns the criteria file.
std::filesystem::path write_call_with_a_throwing_plugin(const TempDir& dir) {
  const auto criteria =
      dir.write("call.yaml",
                "call: Test\n"
                "criteria:\n"
                "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n"
                "  - {id: flaky, weight: 1, plugin: throws}\n");
  dir.write("in/bad-one.yaml", "title: First\nbudget: {total: 10}\n");
  dir.write("in/good-one.yaml", "title: Second\nbudget: {total: 20}\n");
  dir.write("in/good-two.yaml", "title: Third\n");
  return criteria;
}

TEST(EvaluateCli, ExcludesOnlyTheProposalsAPluginFailsOn) {
  TempDir dir;
  const auto criteria = write_call_with_a_throwing_plugin(dir);
  RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                 (dir.path() / "in").string(), "--plugins",
                                 test_plugin_dir().string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr report = parse_json_object(run.out);
  ASSERT_EQ(report->getArray("ranking")->size(), 1u);
  EXPECT_EQ(report->getArray("ranking")->getObject(0)->getValue<std::string>("id"), "good-one");
  Array::Ptr excluded = report->getArray("excluded");
  ASSERT_EQ(excluded->size(), 2u);
  EXPECT_EQ(excluded->getObject(0)->getValue<std::string>("reason"),
            "criterion 'flaky' (plugin throws): deliberate failure on bad-one");
  EXPECT_EQ(excluded->getObject(0)->getValue<std::string>("title"), "First");
  EXPECT_EQ(excluded->getObject(1)->getValue<std::string>("reason"),
            "criterion 'total' (plugin field): no value: the submission has no budget.total");
}

// A plugin's own printing, in the host's process, goes to standard error:
// standard output holds the report alone, in every format.
TEST(EvaluateCli, KeepsWhatAnInProcessPluginPrintsOutOfTheReport) {
  TempDir dir;
  const auto criteria =
      dir.write("call.yaml",
                "call: Test\n"
                "criteria:\n"
                "  - {id: total, weight: 1, plugin: chatty, isolation: in_process}\n");
  dir.write("in/one.yaml", "title: First\nbudget: {total: 10}\n");
  dir.write("in/two.yaml", "title: Second\nbudget: {total: 20}\n");
  for (const char* format : {"json", "table", "csv", "html"}) {
    RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                   (dir.path() / "in").string(), "--plugins",
                                   (test_plugin_dir() / "chatty").string(), "--format", format});
    ASSERT_EQ(run.exit_code, 0) << format << ": " << run.err;
    EXPECT_EQ(run.out.find("chatty says"), std::string::npos) << format << ":\n" << run.out;
    EXPECT_EQ(run.out.find("unfinished"), std::string::npos) << format << ":\n" << run.out;
    for (const char* call : {"create", "corpus", "score"}) {
      for (const char* way : {"printf", "cout", "write(1)"}) {
        EXPECT_THAT(run.err,
                    HasSubstr(std::string("chatty says hello from ") + call + " via " + way + "\n"))
            << format;
      }
    }
    if (std::string(format) == "json") {
      Object::Ptr report = Poco::JSON::Parser().parse(run.out).extract<Object::Ptr>();
      ASSERT_EQ(report->getArray("ranking")->size(), 2u);
      EXPECT_EQ(report->getArray("ranking")->getObject(0)->getValue<std::string>("id"), "two");
    }
  }
  // `plugins check` runs the plugin in a child that reports on its standard
  // output, line by line: the plugin's printing must not break a line.
  RunResult check =
      run_shortlist({"plugins", "check", (test_plugin_dir() / "chatty" / "chatty.so").string(),
                     "--submissions", (dir.path() / "in").string()});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_THAT(check.out, HasSubstr("2 calls: 2 values, 0 missing, 0 failed;"));
}

// A run that ranks nothing is a failure, not an empty success.
TEST(EvaluateCli, ExitsWithOneWhenNothingCouldBeRanked) {
  TempDir dir;
  dir.write("in/one.yaml", "title: First\nbudget: {total: 10}\n");
  dir.write("in/two.yaml", "title: Second\nbudget: {total: 20}\n");
  const auto gated = dir.write("gated.yaml",
                               "call: Test\n"
                               "criteria:\n"
                               "  - {id: total, weight: 1, plugin: field, params: {path: "
                               "budget.total}}\n"
                               "gates:\n  - {id: cap, field: budget.total, max: 5}\n");
  const auto no_data = dir.write("no-data.yaml",
                                 "call: Test\n"
                                 "criteria:\n"
                                 "  - {id: reach, weight: 1, plugin: field, params: {path: "
                                 "beneficiaries.msmes}}\n");
  for (const auto& criteria : {gated, no_data}) {
    for (const char* format : {"table", "json"}) {
      RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                     (dir.path() / "in").string(), "--format", format});
      EXPECT_EQ(run.exit_code, 1) << criteria << " " << format << ": " << run.out;
      EXPECT_THAT(run.err, HasSubstr("shortlist evaluate: nothing could be ranked: all 2 "
                                     "submission(s) were excluded (0 lost to plugin failures)\n"));
    }
  }
}

// A plugin failing on some proposals loses them; the run goes on, says how
// many were lost, and fails under --strict.
TEST(EvaluateCli, CountsProposalsLostToAPluginAndFailsOnThemUnderStrict) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "plugins");
  std::filesystem::copy_file(test_plugin_dir() / "throws.so", dir.path() / "plugins/throws.so");
  const auto criteria = write_call_with_a_throwing_plugin(dir);
  const std::vector<std::string> args = {"evaluate",
                                         "--criteria",
                                         criteria.string(),
                                         "--submissions",
                                         (dir.path() / "in").string(),
                                         "--plugins",
                                         (dir.path() / "plugins").string()};
  RunResult table = run_shortlist(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("1 proposals ranked by weighted_sum over 2 criteria; 2 "
                                   "excluded, 1 of them lost to plugin failures; shortlist of"));
  std::vector<std::string> json = args;
  json.insert(json.end(), {"--format", "json"});
  RunResult report = run_shortlist(json);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  Object::Ptr parsed = parse_json_object(report.out);
  EXPECT_EQ(parsed->getValue<int>("lost_to_plugin_failures"), 1);
  Array::Ptr excluded = parsed->getArray("excluded");
  ASSERT_EQ(excluded->size(), 2u);
  EXPECT_EQ(excluded->getObject(0)->getValue<std::string>("kind"), "plugin_failure");
  EXPECT_EQ(excluded->getObject(1)->getValue<std::string>("kind"), "submission");

  std::vector<std::string> strict = args;
  strict.push_back("--strict");
  RunResult failed = run_shortlist(strict);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_THAT(failed.err, HasSubstr("shortlist evaluate: --strict: 1 proposal(s) lost to plugin "
                                    "failures and 0 plugin(s) failed to load\n"));
  EXPECT_THAT(failed.out, HasSubstr("1 of them lost to plugin failures"))
      << "the report is still printed";
  // Nothing lost: --strict changes nothing.
  const auto steady =
      dir.write("steady.yaml",
                "call: Test\n"
                "criteria:\n"
                "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n");
  RunResult clean = run_shortlist({"evaluate", "--criteria", steady.string(), "--submissions",
                                   (dir.path() / "in").string(), "--strict"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
}

// A plugin that hangs on a proposal, stopped at its time limit, loses that
// proposal as surely as one that throws.
TEST(EvaluateCli, CountsAProposalLostToAPluginTimeoutAndFailsOnItUnderStrict) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "plugins");
  std::filesystem::copy_file(test_plugin_dir() / "misbehaving/hang.so",
                             dir.path() / "plugins/hang.so");
  const auto criteria =
      dir.write("call.yaml",
                "call: Test\n"
                "criteria:\n"
                "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n"
                "  - {id: slow, weight: 1, plugin: hang}\n");
  dir.write("in/bad-one.yaml", "title: First\nbudget: {total: 10}\n");
  dir.write("in/good-one.yaml", "title: Second\nbudget: {total: 20}\n");
  std::vector<std::string> args = {"evaluate",
                                   "--criteria",
                                   criteria.string(),
                                   "--submissions",
                                   (dir.path() / "in").string(),
                                   "--plugins",
                                   (dir.path() / "plugins").string(),
                                   "--plugin-timeout",
                                   "0.5"};
  RunResult run = run_shortlist(args);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("; 1 excluded, 1 of them lost to plugin failures;"));
  args.push_back("--strict");
  RunResult strict = run_shortlist(args);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_THAT(strict.err, HasSubstr("--strict: 1 proposal(s) lost to plugin failures"));
}

TEST(EvaluateCli, ScoresTheBundledCallWithEveryBundledPlugin) {
  RunResult run = run_shortlist(
      {"evaluate", "--criteria", "criteria/digital-champions-plugins.yaml", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Poco::JSON::Object::Ptr report = parse_json_object(run.out);
  Poco::JSON::Array::Ptr ranking = report->getArray("ranking");
  ASSERT_EQ(ranking->size(), 14u);
  for (std::size_t i = 0; i < ranking->size(); ++i) {
    Poco::JSON::Object::Ptr entry = ranking->getObject(static_cast<unsigned>(i));
    Poco::JSON::Object::Ptr criteria = entry->getObject("criteria");
    for (const char* id : {"relevance", "reach", "cost_per_msme", "originality", "completeness"}) {
      EXPECT_FALSE(criteria->getObject(id)->getValue<std::string>("explanation").empty())
          << entry->getValue<std::string>("id") << " " << id;
    }
    if (entry->getValue<std::string>("id") == "jo-amman-etr") {
      EXPECT_THAT(criteria->getObject("relevance")->getValue<std::string>("explanation"),
                  HasSubstr("mletr"));
    }
  }
}

TEST(EvaluateCli, ListsPluginsAndTheirFailures) {
  RunResult run = run_shortlist({"plugins", "list", "--plugins", test_plugin_dir().string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("completeness      1.1.0      1.0  percent"));
  EXPECT_THAT(run.out, HasSubstr("probe             2.1.0      1.0  value,words,stems"));
  // The file's SHA-256 (its first 16 digits) and where it was loaded from.
  const auto probe = test_plugin_dir() / "probe.so";
  EXPECT_THAT(run.out, HasSubstr(sha256_file(probe)->substr(0, 16) + "  " + probe.string() + "\n"));
  EXPECT_THAT(run.err, HasSubstr("failed: " + (test_plugin_dir() / "no_entry.so").string() +
                                 ": no entry symbol 'shortlist_plugin_entry'"));
}

}  // namespace
}  // namespace shortlist::testing
