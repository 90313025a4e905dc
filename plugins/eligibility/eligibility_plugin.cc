// eligibility: a call's terms checked on one proposal, as a gate: the
// applicant's type and country, the budget and the request within their
// caps, the required fields present, and the submission on time. The value
// is 1 when every rule holds, 0 otherwise; the explanation says exactly
// which rules failed and why, or what was checked.
//
//   gates:
//     - id: terms
//       plugin: eligibility
//       params:
//         applicant_types: [industry_association, chamber_of_commerce, ngo]
//         countries: wto_members        # or a list of ISO 3166-1 alpha-2 codes
//         max_total: 500000
//         max_requested: 150000
//         max_requested_share: 0.8      # requested / total
//         required: [applicant.name, applicant.email, budget.total, summary]
//         deadline: 2026-12-31          # against fields.submitted_at (param submitted_field)
#include <cstdio>
#include <regex>
#include <set>
#include <shortlist/plugin.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "wto_members.inc"  // kWtoMembers: the codes, from wto_members.txt

namespace sdk = shortlist::sdk;

namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// A share as a percentage with one decimal: "81.1%", "100%".
std::string percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", 100 * share);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text + "%";
}

std::vector<std::string> list(const sdk::Params& params, const std::string& path) {
  std::vector<std::string> out;
  for (std::size_t i = 0, n = params.size(path); i < n; ++i) {
    std::optional<std::string> item = params.text(path + "." + std::to_string(i));
    if (!item || item->empty()) throw sdk::Error("params." + path + " must be a list of texts");
    out.push_back(*item);
  }
  return out;
}

std::string joined(const std::set<std::string>& items, std::size_t at_most = 8) {
  std::string out;
  std::size_t shown = 0;
  for (const std::string& item : items) {
    if (shown++ == at_most) return out + ", ...";
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// "2026-12-31" or "2026-12-31T18:00:00Z" as a comparable "YYYY-MM-DDTHH:MM:SS";
// a date alone is its first second, or its last when `end_of_day`.
std::optional<std::string> timestamp(const std::string& text, bool end_of_day) {
  static const std::regex kDate("(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2})?)Z?)?");
  std::smatch match;
  if (!std::regex_match(text, match, kDate)) return std::nullopt;
  std::string time = match[2].matched ? match[2].str() : (end_of_day ? "23:59:59" : "00:00:00");
  if (time.size() == 5) time += ":00";
  return match[1].str() + "T" + time;
}

class Eligibility {
 public:
  Eligibility(const sdk::Params& params, std::string_view /*measure*/) {
    static const std::set<std::string> kKnown = {
        "applicant_types",     "countries", "max_total", "max_requested",
        "max_requested_share", "required",  "deadline",  "submitted_field"};
    for (const std::string& key : params.keys("")) {
      if (!kKnown.count(key)) {
        throw sdk::Error("unknown param '" + key + "' (known: " + joined(kKnown, 99) + ")");
      }
    }
    for (const std::string& type : list(params, "applicant_types")) types_.insert(type);
    if (params.text("countries") == "wto_members") {
      std::istringstream lines(kWtoMembers);
      for (std::string line; std::getline(lines, line);) {
        std::istringstream codes(line.substr(0, line.find('#')));
        for (std::string code; codes >> code;) countries_.insert(code);
      }
      countries_name_ = "WTO members";
    } else {
      for (const std::string& code : list(params, "countries")) {
        if (!std::regex_match(code, std::regex("[A-Z]{2}"))) {
          throw sdk::Error("countries: '" + code + "' is not an ISO 3166-1 alpha-2 code");
        }
        countries_.insert(code);
      }
      countries_name_ = "the eligible countries";
    }
    max_total_ = params.number("max_total");
    max_requested_ = params.number("max_requested");
    max_share_ = params.number("max_requested_share");
    if (max_share_ && (*max_share_ <= 0 || *max_share_ > 1)) {
      throw sdk::Error("max_requested_share must be above 0 and at most 1");
    }
    required_ = list(params, "required");
    if (auto deadline = params.text("deadline")) {
      deadline_ = timestamp(*deadline, true);
      if (!deadline_) throw sdk::Error("deadline must be a date, 2026-12-31, or 2026-12-31T18:00Z");
      deadline_text_ = *deadline;
    }
    submitted_field_ = params.text("submitted_field").value_or("fields.submitted_at");
    if (types_.empty() && countries_.empty() && !max_total_ && !max_requested_ && !max_share_ &&
        required_.empty() && !deadline_) {
      throw sdk::Error(
          "no rule to check: give applicant_types, countries, max_total, "
          "max_requested, max_requested_share, required or deadline");
    }
  }

  void score(const sdk::Proposal& proposal, sdk::Score& score) {
    std::vector<std::string> failed, held;
    const auto check = [&](bool ok, std::string failure, std::string success) {
      (ok ? held : failed).push_back(ok ? std::move(success) : std::move(failure));
    };
    if (!types_.empty()) {
      const std::string type(proposal.text("applicant.type").value_or(""));
      check(types_.count(type) > 0,
            type.empty() ? "no applicant type given"
                         : "applicant type '" + type +
                               "' is not eligible (eligible: " + joined(types_) + ")",
            "applicant type " + type);
    }
    if (!countries_.empty()) {
      const std::string country(proposal.text("applicant.country").value_or(""));
      check(countries_.count(country) > 0,
            country.empty() ? "no applicant country given"
                            : "country " + country + " is not among " + countries_name_,
            "country " + country + (countries_name_ == "WTO members" ? " (WTO member)" : ""));
    }
    const std::optional<double> total = proposal.number("budget.total");
    const std::optional<double> requested = proposal.number("budget.requested");
    if (max_total_) {
      check(total && *total <= *max_total_,
            total ? "budget total " + number_text(*total) + " is above the cap of " +
                        number_text(*max_total_)
                  : "no budget total given",
            total ? "total " + number_text(*total) + " within " + number_text(*max_total_) : "");
    }
    if (max_requested_) {
      check(requested && *requested <= *max_requested_,
            requested ? "request " + number_text(*requested) + " is above the cap of " +
                            number_text(*max_requested_)
                      : "no amount requested given",
            requested
                ? "request " + number_text(*requested) + " within " + number_text(*max_requested_)
                : "");
    }
    if (max_share_) {
      const bool known = total && requested && *total > 0;
      const double share = known ? *requested / *total : 0;
      check(known && share <= *max_share_,
            known ? "the request is " + percent(share) + " of the total, above " +
                        percent(*max_share_)
                  : "the request's share of the total cannot be computed",
            known ? "request " + percent(share) + " of the total" : "");
    }
    std::vector<std::string> absent;
    for (const std::string& path : required_) {
      if (!proposal.text(path) && !has_number(proposal, path)) absent.push_back(path);
    }
    if (!required_.empty()) {
      std::string names;
      for (const std::string& a : absent) names += (names.empty() ? "" : ", ") + a;
      check(absent.empty(), "required fields missing: " + names, "required fields present");
    }
    if (deadline_) {
      const std::optional<std::string_view> written = proposal.text(submitted_field_);
      const std::optional<std::string> at =
          written ? timestamp(std::string(*written), false) : std::nullopt;
      check(at && *at <= *deadline_,
            !written ? "no submission date (" + submitted_field_ + ")"
            : !at    ? "submission date '" + std::string(*written) + "' is not a date"
                     : "submitted " + std::string(*written) + ", after the deadline of " +
                        deadline_text_,
            written ? "submitted " + std::string(*written) + " by " + deadline_text_ : "");
    }
    std::string text;
    for (const std::string& s : failed.empty() ? held : failed) {
      text += (text.empty() ? "" : "; ") + s;
    }
    score.value(failed.empty() ? 1 : 0);
    score.explain(failed.empty() ? "eligible: " + text : text);
  }

 private:
  static bool has_number(const sdk::Proposal& proposal, const std::string& path) {
    try {
      return proposal.number(path).has_value();
    } catch (const std::exception&) {
      return false;
    }
  }

  std::set<std::string> types_, countries_;
  std::string countries_name_;
  std::optional<double> max_total_, max_requested_, max_share_;
  std::vector<std::string> required_;
  std::optional<std::string> deadline_;
  std::string deadline_text_;
  std::string submitted_field_;
};

}  // namespace

SHORTLIST_PLUGIN(Eligibility, "eligibility", "1.0.0",
                 "The call's terms: applicant type and country, budget caps, required fields and "
                 "deadline; 1 when all hold, with the exact reason when not",
                 "eligible")
