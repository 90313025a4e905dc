// Faults from outside: a process killed (SIGKILL) at any moment of its
// writes, a disk that fills up, a database on a file system that turns
// read-only. Each leaves the store consistent — every submission with its
// current version and its history, every run with its scores, every review
// with its scores, the audit chain intact — with a clear error, and running
// the same command again completes.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "core/store/audit_log.h"
#include "core/store/database.h"
#include "test_support.h"

extern char** environ;

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

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
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM run_scores s "
                  "WHERE s.run_id = r.id)"),
            0)
      << when << ": a run without its scores";
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM reviews r WHERE r.abstained = 0 AND NOT EXISTS (SELECT 1 "
                  "FROM review_scores s WHERE s.submission_id = r.submission_id AND s.juror_id = "
                  "r.juror_id)"),
            0)
      << when << ": a review without its scores";
  const store::AuditCheck audit = store::verify_audit(*db);
  EXPECT_TRUE(audit.ok()) << when << ": " << audit.problem;
}

// A store with the bundled call ingested, evaluated, its jury imported and
// assigned; and a CSV of a review for every assignment.
struct JuryStore {
  std::string uri;
  std::filesystem::path reviews;
  Poco::Int64 assignments = 0;
};

JuryStore prepare_jury(const TempDir& dir) {
  JuryStore out;
  out.uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"ingest", "submissions"},
           {"evaluate", "--format", "csv"},
           {"jury", "import", "criteria/digital-champions-jurors.yaml"},
           {"jury", "assign"}}) {
    args.insert(args.end(), {"--db", out.uri});
    const RunResult run = run_shortlist(args);
    EXPECT_EQ(run.exit_code, 0) << args[0] << ": " << run.err;
  }
  Expected<store::Database> db = store::Database::open(out.uri);
  std::vector<std::string> proposals, jurors;
  db->session() << "SELECT submission_id, juror_id FROM assignments ORDER BY 1, 2", into(proposals),
      into(jurors), now;
  std::string csv =
      "proposal,juror,feasibility,feasibility_comment,impact,confidence,comment,abstain\n";
  for (std::size_t i = 0; i < proposals.size(); ++i)
    csv += proposals[i] + "," + jurors[i] + ",4,A realistic plan,4,1,,\n";
  out.reviews = dir.path() / "reviews.csv";
  std::ofstream(out.reviews) << csv;
  out.assignments = static_cast<Poco::Int64>(proposals.size());
  return out;
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

TEST(FaultInjection, AReviewImportKilledAtAnyMomentLeavesEveryReviewWholeAndARerunCompletes) {
  int interrupted = 0;
  for (const int delay : {2, 5, 10, 15, 20, 30, 45, 60}) {
    TempDir dir;
    const JuryStore jury = prepare_jury(dir);
    ASSERT_GT(jury.assignments, 10);
    const bool finished = run_and_kill({"jury", "reviews", jury.reviews.string(), "--db", jury.uri},
                                       std::chrono::milliseconds(delay));
    interrupted += finished ? 0 : 1;
    const std::string when = "review import killed after " + std::to_string(delay) + " ms";
    expect_consistent(jury.uri, when);
    RunResult again = run_shortlist({"jury", "reviews", jury.reviews.string(), "--db", jury.uri});
    EXPECT_EQ(again.exit_code, 0) << when << ": " << again.err;
    expect_consistent(jury.uri, when + ", then run again");
    Expected<store::Database> db = store::Database::open(jury.uri);
    ASSERT_TRUE(db);
    EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM reviews"), jury.assignments) << when;
  }
  EXPECT_GT(interrupted, 0) << "no kill landed before the review import ended";
}

// Runs `script` (bash) in a mount namespace of its own, where it may mount a
// small tmpfs: as root, or as an unprivileged user through a user namespace.
RunResult in_mount_namespace(const std::string& script,
                             const std::map<std::string, std::string>& env) {
  std::string exports;
  for (const auto& [name, value] : env) exports += "export " + name + "='" + value + "'\n";
  std::vector<std::string> args = {
      geteuid() == 0 ? "-m" : "-rm", "--propagation", "private", "bash", "-c", exports + script};
  return run_process("/usr/bin/unshare", args, source_dir());
}

// The prepared store copied onto a 4 MB tmpfs, which is then filled up, then
// remounted read-only; each command refused says why, and once there is
// room again the copy brought back is whole and takes the same commands.
TEST(StorageFaults, AFullDiskAndAReadOnlyDatabaseRefuseWritesClearlyAndLoseNothing) {
  TempDir dir;
  const JuryStore jury = prepare_jury(dir);
  Poco::Int64 submissions = 0, runs = 0, audit = 0;
  {
    Expected<store::Database> before = store::Database::open(jury.uri);
    ASSERT_TRUE(before);
    submissions = count(*before, "SELECT COUNT(*) FROM submissions");
    runs = count(*before, "SELECT COUNT(*) FROM runs");
    audit = count(*before, "SELECT COUNT(*) FROM audit_log");
  }
  const std::filesystem::path corpus = dir.path() / "corpus";
  ASSERT_EQ(
      run_process(SHORTLIST_CORPUS_BINARY,
                  {"--count", "300", "--seed", "9", "--malformed", "0", "--out", corpus.string()},
                  dir.path())
          .exit_code,
      0);
  const RunResult run = in_mount_namespace(R"(
set -u
mnt="$WORK/mnt"; mkdir -p "$mnt" "$WORK/after"
mount -t tmpfs -o size=4m tmpfs "$mnt" || { echo "cannot mount a tmpfs"; exit 90; }
cp "$WORK/shortlist.db" "$mnt/"
db="sqlite:$mnt/shortlist.db"
head -c 400000 /dev/zero > "$mnt/reserve"
cat /dev/zero > "$mnt/filler" 2> /dev/null
step() { echo "== $1"; shift; "$@" > /dev/null 2> "$WORK/err.txt"; echo "exit $?"; cat "$WORK/err.txt"; }
step "ingest, no space at all" "$SHORTLIST" ingest "$CORPUS" --db "$db"
rm "$mnt/reserve"
step "ingest, disk full" "$SHORTLIST" ingest "$CORPUS" --db "$db"
step "evaluate, disk full" "$SHORTLIST" evaluate --db "$db" --format csv
step "reviews, disk full" "$SHORTLIST" jury reviews "$REVIEWS" --db "$db"
rm "$mnt/filler"
mount -o remount,ro "$mnt"
step "ingest, read-only" "$SHORTLIST" ingest "$CORPUS" --db "$db"
step "reviews, read-only" "$SHORTLIST" jury reviews "$REVIEWS" --db "$db"
mount -o remount,rw "$mnt"
cp "$mnt"/shortlist.db* "$WORK/after/"
)",
                                           {{"WORK", dir.path().string()},
                                            {"SHORTLIST", SHORTLIST_BINARY},
                                            {"CORPUS", corpus.string()},
                                            {"REVIEWS", jury.reviews.string()}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // What each step printed: "exit N" and its errors.
  auto step = [&](const std::string& name) {
    const std::size_t from = run.out.find("== " + name + "\n");
    if (from == std::string::npos) return std::string();
    const std::size_t body = from + name.size() + 4;
    return run.out.substr(body, run.out.find("\n== ", body) - body);
  };
  // Refused writes fail with status 1 and say why; a step the space left
  // allowed may succeed.
  EXPECT_THAT(
      step("ingest, no space at all"),
      AllOf(StartsWith("exit 1\n"), HasSubstr("no space is left on the disk that holds it")))
      << run.out;
  EXPECT_THAT(step("ingest, disk full"),
              AllOf(StartsWith("exit 1\n"), HasSubstr("database or disk is full")))
      << run.out;
  for (const std::string name : {"evaluate, disk full", "reviews, disk full"}) {
    const std::string out = step(name);
    EXPECT_TRUE(out.rfind("exit 0\n", 0) == 0 ||
                (out.rfind("exit 1\n", 0) == 0 && (out.find("full") != std::string::npos ||
                                                   out.find("no space") != std::string::npos)))
        << name << ":\n"
        << out;
  }
  for (const std::string name : {"ingest, read-only", "reviews, read-only"}) {
    EXPECT_THAT(step(name), AllOf(StartsWith("exit 1\n"), HasSubstr("readonly database")))
        << run.out;
  }

  const std::string after = "sqlite:" + (dir.path() / "after" / "shortlist.db").string();
  expect_consistent(after, "after a full disk and a read-only file system");
  Expected<store::Database> db = store::Database::open(after);
  ASSERT_TRUE(db);
  EXPECT_GE(count(*db, "SELECT COUNT(*) FROM submissions"), submissions);
  EXPECT_GE(count(*db, "SELECT COUNT(*) FROM runs"), runs);
  EXPECT_GE(count(*db, "SELECT COUNT(*) FROM audit_log"), audit);
  // With room again, the same commands complete.
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"ingest", corpus.string()},
                                             {"evaluate", "--format", "csv"},
                                             {"jury", "reviews", jury.reviews.string()}}) {
    args.insert(args.end(), {"--db", after});
    const RunResult again = run_shortlist(args);
    EXPECT_EQ(again.exit_code, 0) << args[0] << ": " << again.err;
  }
  expect_consistent(after, "after the commands were run again");
}

}  // namespace
}  // namespace shortlist::testing
