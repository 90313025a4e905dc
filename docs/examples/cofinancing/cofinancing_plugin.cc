// cofinancing: the share of a project's total budget the applicant pays
// itself, (total - requested) / total, as a percentage.
//
//   plugin: cofinancing
//   params: {minimum: 10}   # optional: below this share the value is missing
#include <shortlist/plugin.hpp>
#include <string>

namespace sdk = shortlist::sdk;

class Cofinancing {
 public:
  Cofinancing(const sdk::Params& params, std::string_view /*measure*/)
      : minimum_(params.number_or("minimum", 0)) {
    for (const std::string& key : params.keys("")) {
      if (key != "minimum") throw sdk::Error("unknown param '" + key + "' (known: minimum)");
    }
    if (minimum_ < 0 || minimum_ > 100) throw sdk::Error("minimum must be from 0 to 100");
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const std::optional<double> total = proposal.number("budget.total");
    const std::optional<double> requested = proposal.number("budget.requested");
    if (!total || !requested) return score.missing("the budget gives no total or no request");
    if (*total <= 0) return score.missing("budget.total is not positive");
    const double share = 100 * (*total - *requested) / *total;
    if (share < minimum_) {
      return score.missing("the applicant pays " + whole(share) + "%, under the minimum of " +
                           whole(minimum_) + "%");
    }
    score.value(share);
    score.explain("the applicant pays " + whole(*total - *requested) + " of " + whole(*total) +
                  " (" + whole(share) + "%)");
  }

 private:
  static std::string whole(double value) { return std::to_string(static_cast<long long>(value)); }

  double minimum_;
};

SHORTLIST_PLUGIN(Cofinancing, "cofinancing", "1.0.0",
                 "Share of the total budget the applicant pays itself, in percent", "percent")
