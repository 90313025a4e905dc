#include "core/text/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <climits>
#include <map>

#include "core/model/proposal.h"

namespace shortlist::text {

namespace {

// CLD2 names a few languages by codes ISO 639-1 has withdrawn or by a
// script variant: Hebrew is "iw", Javanese "jw", traditional Chinese
// "zh-Hant". Everything after them (right-to-left display, stemmers,
// lexicons, jurors' languages) speaks ISO 639-1.
std::string iso_code(CLD2::Language language) {
  const std::string_view code = CLD2::LanguageCode(language);
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "zh-Hant") return "zh";
  if (code == "sr-ME") return "sr";
  return std::string(code);
}

// Two of CLD2's languages can share an ISO code (simplified and traditional
// Chinese are both zh): their shares add up.
void add_share(LanguageShares& shares, const std::string& code, int percent) {
  for (LanguageShare& share : shares) {
    if (share.code == code) {
      share.percent += percent;
      return;
    }
  }
  shares.push_back({code, percent});
}

// CLD2's summary language is the one with the best score, which is not
// always the first of the top three by share (in a text half Russian and
// half English terms both hold 28%, and the score decides).
LanguageGuess guess_of(CLD2::Language language, const CLD2::Language top3[3], const int percent3[3],
                       bool reliable) {
  LanguageGuess guess{std::string(kUnknownLanguage), 0, false, {}};
  if (language == CLD2::UNKNOWN_LANGUAGE) return guess;
  for (int i = 0; i < 3; ++i) {
    if (top3[i] == language) guess.percent = percent3[i];
  }
  if (guess.percent < kMinimumLanguageShare) return guess;
  guess.code = iso_code(language);
  guess.reliable = reliable;
  guess.all.push_back({guess.code, guess.percent});
  for (int i = 0; i < 3; ++i) {
    if (top3[i] != CLD2::UNKNOWN_LANGUAGE && top3[i] != language && percent3[i] > 0) {
      add_share(guess.all, iso_code(top3[i]), percent3[i]);
    }
  }
  guess.percent = guess.all.front().percent;
  return guess;
}

// CLD2 on a text, its chunks into `chunks` when given. Where CLD2 names no
// language for a text with enough letters to read (it gives up on some
// text that mixes languages, such as Italian sentences with English terms
// between them), it is asked again for its best effort, and that answer is
// never called reliable.
LanguageGuess cld2(std::string_view utf8, CLD2::ResultChunkVector* chunks) {
  const CLD2::CLDHints hints = {nullptr, "", CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  const int length = static_cast<int>(std::min<std::size_t>(utf8.size(), INT_MAX));
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  double scores[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language language = CLD2::ExtDetectLanguageSummary(
      utf8.data(), length, true, &hints, 0, top3, percent3, scores, chunks, &text_bytes, &reliable);
  if (language != CLD2::UNKNOWN_LANGUAGE || text_bytes < kBestEffortLetters) {
    return guess_of(language, top3, percent3, reliable);
  }
  language =
      CLD2::ExtDetectLanguageSummary(utf8.data(), length, true, &hints, CLD2::kCLDFlagBestEffort,
                                     top3, percent3, scores, nullptr, &text_bytes, &reliable);
  return guess_of(language, top3, percent3, false);
}

}  // namespace

LanguageGuess detect_languages(std::string_view utf8, const std::vector<TextSpan>& spans,
                               std::vector<std::string>& span_languages,
                               std::vector<LanguageShares>* span_shares) {
  CLD2::ResultChunkVector chunks;
  LanguageGuess whole = cld2(utf8, &chunks);
  span_languages.assign(spans.size(), std::string(kUnknownLanguage));
  if (span_shares != nullptr) span_shares->assign(spans.size(), {});
  for (std::size_t s = 0; s < spans.size(); ++s) {
    std::map<int, std::size_t> bytes_by_language;
    const std::size_t begin = spans[s].offset;
    const std::size_t end = begin + spans[s].length;
    for (const CLD2::ResultChunk& chunk : chunks) {
      const auto chunk_begin = static_cast<std::size_t>(chunk.offset);
      const std::size_t chunk_end = chunk_begin + static_cast<std::size_t>(chunk.bytes);
      const std::size_t overlap_begin = std::max(begin, chunk_begin);
      const std::size_t overlap_end = std::min(end, chunk_end);
      if (overlap_end > overlap_begin && chunk.lang1 != CLD2::UNKNOWN_LANGUAGE) {
        bytes_by_language[chunk.lang1] += overlap_end - overlap_begin;
      }
    }
    auto best = std::max_element(bytes_by_language.begin(), bytes_by_language.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best != bytes_by_language.end() && 2 * best->second >= spans[s].length) {
      span_languages[s] = iso_code(static_cast<CLD2::Language>(best->first));
      if (span_shares != nullptr) {
        for (const auto& [code, bytes] : bytes_by_language) {
          add_share((*span_shares)[s], iso_code(static_cast<CLD2::Language>(code)),
                    static_cast<int>(100 * bytes / spans[s].length));
        }
        std::stable_sort((*span_shares)[s].begin(), (*span_shares)[s].end(),
                         [](const auto& a, const auto& b) { return a.percent > b.percent; });
      }
      continue;
    }
    // CLD2 leaves the chunks of text it is unsure of without a language:
    // a section mixing languages is read on its own.
    if (end > utf8.size() || spans[s].length == 0) continue;
    LanguageGuess own = detect_language(utf8.substr(begin, spans[s].length));
    span_languages[s] = own.code;
    if (span_shares != nullptr) (*span_shares)[s] = std::move(own.all);
  }
  return whole;
}

LanguageGuess detect_language(std::string_view utf8) { return cld2(utf8, nullptr); }

std::string describe_languages(const LanguageShares& shares, bool reliable) {
  if (shares.empty()) return std::string(kUnknownLanguage);
  std::string out;
  for (const auto& [code, percent] : shares) {
    if (!out.empty()) out += ", ";
    out += code + " " + std::to_string(percent) + "%";
  }
  if (!reliable) out += " (uncertain)";
  return out;
}

std::string mixed_languages(const LanguageShares& shares, bool reliable) {
  if (shares.empty() || (shares.size() == 1 && reliable)) return "";
  return describe_languages(shares, reliable);
}

std::string mixed_languages(const Proposal& proposal) {
  return mixed_languages(proposal.languages, proposal.language_reliable);
}

}  // namespace shortlist::text
