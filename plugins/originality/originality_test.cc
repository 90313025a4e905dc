// The originality plugin through its real shared library, on multilingual
// proposals and on the bundled submissions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Proposal written(const std::string& id, const std::string& language, const std::string& summary) {
  Proposal p;
  p.id = id;
  p.title = "Proposal " + id;
  p.language = language;
  p.summary = summary;
  return p;
}

const std::string kThies =
    "Notre chambre de commerce accompagnera trois cents petites entreprises exportatrices de la "
    "région de Thiès dans la dématérialisation de leurs documents commerciaux. Les certificats "
    "d'origine, les factures et les déclarations en douane seront préparés en ligne grâce à un "
    "guichet numérique relié au système national. Chaque entreprise recevra une formation "
    "pratique de deux jours sur la signature électronique, la gestion des documents et la "
    "sécurité des échanges avec les acheteurs étrangers. Un service d'assistance répondra aux "
    "questions des participants pendant douze mois. Nous mesurerons le temps gagné pour chaque "
    "expédition et les coûts évités, et nous publierons les résultats chaque trimestre afin que "
    "d'autres chambres puissent reprendre la méthode.";

// Its first half copied, then a project of its own.
const std::string kKaolack =
    "Notre chambre de commerce accompagnera trois cents petites entreprises exportatrices de la "
    "région de Thiès dans la dématérialisation de leurs documents commerciaux. Les certificats "
    "d'origine, les factures et les déclarations en douane seront préparés en ligne grâce à un "
    "guichet numérique relié au système national. Chaque entreprise recevra une formation "
    "pratique de deux jours sur la signature électronique. Par ailleurs, notre association créera "
    "une place de marché pour les produits artisanaux des femmes de Kaolack, avec un module de "
    "paiement mobile et une logistique partagée entre coopératives. Les artisanes apprendront à "
    "photographier leurs produits, à fixer leurs prix et à répondre aux commandes venues d'Europe "
    "et du Maghreb, avec l'appui de deux conseillères recrutées dans la région.";

// Two Spanish proposals with the call's vocabulary and nothing else in common.
const std::string kCusco =
    "La cámara impulsará el comercio electrónico de cien pequeñas empresas de Cusco mediante una "
    "tienda en línea común, talleres sobre pagos digitales y acompañamiento en el envío de "
    "paquetes al extranjero, con especial atención a las tejedoras de las comunidades altas.";
const std::string kPiura =
    "Nuestra fundación formará a doscientas pequeñas empresas de Piura en pagos digitales y "
    "comercio electrónico, con un programa de mentoría, un fondo para equipos informáticos y "
    "visitas a compradores de Lima que buscan proveedores de mango y limón.";

class Originality : public BundledPluginTest {};

TEST_F(Originality, FindsAProposalThatCopiesHalfOfAnotherAndQuotesThePassage) {
  const auto s = scored("originality",
                        {written("sn-thies", "fr", kThies), written("sn-kaolack", "fr", kKaolack),
                         written("pe-cusco", "es", kCusco), written("pe-piura", "es", kPiura)});
  ASSERT_TRUE(s[1].ok()) << s[1].error;
  // Kaolack's text is about half Thiès's.
  EXPECT_GT(*s[1].raw, 0.35);
  EXPECT_LT(*s[1].raw, 0.65);
  EXPECT_THAT(s[1].explanation, HasSubstr("of its text also appears in sn-thies, for instance: "
                                          "\u201cNotre chambre de commerce accompagnera trois "
                                          "cents petites entreprises"));
  EXPECT_THAT(s[0].explanation, HasSubstr("also appears in sn-kaolack"));
  ASSERT_EQ(s[1].evidence.size(), 1u);
  EXPECT_EQ(s[1].evidence[0].label, "sn-thies");
}

TEST_F(Originality, DoesNotFlagProposalsThatShareOnlyTheCallsVocabulary) {
  const auto s =
      scored("originality", {written("sn-thies", "fr", kThies), written("pe-cusco", "es", kCusco),
                             written("pe-piura", "es", kPiura)});
  for (const CriterionScore& score : s) {
    ASSERT_TRUE(score.ok()) << score.error;
    EXPECT_DOUBLE_EQ(*score.raw, 1.0);
    EXPECT_THAT(score.explanation, StartsWith("no passage of 5 words or more in common"));
  }
}

TEST_F(Originality, FindsNoReuseAmongTheBundledSubmissions) {
  const std::vector<Proposal> proposals = bundled();
  ASSERT_GE(proposals.size(), 14u);
  const auto s = scored("originality", proposals, "reuse");
  for (std::size_t i = 0; i < s.size(); ++i) {
    ASSERT_TRUE(s[i].ok()) << proposals[i].id << ": " << s[i].error;
    EXPECT_LE(*s[i].raw, 0.2) << proposals[i].id << ": " << s[i].explanation;
  }
}

// A paragraph of boilerplate in 60 of 2,000 proposals: 3% of the call,
// under `common_in`, but more proposals than `common_max` (50 by default),
// so it is the call's phrasing and nobody copied it from anybody; with a
// higher `common_max` the 60 are each other's copies.
TEST_F(Originality, TreatsAPhraseInMoreThanCommonMaxProposalsAsTheCallsOwn) {
  const std::string boilerplate =
      "Our organisation is registered as a non-profit association and has audited accounts for "
      "the last three years, a board elected by its members and a written policy against fraud. ";
  std::vector<Proposal> proposals;
  for (int i = 0; i < 2000; ++i) {
    std::string own;
    for (int k = 0; k < 40; ++k) own += "w" + std::to_string(i) + "x" + std::to_string(k) + " ";
    proposals.push_back(written("p" + std::to_string(i), "en", (i < 60 ? boilerplate : "") + own));
  }
  const auto by_default = scored("originality", proposals, "reuse");
  const auto counted = scored("originality", proposals, "reuse", R"({"common_max": 1000})");
  ASSERT_EQ(by_default.size(), proposals.size());
  ASSERT_EQ(counted.size(), proposals.size());
  for (std::size_t i : {0u, 1u, 59u}) {
    ASSERT_TRUE(by_default[i].ok() && counted[i].ok()) << by_default[i].error << counted[i].error;
    EXPECT_DOUBLE_EQ(*by_default[i].raw, 0.0) << by_default[i].explanation;
    EXPECT_GT(*counted[i].raw, 0.3) << counted[i].explanation;
  }
}

TEST_F(Originality, RefusesParamsThatMakeNoSense) {
  EXPECT_EQ(make("originality", "", R"({"shingle": 1})").problems()[0].message,
            "plugin 'originality' refused its params: shingle must be from 2 to 20 words");
  EXPECT_EQ(make("originality", "", R"({"window": 3})").problems()[0].message,
            "plugin 'originality' refused its params: unknown param 'window' (known: shingle, "
            "flag_above, common_in, common_max)");
  EXPECT_EQ(make("originality", "", R"({"common_max": 2})").problems()[0].message,
            "plugin 'originality' refused its params: common_max must be a whole number of "
            "proposals, 3 or more");
}

}  // namespace
}  // namespace shortlist
