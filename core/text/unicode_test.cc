#include "core/text/unicode.h"

#include <gtest/gtest.h>

#include "core/text/language.h"

namespace shortlist::text {
namespace {

TEST(CountWords, IgnoresPunctuationAndSpaces) {
  EXPECT_EQ(count_words("Hello, world! 42 small firms.", "en"), 5u);
  EXPECT_EQ(count_words("   ", "en"), 0u);
}

TEST(CountWords, CountsFrenchElisionsAsICUDoes) {
  // ICU keeps "l'association" as one word.
  EXPECT_EQ(count_words("l'association des femmes", "fr"), 3u);
}

TEST(CountWords, SegmentsChineseWithoutSpaces) {
  // 我们 / 培训 / 小企业 (or 小 / 企业) / 使用 / 电子商务 (or 电子 / 商务): several
  // words, never one run and never one per character.
  const std::size_t words = count_words("我们培训小企业使用电子商务", "zh");
  EXPECT_GE(words, 5u);
  EXPECT_LT(words, 13u);
}

TEST(CountWords, CountsArabicWords) {
  EXPECT_EQ(count_words("نساعد الشركات الصغيرة على التجارة الرقمية", "ar"), 6u);
}

TEST(DisplayWidth, CountsWideAndCombiningCharacters) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("中文"), 4u);
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);  // e + combining acute
  EXPECT_EQ(display_width("مرحبا"), 5u);
}

TEST(FitToWidth, PadsShortTextAndCutsLongTextAtGraphemes) {
  EXPECT_EQ(fit_to_width("ab", 4), "ab  ");
  EXPECT_EQ(fit_to_width("abcdef", 4), "abc…");
  // A wide character that would overflow is dropped, and the cell padded.
  EXPECT_EQ(fit_to_width("中文字", 4), "中… ");
  EXPECT_EQ(display_width(fit_to_width("Dématérialisation des documents", 10)), 10u);
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_FALSE(first_invalid_utf8("café 中文").has_value());
  EXPECT_EQ(first_invalid_utf8("caf\xE9 au lait"), 3u);
  EXPECT_EQ(first_invalid_utf8("ok\xC3"), 2u);  // truncated sequence
}

TEST(Nfc, ComposesDecomposedText) { EXPECT_EQ(to_nfc("e\xCC\x81"), "\xC3\xA9"); }

TEST(DetectLanguage, RecognisesFrenchAndSpanish) {
  LanguageGuess fr = detect_language(
      "Les transformatrices de la région produisent des farines et des jus de qualité, mais "
      "elles vendent presque exclusivement sur les marchés hebdomadaires locaux.");
  EXPECT_EQ(fr.code, "fr");
  EXPECT_TRUE(fr.reliable);
  LanguageGuess es = detect_language(
      "Las pequeñas empresas exportadoras viajan a la capital para completar trámites que ya "
      "pueden hacerse en línea, porque desconocen la ventanilla única electrónica.");
  EXPECT_EQ(es.code, "es");
}

TEST(DetectLanguage, SaysUnknownRatherThanGuessing) {
  LanguageGuess guess = detect_language("12345 67890 !!!");
  EXPECT_EQ(guess.code, "und");
  EXPECT_FALSE(guess.reliable);
}

}  // namespace
}  // namespace shortlist::text
