// Proposal: one submission to the call, as every later stage sees it.
//
// Ingestion builds it from a file; plugins read it through the host API;
// rankings and reports refer to it by id. Structured values (applicant,
// budget, beneficiaries, free fields) are kept flat under their dotted path,
// exactly as the criteria YAML and plugins address them:
//
//   proposal.number("budget.total");       // std::optional<double>
//   proposal.text("applicant.country");    // std::optional<std::string_view>
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace shortlist {

struct Section {
  std::string name;
  std::string text;  // NFC-normalised UTF-8
};

using FieldValue = std::variant<double, std::string>;

// Language code used when nothing reliable is known.
inline constexpr std::string_view kUnknownLanguage = "und";

struct Proposal {
  std::string id;
  std::string title;
  std::string language{kUnknownLanguage};  // ISO 639-1 where known
  bool language_detected = false;          // true when not declared by the applicant
  std::string source;                      // the file it came from
  std::string summary;
  std::vector<Section> sections;
  // Dotted path -> value: "applicant.name", "budget.total", "fields.x", ...
  std::map<std::string, FieldValue, std::less<>> fields;

  // Field lookups by dotted path. "id", "title", "language" and "summary" are
  // addressable too. A text field is not a number and vice versa.
  std::optional<double> number(std::string_view path) const;
  std::optional<std::string_view> text(std::string_view path) const;
  bool has(std::string_view path) const;

  // Everything a reader reads: title, summary and sections, blank-line separated.
  std::string full_text() const;
};

}  // namespace shortlist
