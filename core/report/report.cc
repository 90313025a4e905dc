#include "core/report/report.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cstdio>

#include "core/text/unicode.h"
#include "core/util/digest.h"

namespace shortlist {

namespace report {

std::size_t shown(const Evaluation& evaluation, const ReportOptions& options) {
  return std::min(evaluation.ranking.size(), options.top.value_or(evaluation.ranking.size()));
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string contribution_meaning(Method method) {
  switch (method) {
    case Method::WeightedSum:
      return "each criterion's contribution to the score (weight x normalised value; they add up "
             "to the score)";
    case Method::Topsis:
      return "each criterion's weighted normalised value (TOPSIS scores by the distances of these "
             "to the best and worst, so they do not add up to the score)";
    case Method::Promethee2:
      return "each criterion's contribution to the net flow (weight x the criterion's own net "
             "flow; they add up to the score)";
  }
  return "";
}

std::string excluded_summary(const Evaluation& evaluation) {
  std::string text = std::to_string(evaluation.excluded.size()) + " excluded";
  if (const std::size_t lost = lost_to_plugin_failures(evaluation); lost > 0) {
    text += ", " + std::to_string(lost) + " of them lost to plugin failures";
  }
  return text;
}

std::vector<std::string> quota_sentences(const Evaluation& evaluation) {
  std::vector<std::string> out;
  for (const QuotaChange& change : evaluation.quota_changes) {
    std::string who;
    if (change.proposal) {
      const std::string& id = evaluation.proposals[*change.proposal].id;
      for (const RankedProposal& entry : evaluation.ranking) {
        if (entry.proposal == *change.proposal)
          who = id + " (rank " + std::to_string(entry.rank) + ") ";
      }
    }
    out.push_back(who + change.action + ": " + change.reason);
  }
  return out;
}

}  // namespace report

namespace {

// An evidence label with a meaning every report knows: the part of a
// proposal a plugin could not read (a section in a language it has no terms
// in) while it scored the rest, as "de: budget" (docs/plugin-guide.md). The
// table lists it in its notes, per proposal; JSON and HTML show it with the
// other evidence.
constexpr std::string_view kNotReadEvidence = "not read";

using report::fixed;
using report::shown;

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

bool shortlist_is_contiguous(const Evaluation& evaluation) {
  bool seen_out = false;
  for (const RankedProposal& entry : evaluation.ranking) {
    if (entry.shortlisted && seen_out) return false;
    seen_out = seen_out || !entry.shortlisted;
  }
  return true;
}

Poco::JSON::Object::Ptr plugin_json(const LoadedPlugin& plugin) {
  Poco::JSON::Object::Ptr item = ordered_object();
  item->set("name", plugin.name);
  item->set("version", plugin.version);
  item->set("abi", std::to_string(plugin.abi_major) + "." + std::to_string(plugin.abi_minor));
  item->set("file", plugin.file.filename().string());
  item->set("sha256", plugin.sha256);
  return item;
}

}  // namespace

void write_table(std::ostream& out, const ReportInput& input, const ReportOptions& options) {
  const CallConfig& config = input.config;
  const Evaluation& evaluation = input.evaluation;
  const std::size_t m = config.criteria.size();
  const bool probabilities = evaluation.samples > 0;
  out << config.call.in(options.language) << "\n"
      << evaluation.ranking.size() << " proposals ranked by " << to_string(config.method)
      << " over " << m << " criteria; " << report::excluded_summary(evaluation) << "; shortlist of "
      << config.shortlist_size << " (marked *";
  if (probabilities) out << "; ! = fragile";
  out << ").\n\nColumns C1..C" << m << " give " << report::contribution_meaning(config.method)
      << ":\n";
  for (std::size_t j = 0; j < m; ++j) {
    const Criterion& c = config.criteria[j];
    out << "  C" << j + 1 << "  " << text::fit_to_width(c.id, 16) << " weight "
        << fixed(evaluation.weights[j], 2);
    if (j < evaluation.weight_intervals.size()) {
      const WeightInterval& w = evaluation.weight_intervals[j];
      out << " (shortlist holds for " << fixed(w.low, 2) << "-" << fixed(w.high, 2) << ")";
    }
    out << ", " << (c.direction == Direction::Max ? "higher" : "lower")
        << " is better: " << c.label.in(options.language) << "\n";
  }
  if (probabilities) {
    out << "P is the share of " << evaluation.samples
        << " random weightings around these weights that shortlist the proposal.\n";
  }
  out << "\n";

  std::size_t id_width = 2;
  for (const RankedProposal& entry : evaluation.ranking) {
    id_width = std::max(id_width, text::display_width(evaluation.proposals[entry.proposal].id));
  }
  id_width = std::min<std::size_t>(id_width, 28);
  constexpr std::size_t kTitleWidth = 40;
  constexpr std::size_t kCriterionWidth = 6;

  out << "   " << right("Rank", 4) << "  " << right("Score", 6) << "  ";
  if (probabilities) out << right("P", 4) << "  ";
  out << text::fit_to_width("Id", id_width) << "  Lang  Ctry  "
      << text::fit_to_width("Title", kTitleWidth);
  for (std::size_t j = 0; j < m; ++j)
    out << "  " << right("C" + std::to_string(j + 1), kCriterionWidth);
  out << "\n";

  const bool contiguous = shortlist_is_contiguous(evaluation);
  const std::size_t count = shown(evaluation, options);
  for (std::size_t k = 0; k < count; ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    if (contiguous && k > 0 && evaluation.ranking[k - 1].shortlisted && !entry.shortlisted) {
      out << "   ---- shortlist cut ----\n";
    }
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    const std::string country(proposal.text("applicant.country").value_or("-"));
    out << (entry.shortlisted ? '*' : ' ') << (entry.fragile ? '!' : ' ') << ' '
        << right(std::to_string(entry.rank), 4) << "  " << right(fixed(entry.score, 3), 6) << "  ";
    if (probabilities) out << right(fixed(entry.shortlist_probability.value_or(0), 2), 4) << "  ";
    out << text::fit_to_width(proposal.id, id_width) << "  "
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

  std::vector<std::string> notes;
  for (const RankedProposal& entry : evaluation.ranking) {
    const std::string& id = evaluation.proposals[entry.proposal].id;
    if (!entry.tie_break.empty()) notes.push_back("tie: " + id + " " + entry.tie_break);
    for (std::size_t j = 0; j < m; ++j) {
      if (!entry.criteria[j].imputed.empty()) {
        notes.push_back("missing: " + id + " " + config.criteria[j].id + ": " +
                        entry.criteria[j].imputed);
      }
      // What a plugin could not read of a proposal it scored on the rest.
      for (const Evidence& e : entry.criteria[j].evidence) {
        if (e.label == kNotReadEvidence)
          notes.push_back("not read: " + id + " " + config.criteria[j].id + ": " + e.text);
      }
    }
  }
  for (const std::string& sentence : report::quota_sentences(evaluation))
    notes.push_back("quota: " + sentence);
  if (!notes.empty()) {
    out << "\nNotes:\n";
    for (const std::string& note : notes) out << "  " << note << "\n";
  }
  if (!evaluation.excluded.empty()) {
    out << "\nExcluded (" << evaluation.excluded.size() << "):\n";
    for (const ingest::Exclusion& exclusion : evaluation.excluded) {
      out << "  " << exclusion.source << ": " << exclusion.reason << "\n";
    }
  }
}

void write_json(std::ostream& out, const ReportInput& input, const ReportOptions& options) {
  const CallConfig& config = input.config;
  const Evaluation& evaluation = input.evaluation;
  Poco::JSON::Object::Ptr root = ordered_object();
  root->set("call", config.call.in(options.language));
  root->set("method", std::string(to_string(config.method)));
  root->set("criteria_file", config.source);
  root->set("config_sha256", sha256_hex(config.content));
  root->set("seed", static_cast<Poco::UInt64>(config.seed));
  root->set("shortlist_size", static_cast<Poco::UInt64>(config.shortlist_size));
  root->set("lost_to_plugin_failures",
            static_cast<Poco::UInt64>(lost_to_plugin_failures(evaluation)));

  Poco::JSON::Array::Ptr criteria = new Poco::JSON::Array;
  for (std::size_t j = 0; j < config.criteria.size(); ++j) {
    const Criterion& c = config.criteria[j];
    const LoadedPlugin& plugin = input.scorers.criteria[j].plugin();
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("id", c.id);
    item->set("label", c.label.in(options.language));
    if (!c.description.empty()) item->set("description", c.description.in(options.language));
    item->set("weight", evaluation.weights[j]);
    item->set("direction", std::string(to_string(c.direction)));
    item->set("missing", std::string(to_string(c.missing)));
    if (config.method == Method::WeightedSum) {
      item->set("normalization", std::string(to_string(c.normalization)));
    }
    if (config.method == Method::Promethee2) {
      Poco::JSON::Object::Ptr preference = ordered_object();
      preference->set("function", std::string(to_string(c.preference.shape)));
      for (char t : std::string(needed_thresholds(c.preference.shape))) {
        if (t == 'q') preference->set("q", c.preference.q);
        if (t == 'p') preference->set("p", c.preference.p);
        if (t == 's') preference->set("s", c.preference.s);
      }
      item->set("preference", preference);
    }
    item->set("plugin", plugin.name);
    item->set("plugin_version", plugin.version);
    item->set("measure", input.scorers.criteria[j].measure());
    if (j < evaluation.weight_intervals.size()) {
      Poco::JSON::Object::Ptr interval = ordered_object();
      interval->set("low", evaluation.weight_intervals[j].low);
      interval->set("high", evaluation.weight_intervals[j].high);
      item->set("weight_interval", interval);
    }
    criteria->add(item);
  }
  root->set("criteria", criteria);
  if (config.ahp) {
    Poco::JSON::Object::Ptr ahp = ordered_object();
    ahp->set("lambda_max", config.ahp->lambda_max);
    ahp->set("consistency_ratio", config.ahp->consistency_ratio);
    root->set("ahp", ahp);
  }

  Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
  std::vector<std::string> listed;
  auto list_plugin = [&](const PluginInstance& instance) {
    if (std::find(listed.begin(), listed.end(), instance.plugin().name) != listed.end()) return;
    listed.push_back(instance.plugin().name);
    plugins->add(plugin_json(instance.plugin()));
  };
  for (const PluginInstance& instance : input.scorers.criteria) list_plugin(instance);
  for (const PluginInstance& instance : input.scorers.gates) list_plugin(instance);
  root->set("plugins", plugins);

  Poco::JSON::Object::Ptr sensitivity = ordered_object();
  sensitivity->set("samples", static_cast<Poco::UInt64>(evaluation.samples));
  sensitivity->set("concentration", config.sensitivity.concentration);
  sensitivity->set("fragile_below", config.sensitivity.fragile_below);
  root->set("sensitivity", sensitivity);

  // The head as one tree; the ranking, quota changes and exclusions an
  // entry at a time, so that a large call is never held as one JSON tree.
  out << "{\n";
  for (const std::string& name : root->getNames()) {
    out << "  ";
    Poco::JSON::Stringifier::formatString(name, out);
    out << ": ";
    Poco::JSON::Stringifier::stringify(root->get(name), out, 4, 2);
    out << ",\n";
  }
  auto open_array = [&](const char* name) { out << "  \"" << name << "\": ["; };
  bool first = true;
  auto element = [&](const Poco::JSON::Object::Ptr& item) {
    out << (first ? "\n    " : ",\n    ");
    first = false;
    item->stringify(out, 6, 2);
  };
  auto close_array = [&](bool last) {
    out << (first ? "]" : "\n  ]") << (last ? "\n" : ",\n");
    first = true;
  };

  open_array("ranking");
  for (std::size_t k = 0; k < shown(evaluation, options); ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("rank", static_cast<Poco::UInt64>(entry.rank));
    item->set("id", proposal.id);
    item->set("title", proposal.title);
    item->set("score", entry.score);
    item->set("shortlisted", entry.shortlisted);
    if (entry.shortlist_probability) {
      item->set("shortlist_probability", *entry.shortlist_probability);
      item->set("fragile", entry.fragile);
    }
    if (entry.positive_flow) item->set("positive_flow", *entry.positive_flow);
    if (entry.negative_flow) item->set("negative_flow", *entry.negative_flow);
    if (entry.ideal_distance) item->set("ideal_distance", *entry.ideal_distance);
    if (entry.anti_ideal_distance) item->set("anti_ideal_distance", *entry.anti_ideal_distance);
    if (!entry.tie_break.empty()) item->set("tie_break", entry.tie_break);
    item->set("language", proposal.language);
    item->set("language_detected", proposal.language_detected);
    item->set("language_reliable", proposal.language_reliable);
    if (proposal.language_mismatch) item->set("language_mismatch", true);
    Poco::JSON::Array::Ptr languages = new Poco::JSON::Array;
    for (const LanguageShare& share : proposal.languages) {
      Poco::JSON::Object::Ptr found = ordered_object();
      found->set("code", share.code);
      found->set("percent", share.percent);
      const auto counts = proposal.counts.find(share.code);
      if (counts != proposal.counts.end()) {
        found->set("words", static_cast<Poco::UInt64>(counts->second.words));
        found->set("sentences", static_cast<Poco::UInt64>(counts->second.sentences));
      }
      languages->add(found);
    }
    item->set("languages", languages);
    item->set("encoding", proposal.encoding);
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
      if (!r.imputed.empty()) cell->set("imputed", r.imputed);
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
    element(item);
  }
  close_array(false);

  open_array("quota_changes");
  for (const QuotaChange& change : evaluation.quota_changes) {
    Poco::JSON::Object::Ptr item = ordered_object();
    if (change.proposal) item->set("id", evaluation.proposals[*change.proposal].id);
    item->set("action", change.action);
    item->set("reason", change.reason);
    element(item);
  }
  close_array(false);

  open_array("excluded");
  for (const ingest::Exclusion& exclusion : evaluation.excluded) {
    Poco::JSON::Object::Ptr item = ordered_object();
    item->set("source", exclusion.source);
    item->set("reason", exclusion.reason);
    item->set("kind", exclusion.kind == ingest::ExclusionKind::PluginFailure ? "plugin_failure"
                                                                             : "submission");
    if (!exclusion.id.empty()) item->set("id", exclusion.id);
    if (!exclusion.title.empty()) item->set("title", exclusion.title);
    if (!exclusion.language.empty()) item->set("language", exclusion.language);
    element(item);
  }
  close_array(true);
  out << "}\n";
}

void write_csv(std::ostream& out, const ReportInput& input, const ReportOptions& options) {
  const CallConfig& config = input.config;
  const Evaluation& evaluation = input.evaluation;
  // The columns are documented in README.md; new ones go at the end
  // of a group, so that a reader by name keeps working.
  out << "rank,id,title,score,shortlisted,shortlist_probability,language,country,source";
  for (const Criterion& c : config.criteria) {
    out << ',' << c.id << "_raw," << c.id << "_normalized," << c.id << "_contribution," << c.id
        << "_explanation";
  }
  out << ",tracking_code,excluded_reason\r\n";
  for (std::size_t k = 0; k < shown(evaluation, options); ++k) {
    const RankedProposal& entry = evaluation.ranking[k];
    const Proposal& proposal = evaluation.proposals[entry.proposal];
    out << entry.rank << ',' << csv_field(proposal.id) << ',' << csv_field(proposal.title) << ','
        << fixed(entry.score, 6) << ',' << (entry.shortlisted ? "yes" : "no") << ','
        << (entry.shortlist_probability ? fixed(*entry.shortlist_probability, 4) : "") << ','
        << proposal.language << ','
        << csv_field(std::string(proposal.text("applicant.country").value_or(""))) << ','
        << csv_field(proposal.source);
    for (const CriterionResult& r : entry.criteria) {
      std::string explanation = r.explanation;
      if (!r.imputed.empty()) explanation += " (" + r.imputed + ")";
      out << ',' << fixed(r.raw, 6) << ',' << fixed(r.normalized, 6) << ','
          << fixed(r.contribution, 6) << ',' << csv_field(explanation);
    }
    out << ',' << csv_field(proposal.tracking_code) << ",\r\n";
  }
  // Every proposal left out, with why: a spreadsheet of the call is whole.
  for (const ingest::Exclusion& e : evaluation.excluded) {
    out << ',' << csv_field(e.id) << ',' << csv_field(e.title) << ",,no,," << csv_field(e.language)
        << ",," << csv_field(e.source);
    for (std::size_t j = 0; j < config.criteria.size(); ++j) out << ",,,,";
    out << ",," << csv_field(e.reason) << "\r\n";
  }
}

}  // namespace shortlist
