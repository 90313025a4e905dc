#include "core/report/report.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cstdio>

#include "core/text/unicode.h"

namespace shortlist {
namespace {

std::size_t shown(const Evaluation& evaluation, const ReportOptions& options) {
  return std::min(evaluation.ranking.size(), options.top.value_or(evaluation.ranking.size()));
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string right(const std::string& text, std::size_t width) {
  const std::size_t used = text::display_width(text);
  return used >= width ? text : std::string(width - used, ' ') + text;
}

Poco::JSON::Object::Ptr ordered_object() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

// CSV field quoting (RFC 4180).
std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void write_table(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
                 const ReportOptions& options) {
  const std::size_t m = config.criteria.size();
  out << config.call.in(options.language) << "\n"
      << evaluation.ranking.size() << " proposals ranked by " << to_string(config.method)
      << " over " << m << " criteria; " << evaluation.excluded.size() << " excluded; shortlist of "
      << config.shortlist_size << ".\n\n"
      << "Columns C1..C" << m
      << " give each criterion's contribution to the score (weight x normalised value):\n";
  for (std::size_t j = 0; j < m; ++j) {
    const Criterion& c = config.criteria[j];
    out << "  C" << j + 1 << "  " << text::fit_to_width(c.id, 16) << " weight "
        << fixed(evaluation.weights[j], 2) << ", "
        << (c.direction == Direction::Max ? "higher" : "lower")
        << " is better: " << c.label.in(options.language) << "\n";
  }
  out << "\n";

  std::size_t id_width = 2;
  for (const RankedProposal& entry : evaluation.ranking) {
    id_width = std::max(id_width, text::display_width(evaluation.proposals[entry.proposal].id));
  }
  id_width = std::min<std::size_t>(id_width, 28);
  constexpr std::size_t kTitleWidth = 40;
  constexpr std::size_t kCriterionWidth = 5;

  out << right("Rank", 4) << "  " << right("Score", 6) << "  " << text::fit_to_width("Id", id_width)
      << "  Lang  Ctry  " << text::fit_to_width("Title", kTitleWidth);
  for (std::size_t j = 0; j < m; ++j)
    out << "  " << right("C" + std::to_string(j + 1), kCriterionWidth);
  out << "\n";

  const std::size_t count = shown(evaluation, options);
  for (std::size_t k = 0; k < count; ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    if (k == config.shortlist_size && k > 0) {
      out << "  ---- shortlist cut: the " << config.shortlist_size
          << " above are shortlisted ----\n";
    }
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    const std::string country(proposal.text("applicant.country").value_or("-"));
    out << right(std::to_string(entry.rank), 4) << "  " << right(fixed(entry.score, 3), 6) << "  "
        << text::fit_to_width(proposal.id, id_width) << "  "
        << text::fit_to_width(proposal.language, 4) << "  " << text::fit_to_width(country, 4)
        << "  " << text::fit_to_width(proposal.title, kTitleWidth);
    for (std::size_t j = 0; j < m; ++j) {
      out << "  " << right(fixed(entry.criteria[j].contribution, 3), kCriterionWidth);
    }
    out << "\n";
  }
  if (count < evaluation.ranking.size()) {
    out << "  (" << evaluation.ranking.size() - count << " more not shown)\n";
  }
  if (!evaluation.excluded.empty()) {
    out << "\nExcluded (" << evaluation.excluded.size() << "):\n";
    for (const ingest::Exclusion& exclusion : evaluation.excluded) {
      out << "  " << exclusion.source << ": " << exclusion.reason << "\n";
    }
  }
}

void write_json(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
                const ScoringPlugins& plugins, const ReportOptions& options) {
  Poco::JSON::Object::Ptr root = ordered_object();
  root->set("call", config.call.in(options.language));
  root->set("method", std::string(to_string(config.method)));
  root->set("shortlist_size", static_cast<Poco::UInt64>(config.shortlist_size));

  Poco::JSON::Array::Ptr criteria = new Poco::JSON::Array;
  for (std::size_t j = 0; j < config.criteria.size(); ++j) {
    const Criterion& c = config.criteria[j];
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("id", c.id);
    item->set("label", c.label.in(options.language));
    item->set("weight", evaluation.weights[j]);
    item->set("direction", std::string(to_string(c.direction)));
    item->set("plugin", plugins[j]->name);
    item->set("plugin_version", plugins[j]->version);
    item->set("measure", c.measure.empty() ? plugins[j]->measures.front() : c.measure);
    criteria->add(item);
  }
  root->set("criteria", criteria);

  Poco::JSON::Array::Ptr ranking = new Poco::JSON::Array;
  for (std::size_t k = 0; k < shown(evaluation, options); ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("rank", static_cast<Poco::UInt64>(entry.rank));
    item->set("id", proposal.id);
    item->set("title", proposal.title);
    item->set("score", entry.score);
    item->set("shortlisted", entry.shortlisted);
    item->set("language", proposal.language);
    item->set("language_detected", proposal.language_detected);
    item->set("source", proposal.source);
    if (auto name = proposal.text("applicant.name")) item->set("applicant", std::string(*name));
    if (auto country = proposal.text("applicant.country"))
      item->set("country", std::string(*country));
    Poco::JSON::Object::Ptr breakdown = ordered_object();
    for (std::size_t j = 0; j < config.criteria.size(); ++j) {
      const CriterionResult& r = entry.criteria[j];
      Poco::JSON::Object::Ptr cell = ordered_object();
      cell->set("raw", r.raw);
      cell->set("normalized", r.normalized);
      cell->set("contribution", r.contribution);
      cell->set("explanation", r.explanation);
      Poco::JSON::Array::Ptr evidence = new Poco::JSON::Array;
      for (const Evidence& e : r.evidence) {
        Poco::JSON::Object::Ptr piece = ordered_object();
        piece->set("label", e.label);
        piece->set("text", e.text);
        evidence->add(piece);
      }
      cell->set("evidence", evidence);
      breakdown->set(config.criteria[j].id, cell);
    }
    item->set("criteria", breakdown);
    ranking->add(item);
  }
  root->set("ranking", ranking);

  Poco::JSON::Array::Ptr excluded = new Poco::JSON::Array;
  for (const ingest::Exclusion& exclusion : evaluation.excluded) {
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("source", exclusion.source);
    item->set("reason", exclusion.reason);
    if (!exclusion.id.empty()) item->set("id", exclusion.id);
    if (!exclusion.title.empty()) item->set("title", exclusion.title);
    if (!exclusion.language.empty()) item->set("language", exclusion.language);
    excluded->add(item);
  }
  root->set("excluded", excluded);
  Poco::JSON::Stringifier::stringify(root, out, 2);
  out << "\n";
}

void write_csv(std::ostream& out, const CallConfig& config, const Evaluation& evaluation,
               const ReportOptions& options) {
  out << "rank,id,title,score,shortlisted,language,country,source";
  for (const Criterion& c : config.criteria) {
    out << ',' << c.id << "_raw," << c.id << "_normalized," << c.id << "_contribution";
  }
  out << "\r\n";
  for (std::size_t k = 0; k < shown(evaluation, options); ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    out << entry.rank << ',' << csv_field(proposal.id) << ',' << csv_field(proposal.title) << ','
        << fixed(entry.score, 6) << ',' << (entry.shortlisted ? "yes" : "no") << ','
        << proposal.language << ','
        << csv_field(std::string(proposal.text("applicant.country").value_or(""))) << ','
        << csv_field(proposal.source);
    for (const CriterionResult& r : entry.criteria) {
      out << ',' << fixed(r.raw, 6) << ',' << fixed(r.normalized, 6) << ','
          << fixed(r.contribution, 6);
    }
    out << "\r\n";
  }
}

}  // namespace shortlist
