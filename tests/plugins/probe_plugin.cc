// A well-behaved test plugin with a corpus pass. Its value is a numeric field
// (params.path); its explanation says how many proposals the corpus pass saw.
#include <algorithm>
#include <optional>
#include <shortlist/plugin.hpp>
#include <string>

namespace sdk = shortlist::sdk;

namespace {

class Probe {
 public:
  Probe(const sdk::Params& params, std::string_view measure) : measure_(measure) {
    path_ = params.text("path").value_or("budget.total");
    if (params.has("reject")) throw sdk::Error("params say reject");
  }
  void begin(std::size_t count) { announced_ = count; }
  void observe(const sdk::Proposal&) { ++seen_; }
  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    if (measure_ == "stems") {
      std::vector<std::string> seen;
      for (const auto& section : proposal.sections()) {
        for (const auto& token : proposal.tokens(section.text)) {
          if (std::find(seen.begin(), seen.end(), token.stem) == seen.end())
            seen.push_back(token.stem);
        }
      }
      score.value(static_cast<double>(seen.size()));
      std::string list;
      for (const std::string& stem : seen) list += (list.empty() ? "" : " ") + stem;
      score.explain(list);
      return;
    }
    if (measure_ == "analysis") {  // the host's words of the first section, as it gave them
      const std::optional<sdk::Proposal::Words> words = proposal.words(0);
      if (!words) return score.missing("no analysis");
      std::string list;
      for (const sl_word& w : *words) {
        list += (list.empty() ? "" : " ") + std::string(words->stem(w)) + "#" +
                std::to_string(w.stem) + "@" + std::to_string(w.offset) + "/" +
                std::to_string(w.sentence);
      }
      score.value(static_cast<double>(words->size()));
      score.explain(list + " | " + std::string(words->language()) + ", " +
                    std::to_string(words->sentences()) + " sentences");
      return;
    }
    if (measure_ == "words") {
      std::size_t words = 0;
      for (const auto& section : proposal.sections()) words += proposal.count_words(section.text);
      score.value(static_cast<double>(words));
    } else if (auto value = proposal.number(path_)) {
      score.value(*value);
    } else {
      return score.missing("no " + path_);
    }
    score.explain("seen " + std::to_string(seen_) + " of " + std::to_string(announced_) +
                  " proposals; language " + std::string(proposal.language()));
    score.evidence("id", std::string(proposal.id()));
  }

 private:
  std::string measure_;
  std::string path_;
  std::size_t announced_ = 0;
  std::size_t seen_ = 0;
};

}  // namespace

SHORTLIST_PLUGIN(Probe, "probe", "2.1.0", "Test plugin: a field's value, with a corpus pass",
                 "value", "words", "stems", "analysis")
