// relevance: how well a proposal addresses the call's themes — trade
// document digitalisation, e-commerce training, cyber readiness, electronic
// payments, paperless trade, electronic transferable records (MLETR),
// low-value shipments — in its own language.
//
//   plugin: relevance
//   params:
//     weights: {paperless_trade: 2, mletr: 2}   # per theme, 1 by default
//     themes:                                   # added or replaced, concept by concept
//       green_logistics:
//         electric_vans: {en: [electric vans], fr: [véhicules électriques]}
//     k1: 0.3
//     b: 0.75
//     length_ratios: {ar: 0.82}                 # words per English word, by language
//
// Each theme is a set of concepts, each concept its terms in every language
// (lexicon.txt, compiled in; lexicon.h reads it). Texts and terms go through
// the host's text services: ICU word segmentation, case folding, stems
// (Snowball, light rules for Arabic and Russian); a term matches where its
// stems occur as a sequence, longest term first, and a term the lexicon
// marks exact ("=digitization") where its case-folded words do. Title and summary are read in the
// proposal's language, each section in its own. A theme's score is the sum of its concepts' Okapi
// BM25, a concept's frequency being that of all its terms in any language
// and its document frequency counted over every proposal of the call, so a
// concept weighs the same whichever language it is said in; a length is
// read in English words (each language's words per English word) and
// compared with the call's average. The value is
// the weighted mean over themes. A proposal written mostly in a language
// the lexicon has no terms in is not measurable: its value is missing, with
// the reason, and the criterion's missing-value policy decides.
// It reads the host's analysis of the text where the host has one (ABI
// 1.3), and cannot do without the host's tokens (ABI 1.1) otherwise: an
// older host refuses it.
#define SL_PLUGIN_MIN_HOST_MINOR 1

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <shortlist/plugin.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "lexicon.h"
#include "lexicon.inc"  // kLexicon: lexicon.txt

namespace sdk = shortlist::sdk;

namespace {

// Words a language takes for one English word, as the host counts words
// (ICU segmentation): measured on faithful translations of the same
// proposals, the ratios completeness scales its word bounds by
// (plugins/completeness/README.md). A proposal's length is read in English
// words, so that it is compared with the call's average whatever language
// it and the others are written in.
const std::map<std::string, double> kLengthRatios = {{"fr", 1.09}, {"es", 1.07}, {"pt", 1.05},
                                                     {"ar", 0.82}, {"ru", 0.87}, {"zh", 1.02}};

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

struct Term {
  std::size_t concept_index = 0;
  std::string text;  // as the lexicon writes it, without the exact flag
  std::string language;
  bool exact = false;              // matched on the folded words, not their stems
  std::vector<std::string> words;  // stems, or for an exact term its folded words
};

// What one proposal says on the themes.
struct Reading {
  std::map<std::size_t, std::size_t> count;                // term -> occurrences
  std::map<std::size_t, std::set<std::string>> where;      // term -> segment names
  std::map<std::size_t, std::size_t> concepts;             // concept -> occurrences of its terms
  std::map<std::string, std::size_t> words;                // language -> words in it
  std::map<std::string, std::vector<std::string>> unread;  // language without terms -> segments
  std::size_t length = 0;  // words in the languages the lexicon covers
  std::size_t unread_words = 0;

  // Read when at least half its words are in languages with terms (an
  // empty text is read, as saying nothing on the themes).
  bool measurable() const { return length >= unread_words; }
};

class Relevance {
 public:
  Relevance(const sdk::Params& params, std::string_view /*measure*/)
      // k1 0.3: the count saturates fast, since whether a concept is
      // addressed holds across translations and how often it is said does not.
      : k1_(params.number_or("k1", 0.3)), b_(params.number_or("b", 0.75)) {
    for (const std::string& key : params.keys("")) {
      if (key != "weights" && key != "themes" && key != "k1" && key != "b" &&
          key != "length_ratios") {
        throw sdk::Error("unknown param '" + key +
                         "' (known: b, k1, length_ratios, themes, weights)");
      }
    }
    if (k1_ < 0 || b_ < 0 || b_ > 1) throw sdk::Error("k1 must be >= 0 and b from 0 to 1");
    ratios_ = kLengthRatios;
    for (const std::string& language : params.keys("length_ratios")) {
      const std::optional<double> ratio = params.number("length_ratios." + language);
      if (!ratio || !(*ratio > 0))
        throw sdk::Error("length_ratios." + language + " must be a number above 0");
      ratios_[language] = *ratio;
    }
    try {
      concepts_ = relevance::read_lexicon(kLexicon);
    } catch (const std::invalid_argument& e) {
      throw sdk::Error(std::string("the compiled-in ") + e.what());
    }
    for (const relevance::Concept& c : concepts_) theme_index(c.theme);
    for (const std::string& theme : params.keys("themes")) take_theme(params, theme);
    for (const relevance::Concept& c : concepts_) theme_index(c.theme);
    weights_.assign(themes_.size(), 1.0);
    for (const std::string& theme : params.keys("weights")) {
      const auto it = std::find(themes_.begin(), themes_.end(), theme);
      if (it == themes_.end()) throw sdk::Error("weights: no theme '" + theme + "'");
      const std::optional<double> w = params.number("weights." + theme);
      if (!w || *w < 0) throw sdk::Error("weights." + theme + " must be a number >= 0");
      weights_[static_cast<std::size_t>(it - themes_.begin())] = *w;
    }
    covered_ = relevance::languages_of(concepts_);
  }

  void observe(const sdk::Proposal& proposal) {
    Reading r = read(proposal);
    if (r.measurable()) {
      for (const auto& [c, n] : r.concepts) ++document_frequency_[c];
      ++measured_;
      english_words_ += english_words(r);
    }
    readings_[std::string(proposal.id())] = std::move(r);
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const auto it = readings_.find(std::string(proposal.id()));
    if (it == readings_.end()) return score.missing("the proposal was not in the corpus pass");
    const Reading& r = it->second;
    if (!r.measurable()) return score.missing(not_measurable(proposal, r));
    // Length in English words against the call's average: words per idea
    // differ by language, and a proposal alone in its language compared with
    // its own length would have its length ignored.
    const double average = english_words_ / std::max(static_cast<double>(measured_), 1.0);
    const double norm = 1 - b_ + b_ * english_words(r) / std::max(average, 1.0);
    const double documents = static_cast<double>(measured_);
    std::vector<double> theme_score(themes_.size(), 0);
    for (const auto& [c, tf] : r.concepts) {
      const double n = static_cast<double>(document_frequency_[c]);
      const double idf = std::log(1 + (documents - n + 0.5) / (n + 0.5));
      const double f = static_cast<double>(tf);
      theme_score[theme_of_[c]] += idf * f * (k1_ + 1) / (f + k1_ * norm);
    }
    double total = 0, weights = 0;
    for (std::size_t t = 0; t < themes_.size(); ++t) {
      total += weights_[t] * theme_score[t];
      weights += weights_[t];
    }
    score.value(weights > 0 ? total / weights : 0);

    std::string text, absent;
    for (std::size_t t = 0; t < themes_.size(); ++t) {
      std::string found;
      for (const auto& [term, tf] : r.count) {
        if (theme_of_[terms_[term].concept_index] != t) continue;
        std::string places;
        for (const std::string& w : r.where.at(term)) places += (places.empty() ? "" : ", ") + w;
        found += (found.empty() ? "" : "; ") + std::string("\u201c") + terms_[term].text +
                 "\u201d \u00d7" + std::to_string(tf) + " (" + places + ")";
      }
      const std::string name = display(themes_[t]);
      if (found.empty()) {
        absent += (absent.empty() ? "" : ", ") + name;
      } else {
        text +=
            (text.empty() ? "" : " | ") + name + " " + number_text(theme_score[t]) + ": " + found;
      }
    }
    if (text.empty()) text = "no term of the call's themes found";
    if (!absent.empty()) text += " | not addressed: " + absent;
    for (const auto& [language, segments] : r.unread) {
      std::string names;
      for (const std::string& s : segments) names += (names.empty() ? "" : ", ") + s;
      text += " | not read, no terms in " + language + ": " + names;
      // The label every report lists per proposal (docs/plugin-guide.md).
      score.evidence("not read", language + ": " + names);
    }
    score.explain(text);
  }

 private:
  static std::string display(std::string theme) {
    std::replace(theme.begin(), theme.end(), '_', ' ');
    return theme;
  }

  std::size_t theme_index(const std::string& theme) {
    const auto it = std::find(themes_.begin(), themes_.end(), theme);
    if (it != themes_.end()) return static_cast<std::size_t>(it - themes_.begin());
    themes_.push_back(theme);
    return themes_.size() - 1;
  }

  static std::vector<std::string> term_list(const sdk::Params& params, const std::string& path) {
    std::vector<std::string> terms;
    for (std::size_t i = 0, n = params.size(path); i < n; ++i) {
      const std::optional<std::string> term = params.text(path + "." + std::to_string(i));
      if (!term || relevance::written(relevance::trimmed(*term)).empty())
        throw sdk::Error(path + " must be a list of terms");
      terms.push_back(relevance::trimmed(*term));
    }
    if (terms.empty()) throw sdk::Error(path + " must be a list of terms");
    return terms;
  }

  // An organiser's theme replaces the lexicon's concepts of that theme:
  // {theme: {concept: {language: [terms]}}}; the shape of version 1,
  // {theme: {language: [terms]}}, is one concept named after the theme.
  void take_theme(const sdk::Params& params, const std::string& theme) {
    concepts_.erase(std::remove_if(concepts_.begin(), concepts_.end(),
                                   [&](const relevance::Concept& c) { return c.theme == theme; }),
                    concepts_.end());
    const std::string path = "themes." + theme;
    relevance::Concept whole{theme, theme, {}};
    for (const std::string& key : params.keys(path)) {
      const std::vector<std::string> languages = params.keys(path + "." + key);
      if (languages.empty()) {
        whole.terms[key] = term_list(params, path + "." + key);
        continue;
      }
      relevance::Concept c{key, theme, {}};
      for (const std::string& language : languages)
        c.terms[language] = term_list(params, path + "." + key + "." + language);
      concepts_.push_back(std::move(c));
    }
    if (!whole.terms.empty()) concepts_.push_back(std::move(whole));
  }

  // The proposal's length in English words: each language's words divided by
  // the words it takes for one English word (1 for a language without a ratio).
  double english_words(const Reading& r) const {
    double words = 0;
    for (const auto& [language, n] : r.words) {
      const auto ratio = ratios_.find(language);
      words += static_cast<double>(n) / (ratio == ratios_.end() ? 1.0 : ratio->second);
    }
    return words;
  }

  std::string not_measurable(const sdk::Proposal& proposal, const Reading& r) const {
    std::string languages;
    for (const auto& [language, segments] : r.unread)
      languages += (languages.empty() ? "" : ", ") + language;
    std::string known;
    for (const std::string& language : covered_) known += (known.empty() ? "" : " ") + language;
    const std::string own(proposal.language());
    if (languages.empty()) languages = own.empty() ? "und" : own;
    return "not measurable in " + languages +
           ": the relevance lexicon has no terms in it (it has: " + known + ")";
  }

  // The terms as stems, through the host's text services (which need a
  // proposal to reach): once.
  void prepare(const sdk::Proposal& proposal) {
    if (prepared_) return;
    prepared_ = true;
    theme_of_.clear();
    for (std::size_t c = 0; c < concepts_.size(); ++c) {
      theme_of_.push_back(theme_index(concepts_[c].theme));
      for (const auto& [language, texts] : concepts_[c].terms) {
        for (const std::string& text : texts) {
          Term term{c, relevance::written(text), language, relevance::is_exact(text), {}};
          for (const sdk::Proposal::Token& token : proposal.tokens(term.text, language))
            term.words.push_back(term.exact ? token.folded : token.stem);
          if (term.words.empty()) continue;
          by_language_[language].push_back(terms_.size());
          terms_.push_back(std::move(term));
        }
      }
    }
    for (auto& [language, list] : by_language_) {
      std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
        return terms_[a].words.size() > terms_[b].words.size();
      });
    }
  }

  Reading read(const sdk::Proposal& proposal) {
    prepare(proposal);
    Reading r;
    const std::string language(proposal.language());
    std::vector<std::tuple<std::string, std::string, std::string, std::size_t>> segments = {
        {"title", std::string(proposal.title()), language, sdk::Proposal::title_part},
        {"summary", std::string(proposal.text("summary").value_or("")), language,
         sdk::Proposal::summary_part}};
    std::size_t index = 0;
    for (const sdk::Proposal::Section& s : proposal.sections()) {
      const std::string own(s.language);
      segments.push_back({std::string(s.name), std::string(s.text),
                          own.empty() || own == "und" ? language : own, index++});
    }
    std::vector<sdk::Proposal::Token> tokens;
    std::vector<std::string_view> folded, stems;
    for (const auto& [name, text, lang, part] : segments) {
      if (text.empty()) continue;
      // The host's words, analysed once for every plugin (ABI 1.3), or on
      // an older host its tokens: the same words and stems either way.
      tokens.clear();
      folded.clear();
      stems.clear();
      const std::optional<sdk::Proposal::Words> words = proposal.words(part);
      if (words && words->language() == lang) {
        for (const sl_word& w : *words) {
          folded.push_back(words->folded(w));
          stems.push_back(words->stem(w));
        }
      } else {
        tokens = proposal.tokens(text, lang);
        for (const sdk::Proposal::Token& t : tokens) {
          folded.push_back(t.folded);
          stems.push_back(t.stem);
        }
      }
      const std::size_t count = stems.size();
      if (count == 0) continue;
      const auto list = by_language_.find(lang);
      if (list == by_language_.end()) {
        r.unread[lang.empty() ? "und" : lang].push_back(name);
        r.unread_words += count;
        continue;
      }
      r.length += count;
      r.words[lang] += count;
      for (std::size_t i = 0; i < count;) {
        std::size_t matched = 0;
        for (std::size_t term : list->second) {
          const Term& t = terms_[term];
          if (i + t.words.size() > count) continue;
          bool same = true;
          for (std::size_t k = 0; k < t.words.size() && same; ++k)
            same = (t.exact ? folded[i + k] : stems[i + k]) == t.words[k];
          if (!same) continue;
          ++r.count[term];
          ++r.concepts[terms_[term].concept_index];
          r.where[term].insert(name);
          matched = t.words.size();
          break;
        }
        i += matched > 0 ? matched : 1;
      }
    }
    return r;
  }

  double k1_, b_;
  std::vector<relevance::Concept> concepts_;
  std::set<std::string> covered_;  // languages with terms
  std::vector<std::string> themes_;
  std::vector<double> weights_;
  std::vector<std::size_t> theme_of_;  // concept -> theme
  bool prepared_ = false;
  std::vector<Term> terms_;
  std::map<std::string, std::vector<std::size_t>> by_language_;
  std::unordered_map<std::string, Reading> readings_;
  std::map<std::size_t, std::size_t> document_frequency_;  // concept -> proposals using it
  std::size_t measured_ = 0;                               // proposals read
  double english_words_ = 0;                               // their lengths, in English words
  std::map<std::string, double> ratios_;                   // language -> words per English word
};

}  // namespace

SHORTLIST_PLUGIN(Relevance, "relevance", "1.4.0",
                 "How well the proposal addresses the call's themes: BM25 over theme concepts, "
                 "weighted across the call's languages, on the host's stems",
                 "relevance")
