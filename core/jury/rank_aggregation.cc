#include "core/jury/rank_aggregation.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace shortlist::jury {
namespace {

std::vector<std::size_t> order_by(const std::vector<double>& score) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  return order;
}

std::vector<std::size_t> listed(const std::vector<Ballot>& ballots, std::size_t proposals) {
  std::vector<std::size_t> count(proposals, 0);
  for (const Ballot& ballot : ballots) {
    for (const auto& group : ballot) {
      for (std::size_t p : group) ++count[p];
    }
  }
  return count;
}

}  // namespace

AggregateRanking borda(const std::vector<Ballot>& ballots, std::size_t proposals) {
  AggregateRanking result;
  result.points.assign(proposals, 0);
  result.score.assign(proposals, 0);
  result.ballots = listed(ballots, proposals);
  for (const Ballot& ballot : ballots) {
    std::size_t size = 0;
    for (const auto& group : ballot) size += group.size();
    std::size_t after = size;  // proposals from this group on
    for (const auto& group : ballot) {
      after -= group.size();
      // Beats every proposal after its group, and half of its tied ones.
      const double points =
          static_cast<double>(after) + 0.5 * static_cast<double>(group.size() - 1);
      for (std::size_t p : group) {
        result.points[p] += points;
        if (size > 1) result.score[p] += points / static_cast<double>(size - 1);
      }
    }
  }
  for (std::size_t p = 0; p < proposals; ++p) {
    if (result.ballots[p] > 0) result.score[p] /= static_cast<double>(result.ballots[p]);
  }
  result.order = order_by(result.score);
  return result;
}

AggregateRanking schulze(const std::vector<Ballot>& ballots, std::size_t proposals) {
  const std::size_t n = proposals;
  std::vector<std::size_t> d(n * n, 0);
  for (const Ballot& ballot : ballots) {
    for (std::size_t g = 0; g < ballot.size(); ++g) {
      for (std::size_t h = g + 1; h < ballot.size(); ++h) {
        for (std::size_t a : ballot[g]) {
          for (std::size_t b : ballot[h]) ++d[a * n + b];
        }
      }
    }
  }
  // Widest paths (a Floyd–Warshall variant): p[a][b] starts as d[a][b] where
  // a beats b directly.
  std::vector<std::size_t> p(n * n, 0);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (a != b && d[a * n + b] > d[b * n + a]) p[a * n + b] = d[a * n + b];
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t a = 0; a < n; ++a) {
      if (a == k || p[a * n + k] == 0) continue;
      for (std::size_t b = 0; b < n; ++b) {
        if (b == a || b == k) continue;
        p[a * n + b] = std::max(p[a * n + b], std::min(p[a * n + k], p[k * n + b]));
      }
    }
  }
  AggregateRanking result;
  result.score.assign(n, 0);
  result.points.assign(n, 0);
  result.ballots = listed(ballots, proposals);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (a != b && p[a * n + b] > p[b * n + a]) result.score[a] += 1;
    }
  }
  result.order = order_by(result.score);
  return result;
}

Ballot ballot_from_scores(const std::vector<std::pair<std::size_t, double>>& scored) {
  std::vector<std::pair<std::size_t, double>> sorted = scored;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  Ballot ballot;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i == 0 || sorted[i].second != sorted[i - 1].second) ballot.emplace_back();
    ballot.back().push_back(sorted[i].first);
  }
  return ballot;
}

}  // namespace shortlist::jury
