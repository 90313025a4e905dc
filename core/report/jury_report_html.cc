// The jury's meeting page: everything of jury_report_text, laid out to be
// read on a screen or printed and annotated, one file with nothing to fetch.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/report/html_text.h"
#include "core/report/jury_report_output.h"
#include "core/report/report.h"

namespace shortlist::report {
namespace {

// What the meeting page adds to the reports' style sheet.
constexpr const char* kJuryStyle = R"(
.under{color:#8a4b00;font-weight:600}
.interval{display:inline-block;vertical-align:middle}
.interval svg{display:block}
td.comment{max-width:28rem;overflow-wrap:anywhere}
table.reviews td,table.reviews th{font-size:.92rem}
.abstained{color:#555;font-style:italic}
.legend{font-size:.9rem;color:#444}
table#jurors{width:auto}
table#jurors td,table#jurors th{padding-inline-end:2rem}
@page{margin:1.5cm}
@media print{
 body{font-size:10pt;max-width:none;margin:0 1rem}
 section.proposal{break-before:auto;break-inside:avoid-page}
 table{page-break-inside:auto}
 tr{break-inside:avoid}
 thead{display:table-header-group}
 nav{display:none}
 a[href^="#"]{text-decoration:none}
}
)";

std::string value_or_dash(double value, int decimals = 3) {
  return std::isnan(value) ? "–" : fixed(value, decimals);
}

// A criterion's raw value as people write it: 64, 0.35, 141.429.
std::string plain_number(double value) {
  if (std::isnan(value)) return "–";
  std::string text = fixed(value, 3);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// Title text from an applicant, in any script, set apart from the page's.
std::string isolated(const std::string& text) { return "<bdi>" + escape_html(text) + "</bdi>"; }

// A calibrated value with its 95% interval as a small bar on [low, high].
std::string interval_svg(double value, double error, double low, double high) {
  if (std::isnan(value)) return "";
  const double width = 120, span = high > low ? high - low : 1;
  auto x = [&](double v) { return std::clamp((v - low) / span, 0.0, 1.0) * width; };
  std::ostringstream svg;
  svg << "<span class=\"interval\"><svg width=\"" << width + 2 << "\" height=\"12\" "
      << "aria-hidden=\"true\" focusable=\"false\">";
  if (!std::isnan(error)) {
    svg << "<rect x=\"" << fixed(x(value - 1.96 * error), 1) << "\" y=\"4\" width=\""
        << fixed(std::max(1.0, x(value + 1.96 * error) - x(value - 1.96 * error)), 1)
        << "\" height=\"4\" fill=\"#9bb7d4\"/>";
  }
  svg << "<rect x=\"" << fixed(x(value), 1) << "\" y=\"1\" width=\"2\" height=\"10\" "
      << "fill=\"#1f4e79\"/></svg></span>";
  return svg.str();
}

template <typename T>
std::map<std::size_t, std::size_t> places(const std::vector<T>& order) {
  std::map<std::size_t, std::size_t> place;
  for (std::size_t k = 0; k < order.size(); ++k) place[order[k]] = k + 1;
  return place;
}

}  // namespace

std::string jury_report_html(const jury::JuryReport& report, const CallConfig& config,
                             std::optional<std::int64_t> run, const std::string& language) {
  std::ostringstream out;
  const std::string call = config.call.in(language);
  const std::size_t n = report.proposals.size();
  const std::size_t asked = config.jury.reviewers;
  const bool has_criteria = !report.criteria.empty();
  const bool has_error = has_criteria && report.calibration == JuryCalibration::Additive &&
                         !report.overall.scores.additive.empty();
  const std::set<std::size_t> shortlist(report.final_shortlist.begin(),
                                        report.final_shortlist.end());
  auto label_of = [&](const std::string& criterion) {
    for (const JuryCriterion& c : config.jury.criteria) {
      if (c.id == criterion) return c.label.in(language);
    }
    return criterion;
  };
  auto reviews_cell = [&](std::size_t i) {
    const jury::ProposalProgress& p = report.proposal_progress[i];
    std::string cell = std::to_string(p.scored) + " of " + std::to_string(asked);
    if (p.too_few) {
      cell =
          "<span class=\"under\">" + cell + (p.admitted ? " (admitted)" : " (too few)") + "</span>";
    }
    return cell;
  };
  auto proposal_link = [&](std::size_t i) {
    return "<a href=\"#p-" + escape_html(report.proposals[i].id) + "\">" +
           isolated(report.proposals[i].title.empty() ? report.proposals[i].id
                                                      : report.proposals[i].title) +
           "</a>";
  };

  out << "<!DOCTYPE html>\n<html lang=\"" << escape_html(language) << "\" dir=\""
      << (right_to_left(language) ? "rtl" : "ltr") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Jury report — " << escape_html(call) << "</title>\n<style>" << report_stylesheet()
      << kJuryStyle << "</style>\n</head>\n<body>\n<main>\n"
      << "<h1>Jury report</h1>\n<p class=\"meta\">" << escape_html(call) << " · " << n
      << " proposals in review, " << report.jurors.size() << " jurors, " << asked
      << " reviews asked per proposal · calibration: " << to_string(report.calibration)
      << (run ? " · automatic scores from run " + std::to_string(*run) : "") << "</p>\n";
  out << "<nav aria-label=\"Contents\"><ul class=\"notes\">"
      << "<li><a href=\"#ranking\">Calibrated ranking, Borda and Schulze</a></li>"
      << "<li><a href=\"#discussion\">For discussion</a></li>"
      << "<li><a href=\"#final\">Final ranking and shortlist</a></li>"
      << "<li><a href=\"#proposals\">Each proposal's reviews</a></li></ul></nav>\n";

  if (!has_criteria) {
    out << "<ul class=\"notes\">";
    for (const std::string& note : report.notes) out << "<li>" << escape_html(note) << "</li>";
    out << "</ul>\n</main>\n</body>\n</html>\n";
    return out.str();
  }

  // The calibrated ranking, with Borda and Schulze beside it.
  const jury::JuryScores& s = report.overall.scores;
  double low = 0, high = 1;
  for (std::size_t i : report.jury_order) {
    const double v = report.overall.value[i];
    const double e = std::isnan(report.overall.error[i]) ? 0 : 1.96 * report.overall.error[i];
    low = std::min(low, v - e);
    high = std::max(high, v + e);
  }
  const auto borda = places(report.borda.order), schulze = places(report.schulze.order);
  out << "<h2 id=\"ranking\">Calibrated ranking, Borda and Schulze</h2>\n"
      << "<p class=\"legend\">The jury's overall score: each review's criteria weighted and put "
         "on 0..1, then calibrated ("
      << to_string(report.calibration) << ")."
      << (has_error ? " The bar shows the calibrated score and its 95% interval (± 1.96 SE)." : "")
      << " Borda and Schulze order the proposals by the jurors' own rankings, so a harsh or "
         "generous juror weighs no more than another.</p>\n"
      << "<table id=\"calibrated\"><thead><tr><th scope=\"col\" class=\"num\">Place</th>"
      << "<th scope=\"col\">Proposal</th><th scope=\"col\">Reviews</th>"
      << "<th scope=\"col\" class=\"num\">Raw mean</th>"
      << "<th scope=\"col\" class=\"num\">Calibrated</th>"
      << (has_error ? "<th scope=\"col\" class=\"num\">± SE</th><th scope=\"col\">Interval</th>"
                    : "")
      << "<th scope=\"col\" class=\"num\">Borda place</th>"
      << "<th scope=\"col\" class=\"num\">Schulze place</th></tr></thead><tbody>\n";
  std::size_t place = 0;
  for (std::size_t i : report.jury_order) {
    out << "<tr><td class=\"num\">" << ++place << "</td><td>" << proposal_link(i) << "</td><td>"
        << reviews_cell(i) << "</td><td class=\"num\">" << value_or_dash(s.mean[i])
        << "</td><td class=\"num\">" << value_or_dash(report.overall.value[i]) << "</td>";
    if (has_error) {
      out << "<td class=\"num\">" << value_or_dash(report.overall.error[i]) << "</td><td>"
          << interval_svg(report.overall.value[i], report.overall.error[i], low, high) << "</td>";
    }
    out << "<td class=\"num\">" << (borda.count(i) ? std::to_string(borda.at(i)) : "–")
        << " <span class=\"meta\">(" << value_or_dash(report.borda.score[i], 2)
        << ")</span></td><td class=\"num\">"
        << (schulze.count(i) ? std::to_string(schulze.at(i)) : "–") << " <span class=\"meta\">("
        << value_or_dash(report.schulze.score[i], 0) << " wins)</span></td></tr>\n";
  }
  out << "</tbody></table>\n";
  if (std::any_of(report.proposal_progress.begin(), report.proposal_progress.end(),
                  [](const jury::ProposalProgress& p) { return p.too_few; })) {
    out << "<p class=\"legend\"><span class=\"under\">Too few</span>: fewer scored reviews than "
           "the call asks for; the standard error is widened by √(asked / scored), and the "
           "proposal stays out of the final shortlist unless the organiser admits it "
           "(<code>shortlist jury admit</code>).</p>\n";
  }
  if (!s.juror_bias.empty()) {
    out << "<h3>Jurors</h3>\n<table id=\"jurors\"><thead><tr><th scope=\"col\">Juror</th>"
        << "<th scope=\"col\" class=\"num\">Reviewed</th><th scope=\"col\" class=\"num\">"
        << "Bias (additive model)</th></tr></thead><tbody>\n";
    for (std::size_t j = 0; j < report.jurors.size(); ++j) {
      out << "<tr><td>" << escape_html(report.jurors[j]) << "</td><td class=\"num\">"
          << report.juror_progress[j].reviewed << " of " << report.juror_progress[j].assigned
          << "</td><td class=\"num\">"
          << (std::isnan(s.juror_bias[j])
                  ? "–"
                  : (s.juror_bias[j] >= 0 ? "+" : "") + fixed(s.juror_bias[j], 3) + " ± " +
                        value_or_dash(s.juror_bias_error[j]))
          << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }

  // What the meeting has to talk about.
  out << "<h2 id=\"discussion\">For discussion</h2>\n<ul class=\"notes\">";
  if (report.disputed.empty()) {
    out << "<li>No proposal's jurors are far apart on any criterion.</li>";
  }
  for (std::size_t i : report.disputed) {
    out << "<li>" << proposal_link(i) << ": raw scores further apart than "
        << (report.disagreement ? fixed(*report.disagreement, 1) : "half the scale") << " —";
    for (const jury::CriterionResult& c : report.criteria) {
      out << " " << escape_html(label_of(c.criterion)) << " spread "
          << value_or_dash(c.scores.spread[i], 1) << ";";
    }
    out << "</li>";
  }
  out << "<li>The cut at " << report.cut << ": "
      << (report.cut >= report.jury_order.size() ? "every scored proposal makes it"
          : report.cut_in_noise
              ? "the scores either side of it differ by less than their combined uncertainty "
                "(1.96 SE) — decide it by discussion"
          : has_error ? "the scores either side of it are further apart than their combined "
                        "uncertainty"
                      : "no standard errors with this calibration: it cannot be checked against "
                        "the noise")
      << ".</li>";
  for (const std::string& d : report.method_disagreements) {
    out << "<li>" << escape_html(d) << ".</li>";
  }
  for (const std::string& note : report.notes) out << "<li>" << escape_html(note) << "</li>";
  out << "</ul>\n";

  // The final ranking and the shortlist it gives.
  out << "<h2 id=\"final\">Final ranking and shortlist</h2>\n<p class=\"legend\">"
      << to_string(config.method) << " over " << config.criteria.size() << " automatic and "
      << config.jury.criteria.size() << " jury criteria, by the weights of the criteria file; "
      << "the shortlist is the first " << report.cut << " with enough reviews.</p>\n"
      << "<table id=\"final-ranking\"><thead><tr><th scope=\"col\" class=\"num\">Rank</th>"
      << "<th scope=\"col\">Proposal</th><th scope=\"col\" class=\"num\">Score</th>"
      << "<th scope=\"col\">Reviews</th><th scope=\"col\">Shortlist</th></tr></thead><tbody>\n";
  std::size_t rank = 0;
  for (std::size_t i : report.final_order) {
    const bool in = shortlist.count(i) != 0;
    const jury::ProposalProgress& p = report.proposal_progress[i];
    out << "<tr" << (in ? " class=\"shortlisted\"" : "") << "><td class=\"num\">" << ++rank
        << "</td><td>" << proposal_link(i) << "</td><td class=\"num\">"
        << value_or_dash(report.final_score[i]) << "</td><td>" << reviews_cell(i) << "</td><td>"
        << (in                         ? "yes"
            : p.too_few && !p.admitted ? "held back: too few reviews"
                                       : "")
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n";
  if (!report.not_ranked.empty()) {
    out << "<ul class=\"notes\">";
    for (const std::string& why : report.not_ranked) {
      out << "<li>Not ranked: " << escape_html(why) << "</li>";
    }
    out << "</ul>\n";
  }

  // Each proposal: its automatic criteria and its reviews, comments and all.
  out << "<h2 id=\"proposals\">Each proposal's reviews</h2>\n";
  std::vector<std::size_t> listed = report.jury_order;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::find(listed.begin(), listed.end(), i) == listed.end()) listed.push_back(i);
  }
  for (std::size_t i : listed) {
    const jury::ProposalInput& p = report.proposals[i];
    out << "<section class=\"proposal\" id=\"p-" << escape_html(p.id) << "\"><h3>"
        << isolated(p.title.empty() ? p.id : p.title) << "</h3>\n<p class=\"meta\">"
        << escape_html(p.id) << " · reviews " << reviews_cell(i) << " · calibrated "
        << value_or_dash(report.overall.value[i])
        << (has_error && !std::isnan(report.overall.error[i])
                ? " ± " + fixed(report.overall.error[i], 3)
                : "")
        << "</p>\n";
    if (p.automatic.size() == config.criteria.size() && !config.criteria.empty()) {
      out << "<table class=\"automatic\"><caption class=\"meta\">Automatic criteria</caption>"
          << "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\" class=\"num\">Value"
          << "</th><th scope=\"col\">Explanation</th></tr></thead><tbody>\n";
      for (std::size_t j = 0; j < config.criteria.size(); ++j) {
        out << "<tr><td>" << escape_html(config.criteria[j].label.in(language))
            << "</td><td class=\"num\">" << plain_number(p.automatic[j]) << "</td><td>"
            << (j < p.explanations.size() ? escape_html(p.explanations[j]) : "") << "</td></tr>\n";
      }
      out << "</tbody></table>\n";
    }
    out << "<table class=\"reviews\"><caption class=\"meta\">Reviews</caption><thead><tr>"
        << "<th scope=\"col\">Juror</th>";
    for (const JuryCriterion& c : config.jury.criteria) {
      out << "<th scope=\"col\">" << escape_html(c.label.in(language)) << "</th>";
    }
    out << "<th scope=\"col\">Comment</th><th scope=\"col\" class=\"num\">Confidence</th>"
        << "</tr></thead><tbody>\n";
    bool any = false;
    for (const jury::ReviewInput& r : report.reviews) {
      if (r.proposal != p.id) continue;
      any = true;
      out << "<tr><th scope=\"row\">" << escape_html(r.juror) << "</th>";
      if (r.abstained) {
        out << "<td class=\"abstained\" colspan=\"" << config.jury.criteria.size() + 1
            << "\">abstained: " << escape_html(r.comment) << "</td><td></td></tr>\n";
        continue;
      }
      for (const JuryCriterion& c : config.jury.criteria) {
        out << "<td class=\"comment\">";
        for (const auto& [id, score] : r.scores) {
          if (id == c.id) out << "<strong>" << value_or_dash(score, 1) << "</strong>";
        }
        for (const auto& [id, text] : r.comments) {
          if (id == c.id) out << " " << escape_html(text);
        }
        out << "</td>";
      }
      out << "<td class=\"comment\">" << escape_html(r.comment) << "</td><td class=\"num\">"
          << fixed(r.confidence, 2) << "</td></tr>\n";
    }
    if (!any) {
      out << "<tr><td colspan=\"" << config.jury.criteria.size() + 3
          << "\">No review yet.</td></tr>\n";
    }
    out << "</tbody></table>\n</section>\n";
  }
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace shortlist::report
