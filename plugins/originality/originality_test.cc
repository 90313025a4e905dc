// The originality plugin through its real shared library, on multilingual
// proposals and on the bundled submissions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

Proposal written(const std::string& id, const std::string& language, const std::string& summary) {
  Proposal p;
  p.id = id;
  p.title = "Proposal " + id;
  p.language = language;
  p.summary = summary;
  return p;
}

// As the host has it after ingestion: a title, a tracking code, and when it
// was submitted.
Proposal submitted(const std::string& id, const std::string& title, const std::string& code,
                   const std::string& at, const std::string& summary) {
  Proposal p = written(id, "fr", summary);
  p.title = title;
  p.tracking_code = code;
  p.submitted_at = at;
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
  EXPECT_THAT(s[1].explanation,
              HasSubstr("of its text also appears in \u201cProposal sn-thies\u201d (id sn-thies), "
                        "submitted before it, for instance: \u201cNotre chambre de commerce "
                        "accompagnera trois cents petites entreprises"));
  // Without times, the order of the corpus pass says which came first.
  EXPECT_DOUBLE_EQ(*s[0].raw, 1.0) << s[0].explanation;
  EXPECT_THAT(s[0].explanation, HasSubstr("appears in \u201cProposal sn-kaolack\u201d (id "
                                          "sn-kaolack), submitted after it"));
  ASSERT_EQ(s[1].evidence.size(), 1u);
  EXPECT_EQ(s[1].evidence[0].label, "\u201cProposal sn-thies\u201d (id sn-thies)");
}

// Three near-duplicate pairs of a generated call scored the original lower
// than its later copy: both were charged with their shared text. The one
// submitted first is the original wherever the copy comes in the corpus
// pass, and the explanations name the other proposal as an organiser finds
// it, never by the id a generator made up.
Proposal thies_original() {
  return submitted("gen-0041", "Dématérialiser les documents commerciaux à Thiès", "7Q2M-KD4X-9TBW",
                   "2026-03-01T09:00:00.000Z", kThies);
}
Proposal kaolack_copy() {
  return submitted("gen-0107", "Une place de marché pour Kaolack", "H3RT-99PC-2MXA",
                   "2026-03-04T16:20:00.000Z", kKaolack);
}

void expect_the_copy_is_charged(const CriterionScore& original, const CriterionScore& copy) {
  ASSERT_TRUE(original.ok() && copy.ok()) << original.error << copy.error;
  EXPECT_DOUBLE_EQ(*original.raw, 1.0) << original.explanation;
  EXPECT_LT(*copy.raw, 0.65) << copy.explanation;
  EXPECT_THAT(copy.explanation,
              HasSubstr("% of its text also appears in \u201cDématérialiser les documents "
                        "commerciaux à Thiès\u201d (tracking code 7Q2M-KD4X-9TBW), submitted "
                        "before it, for instance: \u201cNotre chambre de commerce"));
  ASSERT_EQ(copy.evidence.size(), 1u);
  EXPECT_EQ(copy.evidence[0].label,
            "\u201cDématérialiser les documents commerciaux à Thiès\u201d (tracking code "
            "7Q2M-KD4X-9TBW)");
  EXPECT_THAT(original.explanation,
              StartsWith("nothing in common with a proposal submitted before it; "));
  EXPECT_THAT(original.explanation,
              HasSubstr("% of its text appears in \u201cUne place de marché pour "
                        "Kaolack\u201d (tracking code H3RT-99PC-2MXA), submitted after it, "
                        "which is charged with the reuse"));
  for (const std::string& explanation : {original.explanation, copy.explanation}) {
    EXPECT_THAT(explanation, Not(HasSubstr("gen-0")));
  }
}

TEST_F(Originality, ChargesTheLaterProposalWhenTheCopyComesSecond) {
  const auto s = scored("originality", {thies_original(), kaolack_copy()});
  ASSERT_EQ(s.size(), 2u);
  expect_the_copy_is_charged(s[0], s[1]);
}

TEST_F(Originality, ChargesTheLaterProposalWhenTheCopyComesFirst) {
  const auto s = scored("originality", {kaolack_copy(), thies_original()});
  ASSERT_EQ(s.size(), 2u);
  expect_the_copy_is_charged(s[1], s[0]);
}

// Read from files without a store: the file's modification time says which
// came first, whatever their names' order.
TEST_F(Originality, TakesTheOlderFileAsTheOriginal) {
  testing::TempDir dir;
  auto json = [](const std::string& title, const std::string& summary) {
    return "{\"title\": \"" + title + "\", \"language\": \"fr\", \"summary\": \"" + summary + "\"}";
  };
  const auto copy = dir.write("a-kaolack.json", json("Une place de marché pour Kaolack", kKaolack));
  const auto original =
      dir.write("b-thies.json", json("Dématérialiser les documents à Thiès", kThies));
  const auto now = std::filesystem::file_time_type::clock::now();
  std::filesystem::last_write_time(original, now - std::chrono::hours(72));
  std::filesystem::last_write_time(copy, now - std::chrono::hours(1));
  const std::vector<Proposal> proposals = ingest::read_submissions({dir.path()}).proposals;
  ASSERT_EQ(proposals.size(), 2u);
  ASSERT_EQ(proposals[0].id, "a-kaolack");  // the copy comes first in file order
  EXPECT_LT(proposals[1].submitted_at, proposals[0].submitted_at);
  const auto s = scored("originality", proposals);
  ASSERT_TRUE(s[0].ok() && s[1].ok()) << s[0].error << s[1].error;
  EXPECT_DOUBLE_EQ(*s[1].raw, 1.0) << s[1].explanation;
  EXPECT_LT(*s[0].raw, 0.65) << s[0].explanation;
  EXPECT_THAT(s[0].explanation,
              HasSubstr("also appears in \u201cDématérialiser les documents à Thiès\u201d "
                        "(tracking code " +
                        proposals[1].tracking_code + "), submitted before it"));
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
    // The first to send it is its original, the others its copies.
    if (i == 0) {
      EXPECT_DOUBLE_EQ(*counted[i].raw, 0.0) << counted[i].explanation;
    } else {
      EXPECT_GT(*counted[i].raw, 0.3) << counted[i].explanation;
    }
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
