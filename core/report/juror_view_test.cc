#include "core/report/juror_view.h"

#include <gtest/gtest.h>

namespace shortlist::report {
namespace {

TEST(JurorView, ShowsTheLanguagesOfAProposalThatMixesThem) {
  Expected<JurorView> view = juror_view(
      R"({"id": "cn-1", "title": "培训", "language": "zh", "language_reliable": true,
          "languages": [{"code": "zh", "percent": 58}, {"code": "en", "percent": 40}],
          "summary": "", "sections": [{"name": "activities", "text": "培训 eBL", "language": "zh",
          "languages": [{"code": "zh", "percent": 70}, {"code": "en", "percent": 25}]}]})",
      "cn-1", false);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->languages, "zh 58%, en 40%");
  ASSERT_EQ(view->sections.size(), 1u);
  ASSERT_EQ(view->sections[0].languages.size(), 2u);
  EXPECT_EQ(view->sections[0].languages[1].code, "en");
}

TEST(JurorView, ShowsOnlyTheCodeOfAProposalInOneLanguageOrStoredBeforeSharesWereKept) {
  Expected<JurorView> sure = juror_view(
      R"({"language": "fr", "language_reliable": true, "languages": [{"code": "fr", "percent": 99}]})",
      "fr-1", false);
  ASSERT_TRUE(sure);
  EXPECT_EQ(sure->languages, "fr");
  Expected<JurorView> old = juror_view(R"({"language": "es"})", "es-1", false);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->languages, "es");
}

TEST(JurorView, MarksALanguageDetectionThatWasNotSure) {
  Expected<JurorView> view = juror_view(
      R"({"language": "ja", "language_reliable": false, "languages": [{"code": "ja", "percent": 37}]})",
      "ja-1", false);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->languages, "ja 37% (uncertain)");
}

}  // namespace
}  // namespace shortlist::report
