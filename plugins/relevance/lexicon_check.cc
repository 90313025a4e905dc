// shortlist-lexicon: what the relevance plugin's compiled-in lexicon says,
// concept by concept, for the organiser who reviews it. `shortlist lexicon`
// runs it; it is built from the same lexicon.txt and lexicon.h as the
// plugin, so it shows exactly what the plugin matches.
//
//   shortlist lexicon check         concepts whose coverage differs across languages
//   shortlist lexicon check --all   every concept, with its terms per language
//   shortlist lexicon show CONCEPT  a concept's terms, language by language
//
// Exit status: 0 when every concept has terms in every language of the
// lexicon, 1 when one has none in some language, 2 on bad usage.
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "lexicon.h"
#include "lexicon.inc"  // kLexicon: lexicon.txt

namespace {

constexpr const char* kUsage =
    "usage: shortlist lexicon check [--all]\n"
    "       shortlist lexicon show CONCEPT\n"
    "Lists the relevance lexicon's concepts whose terms differ across languages: a language\n"
    "with no term (missing) or with fewer than half the terms of the best-covered one (thin).\n";

void counts_row(std::ostream& out, const relevance::Concept& c,
                const std::set<std::string>& languages) {
  out << std::left << std::setw(24) << c.id << std::setw(22) << c.theme << std::right;
  for (const std::string& language : languages) {
    const auto it = c.terms.find(language);
    out << std::setw(4) << (it == c.terms.end() ? 0 : it->second.size());
  }
}

int check(const std::vector<relevance::Concept>& concepts, bool all) {
  const std::set<std::string> languages = relevance::languages_of(concepts);
  const std::vector<relevance::Gap> gaps = relevance::coverage_gaps(concepts);
  std::size_t terms = 0;
  for (const relevance::Concept& c : concepts)
    for (const auto& [language, list] : c.terms) terms += list.size();
  std::string names;
  for (const std::string& language : languages) names += (names.empty() ? "" : " ") + language;
  std::cout << "relevance lexicon: " << concepts.size() << " concepts, " << terms << " terms, in "
            << languages.size() << " languages (" << names << ")\n";
  std::cout << (all ? "every concept"
                    : std::to_string(gaps.size()) +
                          " concepts whose coverage differs across languages")
            << " (terms per language; missing: none; thin: under half the best-covered language's, "
               "each against its usual count)\n\n";
  std::cout << std::left << std::setw(24) << "concept" << std::setw(22) << "theme" << std::right;
  for (const std::string& language : languages) std::cout << std::setw(4) << language;
  std::cout << "\n";
  bool missing = false;
  for (const relevance::Concept& c : concepts) {
    const relevance::Gap* gap = nullptr;
    for (const relevance::Gap& g : gaps)
      if (g.of == &c) gap = &g;
    if (gap == nullptr && !all) continue;
    counts_row(std::cout, c, languages);
    if (gap != nullptr) {
      std::string note;
      for (const std::string& language : gap->missing) note += " " + language;
      if (!note.empty()) note = "  missing:" + note;
      std::string thin;
      for (const auto& [language, n] : gap->thin) thin += " " + language;
      if (!thin.empty()) note += "  thin:" + thin;
      std::cout << note;
      missing = missing || !gap->missing.empty();
    }
    std::cout << "\n";
  }
  if (gaps.empty()) std::cout << "(none)\n";
  return missing ? 1 : 0;
}

int show(const std::vector<relevance::Concept>& concepts, const std::string& id) {
  for (const relevance::Concept& c : concepts) {
    if (c.id != id) continue;
    std::cout << c.id << " | " << c.theme << "\n";
    for (const auto& [language, terms] : c.terms) {
      std::string list;
      for (const std::string& term : terms) list += (list.empty() ? "" : "; ") + term;
      std::cout << "  " << language << ": " << list << "\n";
    }
    return 0;
  }
  std::cerr << "shortlist lexicon: no concept '" << id << "'\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<relevance::Concept> concepts;
  try {
    concepts = relevance::read_lexicon(kLexicon);
  } catch (const std::invalid_argument& e) {
    std::cerr << "shortlist lexicon: " << e.what() << "\n";
    return 1;
  }
  if (!args.empty() && args[0] == "check" &&
      (args.size() == 1 || (args.size() == 2 && args[1] == "--all"))) {
    return check(concepts, args.size() == 2);
  }
  if (args.size() == 2 && args[0] == "show") return show(concepts, args[1]);
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
