// Combines jurors' orderings of the proposals they reviewed into one ranking,
// as an alternative to averaging their scores: Borda counts and the Schulze
// method (beatpath). A ballot may cover only some proposals and may hold
// ties; proposals a ballot does not list are not compared by it.
//
//   std::vector<Ballot> ballots = {{{2}, {0, 1}}};  // proposal 2 first, then 0 and 1 tied
//   AggregateRanking b = borda(ballots, 3), s = schulze(ballots, 3);
#pragma once

#include <cstddef>
#include <vector>

namespace shortlist::jury {

// One juror's ordering: groups of proposal indices, best first; the
// proposals of a group are tied.
using Ballot = std::vector<std::vector<std::size_t>>;

struct AggregateRanking {
  // Borda: the mean over the ballots listing the proposal of the share of
  // that ballot's other proposals it beats (ties count half), in [0, 1].
  // Schulze: how many proposals it beats by the strongest path.
  std::vector<double> score;
  std::vector<double> points;        // Borda: the classic count, sum of proposals beaten
  std::vector<std::size_t> order;    // best first; equal scores keep index order
  std::vector<std::size_t> ballots;  // per proposal, how many ballots list it
};

AggregateRanking borda(const std::vector<Ballot>& ballots, std::size_t proposals);

// Schulze (2011): d[a][b] = ballots ranking a above b; p = the strongest
// (widest) paths over d; a beats b when p[a][b] > p[b][a].
AggregateRanking schulze(const std::vector<Ballot>& ballots, std::size_t proposals);

// A ballot from one juror's scores (higher is better; equal scores tie).
Ballot ballot_from_scores(const std::vector<std::pair<std::size_t, double>>& scored);

}  // namespace shortlist::jury
