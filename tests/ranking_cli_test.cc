// The ranking engine through the real binary: methods, gates, missing-value
// policies, quotas and reproducibility on the bundled sample proposals.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using ::testing::HasSubstr;

const char* kCriteria =
    "  - {id: reach, weight: 2, plugin: field, params: {path: beneficiaries.msmes}}\n"
    "  - {id: cost, weight: 1, direction: min, plugin: field,\n"
    "     params: {path: budget.requested, divide_by: beneficiaries.msmes}}\n";

RunResult evaluate_with(const TempDir& dir, const std::string& yaml,
                        std::vector<std::string> extra = {}) {
  const auto criteria = dir.write("call.yaml", yaml);
  std::vector<std::string> args = {"evaluate", "--criteria", criteria.string(), "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_shortlist(args);
}

TEST(RankingCli, RanksWithEachMethodAndReportsItsFlows) {
  TempDir dir;
  for (const char* method : {"weighted_sum", "topsis", "promethee2"}) {
    RunResult run = evaluate_with(dir, std::string("call: Test\nmethod: ") + method +
                                           "\nshortlist: {size: 3}\ncriteria:\n" + kCriteria);
    ASSERT_EQ(run.exit_code, 0) << method << ": " << run.err;
    Object::Ptr report = parse_json_object(run.out);
    EXPECT_EQ(report->getValue<std::string>("method"), method);
    Object::Ptr first = report->getArray("ranking")->getObject(0);
    if (std::string(method) == "promethee2") {
      EXPECT_NEAR(
          first->getValue<double>("score"),
          first->getValue<double>("positive_flow") - first->getValue<double>("negative_flow"),
          1e-12);
    }
    if (std::string(method) == "topsis") {
      const double plus = first->getValue<double>("ideal_distance");
      const double minus = first->getValue<double>("anti_ideal_distance");
      EXPECT_NEAR(first->getValue<double>("score"), minus / (plus + minus), 1e-12);
    }
    EXPECT_TRUE(first->has("shortlist_probability")) << method;
  }
}

TEST(RankingCli, GatesExcludeWithTheFailedRule) {
  TempDir dir;
  RunResult run = evaluate_with(
      dir, std::string("call: Test\ncriteria:\n") + kCriteria +
               "gates:\n"
               "  - {id: grant_cap, field: budget.requested, max: 120000}\n"
               "  - {id: applicant_type, field: applicant.type, in: [industry_association, "
               "chamber_of_commerce]}\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Array::Ptr excluded = parse_json_object(run.out)->getArray("excluded");
  std::map<std::string, std::string> reasons;
  for (unsigned i = 0; i < excluded->size(); ++i) {
    Object::Ptr e = excluded->getObject(i);
    if (e->has("id")) reasons[e->getValue<std::string>("id")] = e->getValue<std::string>("reason");
  }
  EXPECT_EQ(reasons["ng-lagos-payments"],
            "gate 'grant_cap': budget.requested is 140000, above the maximum of 120000");
  EXPECT_EQ(reasons["pe-cusco-artesanas"],
            "gate 'applicant_type': applicant.type is 'ngo', not one of industry_association, "
            "chamber_of_commerce");
}

TEST(RankingCli, AppliesMissingValuePoliciesVisibly) {
  TempDir dir;
  dir.write("in/a.yaml", "title: A\nbeneficiaries: {msmes: 100}\nfields: {partners: 4}\n");
  dir.write("in/b.yaml", "title: B\nbeneficiaries: {msmes: 300}\nfields: {partners: 2}\n");
  dir.write("in/c.yaml", "title: C\nbeneficiaries: {msmes: 200}\n");
  const std::string head =
      "call: Test\ncriteria:\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n"
      "  - {id: partners, weight: 1, plugin: field, params: {path: fields.partners}, missing: ";
  const std::string in = (dir.path() / "in").string();

  RunResult worst = evaluate_with(dir, head + "worst}\n", {"--submissions", in});
  ASSERT_EQ(worst.exit_code, 0) << worst.err;
  Array::Ptr ranking = parse_json_object(worst.out)->getArray("ranking");
  ASSERT_EQ(ranking->size(), 3u);
  Object::Ptr c;
  for (unsigned i = 0; i < 3; ++i) {
    if (ranking->getObject(i)->getValue<std::string>("id") == "c") c = ranking->getObject(i);
  }
  ASSERT_FALSE(c.isNull());
  Object::Ptr partners = c->getObject("criteria")->getObject("partners");
  EXPECT_EQ(partners->getValue<double>("raw"), 2);
  EXPECT_EQ(
      partners->getValue<std::string>("imputed"),
      "no value (the submission has no fields.partners); scored as the worst value observed, 2");

  RunResult zero = evaluate_with(dir, head + "zero}\n", {"--submissions", in});
  EXPECT_THAT(zero.out, HasSubstr("scored as 0"));

  RunResult excluded = evaluate_with(dir, head + "exclude}\n", {"--submissions", in});
  EXPECT_EQ(parse_json_object(excluded.out)->getArray("ranking")->size(), 2u);

  RunResult fail = evaluate_with(dir, head + "fail}\n", {"--submissions", in});
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_THAT(fail.err,
              HasSubstr("call.yaml:4:5: criterion 'partners' (missing: fail): proposal 'c'"));
}

TEST(RankingCli, QuotasChangeTheShortlistAndSayHow) {
  TempDir dir;
  RunResult run = evaluate_with(dir, std::string("call: Test\ncriteria:\n") + kCriteria +
                                         "shortlist:\n  size: 4\n  quotas:\n"
                                         "    - {by: language, value: fr, min: 1}\n"
                                         "    - {by: language, max: 2}\n");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr report = parse_json_object(run.out);
  Array::Ptr ranking = report->getArray("ranking");
  std::map<std::string, int> languages;
  int shortlisted = 0;
  for (unsigned i = 0; i < ranking->size(); ++i) {
    Object::Ptr e = ranking->getObject(i);
    if (!e->getValue<bool>("shortlisted")) continue;
    ++shortlisted;
    ++languages[e->getValue<std::string>("language")];
  }
  EXPECT_EQ(shortlisted, 4);
  EXPECT_GE(languages["fr"], 1);
  for (const auto& [language, count] : languages) EXPECT_LE(count, 2) << language;
  EXPECT_GT(report->getArray("quota_changes")->size(), 0u);
}

TEST(RankingCli, GivesByteIdenticalOutputForTheSameInputsAndSeed) {
  TempDir dir;
  const std::string yaml = std::string(
                               "call: Test\nmethod: promethee2\nseed: 99\n"
                               "ties: [lottery]\nsensitivity: {samples: 300}\ncriteria:\n") +
                           kCriteria;
  RunResult first = evaluate_with(dir, yaml);
  RunResult second = evaluate_with(dir, yaml);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  Object::Ptr report = parse_json_object(first.out);
  EXPECT_EQ(report->getValue<unsigned>("seed"), 99u);
  EXPECT_EQ(report->getValue<std::string>("config_sha256").size(), 64u);
  Object::Ptr plugin = report->getArray("plugins")->getObject(0);
  EXPECT_EQ(plugin->getValue<std::string>("name"), "field");
  EXPECT_EQ(plugin->getValue<std::string>("sha256").size(), 64u);
}

TEST(RankingCli, ReportsWeightIntervalsForTheWeightedSum) {
  TempDir dir;
  RunResult run =
      evaluate_with(dir, std::string("call: Test\nshortlist: {size: 3}\ncriteria:\n") + kCriteria);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Object::Ptr criterion = parse_json_object(run.out)->getArray("criteria")->getObject(0);
  Object::Ptr interval = criterion->getObject("weight_interval");
  EXPECT_LE(interval->getValue<double>("low"), criterion->getValue<double>("weight"));
  EXPECT_GE(interval->getValue<double>("high"), criterion->getValue<double>("weight"));
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

TEST(CriteriaCheck, SummarisesAValidFile) {
  RunResult run = run_shortlist({"criteria", "check", "criteria/digital-champions.yaml"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::HasSubstr("criteria/digital-champions.yaml is valid."));
  EXPECT_THAT(run.out,
              ::testing::HasSubstr("cost_per_msme      0.150  min  field 1.0.0 (value)  minmax"));
}

TEST(CriteriaCheck, ReportsEveryProblemWithItsPlaceAndExitsWithTwo) {
  TempDir dir;
  const auto file = dir.write("call.yaml",
                              "call: c\nmethod: promethee2\ncriteria:\n"
                              "  - {id: a, weight: 1, plugin: field, params: {path: x},\n"
                              "     preference: {function: linear, q: 3, p: 1}}\n"
                              "  - {id: b, weight: 1, plugin: nosuch}\n");
  RunResult bad = run_shortlist({"criteria", "check", file.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            file.string() + ":5:18: preference function linear needs p > q (got q = 3, p = 1)\n");

  const auto unknown = dir.write("unknown.yaml",
                                 "call: c\ncriteria:\n  - {id: b, weight: 1, plugin: nosuch}\n"
                                 "  - {id: c, weight: 1, plugin: field, params: {pth: x}}\n");
  RunResult plugins = run_shortlist({"criteria", "check", unknown.string()});
  EXPECT_EQ(plugins.exit_code, 2);
  EXPECT_EQ(plugins.err,
            unknown.string() + ":3:32: criterion 'b': no plugin named 'nosuch' is loaded\n" +
                unknown.string() + ":4:47: criterion 'c': plugin 'field' refused its params: " +
                "params.path is required: the dotted field path, e.g. budget.total\n");
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

TEST(RankingCli, GatesOnAPluginVerdictExcludeWithThePluginsReason) {
  TempDir dir;
  dir.write("in/a.yaml", "title: A\nbeneficiaries: {msmes: 100, women_led: 40}\n");
  dir.write("in/b.yaml", "title: B\nbeneficiaries: {msmes: 300, women_led: 0}\n");
  dir.write("in/c.yaml", "title: C\nbeneficiaries: {msmes: 200}\n");
  const auto criteria =
      dir.write("call.yaml",
                "call: Test\ncriteria:\n"
                "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n"
                "gates:\n"
                "  - {id: women_led, plugin: field, params: {path: beneficiaries.women_led}}\n");
  RunResult run = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                 (dir.path() / "in").string(), "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto report = parse_json_object(run.out);
  ASSERT_EQ(report->getArray("ranking")->size(), 1u);
  auto excluded = report->getArray("excluded");
  ASSERT_EQ(excluded->size(), 2u);
  EXPECT_EQ(excluded->getObject(0)->getValue<std::string>("reason"),
            "gate 'women_led': beneficiaries.women_led = 0");
  EXPECT_EQ(excluded->getObject(1)->getValue<std::string>("reason"),
            "gate 'women_led': the submission has no beneficiaries.women_led");
}

}  // namespace
}  // namespace shortlist::testing
