// The relevance lexicon's reader and its coverage check, on small lexicons.
#include "plugins/relevance/lexicon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(RelevanceLexicon, ReadsEachConceptWithItsTermsPerLanguage) {
  const auto concepts = relevance::read_lexicon(
      "# comment\n"
      "single_window | paperless_trade\n"
      "  en: single window; electronic single window  # the usual two\n"
      "  ar: النافذة الواحدة; الشباك الموحد\n");
  ASSERT_EQ(concepts.size(), 1u);
  EXPECT_EQ(concepts[0].id, "single_window");
  EXPECT_EQ(concepts[0].theme, "paperless_trade");
  EXPECT_THAT(concepts[0].terms,
              ElementsAre(Pair("ar", ElementsAre("النافذة الواحدة", "الشباك الموحد")),
                          Pair("en", ElementsAre("single window", "electronic single window"))));
}

TEST(RelevanceLexicon, RefusesALineThatIsNeitherAConceptNorALanguage) {
  try {
    relevance::read_lexicon("mletr | mletr\n  en MLETR\n");
    FAIL() << "accepted a language line without ':'";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("lexicon line 2: a language line is 'language: term; term'"));
  }
  EXPECT_THROW(relevance::read_lexicon("mletr\n"), std::invalid_argument);
  EXPECT_THROW(relevance::read_lexicon("a | t\nA | t\na | t\n"), std::invalid_argument);
}

TEST(RelevanceLexicon, ListsTheConceptsMissingOrThinInALanguage) {
  const auto concepts = relevance::read_lexicon(
      "online_store | ecommerce_training\n"
      "  en: online store; online shop; web store; web shop\n"
      "  fr: boutique en ligne; boutiques en ligne; magasin en ligne; site marchand\n"
      "  ar: متجر إلكتروني\n"
      "single_window | paperless_trade\n"
      "  en: single window; electronic single window\n"
      "  fr: guichet unique; guichet unique électronique\n"
      "  ar: النافذة الواحدة; الشباك الموحد; النافذة الموحدة\n"
      "parcels | low_value_shipments\n"
      "  en: parcels\n"
      "  fr: colis\n");
  const auto gaps = relevance::coverage_gaps(concepts);
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0].of->id, "online_store");
  EXPECT_THAT(gaps[0].thin, ElementsAre(Pair("ar", 1u)));
  EXPECT_TRUE(gaps[0].missing.empty());
  EXPECT_EQ(gaps[1].of->id, "parcels");
  EXPECT_THAT(gaps[1].missing, ElementsAre("ar"));
}

}  // namespace
