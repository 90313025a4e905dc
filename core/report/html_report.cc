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

constexpr const char* kStyle = R"(
body{font-family:system-ui,"Noto Sans",sans-serif;margin:2rem;color:#1a1a1a;max-width:70rem}
h1{font-size:1.6rem;margin-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:start;vertical-align:top}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}
tr.shortlisted{background:#eef6ee}
.fragile{color:#a40000;font-weight:600}
.meta{color:#555;font-size:.9rem}
section.proposal{break-inside:avoid;border-top:2px solid #333;margin-top:1.5rem;padding-top:.5rem}
svg text{font-size:11px;fill:#1a1a1a}
ul.notes li{margin:.2rem 0}
@media print{body{margin:0}a{color:inherit}}
)";

// One horizontal bar per criterion, scaled to the largest absolute value.
std::string breakdown_svg(const CallConfig& config, const RankedProposal& entry,
                          const ReportOptions& options) {
  const std::size_t m = config.criteria.size();
  double largest = 1e-12;
  for (const CriterionResult& r : entry.criteria)
    largest = std::max(largest, std::fabs(r.contribution));
  const int row = 22;
  const int label_width = 260;
  const int bar_width = 360;
  const int height = static_cast<int>(m) * row + 6;
  std::string svg = "<svg role=\"img\" width=\"" + std::to_string(label_width + bar_width + 80) +
                    "\" height=\"" + std::to_string(height) +
                    "\" aria-label=\"contribution of each criterion\">";
  for (std::size_t j = 0; j < m; ++j) {
    const double value = entry.criteria[j].contribution;
    const int length = static_cast<int>(std::round(std::fabs(value) / largest * bar_width));
    const int y = static_cast<int>(j) * row + 3;
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 14) + "\">" +
           escape_html(config.criteria[j].label.in(options.language)) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(std::max(length, 1)) + "\" height=\"14\" fill=\"" +
           (value < 0 ? "#c0504d" : "#4f81bd") + "\"><title>" + escape_html(config.criteria[j].id) +
           ": " + fixed(value, 4) + "</title></rect>";
    svg += "<text x=\"" + std::to_string(label_width + length + 6) + "\" y=\"" +
           std::to_string(y + 14) + "\">" + fixed(value, 3) + "</text>";
  }
  return svg + "</svg>";
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
      << "<title>" << escape_html(title) << "</title>\n<style>" << kStyle
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
        << entry.rank << "</td><td><a href=\"#p-" << escape_html(p.id) << "\">" << shown(p.title)
        << "</a></td><td>"
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
        << escape_html(p.language) << "\"><h3>" << entry.rank << ". " << shown(p.title)
        << "</h3>\n<p class=\"meta\">" << escape_html(p.id) << " · " << shown(p.source)
        << " · score " << fixed(entry.score, 4);
    if (!entry.tie_break.empty()) out << " · tie: " << escape_html(entry.tie_break);
    out << "</p>\n" << breakdown_svg(config, entry, options) << "\n<ul class=\"notes\">";
    for (std::size_t j = 0; j < config.criteria.size(); ++j) {
      const CriterionResult& r = entry.criteria[j];
      out << "<li><strong>" << escape_html(config.criteria[j].label.in(options.language))
          << "</strong>: " << shown(r.explanation);
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
