#include "core/jury/jury_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "core/ranking/ranking.h"

namespace shortlist::jury {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The call's calibration of `scores`; additive falls back to z-scores when
// the jury is disconnected (with a note).
CriterionResult choose(std::string criterion, JuryScores scores, JuryCalibration calibration,
                       std::vector<std::string>& notes) {
  CriterionResult result{std::move(criterion), std::move(scores), {}, {}};
  const JuryScores& s = result.scores;
  result.error.assign(s.mean.size(), kNaN);
  switch (calibration) {
    case JuryCalibration::Mean:
      result.value = s.mean;
      break;
    case JuryCalibration::Median:
      result.value = s.median;
      break;
    case JuryCalibration::ZScore:
      result.value = s.zscore;
      break;
    case JuryCalibration::Additive:
      if (s.disconnected) {
        notes.push_back(result.criterion + ": " + *s.disconnected + "; z-scores are used instead");
        result.value = s.zscore;
      } else if (!s.additive.empty()) {
        result.value = s.additive;
        result.error = s.additive_error;
      } else {
        result.value = s.mean;
      }
      break;
  }
  return result;
}

std::vector<std::size_t> ranked(const std::vector<double>& value) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!std::isnan(value[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
  return order;
}

std::set<std::size_t> top(const std::vector<std::size_t>& order, std::size_t n) {
  return {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(n, order.size()))};
}

std::string ids(const std::vector<ProposalInput>& proposals, const std::set<std::size_t>& which) {
  std::vector<std::string> names;
  for (std::size_t i : which) names.push_back(proposals[i].id);
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

double review_shortfall_factor(std::size_t scored, std::size_t required) {
  if (scored == 0 || scored >= required) return 1;
  return std::sqrt(static_cast<double>(required) / static_cast<double>(scored));
}

JuryReport analyse_jury(const CallConfig& config, std::vector<ProposalInput> proposals,
                        const std::vector<std::string>& jurors,
                        const std::vector<std::pair<std::string, std::string>>& assignments,
                        const std::vector<ReviewInput>& reviews, std::size_t cut,
                        const std::string& no_automatic_scores,
                        const std::set<std::string>& admitted) {
  JuryReport report;
  report.proposals = std::move(proposals);
  report.jurors = jurors;
  report.calibration = config.jury.calibration;
  const std::size_t n = report.proposals.size(), m = jurors.size();
  std::map<std::string, std::size_t> proposal_index, juror_index;
  for (std::size_t i = 0; i < n; ++i) proposal_index[report.proposals[i].id] = i;
  for (std::size_t j = 0; j < m; ++j) juror_index[jurors[j]] = j;

  report.juror_progress.resize(m);
  for (std::size_t j = 0; j < m; ++j) report.juror_progress[j].juror = jurors[j];
  report.proposal_progress.resize(n);
  for (const auto& [proposal, juror] : assignments) {
    if (!proposal_index.count(proposal) || !juror_index.count(juror)) continue;
    ++report.proposal_progress[proposal_index[proposal]].assigned;
    ++report.juror_progress[juror_index[juror]].assigned;
  }
  struct Known {
    std::size_t proposal, juror;
    const ReviewInput* review;
  };
  std::vector<Known> scored;
  for (const ReviewInput& r : reviews) {
    if (!proposal_index.count(r.proposal) || !juror_index.count(r.juror)) continue;
    const std::size_t i = proposal_index[r.proposal], j = juror_index[r.juror];
    ++report.juror_progress[j].reviewed;
    if (r.abstained) {
      ++report.juror_progress[j].abstained;
      ++report.proposal_progress[i].abstained;
      continue;
    }
    ++report.proposal_progress[i].scored;
    scored.push_back({i, j, &r});
  }
  for (const ReviewInput& r : reviews) {
    if (proposal_index.count(r.proposal) && juror_index.count(r.juror)) report.reviews.push_back(r);
  }
  for (std::size_t i = 0; i < n; ++i) {
    ProposalProgress& p = report.proposal_progress[i];
    p.too_few = p.scored < config.jury.reviewers;
    p.admitted = p.too_few && admitted.count(report.proposals[i].id) != 0;
  }

  const std::vector<JuryCriterion>& criteria = config.jury.criteria;
  if (criteria.empty()) {
    report.notes.push_back("the criteria file has no jury criteria (source: jury)");
    return report;
  }

  // Per criterion, and the overall view on 0..1.
  std::set<std::size_t> disputed;
  double total_weight = 0;
  for (const JuryCriterion& c : criteria) total_weight += c.weight;
  std::vector<Review> overall;
  for (const Known& k : scored) {
    double sum = 0;
    for (const JuryCriterion& c : criteria) {
      for (const auto& [id, score] : k.review->scores) {
        if (id != c.id) continue;
        const double share = (score - c.scale_min) / (c.scale_max - c.scale_min);
        sum += (total_weight > 0 ? c.weight / total_weight : 1.0 / criteria.size()) * share;
      }
    }
    overall.push_back({k.proposal, k.juror, sum, k.review->confidence});
  }
  for (const JuryCriterion& c : criteria) {
    std::vector<Review> list;
    for (const Known& k : scored) {
      for (const auto& [id, score] : k.review->scores) {
        if (id == c.id) list.push_back({k.proposal, k.juror, score, k.review->confidence});
      }
    }
    report.criteria.push_back(
        choose(c.id, calibrate(list, n, m, jurors), config.jury.calibration, report.notes));
    const double threshold = config.jury.disagreement.value_or((c.scale_max - c.scale_min) / 2);
    const std::vector<double>& spread = report.criteria.back().scores.spread;
    for (std::size_t i = 0; i < n; ++i) {
      if (spread[i] > threshold) disputed.insert(i);
    }
  }
  report.disagreement = config.jury.disagreement;
  report.disputed.assign(disputed.begin(), disputed.end());
  std::vector<std::string> overall_notes;  // the per-criterion notes say it already
  report.overall =
      choose("overall", calibrate(overall, n, m, jurors), config.jury.calibration, overall_notes);
  // Fewer reviews than asked for: the uncertainty the model gives is
  // widened, so that a single generous review cannot pass for a sure place.
  for (std::size_t i = 0; i < n; ++i) {
    const double factor =
        review_shortfall_factor(report.proposal_progress[i].scored, config.jury.reviewers);
    if (factor == 1) continue;
    if (i < report.overall.error.size()) report.overall.error[i] *= factor;
    for (CriterionResult& c : report.criteria) {
      if (i < c.error.size()) c.error[i] *= factor;
    }
  }
  report.jury_order = ranked(report.overall.value);

  // Each juror's ordering of what they scored, by their own overall score:
  // a juror's bias shifts all their scores alike and leaves it unchanged.
  std::vector<std::vector<std::pair<std::size_t, double>>> by_juror(m);
  for (const Review& r : overall) by_juror[r.juror].push_back({r.proposal, r.score});
  std::vector<Ballot> ballots;
  for (const auto& scores : by_juror) {
    if (scores.size() > 1) ballots.push_back(ballot_from_scores(scores));
  }
  report.borda = borda(ballots, n);
  report.schulze = schulze(ballots, n);

  report.cut = cut > 0 ? cut : config.shortlist_size;
  report.cut_in_noise = cutoff_within_noise(report.overall.value, report.overall.error,
                                            report.jury_order, report.cut);
  if (report.cut < report.jury_order.size()) {
    const std::set<std::size_t> reference = top(report.jury_order, report.cut);
    auto compare = [&](const std::string& method, const std::vector<std::size_t>& order) {
      std::vector<std::size_t> reviewed;
      for (std::size_t i : order) {
        if (report.proposal_progress[i].scored > 0) reviewed.push_back(i);
      }
      const std::set<std::size_t> theirs = top(reviewed, report.cut);
      std::set<std::size_t> in, out;
      std::set_difference(theirs.begin(), theirs.end(), reference.begin(), reference.end(),
                          std::inserter(in, in.end()));
      std::set_difference(reference.begin(), reference.end(), theirs.begin(), theirs.end(),
                          std::inserter(out, out.end()));
      if (in.empty()) return;
      report.method_disagreements.push_back(method + " puts " + ids(report.proposals, in) +
                                            " in the top " + std::to_string(report.cut) +
                                            " instead of " + ids(report.proposals, out));
    };
    compare("the raw mean", ranked(report.overall.scores.mean));
    compare("Borda", report.borda.order);
    compare("Schulze", report.schulze.order);
  }

  // The final ranking over the automatic and the jury criteria.
  report.final_score.assign(n, kNaN);
  std::vector<std::size_t> rows;
  std::size_t without_automatic = 0;  // for the call's reason, said once
  for (std::size_t i = 0; i < n; ++i) {
    const ProposalInput& p = report.proposals[i];
    bool complete = true;
    for (const CriterionResult& c : report.criteria) complete = complete && !std::isnan(c.value[i]);
    if (p.automatic.size() != config.criteria.size() && !no_automatic_scores.empty()) {
      ++without_automatic;
    } else if (p.automatic.size() != config.criteria.size()) {
      report.not_ranked.push_back(p.id + ": the evaluation run has no automatic scores for it");
    } else if (!complete) {
      report.not_ranked.push_back(p.id + ": not every jury criterion has a score yet");
    } else {
      rows.push_back(i);
    }
  }
  if (without_automatic > 0) {
    report.not_ranked.insert(
        report.not_ranked.begin(),
        (without_automatic == n && n > 1 ? "all " : "") + std::to_string(without_automatic) +
            (without_automatic == 1 ? " proposal: " : " proposals: ") + no_automatic_scores);
  }
  if (rows.empty()) return report;
  std::vector<CriterionModel> models = config.models();
  for (const JuryCriterion& c : criteria) {
    CriterionModel model;
    model.weight = c.weight;
    model.name = c.id;
    models.push_back(model);
  }
  DecisionMatrix matrix(rows.size(), models.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const ProposalInput& p = report.proposals[rows[r]];
    for (std::size_t j = 0; j < p.automatic.size(); ++j) matrix.at(r, j) = p.automatic[j];
    for (std::size_t c = 0; c < report.criteria.size(); ++c) {
      matrix.at(r, p.automatic.size() + c) = report.criteria[c].value[rows[r]];
    }
  }
  Expected<PreparedRanking> prepared = PreparedRanking::prepare(config.method, matrix, models);
  if (!prepared) {
    report.notes.push_back("no final ranking: " + prepared.problems()[0].message);
    return report;
  }
  const MethodResult result = prepared->evaluate(normalized_weights(configured_weights(models)));
  for (std::size_t r = 0; r < rows.size(); ++r) report.final_score[rows[r]] = result.score[r];
  report.final_order = ranked(report.final_score);
  for (std::size_t i : report.final_order) {
    const ProposalProgress& p = report.proposal_progress[i];
    if (p.too_few && !p.admitted) {
      report.held_back.push_back(i);
    } else if (report.final_shortlist.size() < report.cut) {
      report.final_shortlist.push_back(i);
    }
  }
  return report;
}

}  // namespace shortlist::jury
