// The relevance plugin through its real shared library, in six languages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugins/bundled_plugin_test.h"

namespace shortlist {
namespace {

using ::testing::HasSubstr;

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
              HasSubstr("\u201cguichet unique\u201d \u00d72 (activites, summary)"));
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
