// Juror: a member of the jury as the organiser registered them — the
// languages they can review in, their organisation and country, how many
// proposals they can take — and the conflicts of interest that keep them away
// from a proposal, declared by the juror or derived by the call's rules.
//
//   ConflictRules rules{.same_country = true};
//   if (auto why = conflict_of(juror, {"dc-17", "fr", "CCI Dakar", "SN"}, rules))
//     std::cout << juror.id << " may not review dc-17: " << *why << '\n';
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/enum_names.h"

namespace shortlist::jury {

// How well a juror reads a language; assignment prefers the better reader.
enum class LanguageLevel { Working = 1, Fluent = 2, Native = 3 };

struct Juror {
  std::string id;  // stable key, e.g. "amara"
  std::string name;
  std::string email;
  std::string organisation;
  std::string country;  // ISO 3166-1 alpha-2
  std::vector<std::pair<std::string, LanguageLevel>> languages;
  std::size_t max_load = 10;                      // proposals at most
  std::vector<std::string> partners;              // organisations the juror works with
  std::vector<std::string> conflicted_proposals;  // declared by the juror
  std::vector<std::string> conflicted_organisations;

  std::optional<LanguageLevel> reads(const std::string& language) const;
};

// What a juror needs to know of a proposal to be matched with it.
struct ProposalForJury {
  std::string id;
  std::string language;
  std::string organisation;  // the applicant's name
  std::string country;
};

// The automatic conflict rules a call applies (criteria YAML `jury.conflicts`).
struct ConflictRules {
  bool same_organisation = true;  // the juror belongs to the applicant
  bool same_country = false;      // the juror is from the applicant's country
  bool partners = true;           // the applicant is one of the juror's partners
};

// Why `juror` may not review `proposal`, or nothing when they may. Names are
// compared case-folded, so "CCI Dakar" and "cci dakar" are one organisation.
std::optional<std::string> conflict_of(const Juror& juror, const ProposalForJury& proposal,
                                       const ConflictRules& rules);

inline constexpr EnumName<LanguageLevel> kLanguageLevelNames[] = {
    {LanguageLevel::Working, "working"},
    {LanguageLevel::Fluent, "fluent"},
    {LanguageLevel::Native, "native"}};

inline std::string_view to_string(LanguageLevel level) {
  return name_of(kLanguageLevelNames, level);
}

}  // namespace shortlist::jury
