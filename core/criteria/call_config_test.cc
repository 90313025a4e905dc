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
  EXPECT_EQ(config->criteria[2].scorer.params_json,
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
      "gate: []\n";
  Expected<CallConfig> config = parse_call_config(yaml, "call.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(
                  "call.yaml:2:9: unknown method 'weighted_summ' (known: weighted_sum, topsis, "
                  "promethee2) (did you mean 'weighted_sum'?)",
                  "call.yaml:4:5: criterion 1 is missing 'weight'",
                  "call.yaml:5:5: unknown key 'wieght' of criterion 1 (did you mean 'weight'?)",
                  "call.yaml:8:13: weight must not be negative",
                  "call.yaml:9:16: unknown direction 'lowest' (known: max, min)",
                  "call.yaml:11:1: unknown key 'gate' (did you mean 'gates'?)"));
}

// Found by fuzzing: a size beyond what a whole number can hold was cast
// regardless.
TEST(CallConfig, RefusesAWholeNumberTooLargeToHold) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n  - {id: a, weight: 1, plugin: field}\nshortlist: {size: 2.0e+68}\n",
      "big.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre("big.yaml:4:19: shortlist.size must be a whole number of at "
                                     "most 9007199254740992"));
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
  EXPECT_EQ(config->criteria[0].scorer.params_json, R"({"n":3,"s":"3","b":true,"l":["x",2]})");
}

TEST(CallConfig, ReadsPreferenceFunctionsAndRefusesThresholdsThatMakeNoSense) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\nmethod: promethee2\ncriteria:\n"
      "  - {id: a, weight: 1, plugin: field, preference: {function: linear, q: 1, p: 3}}\n"
      "  - {id: b, weight: 1, plugin: field, preference: {function: gaussian, s: 2}}\n"
      "  - {id: c, weight: 1, plugin: field}\n",
      "p.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  EXPECT_EQ(config->method, Method::Promethee2);
  EXPECT_EQ(config->criteria[0].preference.shape, PreferenceShape::Linear);
  EXPECT_EQ(config->criteria[0].preference.p, 3);
  EXPECT_EQ(config->criteria[1].preference.s, 2);
  EXPECT_EQ(config->criteria[2].preference.shape, PreferenceShape::Usual);

  Expected<CallConfig> bad = parse_call_config(
      "call: c\nmethod: promethee2\ncriteria:\n"
      "  - {id: a, weight: 1, plugin: field, preference: {function: linear, q: 5, p: 2}}\n"
      "  - {id: b, weight: 1, plugin: field, preference: {function: v_shape}}\n"
      "  - {id: c, weight: 1, plugin: field, preference: {function: usual, q: 1}}\n"
      "  - {id: d, weight: 1, plugin: field, preference: {function: lineer, q: 1, p: 2}}\n",
      "bad.yaml");
  ASSERT_FALSE(bad);
  EXPECT_THAT(messages(bad),
              ::testing::ElementsAre(
                  "bad.yaml:4:51: preference function linear needs p > q (got q = 5, p = 2)",
                  "bad.yaml:5:51: preference function v_shape needs p (missing p)",
                  "bad.yaml:6:69: preference function usual does not use q",
                  "bad.yaml:7:62: unknown preference function 'lineer' (known: usual, u_shape, "
                  "v_shape, level, linear, gaussian) (did you mean 'linear'?)"));
}

TEST(CallConfig, RefusesSettingsOfAnotherMethod) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\nmethod: topsis\ncriteria:\n"
      "  - {id: a, weight: 1, plugin: f, normalization: sum, preference: {function: usual}}\n",
      "m.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(
      messages(config),
      ::testing::ElementsAre(
          "m.yaml:4:35: normalization applies to method weighted_sum only (topsis has its own)",
          "m.yaml:4:55: preference applies to method promethee2 only"));
}

TEST(CallConfig, DerivesWeightsWithAhpAndReportsTheConsistencyRatio) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n"
      "  - {id: reach, plugin: f}\n  - {id: cost, plugin: f}\n  - {id: women, plugin: f}\n"
      "weights:\n  ahp:\n    order: [cost, reach, women]\n"
      "    matrix: [[1, 1/3, 1], [3, 1, 3], [1, 1/3, 1]]\n",
      "ahp.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  EXPECT_NEAR(config->criteria[0].weight, 0.6, 1e-12);  // reach, row 2 of the matrix
  EXPECT_NEAR(config->criteria[1].weight, 0.2, 1e-12);
  EXPECT_NEAR(config->criteria[2].weight, 0.2, 1e-12);
  ASSERT_TRUE(config->ahp);
  EXPECT_NEAR(config->ahp->consistency_ratio, 0.0, 1e-12);
}

TEST(CallConfig, RefusesInconsistentAhpJudgementsWithTheRatio) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n"
      "  - {id: a, plugin: f}\n  - {id: b, plugin: f}\n  - {id: c, plugin: f}\n"
      "weights:\n  ahp:\n    order: [a, b, c]\n"
      "    matrix: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]]\n",
      "ahp.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(::testing::MatchesRegex(
                  "ahp.yaml:9:13: weights.ahp.matrix is too inconsistent: consistency ratio "
                  "[0-9]+\\.[0-9]{3} is above 0.10; revise the comparisons")));
}

TEST(CallConfig, ReadsGatesTiesQuotasAndSensitivity) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\nseed: 42\ncriteria:\n  - {id: reach, weight: 1, plugin: f, missing: worst}\n"
      "gates:\n"
      "  - {id: cap, field: budget.requested, max: 150000}\n"
      "  - {id: type, field: applicant.type, in: [ngo, chamber_of_commerce]}\n"
      "  - {id: eligible, plugin: eligibility, params: {deadline: 2026-09-30}}\n"
      "ties: [{criterion: reach}, {field: budget.requested, direction: min}, lottery]\n"
      "shortlist:\n  size: 3\n  quotas:\n"
      "    - {by: applicant.country, max: 1}\n    - {by: language, value: fr, min: 1}\n"
      "sensitivity: {samples: 200, concentration: 20, fragile_below: 0.9}\n",
      "full.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  EXPECT_EQ(config->seed, 42u);
  EXPECT_EQ(config->criteria[0].missing, MissingPolicy::Worst);
  ASSERT_EQ(config->gates.size(), 3u);
  EXPECT_EQ(config->gates[0].max, 150000);
  EXPECT_THAT(config->gates[1].one_of, ::testing::ElementsAre("ngo", "chamber_of_commerce"));
  ASSERT_TRUE(config->gates[2].plugin);
  EXPECT_EQ(config->gates[2].plugin->plugin, "eligibility");
  ASSERT_EQ(config->ties.size(), 3u);
  EXPECT_EQ(config->ties[1].describe(), "lower budget.requested");
  EXPECT_EQ(config->ties[2].describe(), "seeded lottery");
  ASSERT_EQ(config->quotas.size(), 2u);
  EXPECT_EQ(config->quotas[0].describe(), "at most 1 for each applicant.country");
  EXPECT_EQ(config->quotas[1].describe(), "at least 1 with language = fr");
  EXPECT_EQ(config->sensitivity.samples, 200u);
  EXPECT_EQ(config->sensitivity.fragile_below, 0.9);
}

TEST(CallConfig, RefusesMalformedGatesTiesAndQuotas) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\ncriteria:\n  - {id: reach, weight: 1, plugin: f}\n"
      "gates:\n  - {id: both, field: x, plugin: y}\n  - {id: range, field: x, min: 5, max: 1}\n"
      "ties: [{criterion: rech}]\n"
      "shortlist: {size: 0, quotas: [{by: language, min: 1}]}\n",
      "bad.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(
                  "bad.yaml:5:5: gate 1 needs either 'field' (a condition) or 'plugin' (a verdict)",
                  "bad.yaml:6:5: gate 2: min 5 is above max 1",
                  "bad.yaml:7:20: ties: 'rech' is not a criterion",
                  "bad.yaml:8:19: shortlist.size must be a whole number of at least 1",
                  "bad.yaml:8:31: a 'min' quota needs the 'value' it guarantees places for"));
}

TEST(CallConfig, ReadsJuryCriteriaAndTheJurySection) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 2, plugin: field, params: {path: beneficiaries.msmes}}\n"
      "  - id: feasibility\n"
      "    source: jury\n"
      "    weight: 1\n"
      "    label: {en: Feasibility, fr: Faisabilité}\n"
      "    scale: {min: 0, max: 10}\n"
      "    guidance: {en: 'Can the team deliver?', fr: \"L'équipe peut-elle livrer ?\"}\n"
      "    comment: required\n"
      "jury:\n"
      "  reviewers: 2\n"
      "  min_level: fluent\n"
      "  blind: false\n"
      "  calibration: zscore\n"
      "  disagreement: 4\n"
      "  conflicts: {same_country: true, partners: false}\n",
      "call.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  ASSERT_EQ(config->criteria.size(), 1u);
  ASSERT_EQ(config->jury.criteria.size(), 1u);
  const JuryCriterion& jury = config->jury.criteria[0];
  EXPECT_EQ(jury.id, "feasibility");
  EXPECT_EQ(jury.label.in("fr"), "Faisabilité");
  EXPECT_EQ(jury.guidance.in("fr"), "L'équipe peut-elle livrer ?");
  EXPECT_DOUBLE_EQ(jury.scale_max, 10);
  EXPECT_TRUE(jury.comment_required);
  EXPECT_EQ(config->jury.reviewers, 2u);
  EXPECT_EQ(config->jury.min_level, jury::LanguageLevel::Fluent);
  EXPECT_FALSE(config->jury.blind);
  EXPECT_EQ(config->jury.calibration, JuryCalibration::ZScore);
  EXPECT_EQ(config->jury.disagreement, 4.0);
  EXPECT_TRUE(config->jury.conflicts.same_country);
  EXPECT_TRUE(config->jury.conflicts.same_organisation);
  EXPECT_FALSE(config->jury.conflicts.partners);
}

TEST(CallConfig, RefusesMalformedJuryCriteriaAndSettings) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 2, plugin: field}\n"
      "  - {id: reach, source: jury, weight: 1}\n"
      "  - {id: depth, source: jury, weight: 1, scale: {min: 5, max: 1}, comment: maybe}\n"
      "  - {id: other, source: people, weight: 1, plugin: field}\n"
      "jury: {reviewers: 0, calibration: average, conflicts: {same_country: yes}}\n",
      "call.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(
                  "call.yaml:4:5: duplicate criterion id 'reach' (first at line 3)",
                  "call.yaml:5:49: scale must be {min: LOW, max: HIGH} with LOW below HIGH",
                  "call.yaml:5:76: comment must be required or optional",
                  "call.yaml:6:25: unknown source 'people' (known: plugin, jury)",
                  "call.yaml:7:19: jury.reviewers must be a whole number of at least 1",
                  "call.yaml:7:35: unknown calibration 'average' (known: mean, median, zscore, "
                  "additive)",
                  "call.yaml:7:70: jury.conflicts.same_country must be true or false"));
}

TEST(CallConfig, ReadsTheSubmissionWindowWithItsOffsets) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 2, plugin: field}\n"
      "submission:\n"
      "  opens: 2026-03-01T00:00:00Z\n"
      "  closes: 2026-05-31T23:59:59-04:00\n"
      "  languages: [en, fr, es, ar, pt]\n"
      "  max_attachment_bytes: 10485760\n"
      "  labels:\n"
      "    sections.activities: {en: Activities, fr: Activités}\n",
      "call.yaml");
  ASSERT_TRUE(config) << ::testing::PrintToString(messages(config));
  ASSERT_TRUE(config->submission);
  const SubmissionWindow& window = *config->submission;
  EXPECT_EQ(utc_text(window.opens), "2026-03-01T00:00:00Z");
  EXPECT_EQ(utc_text(window.closes), "2026-06-01T03:59:59Z");
  EXPECT_EQ(window.closes_text, "2026-05-31T23:59:59-04:00");
  EXPECT_THAT(window.languages, ::testing::ElementsAre("en", "fr", "es", "ar", "pt"));
  EXPECT_EQ(window.max_attachment_bytes, 10485760u);
  EXPECT_EQ(window.labels.at("sections.activities").in("fr"), "Activités");
}

TEST(CallConfig, RefusesABadSubmissionWindowWithLineAndColumn) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 2, plugin: field}\n"
      "submission:\n"
      "  opens: 2026-06-01T03:00:00+02:00\n"
      "  closes: 2026-05-31T23:59:59Z\n"
      "  languages: [en, xx]\n"
      "  max_attachment_bytes: 0\n"
      "  labels: {grant: Grant}\n"
      "  close: 2026-02-30T00:00:00Z\n",
      "call.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(
      messages(config),
      ::testing::ElementsAre(
          "call.yaml:6:11: submission.closes (2026-05-31T23:59:59Z) must be after "
          "submission.opens (2026-06-01T03:00:00+02:00)",
          "call.yaml:7:19: unknown language 'xx' in submission.languages (an ISO 639-1 code "
          "such as en, fr, es, ar)",
          "call.yaml:8:25: submission.max_attachment_bytes must be a whole number of at least 1",
          "call.yaml:9:12: submission.labels: 'grant' is not a field of the application (such "
          "as sections.activities, fields.partners, budget.requested)",
          "call.yaml:10:3: unknown key 'close' in submission (did you mean 'closes'?)"));
}

TEST(CallConfig, RefusesADateThatDoesNotExistOrHasNoOffset) {
  Expected<CallConfig> config = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 2, plugin: field}\n"
      "submission: {opens: 2026-02-30T00:00:00Z, closes: '2026-05-31 23:59'}\n",
      "call.yaml");
  ASSERT_FALSE(config);
  EXPECT_THAT(messages(config),
              ::testing::ElementsAre(
                  "call.yaml:4:21: submission.opens '2026-02-30T00:00:00Z' is not an RFC 3339 "
                  "date and time with its offset, between the years 1900 and 2200 (such as "
                  "2026-03-01T00:00:00Z or 2026-05-31T23:59:59-04:00)",
                  "call.yaml:4:51: submission.closes '2026-05-31 23:59' is not an RFC 3339 date "
                  "and time with its offset, between the years 1900 and 2200 (such as "
                  "2026-03-01T00:00:00Z or 2026-05-31T23:59:59-04:00)"));
  EXPECT_FALSE(parse_rfc3339("2026-05-31T23:59:59"));
  EXPECT_FALSE(parse_rfc3339("2026-05-31T24:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2999-12-31T23:59:59Z"));  // beyond what the clock holds
  EXPECT_TRUE(parse_rfc3339("2028-02-29T12:00:00.5+05:30"));
}

}  // namespace
}  // namespace shortlist
