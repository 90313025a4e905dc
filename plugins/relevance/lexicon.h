// The relevance lexicon: the call's themes as concepts, each with its terms
// in every language it covers (lexicon.txt), and how evenly a concept is
// covered across those languages. Plain C++, so that the plugin and
// `shortlist lexicon check` read the same compiled-in text the same way.
//
//   std::vector<relevance::Concept> concepts = relevance::read_lexicon(kLexicon);
//   for (const relevance::Gap& gap : relevance::coverage_gaps(concepts)) ...
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace relevance {

struct Concept {
  std::string id;
  std::string theme;
  std::map<std::string, std::vector<std::string>> terms;  // language -> terms
};

inline std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

inline std::vector<std::string> split_terms(const std::string& list) {
  std::vector<std::string> terms;
  std::istringstream in(list);
  for (std::string term; std::getline(in, term, ';');) {
    term = trimmed(term);
    if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(term);
  }
  return terms;
}

// A term written with a leading '=' must not be stemmed: it matches where
// its words occur as written (case-folded), not wherever their stems do.
// For words the stemmer gives the stem of other words: English stems
// "digitization" as "digit", as it does "digital".
inline bool is_exact(const std::string& term) { return !term.empty() && term.front() == '='; }

// The term as the lexicon writes it, without the exact flag.
inline std::string written(const std::string& term) {
  return is_exact(term) ? trimmed(term.substr(1)) : term;
}

// Reads the concept-first format:
//   concept_id | theme
//     en: term; =exact term; term
// Throws std::invalid_argument naming the line on anything else.
inline std::vector<Concept> read_lexicon(const std::string& text) {
  std::vector<Concept> concepts;
  std::istringstream lines(text);
  std::size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    const std::string content = trimmed(line.substr(0, line.find('#')));
    if (content.empty()) continue;
    const auto fail = [&](const std::string& what) {
      throw std::invalid_argument("lexicon line " + std::to_string(number) + ": " + what);
    };
    if (line.front() != ' ' && line.front() != '\t') {
      const auto bar = content.find('|');
      if (bar == std::string::npos) fail("a concept line is 'concept_id | theme'");
      Concept c{trimmed(content.substr(0, bar)), trimmed(content.substr(bar + 1)), {}};
      if (c.id.empty() || c.theme.empty()) fail("a concept line is 'concept_id | theme'");
      for (const Concept& other : concepts)
        if (other.id == c.id) fail("concept '" + c.id + "' is defined twice");
      concepts.push_back(std::move(c));
      continue;
    }
    if (concepts.empty()) fail("terms before the first concept");
    const auto colon = content.find(':');
    if (colon == std::string::npos) fail("a language line is 'language: term; term'");
    const std::string language = trimmed(content.substr(0, colon));
    if (language.empty()) fail("a language line is 'language: term; term'");
    std::vector<std::string>& terms = concepts.back().terms[language];
    for (std::string& term : split_terms(content.substr(colon + 1))) {
      if (written(term).empty()) fail("'=' marks a term as exact and must be followed by it");
      terms.push_back(term);
    }
  }
  return concepts;
}

// Every language that some concept has terms in.
inline std::set<std::string> languages_of(const std::vector<Concept>& concepts) {
  std::set<std::string> languages;
  for (const Concept& c : concepts)
    for (const auto& [language, terms] : c.terms)
      if (!terms.empty()) languages.insert(language);
  return languages;
}

// A concept said in fewer ways in some languages than in others: no term
// at all (`missing`), or `thin`: fewer than half as many, for its language,
// as the best-covered language has for its own. Each language's count is
// taken against its mean over the lexicon, since some languages need more
// forms for one idea (plurals, two spellings) and Chinese needs fewer.
struct Gap {
  const Concept* of;
  std::size_t most = 0;                     // terms in its best-covered language
  std::vector<std::string> missing;         // languages with no term
  std::map<std::string, std::size_t> thin;  // language -> its terms
};

inline std::vector<Gap> coverage_gaps(const std::vector<Concept>& concepts) {
  const std::set<std::string> languages = languages_of(concepts);
  std::map<std::string, double> mean;  // terms per concept that has any, per language
  for (const std::string& language : languages) {
    double terms = 0, with = 0;
    for (const Concept& c : concepts) {
      const auto it = c.terms.find(language);
      if (it == c.terms.end() || it->second.empty()) continue;
      terms += static_cast<double>(it->second.size());
      ++with;
    }
    mean[language] = terms / with;
  }
  std::vector<Gap> gaps;
  for (const Concept& c : concepts) {
    Gap gap{&c, 0, {}, {}};
    std::map<std::string, double> share;
    double best = 0;
    for (const std::string& language : languages) {
      const auto it = c.terms.find(language);
      const std::size_t n = it == c.terms.end() ? 0 : it->second.size();
      gap.most = std::max(gap.most, n);
      share[language] = static_cast<double>(n) / mean[language];
      best = std::max(best, share[language]);
    }
    for (const std::string& language : languages) {
      const auto it = c.terms.find(language);
      const std::size_t n = it == c.terms.end() ? 0 : it->second.size();
      if (n == 0) {
        gap.missing.push_back(language);
      } else if (2 * share[language] < best) {
        gap.thin[language] = n;
      }
    }
    if (!gap.missing.empty() || !gap.thin.empty()) gaps.push_back(std::move(gap));
  }
  return gaps;
}

}  // namespace relevance
