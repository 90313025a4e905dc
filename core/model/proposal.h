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
#include <utility>
#include <variant>
#include <vector>

namespace shortlist {

struct LanguageShare {
  std::string code;  // ISO 639-1 (CLD2's code)
  int percent = 0;   // of the text's bytes
};

struct Section {
  std::string name;
  std::string text;                        // cleaned, NFC-normalised UTF-8
  std::string language{"und"};             // the language most of it is in (core/text/language.h)
  std::vector<LanguageShare> languages{};  // every language found in it, largest first
};

// Words and sentences of a proposal's text in one language.
struct TextCounts {
  std::size_t words = 0;
  std::size_t sentences = 0;
};

using FieldValue = std::variant<double, std::string>;

// Language code used when no language holds a meaningful share of the text.
inline constexpr std::string_view kUnknownLanguage = "und";

struct Proposal {
  std::string id;
  std::string title;
  std::string language{kUnknownLanguage};  // ISO 639-1 where known
  bool language_detected = false;          // true when not declared by the applicant
  std::string declared_language;           // as the applicant declared it, "" if not
  bool language_reliable = false;          // CLD2 was sure (not for mixed or short text)
  std::vector<LanguageShare> languages;    // every language CLD2 found, largest first
  // Per language: title and summary count in the proposal's language, each
  // section in its own (or the proposal's when unknown).
  std::map<std::string, TextCounts, std::less<>> counts;
  // The applicant declared one language and the text is reliably another:
  // shown to the organiser, never silently corrected.
  bool language_mismatch = false;
  std::string encoding{"UTF-8"};  // of the file it came from
  int encoding_confidence = 100;
  std::string content_hash;  // SHA-256 of the cleaned text: equal for a resubmission
  std::string tracking_code;
  // When it was submitted, ISO 8601 UTC to the millisecond: when the store
  // first received it, else its file's modification time; "" when unknown.
  // Which of two proposals came first (originality's "who copied whom").
  std::string submitted_at;
  std::string source;  // the file it came from
  std::string summary;
  std::vector<Section> sections;
  // Dotted path -> value: "applicant.name", "budget.total", "fields.x", ...
  std::map<std::string, FieldValue, std::less<>> fields;

  // Field lookups by dotted path. "id", "title", "language", "summary",
  // "tracking_code" and "submitted_at" are addressable too. A text field is not a number and vice
  // versa.
  std::optional<double> number(std::string_view path) const;
  std::optional<std::string_view> text(std::string_view path) const;
  bool has(std::string_view path) const;

  // Everything a reader reads: title, summary and sections, blank-line
  // separated. With `section_spans`, also where each section lies in it.
  std::string full_text(
      std::vector<std::pair<std::size_t, std::size_t>>* section_spans = nullptr) const;
};

}  // namespace shortlist
