// my_criterion: a starting point for a scoring plugin. Copy this folder,
// rename the class, the plugin name and the file, and replace `score`.
// docs/plugin-guide.md explains each part; <shortlist/plugin.hpp> lists
// everything a plugin can ask of a proposal.
//
// As written it scores the number of words in one section of the proposal
// (params: {section: activities}), so it builds and loads as it is.
#include <shortlist/plugin.hpp>
#include <string>

namespace sdk = shortlist::sdk;

class MyCriterion {
 public:
  // Read and check the criterion's params once; throw sdk::Error to refuse
  // them (the organiser sees the message with the criterion's line).
  MyCriterion(const sdk::Params& params, std::string_view /*measure*/)
      : section_(params.text("section").value_or("")) {
    if (section_.empty()) throw sdk::Error("params.section is required, e.g. activities");
  }

  // Called for every proposal: give a value and say how it was reached, or
  // say why there is none.
  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    for (const sdk::Proposal::Section& section : proposal.sections()) {
      if (section.name != section_) continue;
      const std::size_t words = proposal.count_words(section.text);
      score.value(static_cast<double>(words));
      return score.explain(std::to_string(words) + " words in section " + section_);
    }
    score.missing("the proposal has no section '" + section_ + "'");
  }

 private:
  std::string section_;
};

// Name (as criteria files write it), version, description, measures.
SHORTLIST_PLUGIN(MyCriterion, "my_criterion", "0.1.0", "Words in one section of the proposal",
                 "words")
