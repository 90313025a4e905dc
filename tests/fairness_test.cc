// The fairness measure (bench/fairness/) on the parallel corpus: its
// arithmetic, and loose bounds on the tuning half that hold with relevance
// 1.4 and catch a regression. docs/fairness.md has the targets, which
// are checked on the held-out half, and today's numbers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "bench/fairness/parallel_fairness.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FairnessMeasure, SpearmanIsOneForTheSameOrderMinusOneReversedAndAveragesTies) {
  EXPECT_DOUBLE_EQ(fairness::spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1);
  EXPECT_DOUBLE_EQ(fairness::spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1);
  // Ranks 1, 2.5, 2.5, 4 against 1, 2, 3, 4: 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(fairness::spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 0.9487, 1e-4);
  EXPECT_DOUBLE_EQ(fairness::spearman({7}, {3}), 1);
}

TEST(FairnessMeasure, ReadsTheHalvesFromTheCorpusReadme) {
  const auto corpus = source_dir() / "tests/data/parallel";
  const auto tuning = fairness::read_corpus(corpus, {"tuning"});
  std::vector<std::string> stems;
  for (const auto& p : tuning) stems.push_back(p.stem);
  EXPECT_THAT(stems, ElementsAre("cm-douala-paperless", "eg-alexandria-ebl", "fj-market-wallets",
                                 "np-lalitpur-parcels", "pe-artesanas-online",
                                 "tz-arusha-trade-documents", "ua-lviv-cyber"));
  EXPECT_EQ(tuning[1].files.size(), 7u);  // eg-alexandria-ebl: en fr es pt ar ru zh
  EXPECT_EQ(tuning[0].files.size(), 5u);
  // The held-out half grows as proposals are added to it; both halves are
  // the two together.
  const auto held_out = fairness::read_corpus(corpus, {"held-out"});
  EXPECT_GE(held_out.size(), 13u);
  for (const auto& p : held_out) EXPECT_EQ(p.half, "held-out") << p.stem;
  EXPECT_EQ(fairness::read_corpus(corpus, {}).size(), tuning.size() + held_out.size());
}

// The complementary views read the per-language figures: the worst on-theme
// and off-theme differences, and Spearman only where a language has enough
// proposals for it to be more than +1 or -1.
TEST(FairnessMeasure, ComplementaryViewsTakeTheWorstAndLeaveOutLanguagesWithFewProposals) {
  fairness::Report report;
  fairness::LanguageResult ar, zh;
  ar.language = "ar";
  ar.proposals = 7;
  ar.spearman = 0.8;
  ar.raw_on_theme = {0.12, 0.05, "a"};
  ar.raw_off_theme = {0.02, 0.01, "b"};
  zh.language = "zh";
  zh.proposals = 2;
  zh.spearman = -1;
  zh.raw_on_theme = {0.2, 0.1, "c"};
  report.languages = {ar, zh};
  EXPECT_DOUBLE_EQ(report.worst_on_theme_difference(), 0.2);
  EXPECT_DOUBLE_EQ(report.worst_off_theme_difference(), 0.02);
  EXPECT_DOUBLE_EQ(report.lowest_spearman(), -1);
  EXPECT_EQ(report.lowest_spearman_of_larger_languages(), 0.8);
  report.languages = {zh};
  EXPECT_FALSE(report.lowest_spearman_of_larger_languages());
}

// One test, so that the forty evaluations run once.
TEST(FairnessMeasure, TheTuningHalfStaysWithinLooseBoundsInEveryLanguage) {
  fairness::Options options;
  options.shortlist = SHORTLIST_BINARY;
  options.corpus = source_dir() / "tests/data/parallel";
  options.criteria = source_dir() / "criteria/digital-champions-plugins.yaml";
  options.halves = {"tuning"};
  const fairness::Report report = fairness::measure(options);

  // The measure itself: seven proposals, a cut of a third, every swap made.
  EXPECT_EQ(report.call_size, 7);
  EXPECT_EQ(report.cut, 2);
  EXPECT_EQ(report.swaps, 32);  // 7 x fr es pt ar, 2 x ru zh
  std::vector<std::string> languages;
  for (const auto& l : report.languages) languages.push_back(l.language);
  EXPECT_THAT(languages, ElementsAre("ar", "es", "fr", "pt", "ru", "zh"));

  EXPECT_THAT(report.all_zero_languages(), IsEmpty())
      << "a language scores relevance 0 for every proposal";

  for (const fairness::LanguageResult& l : report.languages) {
    SCOPED_TRACE("language " + l.language);
    // The final score mixes in criteria that do not read text (reach,
    // budget): a translation moves it by 6% at worst with relevance 1.4
    // and 1.3 (12% with 1.2).
    EXPECT_LE(l.score_swap.worst, 0.12) << l.score_swap.worst_stem;
    EXPECT_LE(l.score_call.worst, 0.12) << l.score_call.worst_stem;
    // With relevance 1.4 a translation differs from its English original
    // by 20% at worst (18% with 1.3, 24% with 1.2, 37% with 1.1) and 12%
    // at the median (Chinese; 9% or less in the other languages); about
    // twice that is a regression.
    EXPECT_LE(l.raw_swap.worst, 0.35) << l.raw_swap.worst_stem;
    EXPECT_LE(l.raw_call.worst, 0.35) << l.raw_call.worst_stem;
    EXPECT_LE(l.raw_call.median, 0.25);
    EXPECT_LE(l.raw_on_theme.worst, 0.35) << l.raw_on_theme.worst_stem;
    if (l.proposals >= 3) {
      // Five of the seven final scores lie within 0.03 of each other, so
      // small differences reorder them: 0.75 at worst today (Arabic and
      // Spanish; 0.54 with 1.3, 0.39 with 1.2).
      EXPECT_GE(l.spearman, 0.6);
    }
    EXPECT_EQ(l.not_measured, 0);
  }
  // Today 2 of 32 swaps cross the cut, both cm-douala-paperless (7 with
  // 1.3, 8 with 1.2), whose final score lies within 0.03 of the cut; an
  // eighth of them is a regression.
  EXPECT_LE(report.swap_crossings, report.swaps / 8);
}

}  // namespace
}  // namespace shortlist::testing
