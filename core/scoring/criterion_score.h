// CriterionScore: what one plugin said about one proposal for one criterion.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace shortlist {

struct Evidence {
  std::string label;
  std::string text;
};

struct CriterionScore {
  std::optional<double> raw;   // absent when missing or failed
  std::string missing_reason;  // the plugin found no value, and why
  std::string error;           // the plugin failed, and why
  std::string explanation;     // UTF-8, shown to the jury
  std::vector<Evidence> evidence;

  bool ok() const { return raw.has_value(); }
};

}  // namespace shortlist
