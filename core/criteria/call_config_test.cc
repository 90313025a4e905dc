#include "core/criteria/call_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist {
namespace {

std::vector<std::string> messages(const Expected<CallConfig>& config) {
  std::vector<std::string> out;
  for (const Diagnostic& d : config.problems()) out.push_back(d.to_string());
  return out;
}

TEST(CallConfig, LoadsTheBundledDefault) {
  Expected<CallConfig> config =
      load_call_config(testing::source_dir() / "criteria" / "digital-champions.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  EXPECT_EQ(config->criteria.size(), 6u);
  EXPECT_EQ(config->shortlist_size, 5u);
  EXPECT_EQ(config->call.in("fr"),
            "Champions du numérique pour les petites entreprises — appel 2026");
  EXPECT_EQ(config->criteria[2].id, "cost_per_msme");
  EXPECT_EQ(config->criteria[2].direction, Direction::Min);
  EXPECT_EQ(config->criteria[2].params_json,
            R"({"path":"budget.requested","divide_by":"beneficiaries.msmes"})");
}

TEST(CallConfig, ReportsEveryProblemWithLineAndColumn) {
  const char* yaml =
      "call: Test call\n"
      "method: weighted_summ\n"
      "criteria:\n"
      "  - id: reach\n"
      "    wieght: 2\n"
      "    plugin: field\n"
      "  - id: cost\n"
      "    weight: -1\n"
      "    direction: lowest\n"
      "    plugin: field\n"
      "gates: []\n";
  Expected<CallConfig> config = parse_call_config(yaml, "call.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(
                  "call.yaml:2:9: unknown method 'weighted_summ' (known: weighted_sum) (did you "
                  "mean 'weighted_sum'?)",
                  "call.yaml:4:5: criterion 1 is missing 'weight'",
                  "call.yaml:5:5: unknown key 'wieght' of criterion 1 (did you mean 'weight'?)",
                  "call.yaml:8:13: weight must not be negative",
                  "call.yaml:9:16: direction must be 'max' or 'min', not 'lowest'",
                  "call.yaml:11:1: 'gates' is not supported by this version of Shortlist"));
}

TEST(CallConfig, RefusesAllZeroWeights) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n  - {id: a, weight: 0, plugin: field}\n  - {id: b, weight: 0, plugin: "
      "field}\n",
      "zero.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre("zero.yaml:3:3: all weights are zero: at least one criterion "
                                     "must weigh something"));
}

TEST(CallConfig, RefusesDuplicateIdsAndBadYaml) {
  Expected<CallConfig> duplicate = parse_call_config(
      "call: c\ncriteria:\n  - {id: a, weight: 1, plugin: field}\n  - {id: a, weight: 1, plugin: "
      "field}\n",
      "dup.yaml");
  ASSERT_FALSE(duplicate);
  EXPECT_THAT(messages(duplicate),
              ::testing::ElementsAre("dup.yaml:4:5: duplicate criterion id 'a' (first at line 3)"));

  Expected<CallConfig> broken = parse_call_config("call: [unclosed\n", "broken.yaml");
  ASSERT_FALSE(broken);
  EXPECT_THAT(messages(broken)[0], ::testing::StartsWith("broken.yaml:2:1: invalid YAML: "));
}

TEST(CallConfig, KeepsParamsAsTypedJson) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n  - id: a\n    weight: 1\n    plugin: p\n"
      "    params: {n: 3, s: '3', b: true, l: [x, 2]}\n",
      "p.yaml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->criteria[0].params_json, R"({"n":3,"s":"3","b":true,"l":["x",2]})");
}

}  // namespace
}  // namespace shortlist
