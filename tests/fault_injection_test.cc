// Faults from outside: a process killed (SIGKILL) at any moment of its
// writes leaves the store consistent — every submission with its current
// version and its history, the audit chain intact — and running the same
// command again completes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "core/store/audit_log.h"
#include "core/store/database.h"
#include "test_support.h"

extern char** environ;

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// Starts shortlist with `args` and kills it after `delay`; whether it had
// finished by then is returned.
bool run_and_kill(const std::vector<std::string>& args, std::chrono::milliseconds delay) {
  std::vector<const char*> argv = {SHORTLIST_BINARY};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, SHORTLIST_BINARY, &actions, nullptr,
                                 const_cast<char* const*>(argv.data()), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) return false;
  std::this_thread::sleep_for(delay);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status);
}

Poco::Int64 count(store::Database& db, const std::string& sql) {
  Poco::Int64 n = 0;
  db.session() << sql, into(n), now;
  return n;
}

void expect_consistent(const std::string& uri, const std::string& when) {
  Expected<store::Database> db = store::Database::open(uri);
  ASSERT_TRUE(db) << when;
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM "
                  "submission_versions v WHERE v.submission_id = s.id AND v.version = "
                  "s.current_version)"),
            0)
      << when << ": a submission without its current version";
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM "
                  "status_history h WHERE h.submission_id = s.id)"),
            0)
      << when << ": a submission without a history";
  const store::AuditCheck audit = store::verify_audit(*db);
  EXPECT_TRUE(audit.ok()) << when << ": " << audit.problem;
}

TEST(FaultInjection, AnIngestKilledAtAnyMomentLeavesAConsistentStoreAndARerunCompletes) {
  const std::string submissions = (source_dir() / "submissions").string();
  int interrupted = 0;
  for (const int delay : {2, 5, 10, 20, 30, 45, 60, 90, 160, 330}) {
    TempDir dir;
    const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
    // The store exists first, so that the kill lands among the writes.
    ASSERT_EQ(run_shortlist({"user", "list", "--db", uri}).exit_code, 0);
    const bool finished =
        run_and_kill({"ingest", submissions, "--db", uri}, std::chrono::milliseconds(delay));
    interrupted += finished ? 0 : 1;
    const std::string when = "killed after " + std::to_string(delay) + " ms";
    expect_consistent(uri, when);
    RunResult again = run_shortlist({"ingest", submissions, "--db", uri});
    EXPECT_EQ(again.exit_code, 0) << when << ": " << again.err;
    expect_consistent(uri, when + ", then run again");
    Expected<store::Database> db = store::Database::open(uri);
    ASSERT_TRUE(db);
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM submissions"), 15) << when;
  }
  EXPECT_GT(interrupted, 0) << "no kill landed before the ingest ended: the test proved nothing";
}

TEST(FaultInjection, AnEvaluationKilledAtAnyMomentLeavesRunsWholeAndARerunCompletes) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  ASSERT_EQ(run_shortlist({"ingest", "submissions", "--db", uri}).exit_code, 0);
  int interrupted = 0;
  for (const int delay : {2, 5, 10, 15, 20, 25, 30, 40, 50, 60}) {
    const bool finished = run_and_kill(
        {"evaluate", "--criteria", (source_dir() / "criteria/digital-champions.yaml").string(),
         "--submissions", (source_dir() / "submissions").string(), "--db", uri, "--format", "csv"},
        std::chrono::milliseconds(delay));
    interrupted += finished ? 0 : 1;
    const std::string when = "evaluation killed after " + std::to_string(delay) + " ms";
    expect_consistent(uri, when);
    Expected<store::Database> db = store::Database::open(uri);
    ASSERT_TRUE(db);
    // A run is there with all its scores, or not at all.
    EXPECT_EQ(count(*db,
                    "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_scores s "
                    "WHERE s.run_id = r.id)"),
              0)
        << when << ": a run without its scores";
  }
  EXPECT_GT(interrupted, 0) << "no kill landed before the evaluation ended";
  RunResult again = run_shortlist({"evaluate", "--db", uri, "--format", "csv"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  expect_consistent(uri, "after a last evaluation");
}

}  // namespace
}  // namespace shortlist::testing
