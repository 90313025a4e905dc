#include "core/jury/juror.h"

#include <algorithm>

#include "core/text/tokens.h"

namespace shortlist::jury {
namespace {

bool same_name(const std::string& a, const std::string& b) {
  return !a.empty() && !b.empty() && text::fold_case(a) == text::fold_case(b);
}

bool names_any(const std::vector<std::string>& names, const std::string& name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return same_name(n, name); });
}

}  // namespace

std::optional<LanguageLevel> Juror::reads(const std::string& language) const {
  for (const auto& [code, level] : languages) {
    if (code == language) return level;
  }
  return std::nullopt;
}

std::optional<std::string> conflict_of(const Juror& juror, const ProposalForJury& proposal,
                                       const ConflictRules& rules) {
  if (std::find(juror.conflicted_proposals.begin(), juror.conflicted_proposals.end(),
                proposal.id) != juror.conflicted_proposals.end()) {
    return "declared a conflict with this proposal";
  }
  if (names_any(juror.conflicted_organisations, proposal.organisation)) {
    return "declared a conflict with " + proposal.organisation;
  }
  if (rules.same_organisation && same_name(juror.organisation, proposal.organisation)) {
    return "belongs to the applicant, " + proposal.organisation;
  }
  if (rules.partners && names_any(juror.partners, proposal.organisation)) {
    return "works with the applicant, " + proposal.organisation;
  }
  if (rules.same_country && !juror.country.empty() && juror.country == proposal.country) {
    return "is from the applicant's country, " + proposal.country;
  }
  return std::nullopt;
}

}  // namespace shortlist::jury
