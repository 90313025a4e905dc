// ingest_batch in process, on real files: in memory, and into a real SQLite
// file.
#include "core/app/ingest_batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/migrations.h"
#include "test_support.h"

namespace shortlist::app {
namespace {

using shortlist::testing::TempDir;
using ::testing::HasSubstr;

class CountingObserver : public Observer {
 public:
  void reading(std::size_t done, std::size_t total) override {
    last_done = done;
    last_total = total;
    ++calls;
  }
  std::size_t last_done = 0, last_total = 0, calls = 0;
};

// Two valid proposals, one with a misspelt field, and one of a type no
// reader takes.
class IngestBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("in/one.yaml", "id: one\ntitle: First\nbudget: {total: 10}\n");
    dir_.write("in/two.json", R"({"id": "two", "title": "Second", "budget": {"total": 20}})");
    dir_.write("in/typo.yaml", "id: typo\ntitle: T\nsumary: oops\n");
    dir_.write("in/notes.xyz", "not a submission\n");
  }

  store::Database open_store() {
    Expected<store::Database> db =
        store::Database::open("sqlite:" + (dir_.path() / "shortlist.db").string());
    EXPECT_TRUE(db) << db.problems()[0];
    EXPECT_TRUE(store::migrate(*db));
    return std::move(db).value();
  }

  const ingest::Exclusion* excluded(const IngestedBatch& read, const std::string& file) {
    for (const ingest::Exclusion& e : read.batch.excluded) {
      if (e.source.find(file) != std::string::npos) return &e;
    }
    return nullptr;
  }

  TempDir dir_;
};

TEST_F(IngestBatchTest, ReadsInMemoryWithTheQuarantineListAndTellsItsProgress) {
  CountingObserver observer;
  const IngestedBatch read = ingest_batch({{dir_.path() / "in"}}, nullptr, observer);
  EXPECT_FALSE(read.stored);
  ASSERT_EQ(read.batch.proposals.size(), 2u);
  ASSERT_EQ(read.batch.excluded.size(), 2u);
  const ingest::Exclusion* typo = excluded(read, "typo.yaml");
  ASSERT_NE(typo, nullptr);
  EXPECT_THAT(typo->reason, HasSubstr("sumary"));
  const ingest::Exclusion* notes = excluded(read, "notes.xyz");
  ASSERT_NE(notes, nullptr);
  EXPECT_TRUE(notes->content_hash.empty()) << "a file no reader takes has nothing to keep";
  EXPECT_EQ(observer.calls, 4u);
  EXPECT_EQ(observer.last_done, 4u);
  EXPECT_EQ(observer.last_total, 4u);
  EXPECT_EQ(read.added(), 0u) << "nothing is added without a store";
}

TEST_F(IngestBatchTest, StoresTheProposalsAndTheInvalidFileButNotTheUnreadableOne) {
  store::Database db = open_store();
  const IngestedBatch read = ingest_batch({{dir_.path() / "in"}, {}, "dc-2026", "tester"}, &db);
  ASSERT_TRUE(read.stored);
  EXPECT_EQ(read.stored->failed, 0u) << read.stored->first_failure;
  EXPECT_EQ(read.added(), 2u);
  ASSERT_EQ(read.stored->excluded.size(), 2u);
  for (std::size_t i = 0; i < read.batch.excluded.size(); ++i) {
    const bool invalid = read.batch.excluded[i].source.find("typo.yaml") != std::string::npos;
    EXPECT_EQ(read.stored->excluded[i].has_value(), invalid) << read.batch.excluded[i].source;
  }
  EXPECT_EQ(testing::count(db, "SELECT COUNT(*) FROM submissions WHERE call_id = 'dc-2026'"), 3);
  EXPECT_EQ(testing::count(db,
                           "SELECT COUNT(*) FROM submissions WHERE call_id = 'dc-2026' AND "
                           "status = 'invalid'"),
            1);
  EXPECT_EQ(testing::count(db, "SELECT COUNT(*) FROM audit_log WHERE actor = 'tester'"),
            testing::count(db, "SELECT COUNT(*) FROM audit_log"));

  // The same files again add nothing.
  const IngestedBatch again = ingest_batch({{dir_.path() / "in"}, {}, "dc-2026", "tester"}, &db);
  EXPECT_EQ(again.added(), 0u);
  EXPECT_EQ(testing::count(db, "SELECT COUNT(*) FROM submissions"), 3);
}

}  // namespace
}  // namespace shortlist::app
