// Light stemmers for the languages where Snowball conflates too little or
// too unevenly for matching terms: Arabic, whose clitics and feminine and
// plural endings Snowball strips in some combinations and not in others
// (شهادات -> شهادا but بالشهادات -> شهاد), and Russian, whose Snowball
// stemmer takes the soft sign of some nouns for a reflexive ending
// (подпись -> подп but подписью -> подпис). `tokenize` uses these for
// "ar" and "ru" and Snowball for the other languages it has.
//
//   arabic_light_stem("والشهادات") == arabic_light_stem("شهادة")  // "شهاد"
//   russian_light_stem("подписью") == russian_light_stem("подпись")  // "подпис"
//
// Both take a case-folded word and only ever remove affixes (and, for
// Arabic, normalise spelling variants); they never add letters, so a
// stem is never longer than its word.
#pragma once

#include <string>
#include <string_view>

namespace shortlist::text {

// In the style of Larkey, Ballesteros and Connell's light10 (2002; 2007):
// the spelling normalised (short vowels, tatweel and the superscript alef
// removed; أ إ آ ٱ as ا, ى as ي, ة as ه), then leading clitics stripped
// while at least three letters remain — the conjunctions و ف, the
// prepositions ب ك ل and the article ال, alone or combined (وال بال كال
// فال لل وبال ...), then the suffixes ها ان ات ون ين يه ية ه ة ي, each
// once, in that order, while at least two letters remain. Clitics are
// stripped after the article too, so that a word beginning with one of
// their letters (وثائق) stems the same with the article and without.
// A broken plural of the trade vocabulary (وثائق, أسواق, مصارف, بضائع,
// طرود, فواتير ...), which no affix rule reaches, is read as its
// singular's stem: arabic_light_stem("الأسواق") == arabic_light_stem("سوق").
// It is recognised once the clitics are stripped and before the suffixes
// are, as written: محافظة (a governorate) stems as محافظ, not as محفظة
// (a wallet), whose plural محافظ is.
std::string arabic_light_stem(std::string_view folded);

// The longest of Russian's noun and adjective case endings removed while at
// least three letters remain (ё read as е), after Savoy's light stemmer
// for Russian (2006): электронной, электронная and электронные all stem to
// электронн; verbs are left mostly as they are.
std::string russian_light_stem(std::string_view folded);

}  // namespace shortlist::text
