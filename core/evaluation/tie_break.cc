#include "core/evaluation/tie_break.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/util/digest.h"

namespace shortlist {
namespace {

// Scores equal to nine decimals are tied: sums of the same terms in another
// order differ in the last bits, not in what a jury can see.
double tie_key(double score) { return std::round(score * 1e9) / 1e9; }

// < 0 when a goes first under `rule`, > 0 when b does, 0 when still tied.
int compare(const TieRule& rule, std::size_t a, std::size_t b,
            const std::vector<Proposal>& proposals, const DecisionMatrix& raw,
            const CallConfig& config, const std::vector<std::uint64_t>& tickets) {
  auto by_value = [](std::optional<double> x, std::optional<double> y, Direction direction) {
    if (x == y) return 0;
    if (!x) return 1;  // no value goes last
    if (!y) return -1;
    const bool first = direction == Direction::Max ? *x > *y : *x < *y;
    return first ? -1 : 1;
  };
  switch (rule.kind) {
    case TieRule::Kind::Criterion: {
      const auto it = std::find_if(config.criteria.begin(), config.criteria.end(),
                                   [&](const Criterion& c) { return c.id == rule.name; });
      const auto j = static_cast<std::size_t>(it - config.criteria.begin());
      return by_value(raw.at(a, j), raw.at(b, j), it->direction);
    }
    case TieRule::Kind::Field:
      return by_value(proposals[a].number(rule.name), proposals[b].number(rule.name),
                      rule.direction);
    case TieRule::Kind::Lottery:
      return tickets[a] == tickets[b] ? 0 : (tickets[a] < tickets[b] ? -1 : 1);
  }
  return 0;
}

}  // namespace

std::uint64_t lottery_ticket(std::uint64_t seed, const std::string& id) {
  const std::vector<unsigned char> digest = sha256(std::to_string(seed) + ":" + id);
  std::uint64_t ticket = 0;
  for (std::size_t i = 0; i < 8; ++i) ticket = (ticket << 8) | digest[i];
  return ticket;
}

RankingOrder order_with_ties(const std::vector<double>& scores,
                             const std::vector<Proposal>& proposals, const DecisionMatrix& raw,
                             const CallConfig& config) {
  const std::size_t n = scores.size();
  std::vector<std::uint64_t> tickets(n, 0);
  const bool lottery = std::any_of(config.ties.begin(), config.ties.end(), [](const TieRule& r) {
    return r.kind == TieRule::Kind::Lottery;
  });
  if (lottery) {
    for (std::size_t i = 0; i < n; ++i) tickets[i] = lottery_ticket(config.seed, proposals[i].id);
  }
  // The rule that separates a from b, or nullptr when only the id does.
  auto deciding_rule = [&](std::size_t a, std::size_t b, int* result) -> const TieRule* {
    for (const TieRule& rule : config.ties) {
      *result = compare(rule, a, b, proposals, raw, config, tickets);
      if (*result != 0) return &rule;
    }
    *result = proposals[a].id < proposals[b].id ? -1 : (proposals[a].id > proposals[b].id ? 1 : 0);
    return nullptr;
  };

  RankingOrder out;
  out.order.resize(n);
  std::iota(out.order.begin(), out.order.end(), 0);
  std::sort(out.order.begin(), out.order.end(), [&](std::size_t a, std::size_t b) {
    const double ka = tie_key(scores[a]);
    const double kb = tie_key(scores[b]);
    if (ka != kb) return ka > kb;
    int result = 0;
    deciding_rule(a, b, &result);
    return result < 0;
  });

  out.tie_breaks.assign(n, "");
  for (std::size_t k = 1; k < n; ++k) {
    const std::size_t above = out.order[k - 1];
    const std::size_t below = out.order[k];
    if (tie_key(scores[above]) != tie_key(scores[below])) continue;
    int result = 0;
    const TieRule* rule = deciding_rule(above, below, &result);
    const std::string how = rule ? rule->describe() : "id order (no tie-break rule separated them)";
    auto append = [&](std::size_t at, const std::string& text) {
      out.tie_breaks[at] += (out.tie_breaks[at].empty() ? "" : "; ") + text;
    };
    append(above, "above " + proposals[below].id + " (same score) by " + how);
    append(below, "below " + proposals[above].id + " (same score) by " + how);
  }
  return out;
}

}  // namespace shortlist
