// relevance: how well a proposal addresses the call's themes — trade
// document digitalisation, e-commerce training, cyber readiness, electronic
// payments, paperless trade, electronic transferable records (MLETR),
// low-value shipments — in its own language.
//
//   plugin: relevance
//   params:
//     weights: {paperless_trade: 2, mletr: 2}   # per theme, 1 by default
//     themes: {green_logistics: {en: [electric vans, ...], fr: [...]}}   # added or replaced
//     k1: 1.2
//     b: 0.75
//
// Each theme has terms per language (lexicon.txt, compiled in). Texts and
// terms go through the host's text services: ICU word segmentation, case
// folding, Snowball stems; a term matches where its stems occur as a
// sequence, longest term first. Title and summary are read in the
// proposal's language, each section in its own. A theme's score is Okapi
// BM25 over its terms, with document frequencies from the corpus pass
// counted among the proposals that have text in the term's language; the
// value is the weighted mean over themes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <shortlist/plugin.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "lexicon.inc"  // kLexicon: lexicon.txt

namespace sdk = shortlist::sdk;

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

struct Term {
  std::size_t theme = 0;
  std::string text;  // as the lexicon writes it
  std::string language;
  std::vector<std::string> stems;
};

// What one proposal says on the themes.
struct Reading {
  std::map<std::size_t, std::size_t> count;            // term -> occurrences
  std::map<std::size_t, std::set<std::string>> where;  // term -> segment names
  std::set<std::string> languages;                     // of its text
  std::size_t length = 0;                              // words
};

class Relevance {
 public:
  Relevance(const sdk::Params& params, std::string_view /*measure*/)
      : k1_(params.number_or("k1", 1.2)), b_(params.number_or("b", 0.75)) {
    for (const std::string& key : params.keys("")) {
      if (key != "weights" && key != "themes" && key != "k1" && key != "b") {
        throw sdk::Error("unknown param '" + key + "' (known: b, k1, themes, weights)");
      }
    }
    if (k1_ < 0 || b_ < 0 || b_ > 1) throw sdk::Error("k1 must be >= 0 and b from 0 to 1");
    read_lexicon();
    for (const std::string& theme : params.keys("themes")) {
      const std::size_t t = theme_index(theme);
      written_.erase(std::remove_if(written_.begin(), written_.end(),
                                    [&](const auto& w) { return std::get<0>(w) == t; }),
                     written_.end());
      for (const std::string& language : params.keys("themes." + theme)) {
        const std::string path = "themes." + theme + "." + language;
        for (std::size_t i = 0, n = params.size(path); i < n; ++i) {
          const std::optional<std::string> term = params.text(path + "." + std::to_string(i));
          if (!term || term->empty()) throw sdk::Error(path + " must be a list of terms");
          written_.push_back({t, language, *term});
        }
      }
    }
    weights_.assign(themes_.size(), 1.0);
    for (const std::string& theme : params.keys("weights")) {
      const auto it = std::find(themes_.begin(), themes_.end(), theme);
      if (it == themes_.end()) throw sdk::Error("weights: no theme '" + theme + "'");
      const std::optional<double> w = params.number("weights." + theme);
      if (!w || *w < 0) throw sdk::Error("weights." + theme + " must be a number >= 0");
      weights_[static_cast<std::size_t>(it - themes_.begin())] = *w;
    }
  }

  void observe(const sdk::Proposal& proposal) {
    Reading r = read(proposal);
    for (const std::string& language : r.languages) ++with_language_[language];
    for (const auto& [term, n] : r.count) ++document_frequency_[term];
    total_length_ += r.length;
    readings_[std::string(proposal.id())] = std::move(r);
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const auto it = readings_.find(std::string(proposal.id()));
    if (it == readings_.end()) return score.missing("the proposal was not in the corpus pass");
    const Reading& r = it->second;
    const double average =
        static_cast<double>(total_length_) / static_cast<double>(readings_.size());
    std::vector<double> theme_score(themes_.size(), 0);
    for (const auto& [term, tf] : r.count) {
      const Term& t = terms_[term];
      const double n = static_cast<double>(document_frequency_[term]);
      const double documents = static_cast<double>(with_language_[t.language]);
      const double idf = std::log(1 + (documents - n + 0.5) / (n + 0.5));
      const double f = static_cast<double>(tf);
      const double norm = 1 - b_ + b_ * static_cast<double>(r.length) / std::max(average, 1.0);
      theme_score[t.theme] += idf * f * (k1_ + 1) / (f + k1_ * norm);
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
        if (terms_[term].theme != t) continue;
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

  void read_lexicon() {
    std::istringstream lines(kLexicon);
    for (std::string line; std::getline(lines, line);) {
      line = line.substr(0, line.find('#'));
      if (trimmed(line).empty()) continue;
      std::istringstream fields(line);
      std::string theme, language, terms;
      std::getline(fields, theme, '|');
      std::getline(fields, language, '|');
      std::getline(fields, terms);
      const std::size_t t = theme_index(trimmed(theme));
      std::istringstream list(terms);
      for (std::string term; std::getline(list, term, ';');) {
        if (!trimmed(term).empty()) written_.push_back({t, trimmed(language), trimmed(term)});
      }
    }
  }

  // The terms as stems, through the host's text services (which need a
  // proposal to reach): once.
  void prepare(const sdk::Proposal& proposal) {
    if (prepared_) return;
    prepared_ = true;
    for (const auto& [theme, language, text] : written_) {
      Term term{theme, text, language, {}};
      for (const sdk::Proposal::Token& token : proposal.tokens(text, language)) {
        term.stems.push_back(token.stem);
      }
      if (term.stems.empty()) continue;
      by_language_[language].push_back(terms_.size());
      terms_.push_back(std::move(term));
    }
    for (auto& [language, list] : by_language_) {
      std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
        return terms_[a].stems.size() > terms_[b].stems.size();
      });
    }
  }

  Reading read(const sdk::Proposal& proposal) {
    prepare(proposal);
    Reading r;
    const std::string language(proposal.language());
    std::vector<std::tuple<std::string, std::string, std::string>> segments = {
        {"title", std::string(proposal.title()), language},
        {"summary", std::string(proposal.text("summary").value_or("")), language}};
    for (const sdk::Proposal::Section& s : proposal.sections()) {
      const std::string own(s.language);
      segments.push_back(
          {std::string(s.name), std::string(s.text), own.empty() || own == "und" ? language : own});
    }
    for (const auto& [name, text, lang] : segments) {
      if (text.empty()) continue;
      const std::vector<sdk::Proposal::Token> tokens = proposal.tokens(text, lang);
      r.length += tokens.size();
      if (!tokens.empty()) r.languages.insert(lang);
      const auto list = by_language_.find(lang);
      if (list == by_language_.end()) continue;
      for (std::size_t i = 0; i < tokens.size();) {
        std::size_t matched = 0;
        for (std::size_t term : list->second) {
          const std::vector<std::string>& stems = terms_[term].stems;
          if (i + stems.size() > tokens.size()) continue;
          bool same = true;
          for (std::size_t k = 0; k < stems.size() && same; ++k)
            same = tokens[i + k].stem == stems[k];
          if (!same) continue;
          ++r.count[term];
          r.where[term].insert(name);
          matched = stems.size();
          break;
        }
        i += matched > 0 ? matched : 1;
      }
    }
    return r;
  }

  double k1_, b_;
  std::vector<std::string> themes_;
  std::vector<double> weights_;
  std::vector<std::tuple<std::size_t, std::string, std::string>> written_;  // theme, lang, term
  bool prepared_ = false;
  std::vector<Term> terms_;
  std::map<std::string, std::vector<std::size_t>> by_language_;
  std::unordered_map<std::string, Reading> readings_;
  std::map<std::size_t, std::size_t> document_frequency_;
  std::map<std::string, std::size_t> with_language_;
  std::size_t total_length_ = 0;
};

}  // namespace

SHORTLIST_PLUGIN(Relevance, "relevance", "1.0.0",
                 "How well the proposal addresses the call's themes: BM25 over theme lexicons per "
                 "language, on the host's stems",
                 "relevance")
