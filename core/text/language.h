// Language detection with CLD2.
//
//   LanguageGuess guess = detect_language(proposal.full_text());
//   if (guess.reliable) proposal.language = guess.code;  // "fr"
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shortlist::text {

struct LanguageGuess {
  std::string code;       // ISO 639-1 (or CLD2's code), "und" when unknown
  int percent = 0;        // share of the text in that language
  bool reliable = false;  // CLD2's own reliability verdict
  // Up to three languages found, largest first, with their shares (empty
  // when unreliable).
  std::vector<std::pair<std::string, int>> all;
};

// The input must be valid UTF-8.
LanguageGuess detect_language(std::string_view utf8);

// A part of a text, as a byte range.
struct TextSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// One CLD2 pass over the whole text that also gives each span its language:
// the one covering most of its bytes, when reliably detected chunks cover at
// least half of it; "und" otherwise.
LanguageGuess detect_languages(std::string_view utf8, const std::vector<TextSpan>& spans,
                               std::vector<std::string>& span_languages);

}  // namespace shortlist::text
