#include "core/jury/assignment.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace shortlist::jury {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, long,
        boost::property<boost::edge_residual_capacity_t, long,
                        boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                        boost::property<boost::edge_weight_t, double>>>>>;
using Edge = Traits::edge_descriptor;

// Costs are whole numbers, exact in double arithmetic; doubles rather than
// integers because the solver adds the "infinite" distance of vertices it
// cannot reach to itself, which overflows an integer. A juror's load
// costs kLoadScale spread over their capacity, rising with each proposal
// (convex), which evens loads out; a language read below native level costs
// a little more, enough to prefer a native reader when loads are equal.
constexpr double kLoadScale = 1000;
double language_cost(LanguageLevel level) {
  switch (level) {
    case LanguageLevel::Native:
      return 0;
    case LanguageLevel::Fluent:
      return 20;
    case LanguageLevel::Working:
      return 50;
  }
  return 50;
}

Edge add_arc(Graph& graph, std::size_t from, std::size_t to, long capacity, double cost) {
  const Edge forward = boost::add_edge(from, to, graph).first;
  const Edge backward = boost::add_edge(to, from, graph).first;
  boost::put(boost::edge_capacity, graph, forward, capacity);
  boost::put(boost::edge_capacity, graph, backward, 0);
  boost::put(boost::edge_weight, graph, forward, cost);
  boost::put(boost::edge_weight, graph, backward, -cost);
  boost::put(boost::edge_reverse, graph, forward, backward);
  boost::put(boost::edge_reverse, graph, backward, forward);
  return forward;
}

bool contains(const std::vector<Pairing>& pairs, std::size_t proposal, std::size_t juror) {
  return std::any_of(pairs.begin(), pairs.end(),
                     [&](const Pairing& p) { return p.proposal == proposal && p.juror == juror; });
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Why proposal `p` could not get all its reviewers.
std::string shortfall_reason(const AssignmentRequest& request, std::size_t p,
                             const Assignment& assignment) {
  const ProposalForJury& proposal = request.proposals[p];
  const std::string level = request.min_level == LanguageLevel::Working
                                ? ""
                                : " at " + std::string(to_string(request.min_level)) + " level";
  std::size_t readers = 0;
  std::vector<std::string> conflicted, forbidden, full;
  for (std::size_t j = 0; j < request.jurors.size(); ++j) {
    const Juror& juror = request.jurors[j];
    const std::optional<LanguageLevel> reads = juror.reads(proposal.language);
    if (!reads || *reads < request.min_level) continue;
    ++readers;
    if (contains(assignment.pairings, p, j)) continue;
    if (auto why = conflict_of(juror, proposal, request.rules)) {
      conflicted.push_back(juror.id + " " + *why);
    } else if (contains(request.forbidden, p, j)) {
      forbidden.push_back(juror.id);
    } else if (assignment.load[j] >= juror.max_load) {
      full.push_back(juror.id);
    }
  }
  if (readers == 0) return "no juror reads " + proposal.language + level;
  std::string reason = plural(readers, "juror reads ", "jurors read ") + proposal.language + level;
  auto list = [](const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
    return out;
  };
  if (!conflicted.empty()) {
    reason += ", " + plural(conflicted.size(), "has a conflict", "have a conflict") + " (" +
              list(conflicted) + ")";
  }
  if (!forbidden.empty()) reason += ", excluded by the organiser: " + list(forbidden);
  if (!full.empty()) reason += ", at full load: " + list(full);
  return reason;
}

AssignmentQuality measure(const AssignmentRequest& request, const Assignment& assignment) {
  AssignmentQuality quality;
  quality.reviews = assignment.pairings.size();
  quality.wanted = request.proposals.size() * request.reviewers;
  if (!assignment.load.empty()) {
    const auto [low, high] = std::minmax_element(assignment.load.begin(), assignment.load.end());
    quality.min_load = *low;
    quality.max_load = *high;
    double sum = 0, squares = 0;
    for (std::size_t l : assignment.load) sum += static_cast<double>(l);
    quality.mean_load = sum / static_cast<double>(assignment.load.size());
    for (std::size_t l : assignment.load) {
      squares += std::pow(static_cast<double>(l) - quality.mean_load, 2);
    }
    quality.load_stddev = std::sqrt(squares / static_cast<double>(assignment.load.size()));
  }
  std::map<LanguageLevel, std::size_t> by_level;
  for (const Pairing& pairing : assignment.pairings) {
    const std::optional<LanguageLevel> level =
        request.jurors[pairing.juror].reads(request.proposals[pairing.proposal].language);
    if (level) ++by_level[*level];
  }
  if (quality.reviews > 0) {
    const auto share = [&](LanguageLevel level) {
      return static_cast<double>(by_level[level]) / static_cast<double>(quality.reviews);
    };
    quality.native_share = share(LanguageLevel::Native);
    quality.fluent_share = share(LanguageLevel::Fluent);
    quality.working_share = share(LanguageLevel::Working);
  }
  return quality;
}

}  // namespace

Assignment assign_jurors(const AssignmentRequest& request) {
  const std::size_t proposals = request.proposals.size();
  const std::size_t jurors = request.jurors.size();
  Assignment result;
  result.load.assign(jurors, 0);

  // The organiser's pairs first: they hold whatever the rules say.
  std::vector<std::size_t> demand(proposals, request.reviewers);
  std::set<std::pair<std::size_t, std::size_t>> required;
  for (const Pairing& pairing : request.required) {
    if (pairing.proposal >= proposals || pairing.juror >= jurors) continue;
    if (!required.insert({pairing.proposal, pairing.juror}).second) continue;
    result.pairings.push_back({pairing.proposal, pairing.juror, true});
    ++result.load[pairing.juror];
    if (demand[pairing.proposal] > 0) --demand[pairing.proposal];
  }

  // source -> proposal (its remaining demand) -> juror (1, language cost)
  // -> sink (one arc per remaining unit of capacity, increasing cost).
  const std::size_t source = 0, sink = 1, first_proposal = 2, first_juror = 2 + proposals;
  Graph graph(2 + proposals + jurors);
  for (std::size_t p = 0; p < proposals; ++p) {
    if (demand[p] == 0) continue;
    add_arc(graph, source, first_proposal + p, static_cast<long>(demand[p]), 0);
  }
  struct Candidate {
    Edge edge;
    std::size_t proposal, juror;
  };
  std::vector<Candidate> candidates;
  for (std::size_t p = 0; p < proposals; ++p) {
    if (demand[p] == 0) continue;
    for (std::size_t j = 0; j < jurors; ++j) {
      const std::optional<LanguageLevel> level =
          request.jurors[j].reads(request.proposals[p].language);
      if (!level || *level < request.min_level || required.count({p, j}) ||
          contains(request.forbidden, p, j) ||
          conflict_of(request.jurors[j], request.proposals[p], request.rules)) {
        continue;
      }
      candidates.push_back(
          {add_arc(graph, first_proposal + p, first_juror + j, 1, language_cost(*level)), p, j});
    }
  }
  for (std::size_t j = 0; j < jurors; ++j) {
    const std::size_t capacity = std::max<std::size_t>(request.jurors[j].max_load, 1);
    for (std::size_t unit = result.load[j] + 1; unit <= request.jurors[j].max_load; ++unit) {
      const double cost = std::round(kLoadScale * static_cast<double>(unit * unit) /
                                     static_cast<double>(capacity * capacity));
      add_arc(graph, first_juror + j, sink, 1, cost);
    }
  }

  boost::successive_shortest_path_nonnegative_weights(graph, source, sink);

  for (const Candidate& candidate : candidates) {
    const long flow = boost::get(boost::edge_capacity, graph, candidate.edge) -
                      boost::get(boost::edge_residual_capacity, graph, candidate.edge);
    if (flow <= 0) continue;
    result.pairings.push_back({candidate.proposal, candidate.juror, false});
    ++result.load[candidate.juror];
  }
  std::sort(result.pairings.begin(), result.pairings.end(), [](const Pairing& a, const Pairing& b) {
    return std::tie(a.proposal, a.juror) < std::tie(b.proposal, b.juror);
  });

  std::vector<std::size_t> assigned(proposals, 0);
  for (const Pairing& pairing : result.pairings) ++assigned[pairing.proposal];
  for (std::size_t p = 0; p < proposals; ++p) {
    if (assigned[p] >= request.reviewers) continue;
    result.shortfalls.push_back({p, assigned[p], shortfall_reason(request, p, result)});
  }
  result.quality = measure(request, result);
  return result;
}

}  // namespace shortlist::jury
