#include "core/text/light_stem.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

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

// light10's first half on a folded word: spelling normalised and clitics
// stripped; a word that is not Arabic is returned as it is.
std::u32string without_clitics(std::string_view folded) {
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
  if (!is_arabic(word)) return decoded(folded);

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
  return word;
}

// light10's second half: the suffixes.
std::u32string without_suffixes(std::u32string word) {
  // light10's ها ان ات ون ين يه ية ه ة ي, with ة already read as ه.
  static constexpr std::u32string_view kSuffixes[] = {U"ها", U"ان", U"ات", U"ون",
                                                      U"ين", U"يه", U"ه",  U"ي"};
  for (const std::u32string_view suffix : kSuffixes) {
    if (ends_with(word, suffix) && word.size() >= suffix.size() + 2)
      word.erase(word.size() - suffix.size());
  }
  return word;
}

std::u32string light10(std::string_view folded) {
  std::u32string word = without_clitics(folded);
  return is_arabic(word) ? without_suffixes(std::move(word)) : word;
}

// Broken plurals of the words proposals on trade, payments and shipping use,
// each with its singular. They are formed inside the word (وثيقة, وثائق), so
// no affix rule reaches them; light10 stems both forms and the plural's stem
// is read as the singular's.
constexpr std::pair<std::string_view, std::string_view> kBrokenPlurals[] = {
    {"وثائق", "وثيقة"},  {"أسواق", "سوق"},     {"مصارف", "مصرف"},   {"بضائع", "بضاعة"},
    {"طرود", "طرد"},     {"فواتير", "فاتورة"}, {"بنوك", "بنك"},     {"مشاريع", "مشروع"},
    {"مواقع", "موقع"},   {"برامج", "برنامج"},  {"وسائل", "وسيلة"},  {"رسائل", "رسالة"},
    {"أسعار", "سعر"},    {"سلع", "سلعة"},      {"عملاء", "عميل"},   {"زبائن", "زبون"},
    {"موانئ", "ميناء"},  {"مخازن", "مخزن"},    {"هواتف", "هاتف"},   {"محافظ", "محفظة"},
    {"بوالص", "بوليصة"}, {"عقود", "عقد"},      {"قوانين", "قانون"}, {"أنظمة", "نظام"},
    {"رسوم", "رسم"},     {"ضرائب", "ضريبة"},   {"نقود", "نقد"},     {"حوادث", "حادث"},
    {"مصانع", "مصنع"},   {"أجهزة", "جهاز"},    {"شبابيك", "شباك"},  {"نوافذ", "نافذة"},
    {"منافذ", "منفذ"},   {"قروض", "قرض"},      {"دفاتر", "دفتر"},   {"رموز", "رمز"},
    {"مكاتب", "مكتب"},   {"شركاء", "شريك"},    {"مبالغ", "مبلغ"},   {"أرصدة", "رصيد"},
    {"دروس", "درس"},     {"قراصنة", "قرصان"},  {"متاجر", "متجر"}};

}  // namespace

std::string arabic_light_stem(std::string_view folded) {
  // Built once, through the same clitic rules, so that a plural carrying a
  // clitic or the article is found once they are stripped. The plural is
  // looked up before the suffixes go: a word that reaches its stem only
  // without ة or ية (محافظة, a governorate, beside محافظ, wallets) is
  // another word.
  static const std::map<std::u32string, std::u32string> singular_of = [] {
    std::map<std::u32string, std::u32string> map;
    for (const auto& [plural, singular] : kBrokenPlurals)
      map[without_clitics(plural)] = light10(singular);
    return map;
  }();
  std::u32string word = without_clitics(folded);
  if (!is_arabic(word)) return encoded(word);
  if (const auto singular = singular_of.find(word); singular != singular_of.end())
    return encoded(singular->second);
  // A plural with an attached pronoun of two letters or more (طرودها, its
  // parcels; متاجرهم, their shops): ه alone is not taken, since ة is read
  // as ه and محافظة would be محافظ with it.
  static constexpr std::u32string_view kPronouns[] = {U"هما", U"ها", U"هم", U"هن", U"كم", U"نا"};
  for (const std::u32string_view pronoun : kPronouns) {
    if (!ends_with(word, pronoun)) continue;
    const auto singular = singular_of.find(word.substr(0, word.size() - pronoun.size()));
    if (singular != singular_of.end()) return encoded(singular->second);
  }
  return encoded(without_suffixes(std::move(word)));
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
