#include "core/report/html_report.h"

#include <algorithm>
#include <cmath>

#include "core/report/html_text.h"
#include "core/text/language.h"
#include "core/text/redact.h"
#include "core/util/digest.h"

namespace shortlist {
namespace {

using report::escape_html;
using report::fixed;
using report::right_to_left;

// One row per criterion: its label as HTML text, which wraps rather than
// being cut off however long the call's label is, and its contribution as a
// bar scaled to the largest absolute value.
std::string breakdown_table(const CallConfig& config, const RankedProposal& entry,
                            const ReportOptions& options) {
  const std::size_t m = config.criteria.size();
  double largest = 1e-12;
  for (const CriterionResult& r : entry.criteria)
    largest = std::max(largest, std::fabs(r.contribution));
  const int bar_width = 360;
  std::string table =
      "<table class=\"breakdown\"><caption class=\"meta\">Contribution of each "
      "criterion</caption><tbody>";
  for (std::size_t j = 0; j < m; ++j) {
    const double value = entry.criteria[j].contribution;
    const int length = static_cast<int>(std::round(std::fabs(value) / largest * bar_width));
    table += "<tr><th scope=\"row\">" + escape_html(config.criteria[j].label.in(options.language)) +
             "</th><td class=\"bar\"><svg width=\"" + std::to_string(bar_width + 2) +
             "\" height=\"14\" aria-hidden=\"true\" focusable=\"false\"><rect x=\"0\" y=\"1\" "
             "width=\"" +
             std::to_string(std::max(length, 1)) + "\" height=\"12\" fill=\"" +
             (value < 0 ? "#c0504d" : "#4f81bd") + "\"/></svg></td><td class=\"num\">" +
             fixed(value, 3) + "</td></tr>";
  }
  return table + "</tbody></table>";
}

}  // namespace

void write_html(std::ostream& out, const ReportInput& input, const ReportOptions& options) {
  const CallConfig& config = input.config;
  const Evaluation& evaluation = input.evaluation;
  const std::string title = config.call.in(options.language);
  const std::size_t count = report::shown(evaluation, options);
  const bool probabilities = evaluation.samples > 0;
  // Under blind review the report is the jury's: every applicant's name,
  // acronyms, distinctive words and e-mail domain withheld wherever they
  // appear, as the web service withholds them from jurors.
  const bool blind = config.jury.blind;
  text::Redactor hidden;
  if (blind) {
    for (const Proposal& p : evaluation.proposals) {
      hidden.hide_applicant(p.text("applicant.name").value_or(""),
                            p.text("applicant.email").value_or(""),
                            p.text("applicant.country").value_or(""));
    }
  }
  auto shown = [&](const std::string& text) { return escape_html(hidden.redact(text)); };

  out << "<!DOCTYPE html>\n<html lang=\"" << escape_html(options.language) << "\" dir=\""
      << (right_to_left(options.language) ? "rtl" : "ltr")
      << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape_html(title) << "</title>\n<style>" << report::report_stylesheet()
      << "</style>\n</head>\n<body>\n<main>\n"
      << "<h1>" << escape_html(title) << "</h1>\n<p class=\"meta\">" << evaluation.ranking.size()
      << " proposals ranked by " << to_string(config.method) << " over " << config.criteria.size()
      << " criteria; " << report::excluded_summary(evaluation) << "; shortlist of "
      << config.shortlist_size << ". Seed " << config.seed << "; criteria file SHA-256 "
      << sha256_hex(config.content).substr(0, 16) << "…</p>\n";

  out << "<h2>Criteria</h2>\n<table id=\"criteria\"><thead><tr><th>Criterion</th>"
      << "<th class=\"num\">Weight</th><th>Direction</th>";
  if (!evaluation.weight_intervals.empty()) out << "<th>Shortlist holds for weights</th>";
  out << "<th>Plugin</th></tr></thead><tbody>\n";
  for (std::size_t j = 0; j < config.criteria.size(); ++j) {
    const Criterion& c = config.criteria[j];
    const LoadedPlugin& plugin = input.scorers.criteria[j].plugin();
    out << "<tr><td>" << escape_html(c.label.in(options.language));
    if (!c.description.empty()) {
      out << "<br><span class=\"meta\">" << escape_html(c.description.in(options.language))
          << "</span>";
    }
    out << "</td><td class=\"num\">" << fixed(evaluation.weights[j], 3) << "</td><td>"
        << (c.direction == Direction::Max ? "higher is better" : "lower is better") << "</td>";
    if (j < evaluation.weight_intervals.size()) {
      out << "<td>" << fixed(evaluation.weight_intervals[j].low, 3) << " – "
          << fixed(evaluation.weight_intervals[j].high, 3) << "</td>";
    }
    out << "<td>" << escape_html(plugin.name) << " " << escape_html(plugin.version)
        << "</td></tr>\n";
  }
  out << "</tbody></table>\n<p class=\"meta\">The bars below show "
      << escape_html(report::contribution_meaning(config.method)) << ".</p>\n";

  out << "<h2>Ranking</h2>\n<table id=\"ranking\"><thead><tr><th class=\"num\">Rank</th>"
      << "<th>Proposal</th><th>Applicant</th><th>Language</th><th class=\"num\">Score</th>"
      << "<th>Shortlisted</th>";
  if (probabilities) out << "<th class=\"num\">Stability</th>";
  out << "</tr></thead><tbody>\n";
  for (std::size_t k = 0; k < count; ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& p = evaluation.proposals[entry.proposal];
    out << "<tr" << (entry.shortlisted ? " class=\"shortlisted\"" : "") << "><td class=\"num\">"
        << entry.rank << "</td><td><a href=\"#p-" << escape_html(p.id) << "\"><bdi>"
        << shown(p.title) << "</bdi></a></td><td>"
        << (blind ? std::string(text::kWithheld)
                  : escape_html(std::string(p.text("applicant.name").value_or(""))))
        << " " << escape_html(std::string(p.text("applicant.country").value_or(""))) << "</td><td>"
        << escape_html(p.language);
    if (const std::string mixed = text::mixed_languages(p); !mixed.empty()) {
      out << "<br><span class=\"meta\">" << escape_html(mixed) << "</span>";
    }
    out << "</td><td class=\"num\">" << fixed(entry.score, 3) << "</td><td>"
        << (entry.shortlisted ? "yes" : "") << "</td>";
    if (probabilities) {
      out << "<td class=\"num" << (entry.fragile ? " fragile" : "") << "\">"
          << fixed(100 * entry.shortlist_probability.value_or(0), 0) << "%"
          << (entry.fragile ? " (fragile)" : "") << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
  if (probabilities) {
    out << "<p class=\"meta\">Stability: the share of " << evaluation.samples
        << " random weightings around the configured weights that shortlist the proposal; "
        << "below " << fixed(100 * config.sensitivity.fragile_below, 0)
        << "% a shortlisted proposal is marked fragile.</p>\n";
  }

  const std::vector<std::string> quotas = report::quota_sentences(evaluation);
  if (!quotas.empty()) {
    out << "<h2>Quotas</h2>\n<ul class=\"notes\" id=\"quotas\">";
    for (const std::string& sentence : quotas) out << "<li>" << escape_html(sentence) << "</li>";
    out << "</ul>\n";
  }

  out << "<h2>Proposals</h2>\n";
  for (std::size_t k = 0; k < count; ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& p = evaluation.proposals[entry.proposal];
    out << "<section class=\"proposal\" id=\"p-" << escape_html(p.id) << "\" lang=\""
        << escape_html(p.language) << "\"><h3>" << entry.rank << ". <bdi>" << shown(p.title)
        << "</bdi></h3>\n<p class=\"meta\">" << escape_html(p.id) << " · " << shown(p.source)
        << " · score " << fixed(entry.score, 4);
    if (!entry.tie_break.empty()) out << " · tie: " << escape_html(entry.tie_break);
    out << "</p>\n" << breakdown_table(config, entry, options) << "\n<ul class=\"notes\">";
    for (std::size_t j = 0; j < config.criteria.size(); ++j) {
      const CriterionResult& r = entry.criteria[j];
      out << "<li><strong>" << escape_html(config.criteria[j].label.in(options.language))
          << "</strong>: " << report::isolate_quoted(hidden.redact(r.explanation));
      if (!r.imputed.empty()) out << " <em>(" << escape_html(r.imputed) << ")</em>";
      for (const Evidence& e : r.evidence)
        out << " · " << escape_html(e.label) << ": " << shown(e.text);
      out << "</li>";
    }
    out << "</ul></section>\n";
  }

  if (!evaluation.excluded.empty()) {
    out << "<h2>Excluded</h2>\n<table id=\"excluded\"><thead><tr><th>Submission</th><th>Reason</th>"
        << "</tr></thead><tbody>\n";
    for (const ingest::Exclusion& e : evaluation.excluded) {
      out << "<tr><td>" << shown(e.title.empty() ? e.source : e.title + " (" + e.source + ")")
          << "</td><td>" << shown(e.reason) << "</td></tr>\n";
    }
    out << "</tbody></table>\n";
  }
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace shortlist
