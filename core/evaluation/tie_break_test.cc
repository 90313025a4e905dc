#include "core/evaluation/tie_break.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist {
namespace {

CallConfig config_with(std::vector<TieRule> ties, std::uint64_t seed = 1) {
  CallConfig config;
  Criterion reach;
  reach.id = "reach";
  config.criteria.push_back(reach);
  config.ties = std::move(ties);
  config.seed = seed;
  return config;
}

std::vector<Proposal> proposals(std::vector<std::pair<std::string, double>> id_and_requested) {
  std::vector<Proposal> out;
  for (auto& [id, requested] : id_and_requested) {
    Proposal p;
    p.id = id;
    p.fields["budget.requested"] = requested;
    out.push_back(p);
  }
  return out;
}

TEST(OrderWithTies, BreaksTiesByTheChainAndRecordsTheRule) {
  const auto ps = proposals({{"c", 90000}, {"a", 50000}, {"b", 70000}, {"d", 10}});
  DecisionMatrix raw(4, 1);
  raw.at(0, 0) = 5, raw.at(1, 0) = 5, raw.at(2, 0) = 7, raw.at(3, 0) = 1;
  // c, a, b tie on score; b has more reach; a asks for less than c.
  const std::vector<double> scores = {0.5, 0.5 + 1e-13, 0.5, 0.2};
  TieRule reach{TieRule::Kind::Criterion, "reach", Direction::Max, {}};
  TieRule cheaper{TieRule::Kind::Field, "budget.requested", Direction::Min, {}};
  RankingOrder order = order_with_ties(scores, ps, raw, config_with({reach, cheaper}));
  EXPECT_THAT(order.order, ::testing::ElementsAre(2, 1, 0, 3));
  EXPECT_EQ(order.tie_breaks[2], "above a (same score) by criterion 'reach'");
  EXPECT_EQ(
      order.tie_breaks[1],
      "below b (same score) by criterion 'reach'; above c (same score) by lower budget.requested");
  EXPECT_EQ(order.tie_breaks[3], "");
}

TEST(OrderWithTies, FallsBackToIdOrderAndSaysSo) {
  const auto ps = proposals({{"z", 1}, {"y", 1}});
  DecisionMatrix raw(2, 1);
  RankingOrder order = order_with_ties({0.4, 0.4}, ps, raw, config_with({}));
  EXPECT_THAT(order.order, ::testing::ElementsAre(1, 0));
  EXPECT_EQ(order.tie_breaks[1],
            "above z (same score) by id order (no tie-break rule separated them)");
}

TEST(OrderWithTies, DrawsTheLotteryFromTheSeedAlone) {
  const auto ps = proposals({{"p1", 1}, {"p2", 1}, {"p3", 1}, {"p4", 1}, {"p5", 1}});
  DecisionMatrix raw(5, 1);
  const std::vector<double> scores(5, 0.3);
  TieRule lottery{TieRule::Kind::Lottery, "", Direction::Max, {}};
  RankingOrder first = order_with_ties(scores, ps, raw, config_with({lottery}, 7));
  RankingOrder again = order_with_ties(scores, ps, raw, config_with({lottery}, 7));
  EXPECT_EQ(first.order, again.order);
  // Input order does not matter: reversing the proposals reverses the indices only.
  std::vector<Proposal> reversed(ps.rbegin(), ps.rend());
  RankingOrder flipped = order_with_ties(scores, reversed, raw, config_with({lottery}, 7));
  for (std::size_t k = 0; k < 5; ++k) EXPECT_EQ(flipped.order[k], 4 - first.order[k]);
  bool differs = false;
  for (std::uint64_t seed = 8; seed < 20 && !differs; ++seed) {
    differs = order_with_ties(scores, ps, raw, config_with({lottery}, seed)).order != first.order;
  }
  EXPECT_TRUE(differs) << "another seed draws another order";
  EXPECT_THAT(first.tie_breaks[first.order[0]], ::testing::HasSubstr("by seeded lottery"));
}

}  // namespace
}  // namespace shortlist
