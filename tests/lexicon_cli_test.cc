// Relevance in the languages of a call, through the real binary: the
// lexicon an organiser reviews (`shortlist lexicon`), and a proposal in a
// language it has no terms in, flagged in every report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.h"

namespace shortlist::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LexiconCheck, ListsTheConceptsThinInSomeLanguageAndFindsNoneMissing) {
  const RunResult check = run_shortlist({"lexicon", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("in 7 languages (ar en es fr pt ru zh)"));
  EXPECT_THAT(check.out, HasSubstr("concepts whose coverage differs across languages"));
  EXPECT_THAT(check.out, Not(HasSubstr("  missing:")));
  const RunResult show = run_shortlist({"lexicon", "show", "single_window"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out,
              HasSubstr("  ar: النافذة الواحدة; النافذة الواحدة الإلكترونية; الشباك الموحد"));
  EXPECT_EQ(run_shortlist({"lexicon", "chek"}).exit_code, 2);
}

TEST(RelevanceLanguages, FlagsAProposalInALanguageWithoutTermsInEveryReport) {
  TempDir dir;
  const auto criteria =
      dir.write("call.yaml",
                "call: Digital Champions\n"
                "method: weighted_sum\n"
                "criteria:\n"
                "  - {id: relevance, weight: 1, plugin: relevance, missing: worst}\n"
                "  - {id: reach, weight: 1, plugin: field,\n"
                "     params: {path: beneficiaries.msmes}}\n");
  dir.write("in/de.yaml",
            "id: de-1\ntitle: Elektronische Zahlungen für Marktfrauen\nlanguage: de\n"
            "applicant: {name: Verein, type: ngo, country: AT, email: a@example.org}\n"
            "summary: Wir helfen Marktfrauen, elektronische Zahlungen anzunehmen.\n"
            "beneficiaries: {msmes: 40}\n");
  dir.write("in/en.yaml",
            "id: en-1\ntitle: Electronic payments for market vendors\nlanguage: en\n"
            "applicant: {name: Union, type: ngo, country: FJ, email: b@example.org}\n"
            "summary: We help market vendors accept electronic payments and mobile money.\n"
            "beneficiaries: {msmes: 30}\n");
  const std::string flag = "not measurable in de";
  for (const char* format : {"table", "json", "html"}) {
    const RunResult run =
        run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                       (dir.path() / "in").string(), "--format", format});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr(flag)) << format;
  }
}

// A proposal scored though part of it is in a language the lexicon has no
// terms in: every report says which part, per proposal, so that the jury
// knows the value was measured on the rest.
TEST(RelevanceLanguages, SaysInEveryReportWhichPartOfAProposalCouldNotBeRead) {
  TempDir dir;
  const auto criteria = dir.write("call.yaml",
                                  "call: Digital Champions\n"
                                  "method: weighted_sum\n"
                                  "criteria:\n"
                                  "  - {id: relevance, weight: 1, plugin: relevance}\n"
                                  "  - {id: reach, weight: 1, plugin: field,\n"
                                  "     params: {path: beneficiaries.msmes}}\n");
  dir.write("in/en.yaml",
            "id: en-1\ntitle: Electronic payments for market vendors\nlanguage: en\n"
            "applicant: {name: Union, type: ngo, country: FJ, email: b@example.org}\n"
            "summary: We help market vendors accept electronic payments and mobile money, with "
            "training in every market of the town, twice a month for two years, so that two "
            "hundred vendors can take payments from customers who no longer carry cash and keep "
            "a record of their sales for the bank.\n"
            "sections:\n"
            "  budget: Die Mittel gehen an die Schulung der Verkäuferinnen in den Märkten der "
            "Stadt, an die Miete der Räume für die Kurse und an die Fahrten unserer "
            "Trainerinnen zu den Märkten auf dem Land.\n"
            "beneficiaries: {msmes: 30}\n");
  dir.write("in/en2.yaml",
            "id: en-2\ntitle: Looms for weavers\nlanguage: en\n"
            "applicant: {name: Weavers, type: ngo, country: FJ, email: c@example.org}\n"
            "summary: Wool and looms for forty weavers in the valley.\n"
            "beneficiaries: {msmes: 40}\n");
  for (const char* format : {"table", "json", "html"}) {
    const RunResult run =
        run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                       (dir.path() / "in").string(), "--format", format});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_THAT(run.out, HasSubstr("not read")) << format;
    EXPECT_THAT(run.out, HasSubstr("de: budget")) << format;
  }
  const RunResult table =
      run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                     (dir.path() / "in").string(), "--format", "table"});
  EXPECT_THAT(table.out, HasSubstr("not read: en-1 relevance: de: budget"));
}

}  // namespace
}  // namespace shortlist::testing
