// Redaction for blind review: who applied, hidden wherever it appears in a
// text a juror reads. A Redactor is told each applicant once — their name,
// e-mail and country — and hides, as whole words, in any case and with or
// without accents: the name, the acronyms it gives (the initials of its
// words, with and without "of", "de", "et" ..., and any acronym written in
// it, as in "(AFESOR)"), the distinctive words of the name (not "Chamber",
// "Association", "Femmes" or the country's own name, which the jury is
// shown anyway), and the e-mail's domain and the names in it. Acronyms are
// hidden only as written, in capitals: "CAN" is a name, "can" is a word;
// a distinctive word only where it begins with a capital, as a name does
// ("Bright Future Foundation" hides "Future", not "a better future").
//
//   text::Redactor hidden;
//   hidden.hide_applicant("Kisumu Regional Chamber of Commerce and Industry",
//                         "projects@kisumu-chamber.example.org", "KE");
//   hidden.redact("KRCCI: paperless certificates for Kisumu traders");
//   // "[withheld]: paperless certificates for [withheld] traders"
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace shortlist::text {

inline constexpr std::string_view kWithheld = "[withheld]";

class Redactor {
 public:
  // Hides `name` as whole words, in any case, with or without accents.
  // Names shorter than three characters are left alone: they would hide
  // ordinary words.
  void hide(std::string_view name);
  // Hides `acronym` only as written.
  void hide_exactly(std::string_view acronym);
  // Everything that names this applicant (see above). `country` is the ISO
  // 3166-1 code, whose names in the jury's languages stay shown.
  void hide_applicant(std::string_view name, std::string_view email, std::string_view country);

  bool empty() const { return terms_.empty(); }
  // `utf8` with every hidden name replaced by `placeholder`, the longest
  // first where names overlap.
  std::string redact(std::string_view utf8, std::string_view placeholder = kWithheld) const;

 private:
  struct Term {
    std::u32string folded;     // in the form texts are compared in
    std::u32string exact;      // as written, when only that form is hidden
    bool capitalised = false;  // hidden only where it begins with a capital
  };
  void add(std::u32string folded, std::u32string exact, bool capitalised = false);

  std::vector<Term> terms_;
  std::set<std::tuple<std::u32string, std::u32string, bool>> known_;
  // The terms by the first character of their folded form, longest first.
  std::unordered_map<char32_t, std::vector<std::size_t>> by_first_;
};

// The acronyms `name` gives: initials of all its words, of its words but the
// little ones, and acronyms written in it. In capitals, three letters or more.
std::vector<std::string> acronyms_of(std::string_view name);

// The words of `name` that single it out: neither little words nor the words
// organisations share (chamber, association, réseau, cámara, women ...) nor
// the names of `country`.
std::vector<std::string> distinctive_words(std::string_view name, std::string_view country);

// Hides each of `names` (as Redactor::hide) in `utf8`. `language` is kept
// for callers: the comparison is the same in every language.
std::string redact(std::string_view utf8, const std::vector<std::string>& names,
                   std::string_view language, std::string_view placeholder = kWithheld);

}  // namespace shortlist::text
