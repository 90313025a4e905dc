#include "core/evaluation/shortlist.h"

#include <algorithm>
#include <map>

namespace shortlist {
namespace {

// Members per (quota, group) so far.
class QuotaCounts {
 public:
  QuotaCounts(const std::vector<Quota>& quotas, const GroupOf& group_of)
      : quotas_(quotas), group_of_(group_of), counts_(quotas.size()) {}

  bool counts_for(std::size_t q, std::size_t proposal, std::string* group) const {
    *group = group_of_(proposal, quotas_[q].by);
    return !quotas_[q].value || *quotas_[q].value == *group;
  }

  // The first max quota that adding `proposal` would break, or -1.
  int blocking_max(std::size_t proposal) const {
    for (std::size_t q = 0; q < quotas_.size(); ++q) {
      std::string group;
      if (!quotas_[q].max || !counts_for(q, proposal, &group)) continue;
      auto it = counts_[q].find(group);
      if ((it == counts_[q].end() ? 0 : it->second) >= *quotas_[q].max) return static_cast<int>(q);
    }
    return -1;
  }

  // True when removing `proposal` would take a min quota below its minimum.
  bool needed_for_min(std::size_t proposal) const {
    for (std::size_t q = 0; q < quotas_.size(); ++q) {
      std::string group;
      if (!quotas_[q].min || !counts_for(q, proposal, &group)) continue;
      if (count(q, group) <= *quotas_[q].min) return true;
    }
    return false;
  }

  void add(std::size_t proposal, int delta) {
    for (std::size_t q = 0; q < quotas_.size(); ++q) {
      std::string group;
      if (counts_for(q, proposal, &group)) counts_[q][group] += delta;
    }
  }

  std::size_t count(std::size_t q, const std::string& group) const {
    auto it = counts_[q].find(group);
    return it == counts_[q].end() ? 0 : it->second;
  }

 private:
  const std::vector<Quota>& quotas_;
  const GroupOf& group_of_;
  std::vector<std::map<std::string, std::size_t>> counts_;
};

}  // namespace

std::vector<bool> select_shortlist(const std::vector<std::size_t>& order, std::size_t size,
                                   const std::vector<Quota>& quotas, const GroupOf& group_of,
                                   std::vector<QuotaChange>* changes) {
  std::size_t slots = 0;
  for (std::size_t p : order) slots = std::max(slots, p + 1);
  std::vector<bool> in(slots, false);
  auto note = [&](std::optional<std::size_t> proposal, std::string action, std::string reason) {
    if (changes) changes->push_back({proposal, std::move(action), std::move(reason)});
  };
  QuotaCounts counts(quotas, group_of);

  // Rank order, skipping whoever would break a maximum.
  std::vector<std::size_t> members;
  for (std::size_t p : order) {
    if (members.size() == size) break;
    if (int q = counts.blocking_max(p); q >= 0) {
      note(p, "skipped",
           "would exceed " + quotas[q].describe() + " (" + group_of(p, quotas[q].by) + ")");
      continue;
    }
    in[p] = true;
    members.push_back(p);
    counts.add(p, +1);
  }

  // Then make room for each minimum, replacing the lowest-ranked member that
  // no minimum needs.
  for (std::size_t q = 0; q < quotas.size(); ++q) {
    if (!quotas[q].min) continue;
    const std::string& wanted = *quotas[q].value;
    while (counts.count(q, wanted) < *quotas[q].min) {
      auto candidate = std::find_if(order.begin(), order.end(), [&](std::size_t p) {
        return !in[p] && group_of(p, quotas[q].by) == wanted && counts.blocking_max(p) < 0;
      });
      if (candidate == order.end()) {
        note(std::nullopt, "unmet", quotas[q].describe() + ": not enough eligible proposals");
        break;
      }
      auto out = std::find_if(members.rbegin(), members.rend(), [&](std::size_t p) {
        return group_of(p, quotas[q].by) != wanted && !counts.needed_for_min(p);
      });
      if (members.size() == size && out == members.rend()) {
        note(std::nullopt, "unmet", quotas[q].describe() + ": no member can make room");
        break;
      }
      if (members.size() == size) {
        const std::size_t removed = *out;
        in[removed] = false;
        counts.add(removed, -1);
        members.erase(std::next(out).base());
        note(removed, "removed", "to make room for " + quotas[q].describe());
      }
      in[*candidate] = true;
      members.push_back(*candidate);
      counts.add(*candidate, +1);
      note(*candidate, "added", "to meet " + quotas[q].describe());
    }
  }
  return in;
}

}  // namespace shortlist
