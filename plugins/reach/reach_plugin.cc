// reach: how many micro, small and medium-sized enterprises a project
// reaches, how many of them are led by women, and whether it works in least
// developed countries.
//
//   plugin: reach
//   measure: reach             # or msmes, women_led_share, ldc_focus
//   params: {women_weight: 0.5, ldc_bonus: 0.25}
//
// Measures:
//   msmes            log10(1 + MSMEs reached): each tenfold counts the same,
//                    so 10,000 firms do not drown every other criterion
//   women_led_share  beneficiaries.women_led / beneficiaries.msmes, 0..1
//   ldc_focus        the share of the project's countries that are least
//                    developed (the UN list, ldc.txt): applicant.country, or
//                    the codes in `countries_field` when given
//   reach            msmes x (1 + women_weight x women_led_share)
//                          x (1 + ldc_bonus x ldc_focus)
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>
#include <shortlist/plugin.hpp>
#include <sstream>
#include <string>

#include "ldc.inc"  // kLeastDeveloped: the codes, from ldc.txt

namespace sdk = shortlist::sdk;

namespace {

std::string number_text(double value, const char* format = "%.3g") {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

enum class Measure { Reach, Msmes, WomenLed, Ldc };

class Reach {
 public:
  Reach(const sdk::Params& params, std::string_view measure)
      : women_weight_(params.number_or("women_weight", 0.5)),
        ldc_bonus_(params.number_or("ldc_bonus", 0.25)),
        countries_field_(params.text("countries_field").value_or("")) {
    static const std::set<std::string> kKnown = {"women_weight", "ldc_bonus", "ldc",
                                                 "countries_field"};
    for (const std::string& key : params.keys("")) {
      if (!kKnown.count(key)) {
        throw sdk::Error("unknown param '" + key +
                         "' (known: countries_field, ldc, ldc_bonus, women_weight)");
      }
    }
    if (women_weight_ < 0 || ldc_bonus_ < 0) {
      throw sdk::Error("women_weight and ldc_bonus must not be negative");
    }
    measure_ = measure == "msmes"             ? Measure::Msmes
               : measure == "women_led_share" ? Measure::WomenLed
               : measure == "ldc_focus"       ? Measure::Ldc
                                              : Measure::Reach;
    if (params.size("ldc") > 0) {
      for (std::size_t i = 0, n = params.size("ldc"); i < n; ++i) {
        const std::optional<std::string> code = params.text("ldc." + std::to_string(i));
        if (!code || !std::regex_match(*code, std::regex("[A-Z]{2}"))) {
          throw sdk::Error("ldc must list ISO 3166-1 alpha-2 codes");
        }
        ldc_.insert(*code);
      }
    } else {
      std::istringstream lines(kLeastDeveloped);
      for (std::string line; std::getline(lines, line);) {
        std::istringstream codes(line.substr(0, line.find('#')));
        for (std::string code; codes >> code;) ldc_.insert(code);
      }
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    const std::optional<double> msmes = proposal.number("beneficiaries.msmes");
    if (!msmes) return score.missing("the proposal gives no beneficiaries.msmes");
    if (*msmes < 0) return score.missing("beneficiaries.msmes is negative");
    const double scaled = std::log10(1 + *msmes);

    const std::optional<double> women = proposal.number("beneficiaries.women_led");
    double women_share = 0;
    std::string women_text = "no women-led figure";
    if (women && *msmes > 0) {
      women_share = std::min(1.0, std::max(0.0, *women / *msmes));
      women_text = number_text(*women, "%.0f") + " women-led (" +
                   number_text(100 * women_share, "%.0f") + "%)";
    }

    std::vector<std::string> countries;
    if (!countries_field_.empty()) {
      std::string list(proposal.text(countries_field_).value_or(""));
      for (char& c : list) {
        if (c == ',' || c == ';') c = ' ';
      }
      std::istringstream in(list);
      for (std::string code; in >> code;) countries.push_back(code);
    } else if (auto country = proposal.text("applicant.country")) {
      countries.emplace_back(*country);
    }
    std::size_t least = 0;
    std::string ldc_names;
    for (const std::string& c : countries) {
      if (!ldc_.count(c)) continue;
      ++least;
      ldc_names += (ldc_names.empty() ? "" : ", ") + c;
    }
    const double ldc_share =
        countries.empty() ? 0 : static_cast<double>(least) / static_cast<double>(countries.size());
    const std::string ldc_text = countries.empty() ? "no country given"
                                 : least == 0      ? "no least developed country"
                                                   : "least developed: " + ldc_names + " (" +
                                                    std::to_string(least) + " of " +
                                                    std::to_string(countries.size()) + ")";

    const std::string msme_text = number_text(*msmes, "%.0f") + " MSMEs reached";
    switch (measure_) {
      case Measure::Msmes:
        score.value(scaled);
        return score.explain(msme_text + " (log10(1 + n) = " + number_text(scaled) + ")");
      case Measure::WomenLed:
        if (!women) return score.missing("the proposal gives no beneficiaries.women_led");
        score.value(women_share);
        return score.explain(women_text + " of " + msme_text);
      case Measure::Ldc:
        if (countries.empty()) return score.missing("the proposal names no country");
        score.value(ldc_share);
        return score.explain(ldc_text);
      case Measure::Reach:
        break;
    }
    const double value = scaled * (1 + women_weight_ * women_share) * (1 + ldc_bonus_ * ldc_share);
    score.value(value);
    // Each factor named, with what it is made of, so that a reader can
    // check the product without the plugin's README.
    score.explain(msme_text + ", " + women_text + ", " + ldc_text + ": reach " +
                  number_text(value) + " = log scale of MSMEs " + number_text(scaled) +
                  " (log10(1 + " + number_text(*msmes, "%.0f") + ")) x women-led factor " +
                  number_text(1 + women_weight_ * women_share) + " (1 + " +
                  number_text(women_weight_) + " x " + number_text(100 * women_share, "%.0f") +
                  "%) x least-developed factor " + number_text(1 + ldc_bonus_ * ldc_share) +
                  " (1 + " + number_text(ldc_bonus_) + " x " +
                  number_text(100 * ldc_share, "%.0f") + "%)");
  }

 private:
  double women_weight_;
  double ldc_bonus_;
  std::string countries_field_;
  Measure measure_ = Measure::Reach;
  std::set<std::string> ldc_;
};

}  // namespace

SHORTLIST_PLUGIN(Reach, "reach", "1.0.0",
                 "MSMEs reached (log scale), weighted up for women-led firms and least developed "
                 "countries",
                 "reach", "msmes", "women_led_share", "ldc_focus")
