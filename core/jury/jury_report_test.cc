#include "core/jury/jury_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist::jury {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CallConfig config(const std::string& calibration = "additive", int reviewers = 2) {
  Expected<CallConfig> parsed = parse_call_config(
      "call: c\n"
      "criteria:\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n"
      "  - {id: feasibility, source: jury, weight: 1}\n"
      "shortlist: {size: 2}\n"
      "jury: {reviewers: " +
          std::to_string(reviewers) + ", calibration: " + calibration + "}\n",
      "call.yaml");
  EXPECT_TRUE(parsed);
  return std::move(parsed).value();
}

ReviewInput scored(std::string proposal, std::string juror, double feasibility) {
  return {std::move(proposal), std::move(juror), false, 1, {{"feasibility", feasibility}}};
}

// a..d reach 10..40 MSMEs; e has no automatic scores. x is harsh, y generous.
struct Fixture {
  std::vector<ProposalInput> proposals = {
      {"a", "A", {10}}, {"b", "B", {20}}, {"c", "C", {30}}, {"d", "D", {40}}, {"e", "E", {}}};
  std::vector<std::string> jurors = {"x", "y", "z"};
  std::vector<std::pair<std::string, std::string>> assignments = {
      {"a", "x"}, {"a", "y"}, {"b", "x"}, {"b", "z"}, {"c", "y"},
      {"c", "z"}, {"d", "x"}, {"d", "y"}, {"e", "z"}, {"e", "y"}};
  std::vector<ReviewInput> reviews = {
      scored("a", "x", 4), scored("a", "y", 5),    scored("b", "x", 2), scored("b", "z", 3),
      scored("c", "y", 5), scored("c", "z", 1),    scored("d", "x", 1), scored("d", "y", 3),
      scored("e", "z", 4), {"e", "y", true, 1, {}}};
};

TEST(AnalyseJury, ReportsProgressPerJurorAndProposal) {
  Fixture f;
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews);
  EXPECT_EQ(report.juror_progress[1].assigned, 4u);
  EXPECT_EQ(report.juror_progress[1].reviewed, 4u);
  EXPECT_EQ(report.juror_progress[1].abstained, 1u);
  EXPECT_EQ(report.proposal_progress[4].scored, 1u);
  EXPECT_TRUE(report.proposal_progress[4].too_few);  // one score and an abstention
  EXPECT_FALSE(report.proposal_progress[0].too_few);
}

TEST(AnalyseJury, FlagsDisagreementAndExplainsWhatIsNotRanked) {
  Fixture f;
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews);
  // c got 5 and 1: further apart than half the 1-5 scale.
  EXPECT_THAT(report.disputed, ElementsAre(2));
  EXPECT_THAT(report.not_ranked,
              ElementsAre("e: the evaluation run has no automatic scores for it"));
  EXPECT_EQ(report.final_order.size(), 4u);
}

// A criteria file that is not the run's leaves every proposal without
// automatic scores: one cause, said once, not once per proposal.
TEST(AnalyseJury, SaysOnceWhyNoProposalHasAutomaticScores) {
  Fixture f;
  for (ProposalInput& p : f.proposals) p.automatic.clear();
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews,
                                         0, "the criteria file is not the run's");
  EXPECT_THAT(report.not_ranked,
              ElementsAre("all 5 proposals: the criteria file is not the run's"));
  EXPECT_TRUE(report.final_order.empty());
}

TEST(AnalyseJury, CombinesAutomaticAndCalibratedJuryScoresByWeight) {
  Fixture f;
  const JuryReport report =
      analyse_jury(config("mean"), f.proposals, f.jurors, f.assignments, f.reviews);
  // weighted_sum, min-max: half the normalised reach plus half the
  // normalised jury mean. a: reach 0, jury 4.5 (the best) -> 0.5;
  // d: reach 1, jury 2 (the worst) -> 0.5; c: reach 2/3, jury 3 -> 0.6.
  EXPECT_NEAR(report.final_score[0], 0.5, 1e-12);
  EXPECT_NEAR(report.final_score[3], 0.5, 1e-12);
  EXPECT_NEAR(report.final_score[2], (2.0 / 3 + 0.4) / 2, 1e-12);
  EXPECT_EQ(report.final_order.front(), 2u);
}

TEST(AnalyseJury, SaysWhenTheCutFallsInsideTheNoise) {
  Fixture f;
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews);
  ASSERT_FALSE(report.overall.error.empty());
  // Two reviews per proposal and strong disagreement: the 2nd and 3rd are
  // within each other's uncertainty.
  EXPECT_TRUE(report.cut_in_noise);
  EXPECT_EQ(report.cut, 2u);
}

TEST(AnalyseJury, FallsBackToZScoresWhenTheJuryIsDisconnected) {
  Fixture f;
  f.assignments = {{"a", "x"}, {"b", "x"}, {"c", "y"}, {"d", "y"}};
  f.reviews = {scored("a", "x", 4), scored("b", "x", 2), scored("c", "y", 5), scored("d", "y", 3)};
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_THAT(report.notes[0], HasSubstr("feasibility: the jurors fall into 2 groups"));
  EXPECT_THAT(report.notes[0], HasSubstr("z-scores are used instead"));
  EXPECT_FALSE(std::isnan(report.criteria[0].value[0]));
}

TEST(AnalyseJury, SaysWhereRankAggregationDisagreesOnTheCut) {
  // x scores generously and ranks a > b > c; y ranks c > a, z ranks c > b.
  // The mean puts a first; Borda counts c's two first places; Schulze sees
  // a beat b and tie with c head to head, and keeps a.
  Fixture f;
  f.reviews = {scored("a", "x", 5), scored("b", "x", 4.5), scored("c", "x", 4), scored("a", "y", 2),
               scored("c", "y", 3), scored("b", "z", 1),   scored("c", "z", 2)};
  f.assignments = {{"a", "x"}, {"b", "x"}, {"c", "x"}, {"a", "y"},
                   {"c", "y"}, {"b", "z"}, {"c", "z"}};
  const JuryReport report =
      analyse_jury(config("mean"), f.proposals, f.jurors, f.assignments, f.reviews, 1);
  EXPECT_EQ(report.jury_order.front(), 0u);
  EXPECT_EQ(report.borda.order.front(), 2u);
  EXPECT_EQ(report.schulze.order.front(), 0u);
  EXPECT_THAT(report.method_disagreements, ElementsAre("Borda puts c in the top 1 instead of a"));
}

// d has one review of the two asked for, a generous one: its uncertainty is
// widened by sqrt(2) and it stays out of the final shortlist unless the
// organiser admits it.
TEST(AnalyseJury, KeepsAnUnderReviewedProposalOutOfTheShortlistWithWiderUncertainty) {
  Fixture f;
  f.assignments.push_back({"d", "z"});
  f.reviews = {scored("a", "x", 4), scored("a", "y", 4), scored("b", "x", 2), scored("b", "z", 3),
               scored("c", "y", 4), scored("c", "z", 3), scored("d", "y", 5)};
  const JuryReport lenient =
      analyse_jury(config("additive", 1), f.proposals, f.jurors, f.assignments, f.reviews);
  const JuryReport report = analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews);
  ASSERT_TRUE(report.proposal_progress[3].too_few);
  EXPECT_FALSE(report.proposal_progress[0].too_few);
  ASSERT_FALSE(std::isnan(lenient.overall.error[3]));
  EXPECT_NEAR(report.overall.error[3], lenient.overall.error[3] * std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(report.criteria[0].error[3], lenient.criteria[0].error[3] * std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(report.overall.error[0], lenient.overall.error[0], 1e-12);

  // Ranked first on reach and its one review, yet not in the shortlist.
  EXPECT_EQ(report.final_order.front(), 3u);
  EXPECT_THAT(report.held_back, ElementsAre(3));
  EXPECT_EQ(report.final_shortlist.size(), 2u);
  EXPECT_THAT(report.final_shortlist, ::testing::Not(::testing::Contains(3u)));

  const JuryReport admitted =
      analyse_jury(config(), f.proposals, f.jurors, f.assignments, f.reviews, 0, "", {"d"});
  EXPECT_TRUE(admitted.proposal_progress[3].admitted);
  EXPECT_TRUE(admitted.held_back.empty());
  EXPECT_EQ(admitted.final_shortlist.front(), 3u);
  EXPECT_EQ(review_shortfall_factor(1, 3), std::sqrt(3.0));
  EXPECT_EQ(review_shortfall_factor(3, 3), 1.0);
  EXPECT_EQ(review_shortfall_factor(0, 3), 1.0);
}

}  // namespace
}  // namespace shortlist::jury
