#include "core/text/light_stem.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

namespace shortlist::text {
namespace {

std::u32string decoded(std::string_view utf8) {
  std::u32string out;
  const auto* data = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(data, i, length, c);
    if (c >= 0) out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::string encoded(const std::u32string& text) {
  std::string out;
  for (const char32_t c : text) {
    uint8_t bytes[4];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(bytes, n, 4, static_cast<UChar32>(c), error);
    if (!error) out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(n));
  }
  return out;
}

bool starts_with(const std::u32string& word, std::u32string_view prefix) {
  return word.size() >= prefix.size() &&
         std::u32string_view(word).substr(0, prefix.size()) == prefix;
}

bool ends_with(const std::u32string& word, std::u32string_view suffix) {
  return word.size() >= suffix.size() &&
         std::u32string_view(word).substr(word.size() - suffix.size()) == suffix;
}

bool is_arabic(const std::u32string& word) {
  return std::any_of(word.begin(), word.end(),
                     [](char32_t c) { return c >= U'\u0600' && c <= U'\u06FF'; });
}

}  // namespace

std::string arabic_light_stem(std::string_view folded) {
  std::u32string word;
  for (const char32_t c : decoded(folded)) {
    if ((c >= U'\u064B' && c <= U'\u0652') || c == U'\u0640' || c == U'\u0670') continue;
    if (c == U'\u0623' || c == U'\u0625' || c == U'\u0622' || c == U'\u0671') {
      word.push_back(U'\u0627');  // أ إ آ ٱ -> ا
    } else if (c == U'\u0649') {
      word.push_back(U'\u064A');  // ى -> ي
    } else if (c == U'\u0629') {
      word.push_back(U'\u0647');  // ة -> ه
    } else {
      word.push_back(c);
    }
  }
  if (!is_arabic(word)) return std::string(folded);

  // Longest first, so that وال is taken whole rather than as و then ال.
  static constexpr std::u32string_view kPrefixes[] = {
      U"وبال", U"وكال", U"فبال", U"فكال", U"وال", U"فال", U"بال", U"كال", U"ولل",
      U"فلل",  U"لل",   U"ال",   U"و",    U"ف",   U"ب",   U"ك",   U"ل"};
  constexpr std::size_t kStemLetters = 3;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const std::u32string_view prefix : kPrefixes) {
      if (starts_with(word, prefix) && word.size() >= prefix.size() + kStemLetters) {
        word.erase(0, prefix.size());
        stripped = true;
        break;
      }
    }
  }
  // light10's ها ان ات ون ين يه ية ه ة ي, with ة already read as ه.
  static constexpr std::u32string_view kSuffixes[] = {U"ها", U"ان", U"ات", U"ون",
                                                      U"ين", U"يه", U"ه",  U"ي"};
  for (const std::u32string_view suffix : kSuffixes) {
    if (ends_with(word, suffix) && word.size() >= suffix.size() + 2)
      word.erase(word.size() - suffix.size());
  }
  return encoded(word);
}

std::string russian_light_stem(std::string_view folded) {
  std::u32string word = decoded(folded);
  std::replace(word.begin(), word.end(), U'ё', U'е');
  // Noun and adjective endings of every case and number; the longest that
  // ends the word is removed.
  static constexpr std::u32string_view kEndings[] = {
      U"иями", U"ями", U"ами", U"ыми", U"ими", U"иях", U"иям", U"ием", U"ией", U"его", U"ого",
      U"ему",  U"ому", U"ях",  U"ах",  U"ям",  U"ам",  U"ия",  U"ии",  U"ию",  U"ий",  U"ие",
      U"ая",   U"яя",  U"ое",  U"ее",  U"ые",  U"ый",  U"ой",  U"ей",  U"ую",  U"юю",  U"ых",
      U"их",   U"ым",  U"им",  U"ом",  U"ем",  U"ов",  U"ев",  U"ью",  U"ою",  U"ею",  U"а",
      U"я",    U"о",   U"е",   U"ы",   U"и",   U"у",   U"ю",   U"ь",   U"й"};
  constexpr std::size_t kStemLetters = 3;
  for (const std::u32string_view ending : kEndings) {
    if (ends_with(word, ending) && word.size() >= ending.size() + kStemLetters) {
      word.erase(word.size() - ending.size());
      break;
    }
  }
  return encoded(word);
}

}  // namespace shortlist::text
