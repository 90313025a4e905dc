#include "core/text/language.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <climits>
#include <map>

#include "core/model/proposal.h"

namespace shortlist::text {

namespace {

LanguageGuess guess_of(CLD2::Language language, const CLD2::Language top3[3], const int percent3[3],
                       bool reliable) {
  if (language == CLD2::UNKNOWN_LANGUAGE || !reliable) {
    return {std::string(kUnknownLanguage), percent3[0], false, {}};
  }
  LanguageGuess guess{CLD2::LanguageCode(language), percent3[0], true, {}};
  for (int i = 0; i < 3; ++i) {
    if (top3[i] != CLD2::UNKNOWN_LANGUAGE && percent3[i] > 0) {
      guess.all.emplace_back(CLD2::LanguageCode(top3[i]), percent3[i]);
    }
  }
  return guess;
}

}  // namespace

LanguageGuess detect_languages(std::string_view utf8, const std::vector<TextSpan>& spans,
                               std::vector<std::string>& span_languages) {
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  double scores[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  CLD2::ResultChunkVector chunks;
  const CLD2::CLDHints hints = {nullptr, "", CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  const int length = static_cast<int>(std::min<std::size_t>(utf8.size(), INT_MAX));
  const CLD2::Language language =
      CLD2::ExtDetectLanguageSummary(utf8.data(), length, true, &hints, 0, top3, percent3, scores,
                                     &chunks, &text_bytes, &reliable);
  span_languages.assign(spans.size(), std::string(kUnknownLanguage));
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
      span_languages[s] = CLD2::LanguageCode(static_cast<CLD2::Language>(best->first));
    }
  }
  return guess_of(language, top3, percent3, reliable);
}

LanguageGuess detect_language(std::string_view utf8) {
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  const int length = static_cast<int>(std::min<std::size_t>(utf8.size(), INT_MAX));
  CLD2::Language language = CLD2::ExtDetectLanguageSummary(utf8.data(), length, true, top3,
                                                           percent3, &text_bytes, &reliable);
  return guess_of(language, top3, percent3, reliable);
}

}  // namespace shortlist::text
