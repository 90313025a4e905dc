// Orders proposals best first: by score, and where scores are equal (to nine
// decimals) by the call's tie-break chain — a criterion's raw value, a field,
// a seeded lottery — and finally by id, so that the order never depends on
// input order. Every tie is recorded with the rule that decided it.
//
//   TieBreakInput in{scores, proposals, raw, config};
//   RankingOrder order = order_with_ties(in);
#pragma once

#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/model/proposal.h"
#include "core/ranking/decision_matrix.h"

namespace shortlist {

struct RankingOrder {
  std::vector<std::size_t> order;       // proposal indices, best first
  std::vector<std::string> tie_breaks;  // per proposal index: how ties with neighbours were decided
};

RankingOrder order_with_ties(const std::vector<double>& scores,
                             const std::vector<Proposal>& proposals, const DecisionMatrix& raw,
                             const CallConfig& config);

// The seeded lottery's draw for a proposal: the first 8 bytes of
// SHA-256("<seed>:<id>"), so that it depends on nothing but the two.
std::uint64_t lottery_ticket(std::uint64_t seed, const std::string& id);

}  // namespace shortlist
