// Assigns jurors to proposals: each proposal gets `reviewers` jurors who read
// its language at `min_level` or better, have no conflict with it and stay
// within their load. Solved as a minimum-cost maximum flow (Boost.Graph,
// successive shortest paths): as many reviews as the constraints allow are
// placed first, then among those the cheapest, where a juror's n-th proposal
// costs more the fuller they are (so loads even out relative to capacity) and
// a weaker language match costs more than a native one.
//
//   AssignmentRequest request{proposals, jurors, rules, /*reviewers=*/3};
//   Assignment result = assign_jurors(request);
//   for (const Shortfall& s : result.shortfalls) std::cerr << s.reason << '\n';
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/jury/juror.h"

namespace shortlist::jury {

// One proposal for one juror, by index into the request's vectors.
struct Pairing {
  std::size_t proposal = 0;
  std::size_t juror = 0;
  bool manual = false;  // set by the organiser, not by the solver

  friend bool operator==(const Pairing&, const Pairing&) = default;
};

struct AssignmentRequest {
  std::vector<ProposalForJury> proposals;
  std::vector<Juror> jurors;
  ConflictRules rules;
  std::size_t reviewers = 3;  // per proposal
  LanguageLevel min_level = LanguageLevel::Working;
  // The organiser's overrides: pairs that must be made (even against the
  // rules: the organiser decided) and pairs that must not.
  std::vector<Pairing> required;
  std::vector<Pairing> forbidden;
};

// A proposal that did not get all its reviewers, and why.
struct Shortfall {
  std::size_t proposal = 0;
  std::size_t assigned = 0;
  std::string reason;  // "only 1 juror reads ar (2 more are conflicted: ...)"
};

struct AssignmentQuality {
  std::size_t reviews = 0;  // pairings made
  std::size_t wanted = 0;   // proposals x reviewers
  std::size_t min_load = 0, max_load = 0;
  double mean_load = 0, load_stddev = 0;
  // Share of pairings where the juror reads the language at each level.
  double native_share = 0, fluent_share = 0, working_share = 0;
};

struct Assignment {
  std::vector<Pairing> pairings;  // by proposal, then juror
  std::vector<std::size_t> load;  // per juror
  std::vector<Shortfall> shortfalls;
  AssignmentQuality quality;
};

Assignment assign_jurors(const AssignmentRequest& request);

}  // namespace shortlist::jury
