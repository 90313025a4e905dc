// Language detection on text that mixes languages, as technical proposals
// do, and on short text: CLD2's answer is kept with its shares when it is
// unsure, and "und" is left for text in which no language holds a share.
#include "core/text/language.h"

#include <gtest/gtest.h>

namespace shortlist::text {
namespace {

int share_of(const LanguageGuess& guess, const std::string& code) {
  for (const auto& [language, percent] : guess.all) {
    if (language == code) return percent;
  }
  return 0;
}

TEST(DetectMixedLanguage, KeepsChineseMixedWithEnglishWithBothShares) {
  const LanguageGuess guess = detect_language(
      "our 电子商务 platform integrates MLETR-compliant eBL for 中小企业 exporters, "
      "提供电子提单和无纸化贸易培训。我们的平台将帮助企业。");
  EXPECT_EQ(guess.code, "zh");
  EXPECT_GE(share_of(guess, "zh"), 50);
  EXPECT_GE(share_of(guess, "en"), 20);
}

TEST(DetectMixedLanguage, KeepsJapaneseThatCld2CallsUnreliable) {
  const LanguageGuess guess =
      detect_language("私たちの eCommerce platform は MLETR-compliant の eBL を integrate します");
  EXPECT_EQ(guess.code, "ja");
  EXPECT_FALSE(guess.reliable);
  EXPECT_GE(guess.percent, kMinimumLanguageShare);
  EXPECT_EQ(share_of(guess, "ja"), guess.percent);
}

TEST(DetectMixedLanguage, KeepsRussianMixedWithEnglishTerms) {
  const LanguageGuess guess = detect_language(
      "Наша платформа eCommerce интегрирует MLETR-compliant eBL и API для SMEs exporters");
  EXPECT_EQ(guess.code, "ru");
  EXPECT_FALSE(guess.reliable);
  EXPECT_GT(share_of(guess, "ru"), 0);
  EXPECT_GT(share_of(guess, "en"), 0);
}

TEST(DetectMixedLanguage, KeepsArabicMixedWithEnglishTerms) {
  const LanguageGuess guess = detect_language(
      "منصتنا للتجارة الإلكترونية e-commerce platform تدعم سندات الشحن الإلكترونية "
      "MLETR-compliant eBL للشركات الصغيرة والمتوسطة في مصر والأردن، وسندرب 200 شركة على "
      "التجارة بلا ورق.");
  EXPECT_EQ(guess.code, "ar");
  EXPECT_GE(share_of(guess, "ar"), 50);
  EXPECT_GT(share_of(guess, "en"), 0);
}

TEST(DetectMixedLanguage, ReadsATitleAndATwoLineSummary) {
  const std::pair<const char*, const char*> texts[] = {
      {"fr",
       "Plateforme de commerce électronique pour les PME.\n"
       "Nous formerons 300 entreprises au commerce sans papier."},
      {"zh", "电子商务培训\n我们将培训三百家中小企业使用电子提单。"},
      {"ja", "中小企業のための電子商取引研修\n三百社の中小企業に電子船荷証券の使い方を教えます。"},
      {"ru",
       "Цифровизация сертификатов происхождения\n"
       "Мы обучим 300 малых предприятий безбумажной торговле."},
      {"ar", "رقمنة شهادات المنشأ\nسنساعد الشركات الصغيرة على التصدير عبر الإنترنت."},
      {"pt",
       "Programa de capacitação em comércio eletrônico\n"
       "para pequenas empresas exportadoras de Moçambique."},
  };
  for (const auto& [code, text] : texts) {
    EXPECT_EQ(detect_language(text).code, code) << text;
  }
}

TEST(DetectMixedLanguage, SaysUnknownWhenNoLanguageHoldsAShare) {
  for (const char* text : {"12345 67890 !!!", "xkcd qwrt zzzp", "Ok"}) {
    const LanguageGuess guess = detect_language(text);
    EXPECT_EQ(guess.code, "und") << text;
    EXPECT_TRUE(guess.all.empty()) << text;
  }
}

TEST(DetectMixedLanguage, GivesAMixedSectionItsOwnLanguage) {
  const std::string english =
      "The chamber will train exporters in paperless trade and electronic payments over two "
      "years, with a help desk for small firms in every region of the country.";
  const std::string mixed =
      "我们的 eCommerce platform 将帮助中小企业使用 MLETR-compliant 的电子提单 eBL，"
      "并培训三百家企业开展无纸化贸易。";
  const std::string text = english + "\n\n" + mixed;
  std::vector<std::string> languages;
  std::vector<LanguageShares> shares;
  detect_languages(text, {{0, english.size()}, {english.size() + 2, mixed.size()}}, languages,
                   &shares);
  ASSERT_EQ(languages.size(), 2u);
  EXPECT_EQ(languages[0], "en");
  EXPECT_EQ(languages[1], "zh");
  ASSERT_EQ(shares.size(), 2u);
  ASSERT_FALSE(shares[1].empty());
  EXPECT_EQ(shares[1].front().code, "zh");
}

TEST(DetectLanguage, SpeaksIso639ForHebrewAndTraditionalChinese) {
  EXPECT_EQ(detect_language("החברות הקטנות במדינה ילמדו לייצא באופן מקוון ולהשתמש במסמכי סחר "
                            "אלקטרוניים במקום בנייר, בעזרת לשכת המסחר.")
                .code,
            "he");
  EXPECT_EQ(detect_language("我們將培訓三百家中小企業使用電子提單，並協助他們透過網路出口產品到"
                            "鄰近國家的市場。")
                .code,
            "zh");
}

TEST(DescribeLanguages, ShowsEachShareAndWhetherDetectionWasSure) {
  EXPECT_EQ(describe_languages({{"zh", 58}, {"en", 40}}, true), "zh 58%, en 40%");
  EXPECT_EQ(describe_languages({{"ja", 37}}, false), "ja 37% (uncertain)");
  EXPECT_EQ(describe_languages({}, false), "und");
  EXPECT_EQ(mixed_languages({{"en", 99}}, true), "") << "one language, sure: the code says it all";
  EXPECT_EQ(mixed_languages({{"en", 99}}, false), "en 99% (uncertain)");
  EXPECT_EQ(mixed_languages({{"zh", 58}, {"en", 40}}, true), "zh 58%, en 40%");
}

}  // namespace
}  // namespace shortlist::text
