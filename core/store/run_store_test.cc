// Frozen runs keep what every view of them shows: here, a score the plugin
// could not give in the proposal's language, with the bundled relevance
// plugin evaluating in-process and the run stored and read back.
#include "core/store/run_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/store_test_fixture.h"

namespace shortlist::store {
namespace {

using ::testing::HasSubstr;

class RunStoreTest : public StoreTest {};

Proposal written(const std::string& id, const std::string& language, const std::string& title,
                 const std::string& summary, double msmes) {
  Proposal p;
  p.id = id;
  p.title = title;
  p.language = language;
  p.summary = summary;
  p.fields["beneficiaries.msmes"] = msmes;
  p.content_hash = "hash-of-" + id;
  p.source = "submissions/" + id + ".yaml";
  return p;
}

TEST_P(RunStoreTest, KeepsThatAScoreCouldNotBeMeasuredInTheProposalsLanguage) {
  Database db = open();
  Expected<CallConfig> config = parse_call_config(
      "call: Digital Champions\n"
      "method: weighted_sum\n"
      "criteria:\n"
      "  - {id: relevance, weight: 1, plugin: relevance, missing: worst}\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n",
      "call.yaml");
  ASSERT_TRUE(config) << config.problems()[0].message;
  PluginRegistry registry;
  registry.load_folder(testing::plugin_dir(), PluginOrigin::Bundled);
  Expected<Scorers> scorers = configure_scorers(*config, registry);
  ASSERT_TRUE(scorers) << scorers.problems()[0].message;
  ingest::Submissions batch;
  batch.proposals = {
      written("de-1", "de", "Elektronische Zahlungen für Marktfrauen",
              "Wir helfen Marktfrauen, elektronische Zahlungen und mobiles Geld anzunehmen.", 40),
      written("en-1", "en", "Electronic payments for market vendors",
              "We help market vendors accept electronic payments and mobile money.", 30)};
  Expected<Evaluation> evaluation = evaluate(*config, *scorers, std::move(batch));
  ASSERT_TRUE(evaluation) << evaluation.problems()[0].message;
  Expected<RecordedRun> recorded =
      record_run(db, "main", *config, *evaluation, *scorers, "{}", "t");
  ASSERT_TRUE(recorded) << recorded.problems()[0].message;

  Expected<StoredRun> run = load_run(db, recorded->id);
  ASSERT_TRUE(run) << run.problems()[0].message;
  ASSERT_EQ(run->entries.size(), 2u);
  for (const StoredEntry& entry : run->entries) {
    SCOPED_TRACE(entry.proposal);
    ASSERT_EQ(entry.scores.size(), 2u);
    EXPECT_EQ(entry.scores[1].imputed, "") << "reach was measured";
    if (entry.proposal == "en-1") {
      EXPECT_EQ(entry.scores[0].imputed, "");
      continue;
    }
    EXPECT_THAT(entry.scores[0].imputed, HasSubstr("not measurable in de"));
    EXPECT_THAT(entry.scores[0].imputed, HasSubstr("scored as the worst value observed"));
    EXPECT_THAT(explanation_shown(entry.scores[0]), HasSubstr("(no value (not measurable in de"));
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, RunStoreTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL), dialect_name);

}  // namespace
}  // namespace shortlist::store
