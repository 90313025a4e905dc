// completeness: are the sections the call asks for present, and of a
// sensible length? Words are those of the host's text analysis (ICU word
// segmentation, made once for every plugin; on a host older than ABI 1.3
// its `count_words`), so counts are right for languages written without
// spaces too.
//
//   plugin: completeness
//   params:
//     required: [context, objectives, activities]
//     min_words: 40                      # default bounds for every section
//     max_words: 600
//     sections: {activities: {min_words: 80}}  # per-section bounds
//     languages: {zh: {min_words: 25}}          # per-language bounds
//     length_ratios: {ar: 0.82}                 # words per English word, by language
//     aliases: {context: [contexte, contexto]}  # other names a section may carry
//
// A section written in a language with its own bounds is held to them (a
// section's own per-language bounds, `sections.<name>.languages.<lang>`,
// first); otherwise to the section's bounds, or the defaults, which are
// English word counts scaled by the words its language needs for the same
// content (kLengthRatios, measured on the parallel corpus; README.md).
#include <algorithm>
#include <cctype>
#include <cmath>
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
  std::string language;  // set when these are a language's own bounds
  double ratio = 1;      // the English bounds' scale for that language
};

// Words a language takes for what English says in one, from faithful
// translations of the same proposals (the tuning half of
// tests/data/parallel, words counted by ICU as the host counts them):
// French 4,671 words for 4,285 English, Spanish 4,603, Portuguese 4,496,
// Arabic 3,522; Russian 1,038 and Chinese 1,226 for 1,198 on the two
// proposals translated into them. Other languages count as English.
const std::map<std::string, double> kLengthRatios = {{"fr", 1.09}, {"es", 1.07}, {"pt", 1.05},
                                                     {"ar", 0.82}, {"ru", 0.87}, {"zh", 1.02}};

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
    Bounds defaults{params.number_or("min_words", 1), params.number_or("max_words", 0), "", 1};
    ratios_ = kLengthRatios;
    for (const std::string& language : params.keys("length_ratios")) {
      const double ratio = params.number_or("length_ratios." + language, 0);
      if (!(ratio > 0)) throw sdk::Error("length_ratios." + language + " must be above 0");
      ratios_[language] = ratio;
    }
    check(defaults, "");
    for (const std::string& language : params.keys("languages")) {
      languages_[language] = read_bounds(params, "languages." + language, defaults, language);
    }
    for (const std::string& name : required_) {
      const std::string path = "sections." + name;
      Bounds bounds{params.number_or(path + ".min_words", defaults.min_words),
                    params.number_or(path + ".max_words", defaults.max_words), "", 1};
      check(bounds, " of section '" + name + "'");
      bounds_[section_key(name)] = bounds;
      for (const std::string& language : params.keys(path + ".languages")) {
        section_languages_[section_key(name)][language] =
            read_bounds(params, path + ".languages." + language, bounds, language);
      }
      aliases_[section_key(name)] = section_key(name);
      for (std::size_t i = 0, n = params.size("aliases." + name); i < n; ++i) {
        if (auto alias = params.text("aliases." + name + "." + std::to_string(i))) {
          aliases_[section_key(*alias)] = section_key(name);
        }
      }
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    std::map<std::string, std::size_t> words;     // canonical key -> words
    std::map<std::string, std::string> language;  // canonical key -> its (first) language
    std::size_t index = 0;
    for (const sdk::Proposal::Section& section : proposal.sections()) {
      const std::size_t part = index++;
      auto alias = aliases_.find(section_key(section.name));
      if (alias == aliases_.end()) continue;
      // The host's words, analysed once for every plugin (ABI 1.3), or its
      // count on an older host: the same number.
      const std::optional<sdk::Proposal::Words> analysed = proposal.words(part);
      words[alias->second] += analysed ? analysed->size() : proposal.count_words(section.text);
      const std::string own(section.language);
      language.emplace(alias->second, own.empty() || own == "und" ? proposal.language() : own);
    }
    double credit = 0;
    std::vector<std::string> problems;
    for (const std::string& name : required_) {
      const std::string key = section_key(name);
      const Bounds bounds = bounds_for(key, language.count(key) ? language[key] : "");
      const double min_words = std::round(bounds.min_words * bounds.ratio);
      const double max_words = std::round(bounds.max_words * bounds.ratio);
      const std::size_t count = words.count(key) ? words[key] : 0;
      const auto n = static_cast<double>(count);
      std::string verdict;
      if (count == 0) {
        verdict = "missing";
        problems.push_back("'" + name + "' missing");
      } else if (n < min_words) {
        credit += n / min_words;
        verdict = std::to_string(count) + " words, below the minimum of " + whole(min_words);
        problems.push_back("'" + name + "' " + std::to_string(count) + " words (min " +
                           whole(min_words) + for_language(bounds, bounds.min_words) + ")");
      } else if (max_words > 0 && n > max_words) {
        credit += max_words / n;
        verdict = std::to_string(count) + " words, above the maximum of " + whole(max_words);
        problems.push_back("'" + name + "' " + std::to_string(count) + " words (max " +
                           whole(max_words) + for_language(bounds, bounds.max_words) + ")");
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
  Bounds bounds_for(const std::string& key, const std::string& language) const {
    if (auto section = section_languages_.find(key); section != section_languages_.end()) {
      if (auto own = section->second.find(language); own != section->second.end())
        return own->second;
    }
    if (auto own = languages_.find(language); own != languages_.end()) return own->second;
    Bounds bounds = bounds_.at(key);
    const auto ratio = ratios_.find(language);
    if (ratio == ratios_.end() || ratio->second == 1) return bounds;
    bounds.ratio = ratio->second;
    bounds.language = language;
    return bounds;
  }

  static Bounds read_bounds(const sdk::Params& params, const std::string& path,
                            const Bounds& fallback, const std::string& language) {
    for (const std::string& key : params.keys(path)) {
      if (key != "min_words" && key != "max_words") {
        throw sdk::Error("unknown param '" + path + "." + key + "' (known: min_words, max_words)");
      }
    }
    Bounds bounds{params.number_or(path + ".min_words", fallback.min_words),
                  params.number_or(path + ".max_words", fallback.max_words), language, 1};
    check(bounds, " of " + path);
    return bounds;
  }

  // " for zh" for a language's own bounds; " for ar: 25 x 0.82" for English
  // ones scaled to it.
  static std::string for_language(const Bounds& bounds, double english) {
    if (bounds.language.empty()) return "";
    if (bounds.ratio == 1) return " for " + bounds.language;
    char factor[32];
    std::snprintf(factor, sizeof factor, "%.2f", bounds.ratio);
    return " for " + bounds.language + ": " + whole(english) + " x " + factor;
  }

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
  std::map<std::string, Bounds> bounds_;     // canonical key -> bounds
  std::map<std::string, Bounds> languages_;  // language -> bounds
  std::map<std::string, std::map<std::string, Bounds>> section_languages_;
  std::map<std::string, std::string> aliases_;  // any accepted key -> canonical key
  std::map<std::string, double> ratios_;        // language -> words per English word
};

}  // namespace

SHORTLIST_PLUGIN(Completeness, "completeness", "1.1.0",
                 "Share of the required sections present and within their word bounds (0-100)",
                 "percent")
