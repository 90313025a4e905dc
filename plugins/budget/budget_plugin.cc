// budget: value for money — the grant requested per MSME reached, in one
// currency for the whole call — and the share of the project the grant
// would pay; each proposal's cost per MSME is compared with the call's, and
// outliers are flagged.
//
//   plugin: budget
//   measure: cost_per_msme     # or requested_share, requested
//   params:
//     currency: USD                      # the call's currency
//     rates: {EUR: 1.08, XOF: 0.00165}   # units of the call's currency per unit
//     outlier_above: 3.5                 # robust deviations from the median
//
// Currency codes are checked against ISO 4217 with ICU. The corpus pass
// collects every proposal's cost per MSME; an outlier is one whose robust
// z-score, 0.6745 (x - median) / MAD, is beyond `outlier_above`.
#include <unicode/ucurr.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <shortlist/plugin.hpp>
#include <string>
#include <vector>

namespace sdk = shortlist::sdk;

namespace {

std::string number_text(double value, const char* format = "%.2f") {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// An ISO 4217 code ICU knows as a currency at some time.
bool is_currency(const std::string& code) {
  if (code.size() != 3 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return false;
  }
  UChar iso[4] = {static_cast<UChar>(code[0]), static_cast<UChar>(code[1]),
                  static_cast<UChar>(code[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  const UBool available = ucurr_isAvailable(iso, U_DATE_MIN, U_DATE_MAX, &status);
  return U_SUCCESS(status) && available;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

enum class Measure { CostPerMsme, RequestedShare, Requested };

class Budget {
 public:
  Budget(const sdk::Params& params, std::string_view measure)
      : currency_(params.text("currency").value_or("USD")),
        outlier_above_(params.number_or("outlier_above", 3.5)) {
    for (const std::string& key : params.keys("")) {
      if (key != "currency" && key != "rates" && key != "outlier_above") {
        throw sdk::Error("unknown param '" + key + "' (known: currency, outlier_above, rates)");
      }
    }
    if (!is_currency(currency_)) {
      throw sdk::Error("currency '" + currency_ + "' is not an ISO 4217 currency code");
    }
    for (const std::string& code : params.keys("rates")) {
      if (!is_currency(code)) {
        throw sdk::Error("rates: '" + code + "' is not an ISO 4217 currency code");
      }
      const std::optional<double> rate = params.number("rates." + code);
      if (!rate || !(*rate > 0)) throw sdk::Error("rates." + code + " must be a number above 0");
      rates_[code] = *rate;
    }
    rates_[currency_] = 1;
    if (!(outlier_above_ > 0)) throw sdk::Error("outlier_above must be above 0");
    measure_ = measure == "requested_share" ? Measure::RequestedShare
               : measure == "requested"     ? Measure::Requested
                                            : Measure::CostPerMsme;
  }

  void observe(const sdk::Proposal& proposal) {
    Figures f = figures(proposal);
    if (f.problem.empty() && f.msmes > 0) costs_.push_back(f.requested / f.msmes);
  }

  void end() {
    if (costs_.size() < 3) return;  // too few to say what is usual
    const double middle = median(costs_);
    std::vector<double> deviations;
    for (double c : costs_) deviations.push_back(std::abs(c - middle));
    median_ = middle;
    mad_ = median(deviations);
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const Figures f = figures(proposal);
    if (!f.problem.empty()) return score.missing(f.problem);
    const std::string requested = number_text(f.requested) + " " + currency_ + f.converted;
    switch (measure_) {
      case Measure::Requested:
        score.value(f.requested);
        return score.explain("requested " + requested);
      case Measure::RequestedShare:
        if (!f.total || *f.total <= 0) return score.missing("the budget gives no positive total");
        score.value(f.requested / *f.total);
        return score.explain("requested " + requested + " of a total of " + number_text(*f.total) +
                             " " + currency_ + ": " +
                             number_text(100 * f.requested / *f.total, "%.1f") + "%");
      case Measure::CostPerMsme:
        break;
    }
    if (!(f.msmes > 0)) return score.missing("the proposal gives no MSMEs reached");
    const double cost = f.requested / f.msmes;
    score.value(cost);
    std::string text = "requested " + requested + " for " + number_text(f.msmes, "%.0f") +
                       " MSMEs: " + number_text(cost) + " " + currency_ + " per MSME";
    if (median_ && mad_ && *mad_ > 0) {
      const double z = 0.6745 * (cost - *median_) / *mad_;
      if (std::abs(z) > outlier_above_) {
        text += " — an outlier, " + number_text(std::abs(z), "%.1f") + " robust deviations " +
                (z > 0 ? "above" : "below") + " the call's median of " + number_text(*median_) +
                " " + currency_;
      }
    }
    score.explain(text);
  }

 private:
  struct Figures {
    double requested = 0;         // in the call's currency
    std::optional<double> total;  // in the call's currency
    double msmes = 0;
    std::string converted;  // " (from 50000 EUR at 1.08)", or ""
    std::string problem;
  };

  Figures figures(const sdk::Proposal& proposal) const {
    Figures f;
    const std::optional<double> requested = proposal.number("budget.requested");
    if (!requested) return f.problem = "the budget gives no amount requested", f;
    const std::string code(proposal.text("budget.currency").value_or(currency_));
    if (!is_currency(code)) {
      return f.problem = "budget.currency '" + code + "' is not an ISO 4217 currency code", f;
    }
    const auto rate = rates_.find(code);
    if (rate == rates_.end()) {
      return f.problem = "no rate for " + code + " in params.rates (to " + currency_ + ")", f;
    }
    f.requested = *requested * rate->second;
    if (code != currency_) {
      f.converted = " (from " + number_text(*requested) + " " + code + " at " +
                    number_text(rate->second, "%.6g") + ")";
    }
    if (auto total = proposal.number("budget.total")) f.total = *total * rate->second;
    f.msmes = proposal.number("beneficiaries.msmes").value_or(0);
    return f;
  }

  std::string currency_;
  double outlier_above_;
  std::map<std::string, double> rates_;
  Measure measure_ = Measure::CostPerMsme;
  std::vector<double> costs_;
  std::optional<double> median_, mad_;
};

}  // namespace

SHORTLIST_PLUGIN(Budget, "budget", "1.0.0",
                 "Grant requested per MSME reached in the call's currency, with outliers against "
                 "the call flagged; or the requested share of the total",
                 "cost_per_msme", "requested_share", "requested")
