// record_run and evaluate_stored_call in process, into a real SQLite file:
// what a recorded run holds, and that a run ranking nothing is not recorded.
#include "core/app/record_run.h"

#include <Poco/JSON/Object.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/app/ingest_batch.h"
#include "core/store/audit_log.h"
#include "core/store/migrations.h"
#include "test_support.h"

namespace shortlist::app {
namespace {

using shortlist::testing::TempDir;
using ::testing::HasSubstr;

// A call on budget.total and the `throws` test plugin, which fails on
// bad-one, with a gate on the budget; bad-one, good-one, good-two and
// too-big under in/, and an invalid file.
class RecordRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "plugins");
    std::filesystem::copy_file(testing::test_plugin_dir() / "throws.so",
                               dir_.path() / "plugins" / "throws.so");
    const auto criteria =
        dir_.write("call.yaml",
                   "call: Test\n"
                   "criteria:\n"
                   "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n"
                   "  - {id: flaky, weight: 1, plugin: throws}\n"
                   "gates:\n  - {id: cap, field: budget.total, max: 100}\n");
    dir_.write("in/bad-one.yaml", "title: First\nbudget: {total: 10}\n");
    dir_.write("in/good-one.yaml", "title: Second\nbudget: {total: 20}\n");
    dir_.write("in/good-two.yaml", "title: Third\nbudget: {total: 30}\n");
    dir_.write("in/too-big.yaml", "title: Fourth\nbudget: {total: 500}\n");
    dir_.write("in/typo.yaml", "id: typo\ntitle: T\nsumary: oops\n");
    Expected<CallConfig> config = load_call_config(criteria);
    ASSERT_TRUE(config) << config.problems()[0];
    config_ = std::move(config).value();
    load_plugins(registry_, {testing::plugin_dir(), {dir_.path() / "plugins"}}, &config_);
    Expected<store::Database> db =
        store::Database::open("sqlite:" + (dir_.path() / "shortlist.db").string());
    ASSERT_TRUE(db) << db.problems()[0];
    ASSERT_TRUE(store::migrate(*db));
    db_.emplace(std::move(db).value());
  }

  PreparedCall prepared() {
    Expected<PreparedCall> prepared = prepare_call(config_, registry_);
    EXPECT_TRUE(prepared) << prepared.problems()[0];
    return std::move(prepared).value();
  }

  TempDir dir_;
  CallConfig config_;
  PluginRegistry registry_;
  std::optional<store::Database> db_;
};

TEST_F(RecordRunTest, RecordsWhatTheStoreHoldsWithItsAuditEntryAndEligibility) {
  const IngestedBatch read = ingest_batch({{dir_.path() / "in"}, {}, "dc", "cli"}, &*db_);
  ASSERT_EQ(read.stored->failed, 0u) << read.stored->first_failure;
  PreparedCall call = prepared();

  Expected<StoredCallOutcome> done =
      evaluate_stored_call(*db_, "dc", call, {}, {"organiser", "fr"});
  ASSERT_TRUE(done) << done.problems()[0];
  EXPECT_EQ(done->stored, 5u);
  EXPECT_EQ(done->outcome.lost_to_plugin_failures, 1u);
  ASSERT_TRUE(done->run);
  EXPECT_EQ(done->run->eligible, 2u);
  EXPECT_EQ(done->run->ineligible, 1u) << "too-big fails the gate; bad-one was lost, not judged";

  Expected<store::StoredRun> run = store::load_run(*db_, done->run->id);
  ASSERT_TRUE(run) << run.problems()[0];
  EXPECT_EQ(run->call, "dc");
  EXPECT_EQ(run->actor, "organiser");
  EXPECT_EQ(run->method, "weighted_sum");
  EXPECT_EQ(run->inputs_sha256, store::inputs_hash(done->outcome.evaluation));
  ASSERT_EQ(run->entries.size(), 2u);
  EXPECT_EQ(run->entries[0].proposal, "good-two");
  EXPECT_EQ(run->entries[1].proposal, "good-one");
  ASSERT_EQ(run->entries[0].scores.size(), 2u);
  EXPECT_EQ(run->entries[0].scores[1].plugin, "throws");
  Poco::JSON::Object::Ptr report = testing::parse_json_object(run->report);
  EXPECT_EQ(report->getArray("ranking")->size(), 2u);
  EXPECT_EQ(report->getValue<int>("lost_to_plugin_failures"), 1);

  EXPECT_EQ(testing::count(*db_,
                           "SELECT COUNT(*) FROM audit_log WHERE action = 'run.recorded' "
                           "AND actor = 'organiser' AND subject = 'run " +
                               std::to_string(done->run->id) + "'"),
            1);
  EXPECT_TRUE(store::verify_audit(*db_).ok());
  EXPECT_EQ(testing::count(*db_, "SELECT COUNT(*) FROM submissions WHERE status = 'eligible'"), 2);
  EXPECT_EQ(testing::count(*db_, "SELECT COUNT(*) FROM submissions WHERE status = 'ineligible'"),
            1);
}

TEST_F(RecordRunTest, RecordsNoRunWhenNothingCouldBeRanked) {
  dir_.write("only/bad-two.yaml", "title: Lost\nbudget: {total: 10}\n");
  ASSERT_EQ(ingest_batch({{dir_.path() / "only"}, {}, "dc", "cli"}, &*db_).stored->failed, 0u);
  PreparedCall call = prepared();
  Expected<StoredCallOutcome> done = evaluate_stored_call(*db_, "dc", call, {}, {"cli"});
  ASSERT_TRUE(done) << done.problems()[0];
  EXPECT_EQ(done->stored, 1u);
  EXPECT_TRUE(done->outcome.evaluation.ranking.empty());
  EXPECT_FALSE(done->run);
  EXPECT_EQ(testing::count(*db_, "SELECT COUNT(*) FROM runs"), 0);
}

TEST_F(RecordRunTest, FindsNothingStoredInAnEmptyCall) {
  PreparedCall call = prepared();
  Expected<StoredCallOutcome> done = evaluate_stored_call(*db_, "empty", call, {}, {"cli"});
  ASSERT_TRUE(done) << done.problems()[0];
  EXPECT_EQ(done->stored, 0u);
  EXPECT_FALSE(done->run);
  EXPECT_EQ(testing::count(*db_, "SELECT COUNT(*) FROM runs"), 0);
}

TEST_F(RecordRunTest, RecordsAnEvaluationOfFilesReadInMemory) {
  PreparedCall call = prepared();
  Expected<CallOutcome> done =
      evaluate_call(call, ingest_batch({{dir_.path() / "in"}}, nullptr).batch);
  ASSERT_TRUE(done) << done.problems()[0];
  Expected<store::RecordedRun> run = record_run(*db_, "dc", call, done->evaluation, {"cli", "en"});
  ASSERT_TRUE(run) << run.problems()[0];
  EXPECT_EQ(run->eligible + run->ineligible, 0u) << "nothing of it is stored to mark";
  EXPECT_EQ(testing::count(
                *db_, "SELECT COUNT(*) FROM run_entries WHERE run_id = " + std::to_string(run->id)),
            2);
}

}  // namespace
}  // namespace shortlist::app
