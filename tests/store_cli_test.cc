// The store through the real binary: crash safety and tamper detection.
#include <Poco/Data/Session.h>
#include <Poco/Process.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include "core/store/database.h"
#include "core/store/migrations.h"
#include "core/store/submission_store.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using ::testing::HasSubstr;

void write_batch(const TempDir& dir, int count) {
  for (int i = 0; i < count; ++i) {
    dir.write("in/p" + std::to_string(i) + ".yaml",
              "title: Proposal " + std::to_string(i) +
                  "\nsummary: Training small exporters to file trade documents online, cohort " +
                  std::to_string(i) +
                  ".\nsections:\n  context: Small firms still queue for paper "
                  "certificates at the chamber.\n");
  }
}

Poco::Int64 count(store::Database& db, const std::string& sql) {
  Poco::Int64 n = 0;
  db.session() << sql, into(n), now;
  return n;
}

TEST(StoreCli, AnIngestKilledMidwayLosesNothingAndTheRerunCompletesIt) {
  TempDir dir;
  constexpr int kProposals = 1000;
  write_batch(dir, kProposals);
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  const std::vector<std::string> args = {
      "ingest", (dir.path() / "in").string(), "--db", uri, "--threads", "1"};

  Poco::ProcessHandle ingest = Poco::Process::launch(SHORTLIST_BINARY, args, source_dir().string(),
                                                     nullptr, nullptr, nullptr);
  // Kill it once some, but not all, proposals are stored.
  Expected<store::Database> watch = store::Database::open(uri);
  Poco::Int64 stored = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (watch) stored = count(*watch, "SELECT COUNT(*) FROM submissions");
    } catch (const Poco::Exception&) {
      // The schema may not exist yet.
    }
    if (stored >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(ingest.id(), SIGKILL);
  ingest.wait();
  ASSERT_GE(stored, 20);
  const Poco::Int64 before = count(*watch, "SELECT COUNT(*) FROM submissions");
  ASSERT_LT(before, kProposals) << "the batch finished before it could be killed";

  RunResult rerun = run_shortlist(args);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_THAT(rerun.out, HasSubstr("already stored as"));

  std::string integrity;
  watch->session() << "PRAGMA integrity_check", into(integrity), now;
  EXPECT_EQ(integrity, "ok");
  EXPECT_EQ(count(*watch, "SELECT COUNT(*) FROM submissions"), kProposals);
  EXPECT_EQ(count(*watch, "SELECT COUNT(DISTINCT tracking_code) FROM submissions"), kProposals);
  EXPECT_EQ(count(*watch, "SELECT COUNT(*) FROM submission_versions"), kProposals);
  EXPECT_EQ(count(*watch, "SELECT COUNT(*) FROM status_history"), 2 * kProposals);
  EXPECT_EQ(count(*watch, "SELECT COUNT(*) FROM audit_log"), kProposals);
  RunResult audit = run_shortlist({"audit", "verify", "--db", uri});
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
  EXPECT_THAT(audit.out,
              HasSubstr("audit log: " + std::to_string(kProposals) + " entries, chain intact"));
}

TEST(StoreCli, AuditVerifyNamesTheFirstTamperedEntryAndFails) {
  TempDir dir;
  write_batch(dir, 4);
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  ASSERT_EQ(run_shortlist({"ingest", (dir.path() / "in").string(), "--db", uri}).exit_code, 0);
  Expected<store::Database> db = store::Database::open(uri);
  db->session() << "UPDATE audit_log SET details = '{\"version\":9}' WHERE seq = 2", now;
  RunResult audit = run_shortlist({"audit", "verify", "--db", uri});
  EXPECT_EQ(audit.exit_code, 1);
  EXPECT_EQ(audit.out,
            "audit log: entry 2 does not hold: its content does not match its hash (edited)\n");
}

TEST(StoreCli, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  {
    Expected<store::Database> db = store::Database::open(uri);
    ASSERT_TRUE(store::migrate(*db));
    db->session() << "INSERT INTO schema_version (version) VALUES (1000)", now;
  }
  RunResult run = run_shortlist({"audit", "verify", "--db", uri});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("the database has schema version 1000, newer than the"));
}

}  // namespace
}  // namespace shortlist::testing
