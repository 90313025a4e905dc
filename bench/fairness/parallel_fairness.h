// How fairly a call's criteria treat languages, measured on a parallel
// corpus: the same proposals, faithfully translated, ranked by the real
// `shortlist evaluate` in calls assembled from the corpus.
//
// For each language L beside English it measures the relevance raw score
// and the final score of each proposal against its English original (when
// only that proposal is in L and when the whole call is), the Spearman
// correlation of the all-L ranking with the all-English one, and how many
// proposals cross the shortlist cut when their language changes.
//
//   fairness::Options options;
//   options.shortlist = "build/shortlist";
//   options.corpus = "tests/data/parallel";
//   options.criteria = "criteria/digital-champions-plugins.yaml";
//   options.halves = {"tuning"};
//   fairness::Report report = fairness::measure(options);
//   fairness::print_markdown(report, std::cout);
//
// Errors (a corpus that cannot be read, an evaluation that fails) are
// thrown as std::runtime_error: this is a measuring tool, not the host.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace shortlist::fairness {

// One proposal of the corpus: its stem (`pe-artesanas-online`), its half
// (`tuning` or `held-out`, from the README's table) and its file per language.
struct ParallelProposal {
  std::string stem;
  std::string half;
  std::map<std::string, std::filesystem::path> files;  // language -> file
};

// Reads `<corpus>/<stem>/<language>.yaml` and the halves from
// `<corpus>/README.md`; keeps the proposals of the halves named (all when
// `halves` is empty).
std::vector<ParallelProposal> read_corpus(const std::filesystem::path& corpus,
                                          const std::vector<std::string>& halves);

struct Options {
  std::filesystem::path shortlist;  // the shortlist binary
  std::filesystem::path corpus;     // tests/data/parallel
  std::filesystem::path criteria;   // the call's criteria, copied with the cut below
  std::vector<std::string> halves;  // "tuning", "held-out"; empty: both
  // Submissions ranked with every call, unchanged from call to call.
  std::vector<std::filesystem::path> background;
  // Shortlist size written into the criteria copy; 0: a third of the call
  // (corpus proposals plus background), rounded to the nearest whole.
  int cut = 0;
  std::string criterion = "relevance";  // the text measure compared
};

// A proposal's outcome in one evaluated call.
struct Outcome {
  std::optional<double> raw;  // the criterion's raw score; empty when not measured
  double score = 0;
  int rank = 0;
  bool shortlisted = false;
  bool excluded = false;
};

// A relative difference against English, |x_L - x_en| / max(x_en, floor).
struct Difference {
  double worst = 0;
  double median = 0;
  std::string worst_stem;
};

struct LanguageResult {
  std::string language;
  int proposals = 0;      // corpus proposals written in this language
  int not_measured = 0;   // ... whose criterion had no raw score in this language
  int zero = 0;           // ... whose criterion scored exactly 0 here but not in English
  bool all_zero = false;  // every measured proposal scored 0 on the criterion
  Difference raw_swap;    // the proposal alone in L, the rest of the call English
  Difference raw_call;    // the whole call in L
  Difference score_swap;
  Difference score_call;
  // Complementary views (docs/fairness.md), beside the columns above, not
  // instead of them: the relative difference of the proposals English scores
  // at a tenth of its best or more, alone and in a whole call; and for the
  // others (off the themes, near 0 in English, where a relative difference
  // divides by almost nothing) the difference as a share of the best English
  // score of the call.
  Difference raw_on_theme;
  Difference raw_off_theme;
  double spearman = 1;     // all-L ranking against all-English, on these proposals
  int swap_crossings = 0;  // proposals whose shortlisted status changed when swapped alone
  int call_crossings = 0;  // ... when the whole call is in L
  std::vector<std::string> crossed;  // stems that crossed when swapped alone
};

struct Report {
  std::string criterion;
  std::string plugin_version;  // the criterion's plugin, as the report names it
  std::vector<std::string> halves;
  int corpus_proposals = 0;
  int call_size = 0;  // proposals ranked in the all-English call (background included)
  int cut = 0;
  double floor = 0;     // the denominator's floor for relative differences
  double on_theme = 0;  // a tenth of the best English value: on the themes from there
  std::vector<LanguageResult> languages;
  int swaps = 0;
  int swap_crossings = 0;
  int call_checks = 0;  // proposal x language pairs in whole-call swaps
  int call_crossings = 0;
  int evaluations = 0;

  double worst_raw_difference() const;
  double lowest_spearman() const;
  // The complementary views: the worst of raw_on_theme and raw_off_theme
  // over the languages, and the lowest Spearman over the languages with at
  // least `kSpearmanProposals` proposals (with two, Spearman is only +1 or -1).
  double worst_on_theme_difference() const;
  double worst_off_theme_difference() const;
  std::optional<double> lowest_spearman_of_larger_languages() const;
  static constexpr int kSpearmanProposals = 4;
  std::vector<std::string> all_zero_languages() const;
};

// The targets of the fairness rule (docs/fairness.md).
struct Targets {
  double worst_raw_difference = 0.25;
  double lowest_spearman = 0.9;
  double crossings_per_swap = 1.0 / 50;
};

Report measure(const Options& options);

// Spearman's rank correlation of two equally long series (average ranks for
// ties); 1 for fewer than two values or a constant series on either side.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

// The per-language table, the totals and the verdicts against `targets`.
void print_markdown(const Report& report, const Targets& targets, std::ostream& out);

}  // namespace shortlist::fairness
