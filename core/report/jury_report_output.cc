#include "core/report/jury_report_output.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "core/report/report.h"
#include "core/text/unicode.h"

namespace shortlist::report {
namespace {

std::string percent(double share) { return fixed(100 * share, 0) + "%"; }

// A value with three decimals, or "-" when there is none.
std::string value_or_dash(double value, int decimals = 3) {
  return std::isnan(value) ? "-" : fixed(value, decimals);
}

std::string padded(const std::string& text, std::size_t width) {
  return text::fit_to_width(text, width);
}

std::string right(const std::string& text, std::size_t width) {
  const std::size_t shown = text::display_width(text);
  return std::string(shown < width ? width - shown : 0, ' ') + text;
}

// "! " before a proposal with fewer scored reviews than the call asks for.
std::string review_mark(const jury::JuryReport& report, std::size_t i) {
  return report.proposal_progress[i].too_few ? "! " : "  ";
}

Poco::Dynamic::Var number_or_null(double value) {
  return std::isnan(value) ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

}  // namespace

std::string jury_assignment_text(const jury::AssignmentRequest& request,
                                 const jury::Assignment& assignment, std::int64_t run,
                                 std::size_t stored) {
  std::ostringstream out;
  out << "Assignment of run " << run << "'s shortlist: " << request.proposals.size()
      << " proposals, " << request.jurors.size() << " jurors, " << request.reviewers
      << " reviewers each\n\n";
  std::vector<std::vector<const jury::Pairing*>> by_proposal(request.proposals.size());
  for (const jury::Pairing& p : assignment.pairings) by_proposal[p.proposal].push_back(&p);
  for (std::size_t i = 0; i < request.proposals.size(); ++i) {
    const jury::ProposalForJury& proposal = request.proposals[i];
    out << "  " << padded(proposal.id, 28) << " " << padded(proposal.language, 3) << "  ";
    for (std::size_t k = 0; k < by_proposal[i].size(); ++k) {
      const jury::Pairing& p = *by_proposal[i][k];
      const jury::Juror& juror = request.jurors[p.juror];
      const auto level = juror.reads(proposal.language);
      out << (k ? ", " : "") << juror.id << (p.manual ? "*" : "")
          << (level ? " (" + std::string(jury::to_string(*level)) + ")" : "");
    }
    out << "\n";
  }
  const jury::AssignmentQuality& q = assignment.quality;
  out << "\n  * set by the organiser\n\nQuality\n"
      << "  reviews placed   " << q.reviews << " of " << q.wanted << "\n"
      << "  load per juror   min " << q.min_load << ", max " << q.max_load << ", mean "
      << fixed(q.mean_load, 1) << ", spread (sd) " << fixed(q.load_stddev, 2) << "\n"
      << "  language match   " << percent(q.native_share) << " native, " << percent(q.fluent_share)
      << " fluent, " << percent(q.working_share) << " working\n";
  out << "  loads            ";
  for (std::size_t j = 0; j < request.jurors.size(); ++j) {
    out << (j ? ", " : "") << request.jurors[j].id << " " << assignment.load[j] << "/"
        << request.jurors[j].max_load;
  }
  out << "\n";
  if (!assignment.shortfalls.empty()) {
    out << "\nNot fully covered (" << assignment.shortfalls.size() << ")\n";
    for (const jury::Shortfall& s : assignment.shortfalls) {
      out << "  " << request.proposals[s.proposal].id << ": " << s.assigned << " of "
          << request.reviewers << " — " << s.reason << "\n";
    }
  }
  out << "\n"
      << (stored > 0 ? std::to_string(stored) +
                           " new pairings stored; proposals assigned are now "
                           "in review.\n"
                     : "Nothing new stored.\n");
  return out.str();
}

std::string jury_progress_text(const jury::JuryReport& report) {
  std::ostringstream out;
  out << "Progress per juror\n  " << padded("juror", 20) << right("assigned", 9)
      << right("reviewed", 9) << right("abstained", 10) << right("to do", 7) << "\n";
  for (const jury::JurorProgress& j : report.juror_progress) {
    out << "  " << padded(j.juror, 20) << right(std::to_string(j.assigned), 9)
        << right(std::to_string(j.reviewed), 9) << right(std::to_string(j.abstained), 10)
        << right(std::to_string(j.assigned > j.reviewed ? j.assigned - j.reviewed : 0), 7) << "\n";
  }
  out << "\nProgress per proposal\n  " << padded("proposal", 28) << right("assigned", 9)
      << right("scored", 8) << right("abstained", 10) << "\n";
  std::size_t short_of = 0;
  for (std::size_t i = 0; i < report.proposals.size(); ++i) {
    const jury::ProposalProgress& p = report.proposal_progress[i];
    short_of += p.too_few ? 1 : 0;
    out << (p.too_few ? "! " : "  ") << padded(report.proposals[i].id, 28)
        << right(std::to_string(p.assigned), 9) << right(std::to_string(p.scored), 8)
        << right(std::to_string(p.abstained), 10) << "\n";
  }
  if (short_of > 0) {
    out << "\n! " << short_of << " proposal" << (short_of == 1 ? " has" : "s have")
        << " fewer scored reviews than the call asks for\n";
  }
  return out.str();
}

std::string jury_report_text(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run) {
  std::ostringstream out;
  out << "Jury report — calibration: " << to_string(report.calibration)
      << (run ? ", automatic scores from run " + std::to_string(*run) : "") << "\n\n"
      << jury_progress_text(report);
  if (report.criteria.empty()) {
    for (const std::string& note : report.notes) out << "\nNote: " << note << "\n";
    return out.str();
  }
  const bool has_error =
      !report.overall.scores.additive.empty() && report.calibration == JuryCalibration::Additive;
  out << "\nJury scores, overall (each review's criteria weighted, on 0..1)\n  "
      << padded("proposal", 28) << right("n", 3) << right("mean", 8) << right("median", 8)
      << right("z-score", 9) << right("calibrated", 12) << (has_error ? right("± SE", 8) : "")
      << right("spread", 8) << "\n";
  const jury::JuryScores& s = report.overall.scores;
  for (std::size_t i : report.jury_order) {
    out << review_mark(report, i) << padded(report.proposals[i].id, 28)
        << right(std::to_string(s.reviews[i]), 3) << right(value_or_dash(s.mean[i]), 8)
        << right(value_or_dash(s.median[i]), 8) << right(value_or_dash(s.zscore[i]), 9)
        << right(value_or_dash(report.overall.value[i]), 12)
        << (has_error ? right(value_or_dash(report.overall.error[i]), 8) : "")
        << right(value_or_dash(s.spread[i]), 8) << "\n";
  }
  if (std::any_of(report.proposal_progress.begin(), report.proposal_progress.end(),
                  [](const jury::ProposalProgress& p) { return p.too_few; })) {
    out << "  ! fewer scored reviews than the call asks for: the SE is widened by "
           "sqrt(asked / scored)\n";
  }
  for (const jury::CriterionResult& c : report.criteria) {
    out << "\nCriterion " << c.criterion << " (raw mean → calibrated" << (has_error ? " ± SE" : "")
        << ")\n";
    for (std::size_t i : report.jury_order) {
      out << review_mark(report, i) << padded(report.proposals[i].id, 28)
          << right(value_or_dash(c.scores.mean[i], 2), 6) << " → " << value_or_dash(c.value[i], 2)
          << (has_error && !std::isnan(c.error[i]) ? " ± " + fixed(c.error[i], 2) : "") << "\n";
    }
  }
  if (!s.juror_bias.empty()) {
    out << "\nJuror bias (overall, additive model; noise sd " << value_or_dash(s.noise) << ")\n";
    for (std::size_t j = 0; j < report.jurors.size(); ++j) {
      if (std::isnan(s.juror_bias[j])) continue;
      out << "  " << padded(report.jurors[j], 20) << (s.juror_bias[j] >= 0 ? "+" : "")
          << fixed(s.juror_bias[j], 3) << " ± " << value_or_dash(s.juror_bias_error[j]) << "\n";
    }
  }
  if (!report.disputed.empty()) {
    out << "\nFor discussion — raw scores on a criterion more than "
        << (report.disagreement ? fixed(*report.disagreement, 1) : "half its scale") << " apart:";
    for (std::size_t i : report.disputed) out << " " << report.proposals[i].id;
    out << "\n";
  }
  out << "\nThe cut: top " << report.cut << "\n";
  if (report.cut >= report.jury_order.size()) {
    out << "  every scored proposal makes it\n";
  } else {
    out << "  "
        << (report.cut_in_noise
                ? "the scores either side of the cut differ by less than their combined "
                  "uncertainty (1.96 SE): the cut falls inside the noise — decide it by discussion"
            : has_error ? "the scores either side of the cut are further apart than their "
                          "combined uncertainty"
                        : "no standard errors with this calibration: the cut cannot be "
                          "checked against the noise")
        << "\n";
    if (report.method_disagreements.empty()) {
      out << "  the raw mean, Borda and Schulze agree with the calibrated top " << report.cut
          << "\n";
    }
    for (const std::string& d : report.method_disagreements) out << "  " << d << "\n";
  }
  out << "\nFinal ranking (" << to_string(config.method) << " over " << config.criteria.size()
      << " automatic and " << config.jury.criteria.size() << " jury criteria)\n";
  std::size_t rank = 0;
  const std::set<std::size_t> shortlist(report.final_shortlist.begin(),
                                        report.final_shortlist.end());
  for (std::size_t i : report.final_order) {
    ++rank;
    const jury::ProposalProgress& p = report.proposal_progress[i];
    out << (shortlist.count(i) ? "* "
            : p.too_few        ? "! "
                               : "  ")
        << right(std::to_string(rank), 3) << "  " << fixed(report.final_score[i], 3) << "  "
        << padded(report.proposals[i].id, 28) << "  " << padded(report.proposals[i].title, 44)
        << (p.too_few && p.admitted ? "  (admitted by the organiser)" : "") << "\n";
  }
  if (!report.held_back.empty()) {
    out << "  * the final shortlist; ! kept out of it with fewer scored reviews than the call "
           "asks for\n    (`shortlist jury admit PROPOSAL --reason TEXT` lets one in):";
    for (std::size_t i : report.held_back) {
      out << " " << report.proposals[i].id << " (" << report.proposal_progress[i].scored << " of "
          << config.jury.reviewers << ")";
    }
    out << "\n";
  }
  for (const std::string& why : report.not_ranked) out << "  not ranked: " << why << "\n";
  for (const std::string& note : report.notes) out << "\nNote: " << note << "\n";
  return out.str();
}

std::string jury_report_json(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  auto object = [] { return Object::Ptr(new Object(Poco::JSON_PRESERVE_KEY_ORDER)); };
  Object::Ptr root = object();
  root->set("calibration", std::string(to_string(report.calibration)));
  root->set("run", run ? Poco::Dynamic::Var(*run) : Poco::Dynamic::Var());
  root->set("method", std::string(to_string(config.method)));
  Array::Ptr jurors = new Array;
  for (std::size_t j = 0; j < report.jurors.size(); ++j) {
    const jury::JurorProgress& p = report.juror_progress[j];
    Object::Ptr juror = object();
    juror->set("id", report.jurors[j]);
    juror->set("assigned", p.assigned);
    juror->set("reviewed", p.reviewed);
    juror->set("abstained", p.abstained);
    const std::vector<double>& bias = report.overall.scores.juror_bias;
    juror->set("bias", number_or_null(bias.empty() ? NAN : bias[j]));
    juror->set("bias_error",
               number_or_null(bias.empty() ? NAN : report.overall.scores.juror_bias_error[j]));
    jurors->add(juror);
  }
  root->set("jurors", jurors);
  Array::Ptr proposals = new Array;
  for (std::size_t i = 0; i < report.proposals.size(); ++i) {
    const jury::ProposalProgress& p = report.proposal_progress[i];
    Object::Ptr proposal = object();
    proposal->set("id", report.proposals[i].id);
    proposal->set("title", report.proposals[i].title);
    proposal->set("assigned", p.assigned);
    proposal->set("scored", p.scored);
    proposal->set("abstained", p.abstained);
    proposal->set("too_few_reviews", p.too_few);
    proposal->set("admitted", p.admitted);
    auto scores_of = [&](const jury::CriterionResult& c) {
      Object::Ptr scores = object();
      const bool any = !c.scores.mean.empty();
      scores->set("mean", number_or_null(any ? c.scores.mean[i] : NAN));
      scores->set("median", number_or_null(any ? c.scores.median[i] : NAN));
      scores->set("zscore", number_or_null(any ? c.scores.zscore[i] : NAN));
      scores->set("calibrated", number_or_null(c.value.empty() ? NAN : c.value[i]));
      scores->set("standard_error", number_or_null(c.error.empty() ? NAN : c.error[i]));
      scores->set("spread", number_or_null(any ? c.scores.spread[i] : NAN));
      return scores;
    };
    if (!report.criteria.empty()) {
      proposal->set("overall", scores_of(report.overall));
      Object::Ptr criteria = object();
      for (const jury::CriterionResult& c : report.criteria)
        criteria->set(c.criterion, scores_of(c));
      proposal->set("criteria", criteria);
      proposal->set("borda", report.borda.score[i]);
      proposal->set("schulze_wins", report.schulze.score[i]);
    }
    proposal->set("final_score",
                  number_or_null(report.final_score.empty() ? NAN : report.final_score[i]));
    Array::Ptr reviews = new Array;
    for (const jury::ReviewInput& r : report.reviews) {
      if (r.proposal != report.proposals[i].id) continue;
      Object::Ptr review = object();
      review->set("juror", r.juror);
      review->set("abstained", r.abstained);
      review->set("confidence", r.confidence);
      review->set("comment", r.comment);
      Object::Ptr scores = object();
      for (const auto& [criterion, score] : r.scores) {
        Object::Ptr one = object();
        one->set("score", score);
        std::string note;
        for (const auto& [id, text] : r.comments) {
          if (id == criterion) note = text;
        }
        one->set("comment", note);
        scores->set(criterion, one);
      }
      review->set("scores", scores);
      reviews->add(review);
    }
    proposal->set("reviews", reviews);
    proposals->add(proposal);
  }
  root->set("proposals", proposals);
  Array::Ptr disputed = new Array, order = new Array, notes = new Array, not_ranked = new Array,
             disagreements = new Array;
  for (std::size_t i : report.disputed) disputed->add(report.proposals[i].id);
  for (std::size_t i : report.final_order) order->add(report.proposals[i].id);
  for (const std::string& n : report.notes) notes->add(n);
  for (const std::string& n : report.not_ranked) not_ranked->add(n);
  for (const std::string& d : report.method_disagreements) disagreements->add(d);
  root->set("disputed", disputed);
  root->set("cut", report.cut);
  root->set("cut_in_noise", report.cut_in_noise);
  root->set("method_disagreements", disagreements);
  root->set("final_ranking", order);
  Array::Ptr shortlist = new Array, held_back = new Array;
  for (std::size_t i : report.final_shortlist) shortlist->add(report.proposals[i].id);
  for (std::size_t i : report.held_back) held_back->add(report.proposals[i].id);
  root->set("final_shortlist", shortlist);
  root->set("held_back", held_back);
  root->set("not_ranked", not_ranked);
  root->set("notes", notes);
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(root, out, 2);
  out << "\n";
  return out.str();
}

}  // namespace shortlist::report
