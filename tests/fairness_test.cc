// The fairness measure (bench/fairness/) on the parallel corpus: its
// arithmetic, and loose bounds on the tuning half that hold with relevance
// 1.0 and catch a gross regression. docs/fairness.md has the targets, which
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
using ::testing::IsSubsetOf;

// Languages relevance has no lexicon for yet, so it scores every proposal in
// them 0. Remove a language once relevance reads it (or reports it as not
// measured): the bounds below then hold it as they hold the others.
const std::set<std::string> kLanguagesRelevanceCannotRead = {"pt"};

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
  EXPECT_EQ(fairness::read_corpus(corpus, {}).size(), 14u);
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

  std::vector<std::string> all_zero = report.all_zero_languages();
  EXPECT_THAT(all_zero, IsSubsetOf(kLanguagesRelevanceCannotRead))
      << "a language now scores relevance 0 for every proposal";

  for (const fairness::LanguageResult& l : report.languages) {
    SCOPED_TRACE("language " + l.language);
    // The final score mixes in criteria that do not read text (reach,
    // budget): a translation moves it by 46% at worst with relevance 1.0.
    EXPECT_LE(l.score_swap.worst, 0.6) << l.score_swap.worst_stem;
    EXPECT_LE(l.score_call.worst, 0.6) << l.score_call.worst_stem;
    if (kLanguagesRelevanceCannotRead.count(l.language)) continue;
    // With relevance 1.0 a translation alone in its language loses up to
    // 92% of its English relevance (rarity is counted per language), half
    // as much when the whole call shares its language; more than its
    // English relevance again, or a median loss above 60% in a whole call,
    // is a regression.
    EXPECT_LE(l.raw_swap.worst, 1.5) << l.raw_swap.worst_stem;
    EXPECT_LE(l.raw_call.worst, 1.5) << l.raw_call.worst_stem;
    EXPECT_LE(l.raw_call.median, 0.6);
    if (l.proposals >= 3) {
      EXPECT_GE(l.spearman, 0.5);  // 0.79 at worst today
    }
    EXPECT_EQ(l.not_measured, 0);
  }
  // Today the two shortlisted proposals fall out in every language they are
  // swapped into alone (10 of 32); half the swaps is a regression.
  EXPECT_LE(report.swap_crossings, report.swaps / 2);
}

}  // namespace
}  // namespace shortlist::testing
