// completeness: are the sections the call asks for present, and of a
// sensible length? Words are counted by the host with ICU word segmentation,
// so counts are right for languages written without spaces too.
//
//   plugin: completeness
//   params:
//     required: [context, objectives, activities]
//     min_words: 40                      # default bounds for every section
//     max_words: 600
//     sections: {activities: {min_words: 80}}  # per-section bounds
//     aliases: {context: [contexte, contexto]}  # other names a section may carry
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <shortlist/plugin.hpp>
#include <string>
#include <vector>

namespace sdk = shortlist::sdk;

namespace {

// "Budget justification", "budget-justification" and "budget_justification"
// name the same section. Only ASCII is case-folded: section keys are
// form-field names.
std::string section_key(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_') {
      if (!key.empty() && key.back() != '_') key += '_';
    } else {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

struct Bounds {
  double min_words = 0;
  double max_words = 0;  // 0: no upper bound
};

class Completeness {
 public:
  Completeness(const sdk::Params& params, std::string_view /*measure*/) {
    const std::size_t count = params.size("required");
    if (count == 0) throw sdk::Error("params.required must list at least one section name");
    for (std::size_t i = 0; i < count; ++i) {
      auto name = params.text("required." + std::to_string(i));
      if (!name || name->empty())
        throw sdk::Error("params.required must be a list of section names");
      required_.push_back(*name);
    }
    Bounds defaults{params.number_or("min_words", 1), params.number_or("max_words", 0)};
    check(defaults, "");
    for (const std::string& name : required_) {
      const std::string path = "sections." + name;
      Bounds bounds{params.number_or(path + ".min_words", defaults.min_words),
                    params.number_or(path + ".max_words", defaults.max_words)};
      check(bounds, " of section '" + name + "'");
      bounds_[section_key(name)] = bounds;
      aliases_[section_key(name)] = section_key(name);
      for (std::size_t i = 0, n = params.size("aliases." + name); i < n; ++i) {
        if (auto alias = params.text("aliases." + name + "." + std::to_string(i))) {
          aliases_[section_key(*alias)] = section_key(name);
        }
      }
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    std::map<std::string, std::size_t> words;  // canonical key -> words
    for (const sdk::Proposal::Section& section : proposal.sections()) {
      auto alias = aliases_.find(section_key(section.name));
      if (alias != aliases_.end()) words[alias->second] += proposal.count_words(section.text);
    }
    double credit = 0;
    std::vector<std::string> problems;
    for (const std::string& name : required_) {
      const std::string key = section_key(name);
      const Bounds& bounds = bounds_[key];
      const std::size_t count = words.count(key) ? words[key] : 0;
      const auto n = static_cast<double>(count);
      std::string verdict;
      if (count == 0) {
        verdict = "missing";
        problems.push_back("'" + name + "' missing");
      } else if (n < bounds.min_words) {
        credit += n / bounds.min_words;
        verdict = std::to_string(count) + " words, below the minimum of " + whole(bounds.min_words);
        problems.push_back("'" + name + "' " + std::to_string(count) + " words (min " +
                           whole(bounds.min_words) + ")");
      } else if (bounds.max_words > 0 && n > bounds.max_words) {
        credit += bounds.max_words / n;
        verdict = std::to_string(count) + " words, above the maximum of " + whole(bounds.max_words);
        problems.push_back("'" + name + "' " + std::to_string(count) + " words (max " +
                           whole(bounds.max_words) + ")");
      } else {
        credit += 1;
        verdict = std::to_string(count) + " words";
      }
      score.evidence(name, verdict);
    }
    const double percent = 100.0 * credit / static_cast<double>(required_.size());
    score.value(percent);
    const std::size_t complete = required_.size() - problems.size();
    std::string explanation = std::to_string(complete) + " of " + std::to_string(required_.size()) +
                              " required sections complete";
    for (std::size_t i = 0; i < problems.size(); ++i)
      explanation += (i == 0 ? ": " : "; ") + problems[i];
    score.explain(explanation);
  }

 private:
  static std::string whole(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }

  static void check(const Bounds& bounds, const std::string& where) {
    if (bounds.min_words < 0) throw sdk::Error("min_words" + where + " must not be negative");
    if (bounds.max_words != 0 && bounds.max_words < bounds.min_words) {
      throw sdk::Error("max_words" + where + " is below min_words");
    }
  }

  std::vector<std::string> required_;
  std::map<std::string, Bounds> bounds_;        // canonical key -> bounds
  std::map<std::string, std::string> aliases_;  // any accepted key -> canonical key
};

}  // namespace

SHORTLIST_PLUGIN(Completeness, "completeness", "1.0.0",
                 "Share of the required sections present and within their word bounds (0-100)",
                 "percent")
