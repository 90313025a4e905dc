#include "core/text/tokens.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shortlist::text {
namespace {

std::vector<std::string> stems(std::string_view text, std::string_view language) {
  std::vector<std::string> out;
  for (const Token& token : tokenize(text, language)) out.push_back(token.stem);
  return out;
}

TEST(Tokenize, FoldsCaseAndStemsInTheProposalsLanguage) {
  std::vector<Token> tokens = tokenize("Les Exportatrices numérisent leurs Certificats.", "fr");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].folded, "exportatrices");
  EXPECT_EQ(tokens[3].folded, "leurs");
  EXPECT_EQ(stems("certificat certificats Certificats", "fr"),
            std::vector<std::string>(3, "certificat"));
  EXPECT_EQ(stems("digitalización digitalizar", "es")[0], stems("digitalización", "es")[0]);
  EXPECT_EQ(stems("documents documentation", "en"),
            (std::vector<std::string>{"document", "document"}));
  EXPECT_EQ(stems("документов документы", "ru")[0], stems("документы", "ru")[0]);
}

TEST(Tokenize, StemsArabicPluralsAndCliticsToTheSingular) {
  const std::string certificate = stems("شهادة", "ar")[0];
  EXPECT_EQ(stems("شهادات الشهادة الشهادات والشهادات بالشهادات للشهادات وبشهادة", "ar"),
            std::vector<std::string>(7, certificate));
  // و‑ ال‑ ب‑ ل‑ ك‑ ف‑ and their combinations, on "trade".
  const std::string trade = stems("تجارة", "ar")[0];
  EXPECT_EQ(stems("التجارة والتجارة بالتجارة للتجارة كالتجارة فالتجارة وتجارة بتجارة لتجارة "
                  "فتجارة",
                  "ar"),
            std::vector<std::string>(10, trade));
  // A word that begins with a clitic's letter stems the same with the
  // article as without: documents, the documents.
  EXPECT_EQ(stems("الوثائق", "ar"), stems("وثائق", "ar"));
  // Spelling variants: إلكترونية and الكترونية, with and without the article.
  EXPECT_EQ(stems("الإلكترونية إلكترونية الكترونية الإلكتروني", "ar"),
            std::vector<std::string>(4, stems("إلكتروني", "ar")[0]));
}

// Broken plurals are other words than their singulars (وثائق for وثيقة):
// the common ones of trade, payments and shipping stem to the singular's
// stem, with their clitics and article or without.
TEST(Tokenize, StemsArabicBrokenPluralsOfTradeToTheSingular) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"الوثائق", "وثيقة"},   {"وثائق", "الوثيقة"}, {"الأسواق", "سوق"},   {"بالأسواق", "السوق"},
      {"المصارف", "مصرف"},    {"البضائع", "بضاعة"}, {"الطرود", "طرد"},    {"والطرود", "الطرد"},
      {"الفواتير", "فاتورة"}, {"البنوك", "بنك"},    {"الموانئ", "ميناء"}, {"رموز", "رمز"},
      {"المحافظ", "محفظة"},   {"بوالص", "بوليصة"},  {"الزبائن", "زبون"}};
  for (const auto& [plural, singular] : pairs)
    EXPECT_EQ(stems(plural, "ar"), stems(singular, "ar")) << plural << " / " << singular;
  // Two different words stay apart.
  EXPECT_NE(stems("الأسواق", "ar"), stems("الطرود", "ar"));
}

// A broken plural is recognised as written, before light10 takes its
// suffixes: a word that only shares the plural's stem once ة or ية is gone is
// another word. محافظة is a governorate (محافظة إربد), not a wallet (محفظة),
// though it loses its ة as محافظ, wallets, does.
TEST(Tokenize, ReadsOnlyTheBrokenPluralItselfAsItsSingular) {
  EXPECT_NE(stems("محافظة", "ar"), stems("محفظة", "ar"));
  EXPECT_NE(stems("المحافظة", "ar"), stems("المحفظة", "ar"));
  EXPECT_EQ(stems("المحافظ", "ar"), stems("المحفظة", "ar"));
  // A plural with the article and a conjunction is still found, and one
  // with an attached pronoun: its parcels, their shops.
  EXPECT_EQ(stems("والمحافظ", "ar"), stems("محفظة", "ar"));
  EXPECT_EQ(stems("طرودها", "ar"), stems("طرد", "ar"));
  EXPECT_EQ(stems("متاجرهم", "ar"), stems("متجر", "ar"));
}

// French elides le, de, que ... before a vowel: "l'hameçonnage" is the word
// "hameçonnage", with either apostrophe, as Lucene's French analyser reads it.
TEST(Tokenize, ReadsAFrenchWordWithoutItsElidedArticleOrPreposition) {
  EXPECT_EQ(stems("l'hameçonnage d’authentification qu'une jusqu'aux l’e-commerce", "fr"),
            stems("hameçonnage authentification une aux e-commerce", "fr"));
  // The word as written stays as it is; only its stem loses the article.
  EXPECT_EQ(tokenize("l'hameçonnage", "fr")[0].folded, "l'hameçonnage");
  // English keeps its apostrophes: "it's" is not "s".
  EXPECT_NE(stems("it's", "en"), stems("s", "en"));
}

TEST(Tokenize, StemsRussianCasesToOneStem) {
  EXPECT_EQ(stems("электронной подписью", "ru"), stems("электронная подпись", "ru"));
  EXPECT_EQ(stems("электронные подписи", "ru"), stems("электронная подпись", "ru"));
  EXPECT_EQ(stems("таможенной декларацией", "ru"), stems("таможенная декларация", "ru"));
  EXPECT_EQ(stems("платёж платежей", "ru")[0], stems("платежи", "ru")[0]);
}

TEST(Tokenize, GivesByteOffsetsIntoTheInput) {
  const std::string text = "Café — e-commerce 2026";
  std::vector<Token> tokens = tokenize(text, "en");
  ASSERT_EQ(tokens.size(), 4u);  // café, e, commerce, 2026
  EXPECT_EQ(text.substr(tokens[0].offset, tokens[0].length), "Café");
  EXPECT_EQ(text.substr(tokens[3].offset, tokens[3].length), "2026");
}

TEST(Tokenize, SegmentsLanguagesWithoutSpacesAndKeepsUnstemmedOnesAsFolded) {
  std::vector<Token> zh = tokenize("我们培训小企业使用电子商务", "zh");
  EXPECT_GE(zh.size(), 5u);
  EXPECT_FALSE(has_stemmer("zh"));
  for (const Token& t : zh) EXPECT_EQ(t.stem, t.folded);
  EXPECT_EQ(tokenize("ภาษาไทยไม่มีช่องว่าง", "th").size() > 2, true);
}

TEST(FoldCase, MatchesFullwidthAndCompatibilityForms) {
  EXPECT_EQ(fold_case("Ｅ-Commerce"), "e-commerce");
  EXPECT_EQ(fold_case("STRASSE"), fold_case("straße"));
  EXPECT_EQ(fold_case("ﬁnance"), "finance");
}

TEST(CountSentences, CountsSentencesWithWordsInThem) {
  EXPECT_EQ(count_sentences("We train firms. They sell online! Is it enough?", "en"), 3u);
  EXPECT_EQ(count_sentences("我们培训企业。他们在网上销售。", "zh"), 2u);
  EXPECT_EQ(count_sentences("...", "en"), 0u);
}

TEST(CleanText, RemovesControlsAndNormalisesSpacingButKeepsBidiMarks) {
  EXPECT_EQ(clean_text("  Title\x07 here \t\r\n\r\n\r\n\r\nBody\x0B line  \n"),
            "Title here\n\nBody\nline");
  // RIGHT-TO-LEFT MARK and ZERO WIDTH JOINER are format characters, not controls.
  EXPECT_EQ(clean_text("مرحبا\xE2\x80\x8F world"), "مرحبا\xE2\x80\x8F world");
  EXPECT_EQ(clean_text("e\xCC\x81t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");  // NFC
}

}  // namespace
}  // namespace shortlist::text
