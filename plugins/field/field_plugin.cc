// field: a criterion's raw value taken straight from a submission field
// (brief, contract 4), optionally divided by another field.
//
//   plugin: field
//   params: {path: budget.requested, divide_by: beneficiaries.msmes}
#include <cmath>
#include <cstdio>
#include <shortlist/plugin.hpp>
#include <string>

namespace sdk = shortlist::sdk;

namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

class FieldValue {
 public:
  FieldValue(const sdk::Params& params, std::string_view /*measure*/) {
    path_ = params.text("path").value_or("");
    if (path_.empty())
      throw sdk::Error("params.path is required: the dotted field path, e.g. budget.total");
    divide_by_ = params.text("divide_by").value_or("");
    for (const std::string& key : params.keys("")) {
      if (key != "path" && key != "divide_by") {
        throw sdk::Error("unknown param '" + key + "' (known: path, divide_by)");
      }
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    std::optional<double> value = proposal.number(path_);
    if (!value) return score.missing("the submission has no " + path_);
    if (divide_by_.empty()) {
      score.value(*value);
      score.explain(path_ + " = " + number_text(*value));
      return;
    }
    std::optional<double> divisor = proposal.number(divide_by_);
    if (!divisor) return score.missing("the submission has no " + divide_by_);
    if (*divisor == 0)
      return score.missing(divide_by_ + " is 0, so " + path_ + " cannot be divided by it");
    const double ratio = *value / *divisor;
    score.value(ratio);
    score.explain(path_ + " / " + divide_by_ + " = " + number_text(*value) + " / " +
                  number_text(*divisor) + " = " + number_text(ratio));
  }

 private:
  std::string path_;
  std::string divide_by_;
};

}  // namespace

SHORTLIST_PLUGIN(FieldValue, "field", "1.0.0",
                 "A submission field's value by dotted path, optionally divided by another field",
                 "value")
