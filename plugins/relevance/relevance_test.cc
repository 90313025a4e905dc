// The relevance plugin through its real shared library, in seven languages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Proposal written(const std::string& id, const std::string& language, const std::string& title,
                 const std::string& summary) {
  Proposal p;
  p.id = id;
  p.title = title;
  p.language = language;
  p.summary = summary;
  return p;
}

class Relevance : public BundledPluginTest {
 protected:
  std::vector<CriterionScore> scored(const std::vector<Proposal>& proposals,
                                     const std::string& params = "{}") {
    return BundledPluginTest::scored("relevance", proposals, "", params);
  }
};

TEST_F(Relevance, ListsTheMatchedTermsPerThemeWithWhereTheyOccur) {
  ingest::Submissions batch = ingest::read_submissions({testing::source_dir() / "submissions"});
  const auto s = scored(batch.proposals);
  std::map<std::string, const CriterionScore*> by_id;
  for (std::size_t i = 0; i < s.size(); ++i) by_id[batch.proposals[i].id] = &s[i];
  EXPECT_THAT(by_id.at("jo-amman-etr")->explanation,
              HasSubstr("\u201celectronic bill of lading\u201d \u00d75 (activities, context, "
                        "objectives, summary, title)"));
  EXPECT_THAT(by_id.at("ma-oujda-dematerialisation")->explanation,
              HasSubstr("\u201cguichet unique\u201d \u00d71 (activites); \u201cguichet unique "
                        "national\u201d \u00d71 (summary)"));
  EXPECT_THAT(by_id.at("mx-oaxaca-envios")->explanation, HasSubstr("low value shipments"));
  EXPECT_THAT(by_id.at("vn-hcmc-cyber")->explanation,
              HasSubstr("not addressed: ecommerce training, electronic payments"));
  // The proposal about electronic transferable records ranks above one
  // that mentions trade only in passing.
  EXPECT_GT(*by_id.at("jo-amman-etr")->raw, *by_id.at("ci-abidjan-paiements")->raw);
}

TEST_F(Relevance, MatchesStemsInArabicChineseAndRussian) {
  const auto s = scored(
      {written("ar-1", "ar", "حلول الدفع الإلكتروني",
               "نساعد التجار الصغار على استخدام المدفوعات الإلكترونية. كما نوفر المحفظة "
               "الإلكترونية في الأسواق المحلية."),
       written("zh-1", "zh", "中小企业电子商务培训",
               "我们为中小企业提供电子商务培训，帮助它们使用移动支付和电子发票。"),
       written("ru-1", "ru", "Обучение электронной коммерции",
               "Мы обучаем малые предприятия электронной коммерции и мобильным платежам, а "
               "также защите данных."),
       written("en-1", "en", "Weaving cooperative", "Looms and wool for weavers in the valley.")});
  EXPECT_THAT(s[0].explanation, HasSubstr("electronic payments"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cالمحفظة الإلكترونية\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201c电子商务\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201c移动支付\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[2].explanation,
              HasSubstr("\u201cэлектронная коммерция\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[2].explanation, HasSubstr("\u201cмобильные платежи\u201d \u00d71 (summary)"));
  EXPECT_EQ(*s[3].raw, 0);
  EXPECT_THAT(s[3].explanation, HasSubstr("no term of the call's themes found"));
}

TEST_F(Relevance, MatchesArabicPluralsAndCliticsAndRussianCases) {
  const auto s = scored(
      {written("ar-1", "ar", "مشروع للمصدرين الصغار",
               "نساعد المصدرين في التقدم لشهادات المنشأ وفي إرسال الفواتير والمستندات التجارية "
               "إلى المشترين."),
       written("ru-1", "ru", "Проект для экспортёров",
               "Экспортёры будут подписывать декларации электронной подписью."),
       written("en-1", "en", "Looms", "Wool for weavers.")});
  // ل‑ and a plural on "certificate of origin"; و‑ and ال‑ with a plural on
  // "commercial documents".
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cشهادة المنشأ\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cالمستندات التجارية\u201d \u00d71 (summary)"));
  // The instrumental case of "electronic signature".
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cэлектронная подпись\u201d \u00d71 (summary)"));
}

TEST_F(Relevance, ReadsNeitherDigitalAsDigitizationNorACarpentryWorkshopAsTraining) {
  const auto s = scored(
      {written("en-1", "en", "Shared machines for carpentry workshops",
               "Twelve carpentry workshops will share a digital saw, and their owners will "
               "learn workshop safety."),
       written("en-2", "en", "Digitization of export documents",
               "Digitization of the chamber's export documents, and training workshops for its "
               "members."),
       written("en-3", "en", "Looms", "Wool for weavers.")});
  EXPECT_EQ(*s[0].raw, 0);
  EXPECT_THAT(s[0].explanation, HasSubstr("no term of the call's themes found"));
  // "digitization" is an exact term; "training workshops" says which workshops.
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cdigitization\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201ctraining workshops\u201d \u00d71 (summary)"));
}

TEST_F(Relevance, WeighsAConceptTheSameWhicheverLanguageSaysIt) {
  const Proposal english =
      written("ebl-en", "en", "Electronic bills of lading for exporters",
              "Exporters will use the electronic bill of lading under the MLETR, so that "
              "banks accept an electronic bill of lading instead of paper.");
  const Proposal french =
      written("ebl-fr", "fr", "Connaissements électroniques pour les exportateurs",
              "Les exportateurs utiliseront le connaissement électronique selon la MLETR, afin "
              "que les banques acceptent un connaissement électronique au lieu du papier.");
  const Proposal looms = written("looms-en", "en", "Looms for weavers",
                                 "New looms and wool for forty weavers in the valley, so that "
                                 "they weave more cloth every month for the local market.");
  const Proposal bees = written("bees-en", "en", "Beehives for farmers",
                                "New beehives and training in honey making for sixty farmers, "
                                "so that they sell more honey every season in the town market.");
  // The French twin alone in its language, in a call otherwise English,
  // scores as its English original does in the English call.
  const auto in_english = scored({english, looms, bees});
  const auto alone_in_french = scored({french, looms, bees});
  ASSERT_TRUE(in_english[0].raw && alone_in_french[0].raw);
  EXPECT_GT(*in_english[0].raw, 0);
  EXPECT_NEAR(*alone_in_french[0].raw, *in_english[0].raw, 0.15 * *in_english[0].raw);
}

// A long proposal alone in its language is held to the call's average
// length (in English words, through the language's words per English word),
// not to its own: were it compared with itself, its length would not count
// against it and it would score above its English original, and a short
// one below.
TEST_F(Relevance, HoldsAProposalAloneInItsLanguageToTheCallsLength) {
  const Proposal english = written(
      "pay-en", "en", "Electronic payments for market vendors",
      "Market vendors in the old town still take cash for almost everything they sell. Over "
      "two years we will visit each of the four markets every month, help two hundred vendors "
      "open an account with a bank or a mobile operator, show them how to accept electronic "
      "payments at their stalls, how to check that a payment really arrived before handing over "
      "the goods, and how to keep a simple record of their sales in a notebook or on a phone, so "
      "that they can later ask a bank for a small loan on the strength of that record.");
  const Proposal french = written(
      "pay-fr", "fr", "Paiements électroniques pour les vendeurs des marchés",
      "Les vendeurs des marchés de la vieille ville se font encore payer en espèces pour presque "
      "tout ce qu'ils vendent. Pendant deux ans, nous visiterons chacun des quatre marchés tous "
      "les mois, aiderons deux cents vendeurs à ouvrir un compte auprès d'une banque ou d'un "
      "opérateur mobile, leur montrerons comment accepter les paiements électroniques à leur "
      "étal, comment vérifier qu'un paiement est bien arrivé avant de remettre la marchandise, et "
      "comment tenir un registre simple de leurs ventes dans un carnet ou sur un téléphone, afin "
      "qu'ils puissent ensuite demander un petit prêt à une banque sur la foi de ce registre.");
  const Proposal shop = written("shop-en", "en", "Online shops",
                                "Online shops for twenty weavers, and electronic payments.");
  const Proposal looms = written("looms-en", "en", "Looms", "Wool and looms for the weavers.");
  const Proposal bees = written("bees-en", "en", "Beehives", "Beehives and honey for farmers.");
  const auto in_english = scored({english, shop, looms, bees});
  const auto alone_in_french = scored({french, shop, looms, bees});
  ASSERT_TRUE(in_english[0].raw && alone_in_french[0].raw);
  EXPECT_GT(*in_english[0].raw, 0);
  EXPECT_NEAR(*alone_in_french[0].raw, *in_english[0].raw, 0.05 * *in_english[0].raw);
  // The other proposals' scores do not move either.
  EXPECT_NEAR(*alone_in_french[1].raw, *in_english[1].raw, 0.05 * *in_english[1].raw);
}

TEST_F(Relevance, RefusesALengthRatioThatIsNotAPositiveNumber) {
  const LoadedPlugin* plugin = registry_.find("relevance");
  EXPECT_EQ(
      PluginInstance::create(*plugin, "", R"({"length_ratios": {"ar": 0}})").problems()[0].message,
      "plugin 'relevance' refused its params: length_ratios.ar must be a number above 0");
}

// Words with a second sense off the themes count only in the sense meant,
// and the phrasings each language uses for a concept are read.
TEST_F(Relevance, ReadsEachLanguagesPhrasingsAndNotAWordsOtherSense) {
  const auto s = scored(
      {written("en-1", "en", "Goods by train", "The goods go by train to the port."),
       written("es-1", "es", "Seguridad de las cuentas",
               "Una cuenta de mensajería robada; los paquetes van con una empresa de mensajería."),
       written("fr-1", "fr", "Hygiène numérique",
               "Un module sur l'hameçonnage et l'hygiène numérique, et une boutique web."),
       written("ar-1", "ar", "بيان التصدير",
               "يقدم المصدرون بيان التصدير إلكترونيا، ونبيع منتجاتهم في الأسواق الإلكترونية."),
       written("en-2", "en", "Looms", "Wool and looms for the weavers.")});
  EXPECT_THAT(s[0].explanation, HasSubstr("no term of the call's themes found"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cempresa de mensajería\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[1].explanation, Not(HasSubstr("\u201cmensajería\u201d")));
  EXPECT_THAT(s[2].explanation, HasSubstr("\u201chameçonnage\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[2].explanation,
              HasSubstr("\u201chygiène numérique\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[2].explanation, HasSubstr("\u201cboutique web\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[3].explanation, HasSubstr("\u201cبيان التصدير\u201d \u00d72 (summary, title)"));
  // الأسواق, a broken plural, is read as its singular سوق.
  EXPECT_THAT(s[3].explanation, HasSubstr("\u201cالسوق الإلكترونية\u201d \u00d71 (summary)"));
}

// A faithful translation says a concept as many times as its language
// needs, a pronoun here, a repetition there: whether the proposal addresses
// the concept is what does not change, so the count saturates fast (k1 0.3).
TEST_F(Relevance, CountsAConceptSaidOftenLittleMoreThanOnce) {
  const auto s = scored(
      {written("once", "en", "Invoices for weavers",
               "The weavers will issue an electronic invoice to buyers, keep a copy of it, and "
               "send it with the goods; the buyers will pay it by transfer to the bank."),
       written("four", "en", "Invoices for weavers",
               "The weavers will issue an electronic invoice to buyers, keep the electronic "
               "invoice, send an electronic invoice with the goods; each electronic invoice paid."),
       written("looms", "en", "Looms", "Wool and looms for the weavers.")});
  ASSERT_TRUE(s[0].raw && s[1].raw);
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201celectronic invoice\u201d \u00d74 (summary)"));
  EXPECT_GT(*s[1].raw, *s[0].raw);
  EXPECT_LT(*s[1].raw, 1.3 * *s[0].raw);
}

// Words that share a lexicon term's light stem but not its sense are not
// counted: بخصوص (about) and على وجه الخصوص (in particular) are not
// الخصوصية (privacy), which loses its ية as light10 reads it.
TEST_F(Relevance, ReadsNoArabicWordThatOnlySharesATermsStem) {
  const auto s =
      scored({written("ar-1", "ar", "مركز لتبريد الحليب",
                      "نجتمع مع البائعات بخصوص المركز، وعلى وجه الخصوص بخصوص أوقات الجمع في محافظة "
                      "الشمال."),
              written("ar-2", "ar", "حماية الخصوصية",
                      "نعلم التجار احترام الخصوصية وحماية خصوصية الزبائن."),
              written("en-1", "en", "Looms", "Wool and looms for the weavers.")});
  EXPECT_THAT(s[0].explanation, HasSubstr("no term of the call's themes found"));
  // Privacy is still read, as the word and inside "protecting privacy".
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cالخصوصية\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cحماية الخصوصية\u201d \u00d72 (summary, title)"));
}

// The same in Russian: почти (almost) loses its и to the stem of почтой (by
// post), which is therefore exact; the other cases of почта are read
// inside their phrases (по почте, почтовая служба).
TEST_F(Relevance, ReadsNoRussianWordThatOnlySharesATermsStem) {
  const auto s = scored(
      {written("ru-1", "ru", "Станки для столяров",
               "Почти все мастерские почти не имеют новых станков."),
       written("ru-2", "ru", "Посылки почтой", "Мастера отправляют посылки почтой и по почте."),
       written("en-1", "en", "Looms", "Wool and looms for the weavers.")});
  EXPECT_THAT(s[0].explanation, HasSubstr("no term of the call's themes found"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cпочтой\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cпо почте\u201d \u00d71 (summary)"));
}

TEST_F(Relevance, ReadsPortugueseAsItReadsTheOtherLanguages) {
  const auto s = scored(
      {written("pt-1", "pt", "Pagamentos eletrônicos para feirantes",
               "Vamos ajudar os feirantes a vender online, aceitar pagamentos eletrônicos e "
               "usar a carteira digital, com capacitação em comércio eletrônico."),
       written("pt-2", "pt", "Teares para tecelãs", "Teares e lã para as tecelãs do vale.")});
  ASSERT_TRUE(s[0].raw);
  EXPECT_GT(*s[0].raw, 0);
  EXPECT_THAT(s[0].explanation,
              HasSubstr("\u201cpagamento eletrônico\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201ccomércio eletrônico\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cvenda online\u201d \u00d71 (summary)"));
}

TEST_F(Relevance, MarksAProposalInALanguageWithoutTermsAsNotMeasurable) {
  Proposal mixed = written("fr-1", "fr", "Paiements électroniques",
                           "Nous aidons les vendeuses des marchés de la ville à accepter les "
                           "paiements électroniques et le paiement mobile, avec une formation "
                           "courte dans chaque marché.");
  mixed.sections.push_back(
      {"budget", "Die Mittel gehen an die Schulung der Verkäuferinnen in den Märkten.", "de"});
  const auto s = scored(
      {written("de-1", "de", "Elektronische Zahlungen für Marktfrauen",
               "Wir helfen Marktfrauen, elektronische Zahlungen und mobiles Geld anzunehmen."),
       mixed});
  EXPECT_FALSE(s[0].raw);
  EXPECT_THAT(s[0].missing_reason, HasSubstr("not measurable in de: the relevance lexicon has no "
                                             "terms in it (it has: ar en es fr pt ru zh)"));
  // Mostly in a language it reads: scored, with what it could not read said.
  ASSERT_TRUE(s[1].raw);
  EXPECT_GT(*s[1].raw, 0);
  EXPECT_THAT(s[1].explanation, HasSubstr("not read, no terms in de: budget"));
}

TEST_F(Relevance, MatchesTheCommonPhrasingsOfEachLanguage) {
  const auto s =
      scored({written("en-1", "en", "Web shops for weavers",
                      "Weavers will open a web shop, start selling online and join an online "
                      "marketplace."),
              written("ar-1", "ar", "الشباك الموحد للتجارة",
                      "نربط المصدرين الصغار عبر الشباك الموحد لتقديم المستندات."),
              written("en-2", "en", "Looms", "Wool for weavers.")});
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cweb shop\u201d \u00d72 (summary, title)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cselling online\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201conline marketplace\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("paperless trade"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201cالشباك الموحد\u201d \u00d72 (summary, title)"));
}

TEST_F(Relevance, TakesTheOrganisersThemesConceptByConcept) {
  const auto s = scored(
      {written("fr-1", "fr", "Logistique verte",
               "Des véhicules électriques et des vélos cargos pour les colis de la vieille ville."),
       written("en-1", "en", "Green logistics", "Electric vans for parcels in the old town."),
       written("en-2", "en", "Looms", "Wool for weavers.")},
      R"({"themes": {"green_logistics": {
            "electric_vans": {"en": ["electric vans"], "fr": ["véhicules électriques"]},
            "cargo_bikes": {"en": ["cargo bikes"], "fr": ["vélos cargos"]}}},
          "weights": {"green_logistics": 5}})");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cvéhicules électriques\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201cvélos cargos\u201d \u00d71 (summary)"));
  EXPECT_THAT(s[1].explanation, HasSubstr("\u201celectric vans\u201d \u00d71 (summary)"));
  EXPECT_GT(*s[0].raw, 0);
}

TEST_F(Relevance, TakesTheOrganisersThemesAndWeights) {
  const auto s = scored(
      {written("en-1", "en", "Green logistics", "Electric vans for parcels in the old town."),
       written("en-2", "en", "Looms", "Wool for weavers.")},
      R"({"themes": {"green_logistics": {"en": ["electric vans"]}},
                            "weights": {"green_logistics": 5}})");
  EXPECT_THAT(s[0].explanation, HasSubstr("green logistics"));
  EXPECT_THAT(s[0].explanation, HasSubstr("\u201celectric vans\u201d \u00d71 (summary)"));
  const LoadedPlugin* plugin = registry_.find("relevance");
  EXPECT_EQ(
      PluginInstance::create(*plugin, "", R"({"weights": {"crypto": 2}})").problems()[0].message,
      "plugin 'relevance' refused its params: weights: no theme 'crypto'");
}

}  // namespace
}  // namespace shortlist
