#include "core/jury/rank_aggregation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist::jury {
namespace {

using ::testing::ElementsAre;

std::vector<Ballot> repeated(std::initializer_list<std::pair<int, Ballot>> groups) {
  std::vector<Ballot> ballots;
  for (const auto& [count, ballot] : groups) ballots.insert(ballots.end(), count, ballot);
  return ballots;
}

// The Tennessee capital example used to present the Borda count: 100 voters,
// Memphis (0), Nashville (1), Chattanooga (2), Knoxville (3). Memphis has the
// most first places but Nashville the highest count: 194, 173, 126, 107.
TEST(Borda, ReproducesTheTennesseeCapitalExample) {
  const auto ballots = repeated({{42, {{0}, {1}, {2}, {3}}},
                                 {26, {{1}, {2}, {3}, {0}}},
                                 {15, {{2}, {3}, {1}, {0}}},
                                 {17, {{3}, {2}, {1}, {0}}}});
  const AggregateRanking result = borda(ballots, 4);
  EXPECT_THAT(result.points, ElementsAre(126, 194, 173, 107));
  EXPECT_THAT(result.order, ElementsAre(1, 2, 0, 3));
}

TEST(Borda, ScoresPartialBallotsByShareBeaten) {
  // Proposal 0 tops both of its ballots; 2 is tied first on one ballot of two.
  const std::vector<Ballot> ballots = {{{0}, {1}}, {{0}, {2}, {3}}, {{2, 3}}};
  const AggregateRanking result = borda(ballots, 4);
  EXPECT_DOUBLE_EQ(result.score[0], 1.0);
  EXPECT_DOUBLE_EQ(result.score[1], 0.0);
  EXPECT_DOUBLE_EQ(result.score[2], (0.5 + 0.5) / 2);
  EXPECT_THAT(result.ballots, ElementsAre(2, 1, 2, 2));
}

// The worked example of Schulze's method (45 voters, candidates A..E as
// 0..4): the strongest paths give E > A > C > B > D.
TEST(Schulze, ReproducesThe45VoterExample) {
  enum { A, B, C, D, E };
  const auto ballots = repeated({{5, {{A}, {C}, {B}, {E}, {D}}},
                                 {5, {{A}, {D}, {E}, {C}, {B}}},
                                 {8, {{B}, {E}, {D}, {A}, {C}}},
                                 {3, {{C}, {A}, {B}, {E}, {D}}},
                                 {7, {{C}, {A}, {E}, {B}, {D}}},
                                 {2, {{C}, {B}, {A}, {D}, {E}}},
                                 {7, {{D}, {C}, {E}, {B}, {A}}},
                                 {8, {{E}, {B}, {A}, {D}, {C}}}});
  const AggregateRanking result = schulze(ballots, 5);
  EXPECT_THAT(result.order, ElementsAre(E, A, C, B, D));
  EXPECT_THAT(result.score, ElementsAre(3, 1, 2, 0, 4));
}

TEST(Schulze, ElectsTheCondorcetWinnerThatBordaMisses) {
  // 3 voters a>b>c, 2 voters b>c>a: a beats b and c head to head (3 to 2),
  // yet b has the higher Borda count (3x1 + 2x2 = 7 against a's 3x2 = 6).
  const auto ballots = repeated({{3, {{0}, {1}, {2}}}, {2, {{1}, {2}, {0}}}});
  EXPECT_EQ(schulze(ballots, 3).order.front(), 0u);
  EXPECT_EQ(borda(ballots, 3).order.front(), 1u);
}

TEST(BallotFromScores, GroupsEqualScoresBestFirst) {
  const Ballot ballot = ballot_from_scores({{4, 3.0}, {1, 5.0}, {7, 3.0}, {2, 1.0}});
  EXPECT_THAT(ballot, ElementsAre(ElementsAre(1), ElementsAre(4, 7), ElementsAre(2)));
}

}  // namespace
}  // namespace shortlist::jury
