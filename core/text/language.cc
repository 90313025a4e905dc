#include "core/text/language.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <climits>

#include "core/model/proposal.h"

namespace shortlist::text {

LanguageGuess detect_language(std::string_view utf8) {
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  const int length = static_cast<int>(std::min<std::size_t>(utf8.size(), INT_MAX));
  CLD2::Language language = CLD2::ExtDetectLanguageSummary(utf8.data(), length, true, top3,
                                                           percent3, &text_bytes, &reliable);
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

}  // namespace shortlist::text
