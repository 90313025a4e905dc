// The bundled plugins, tested through their real shared libraries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/plugin_host/plugin_instance.h"
#include "core/plugin_host/plugin_registry.h"
#include "test_support.h"

namespace shortlist {
namespace {

class BundledPlugins : public ::testing::Test {
 protected:
  void SetUp() override { registry_.load_folder(testing::plugin_dir(), PluginOrigin::Bundled); }

  PluginInstance make(const std::string& plugin, const std::string& params) {
    const LoadedPlugin* loaded = registry_.find(plugin);
    EXPECT_NE(loaded, nullptr) << plugin;
    Expected<PluginInstance> instance = PluginInstance::create(*loaded, "", params);
    EXPECT_TRUE(instance) << (instance ? "" : instance.problems()[0].message);
    return std::move(instance).value();
  }

  Expected<PluginInstance> try_make(const std::string& plugin, const std::string& params) {
    return PluginInstance::create(*registry_.find(plugin), "", params);
  }

  PluginRegistry registry_;
};

Proposal budgeted(double requested, double msmes) {
  Proposal p;
  p.id = "p";
  p.title = "t";
  p.fields["budget.requested"] = requested;
  p.fields["beneficiaries.msmes"] = msmes;
  p.fields["applicant.name"] = std::string("Chamber");
  return p;
}

TEST_F(BundledPlugins, FieldTakesAValueByPath) {
  PluginInstance field = make("field", R"({"path": "budget.requested"})");
  CriterionScore s = field.score(budgeted(110000, 900));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(*s.raw, 110000);
  EXPECT_EQ(s.explanation, "budget.requested = 110000");
}

TEST_F(BundledPlugins, FieldDividesByAnotherField) {
  PluginInstance field =
      make("field", R"({"path": "budget.requested", "divide_by": "beneficiaries.msmes"})");
  CriterionScore s = field.score(budgeted(110000, 800));
  EXPECT_DOUBLE_EQ(*s.raw, 137.5);
  EXPECT_EQ(s.explanation, "budget.requested / beneficiaries.msmes = 110000 / 800 = 137.5");
  CriterionScore zero = field.score(budgeted(110000, 0));
  EXPECT_FALSE(zero.ok());
  EXPECT_EQ(zero.missing_reason,
            "beneficiaries.msmes is 0, so budget.requested cannot be divided by it");
}

TEST_F(BundledPlugins, FieldSaysWhatIsMissingOrNotANumber) {
  PluginInstance field = make("field", R"({"path": "budget.total"})");
  EXPECT_EQ(field.score(budgeted(1, 1)).missing_reason, "the submission has no budget.total");
  PluginInstance text = make("field", R"({"path": "applicant.name"})");
  EXPECT_EQ(text.score(budgeted(1, 1)).error,
            "field 'applicant.name' of proposal 'p' is not a number");
}

TEST_F(BundledPlugins, FieldRefusesBadParams) {
  Expected<PluginInstance> none = try_make("field", "{}");
  ASSERT_FALSE(none);
  EXPECT_EQ(
      none.problems()[0].message,
      "plugin 'field' refused its params: params.path is required: the dotted field path, e.g. "
      "budget.total");
  Expected<PluginInstance> typo = try_make("field", R"({"path": "x", "divide": "y"})");
  EXPECT_EQ(typo.problems()[0].message,
            "plugin 'field' refused its params: unknown param 'divide' (known: path, divide_by)");
}

Proposal sectioned(const std::string& language,
                   const std::vector<std::pair<std::string, std::string>>& sections) {
  Proposal p;
  p.id = "s";
  p.title = "t";
  p.language = language;
  for (const auto& [name, text] : sections) p.sections.push_back({name, text});
  return p;
}

TEST_F(BundledPlugins, CompletenessCreditsSectionsWithinBounds) {
  PluginInstance completeness = make(
      "completeness",
      R"({"required": ["context", "objectives", "sustainability"], "min_words": 4, "max_words": 8,
          "aliases": {"objectives": ["objectifs"]}})");
  // context: 5 words, in bounds; objectifs (alias): 2 words, half the minimum;
  // sustainability: absent.
  CriterionScore s = completeness.score(
      sectioned("fr", {{"Context", "Les exportateurs attendent encore longtemps."},
                       {"objectifs", "Certificats électroniques."}}));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_DOUBLE_EQ(*s.raw, 50.0);  // (1 + 0.5 + 0) / 3
  EXPECT_EQ(s.explanation,
            "1 of 3 required sections complete: 'objectives' 2 words (min 4 for fr: 4 x 1.09); "
            "'sustainability' missing");
  ASSERT_EQ(s.evidence.size(), 3u);
  EXPECT_EQ(s.evidence[0].label, "context");
  EXPECT_EQ(s.evidence[0].text, "5 words");
  EXPECT_EQ(s.evidence[2].text, "missing");
}

TEST_F(BundledPlugins, CompletenessHoldsEachSectionToItsLanguagesBounds) {
  PluginInstance completeness =
      make("completeness", R"({"required": ["context", "activities"], "min_words": 6,
          "languages": {"zh": {"min_words": 3}},
          "sections": {"activities": {"languages": {"fr": {"min_words": 2}}}}})");
  Proposal p = sectioned(
      "fr", {{"context", "Les exportateurs attendent."}, {"activities", "Ateliers mensuels."}});
  p.sections[0].language = "fr";
  p.sections[1].language = "fr";
  // context: 3 French words, under the default 6; activities: its own French
  // minimum of 2 is met.
  CriterionScore s = completeness.score(p);
  EXPECT_EQ(s.explanation,
            "1 of 2 required sections complete: 'context' 3 words (min 7 for fr: 6 x 1.09)");
  // The same context in Chinese is held to the Chinese minimum of 3 words.
  p.sections[0] = {"context", "出口商仍在等待。", "zh"};
  s = completeness.score(p);
  EXPECT_EQ(s.explanation, "2 of 2 required sections complete");
  p.sections[0] = {"context", "等待。", "zh"};
  EXPECT_EQ(completeness.score(p).explanation,
            "1 of 2 required sections complete: 'context' 1 words (min 3 for zh)");
}

TEST_F(BundledPlugins, CompletenessScalesWordBoundsByHowManyWordsALanguageNeeds) {
  PluginInstance completeness =
      make("completeness", R"({"required": ["context"], "min_words": 25})");
  // Twenty-three Arabic words (as ICU counts them) say what about
  // twenty-eight English ones do.
  const std::string twenty_three =
      "تنتظر الشركات الصغيرة المصدرة في المنطقة أياما طويلة للحصول على شهادات المنشأ الورقية "
      "ثم ترسلها بالبريد إلى المشترين في البلدان المجاورة كل شهر";
  CriterionScore s = completeness.score(sectioned("ar", {{"context", twenty_three}}));
  ASSERT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(s.explanation, "1 of 1 required sections complete") << s.evidence[0].text;
  s = completeness.score(sectioned("ar", {{"context", "تنتظر الشركات الصغيرة شهادات المنشأ"}}));
  EXPECT_EQ(s.explanation,
            "0 of 1 required sections complete: 'context' 5 words (min 21 for ar: 25 x 0.82)");
  // An organiser may set a language's ratio, 1 holding it to the English bounds.
  PluginInstance english_bounds = make(
      "completeness", R"({"required": ["context"], "min_words": 25, "length_ratios": {"ar": 1}})");
  EXPECT_EQ(english_bounds.score(sectioned("ar", {{"context", twenty_three}})).explanation,
            "0 of 1 required sections complete: 'context' 23 words (min 25)");
}

TEST_F(BundledPlugins, CompletenessCountsChineseWordsNotCharacters) {
  PluginInstance completeness =
      make("completeness", R"({"required": ["context"], "min_words": 1, "max_words": 8})");
  // Thirteen characters, seven words: within bounds only if segmented.
  CriterionScore s =
      completeness.score(sectioned("zh", {{"context", "我们培训小企业使用电子商务"}}));
  EXPECT_DOUBLE_EQ(*s.raw, 100.0) << s.explanation;
}

TEST_F(BundledPlugins, CompletenessPenalisesOverlongSections) {
  PluginInstance completeness =
      make("completeness", R"({"required": ["context"], "min_words": 1, "max_words": 2})");
  CriterionScore s = completeness.score(sectioned("en", {{"context", "one two three four"}}));
  EXPECT_DOUBLE_EQ(*s.raw, 50.0);
  EXPECT_EQ(s.explanation, "0 of 1 required sections complete: 'context' 4 words (max 2)");
}

TEST_F(BundledPlugins, CompletenessRefusesInconsistentBounds) {
  Expected<PluginInstance> bad =
      try_make("completeness", R"({"required": ["a"], "min_words": 10, "max_words": 5})");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.problems()[0].message,
            "plugin 'completeness' refused its params: max_words is below min_words");
  EXPECT_FALSE(try_make("completeness", R"({"required": []})"));
}

}  // namespace
}  // namespace shortlist
