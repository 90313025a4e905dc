// The jury's results for a call, put together for the organiser: progress
// per juror and per proposal; per jury criterion the raw and calibrated
// scores with their uncertainty; the jurors' orderings aggregated by Borda
// and Schulze; proposals whose jurors disagree; whether methods disagree on
// who makes the cut and whether the cut falls inside the noise; and the
// final ranking, which combines the automatic criteria (from an evaluation
// run) with the calibrated jury criteria by the weights of the criteria file.
//
//   JuryReport report = analyse_jury(config, proposals, jurors, assignments, reviews, 5);
//   for (std::size_t i : report.final_order) use(report.proposals[i].id, report.final_score[i]);
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/jury/calibration.h"
#include "core/jury/rank_aggregation.h"

namespace shortlist::jury {

struct ProposalInput {
  std::string id;
  std::string title;
  // The run's raw value per automatic criterion of the config, in its
  // order; empty when the run did not rank the proposal.
  std::vector<double> automatic;
  // The plugins' explanation of each of those values, in the same order
  // (may be empty: the report then shows the values alone).
  std::vector<std::string> explanations = {};
};

struct ReviewInput {
  std::string proposal;
  std::string juror;
  bool abstained = false;
  double confidence = 1;
  std::vector<std::pair<std::string, double>> scores;  // jury criterion id -> score
  std::string comment = {};                            // overall; the reason when abstaining
  std::vector<std::pair<std::string, std::string>> comments = {};  // criterion id -> comment
};

struct JurorProgress {
  std::string juror;
  std::size_t assigned = 0, reviewed = 0, abstained = 0;
};

struct ProposalProgress {
  std::size_t assigned = 0, scored = 0, abstained = 0;
  bool too_few = false;  // fewer scored reviews than the call asks for
  // The organiser let this under-reviewed proposal into the shortlist, with
  // a reason (`shortlist jury admit`).
  bool admitted = false;
};

struct CriterionResult {
  std::string criterion;
  JuryScores scores;
  std::vector<double> value;  // by the call's calibration (z-score when additive cannot apply)
  std::vector<double> error;  // its standard error where the method gives one, else NaN
};

struct JuryReport {
  std::vector<ProposalInput> proposals;
  std::vector<std::string> jurors;
  std::vector<JurorProgress> juror_progress;
  std::vector<ProposalProgress> proposal_progress;
  JuryCalibration calibration = JuryCalibration::Additive;
  std::vector<std::string> notes;  // e.g. a disconnected jury, a fallback
  // The reviews of the proposals above, as given, for the meeting to read.
  std::vector<ReviewInput> reviews;

  std::vector<CriterionResult> criteria;  // per jury criterion
  // The jury's overall view: each review's weighted mean of its criterion
  // scores, each put on 0..1 by its scale, then calibrated like the rest.
  CriterionResult overall;
  std::vector<std::size_t> jury_order;  // by overall.value, best first; reviewed ones only
  AggregateRanking borda, schulze;
  std::vector<std::size_t> disputed;   // raw scores further apart than the threshold
  std::optional<double> disagreement;  // the call's threshold; none: half of each scale

  std::size_t cut = 0;  // how many make the cut
  bool cut_in_noise = false;
  // "Borda puts X in and Y out of the top 5, unlike the calibrated scores."
  std::vector<std::string> method_disagreements;

  // The final ranking: reviewed proposals with automatic scores, best first.
  std::vector<std::size_t> final_order;
  std::vector<double> final_score;      // per proposal; NaN for those not ranked
  std::vector<std::string> not_ranked;  // "id: why"
  // The final shortlist: the first `cut` of final_order, passing over a
  // proposal with fewer scored reviews than the call asks for unless the
  // organiser admitted it; those passed over are held_back, in rank order.
  std::vector<std::size_t> final_shortlist;
  std::vector<std::size_t> held_back;
};

// How much wider a proposal's uncertainty is for having fewer reviews than
// the call asks for: a standard error falls with the square root of the
// number of reviews, so sqrt(required / scored); 1 when it has enough.
double review_shortfall_factor(std::size_t scored, std::size_t required);

// `jurors` are ids; `assignments` pairs (proposal id, juror id). Reviews of
// unknown proposals or jurors are ignored. `cut`: the number of places the
// jury fills (0: the call's shortlist size). `no_automatic_scores`: why no
// proposal has automatic scores, when the cause is the call's and not each
// proposal's (no run, or a criteria file that is not the run's); said once
// in not_ranked rather than once per proposal. `admitted`: under-reviewed
// proposals the organiser lets into the final shortlist.
JuryReport analyse_jury(const CallConfig& config, std::vector<ProposalInput> proposals,
                        const std::vector<std::string>& jurors,
                        const std::vector<std::pair<std::string, std::string>>& assignments,
                        const std::vector<ReviewInput>& reviews, std::size_t cut = 0,
                        const std::string& no_automatic_scores = "",
                        const std::set<std::string>& admitted = {});

}  // namespace shortlist::jury
