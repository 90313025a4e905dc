// Choosing the shortlist from a ranking: the best `size` proposals, subject
// to quotas (at most N per group, at least M with a value), recording each
// place where a quota changed what plain rank order would have chosen.
//
//   std::vector<QuotaChange> changes;
//   std::vector<bool> in = select_shortlist(order, config.shortlist_size, config.quotas,
//                                           group_of, &changes);
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"

namespace shortlist {

struct QuotaChange {
  std::optional<std::size_t> proposal;  // index of the proposal concerned, if one
  std::string action;                   // "skipped", "added", "removed" or "unmet"
  std::string reason;
};

// The value a proposal has for a quota's `by` ("" when it has none).
using GroupOf = std::function<std::string(std::size_t proposal, const std::string& by)>;

// `order`: proposal indices best first. Returns membership per proposal index
// (sized to the largest index + 1). `changes` may be null.
std::vector<bool> select_shortlist(const std::vector<std::size_t>& order, std::size_t size,
                                   const std::vector<Quota>& quotas, const GroupOf& group_of,
                                   std::vector<QuotaChange>* changes);

}  // namespace shortlist
