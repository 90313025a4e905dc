// Language detection with CLD2, for whole proposals and their sections.
//
// A proposal is often written in one language with English terms, names
// and commands in it ("our 电子商务 platform integrates MLETR-compliant
// eBL"). CLD2 then names the language but calls its answer unreliable;
// that answer is kept, with every language's share, and marked unsure.
// "und" is left for text in which CLD2 finds no language holding at least
// kMinimumLanguageShare percent of the letters it scored (numbers, codes,
// names, a word or two).
//
//   LanguageGuess guess = detect_language(proposal.full_text());
//   guess.code;                                       // "zh"
//   describe_languages(guess.all, guess.reliable);   // "zh 58%, en 40%"
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/proposal.h"

namespace shortlist::text {

// Below this share of the text, CLD2's top language is not the text's
// language: most of the text is in languages it could not name, or none.
inline constexpr int kMinimumLanguageShare = 20;

// CLD2 gives up on some text that plainly has a language (Italian
// sentences with English terms between them). Where it names none for a
// text of at least this many letters (about ten words), it is asked for its
// best effort, which is then marked unsure; shorter text stays "und".
inline constexpr int kBestEffortLetters = 64;

using LanguageShares = std::vector<LanguageShare>;

struct LanguageGuess {
  std::string code;       // ISO 639-1 (or CLD2's code), "und" when unknown
  int percent = 0;        // share of the text in that language
  bool reliable = false;  // CLD2's own verdict: false for mixed or short text
  // Up to three languages found, largest first, with their shares (empty
  // when the code is "und").
  LanguageShares all;
};

// The input must be valid UTF-8.
LanguageGuess detect_language(std::string_view utf8);

// A part of a text, as a byte range.
struct TextSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// One CLD2 pass over the whole text that also gives each span its language:
// the one covering most of its bytes, when chunks CLD2 was sure of cover at
// least half of it; otherwise the span is detected on its own, as
// detect_language does. `span_shares`, when given, receives each span's
// languages with their shares.
LanguageGuess detect_languages(std::string_view utf8, const std::vector<TextSpan>& spans,
                               std::vector<std::string>& span_languages,
                               std::vector<LanguageShares>* span_shares = nullptr);

// "zh 58%, en 40%", with " (uncertain)" when CLD2 was not sure; "und" for none.
std::string describe_languages(const LanguageShares& shares, bool reliable);

// What a reader needs beyond a language code: the shares when the text
// mixes languages or CLD2 was unsure ("zh 58%, en 40%"), "" when one
// language was found with certainty or none at all.
std::string mixed_languages(const LanguageShares& shares, bool reliable);
std::string mixed_languages(const Proposal& proposal);

}  // namespace shortlist::text
