// The store through the real binary: crash safety and tamper detection.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/Process.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <future>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "core/ingest/tracking_code.h"
#include "core/store/audit_log.h"
#include "core/store/database.h"
#include "core/store/feedback.h"
#include "core/store/jury_store.h"
#include "core/store/migrations.h"
#include "core/store/submission_store.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

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
  EXPECT_EQ(count(*watch, "SELECT COUNT(*) FROM audit_log"), 3 * kProposals);
  RunResult audit = run_shortlist({"audit", "verify", "--db", uri});
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
  EXPECT_THAT(audit.out,
              HasSubstr("audit log: " + std::to_string(3 * kProposals) + " entries, chain intact"));
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

namespace shortlist::testing {
namespace {

TEST(StatusCli, ShowsTheApplicantTheirStatusInTheirLanguage) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  RunResult ingest = run_shortlist({"ingest", "submissions/sn-femmes-ecommerce.yaml", "--db", uri});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const std::string code = code_in(ingest.out, "sn-afesor-ecommerce");
  ASSERT_EQ(code.size(), 14u) << ingest.out;

  RunResult french = run_shortlist({"status", code, "--db", uri});  // the proposal's language
  ASSERT_EQ(french.exit_code, 0) << french.err;
  EXPECT_THAT(french.out, ::testing::StartsWith("Statut de votre proposition « Vendre en ligne"));
  EXPECT_THAT(french.out, HasSubstr("Code de suivi : " + code + "\nStatut actuel : complète\n"));
  EXPECT_THAT(french.out, HasSubstr("Vous avez envoyé une version."));
  EXPECT_THAT(french.out, ::testing::ContainsRegex(
                              "Historique\n  [0-9]+ [a-zé]+ 20[0-9]{2} à [0-9:]+ UTC : reçue\n"));

  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  RunResult english = run_shortlist({"status", typed, "--db", uri, "--lang", "en"});
  EXPECT_THAT(english.out, HasSubstr("Current status: complete\nWhat happens next: your proposal "
                                     "will be checked against the eligibility rules."));
  RunResult spanish = run_shortlist({"status", code, "--db", uri, "--lang", "es"});
  EXPECT_THAT(spanish.out, HasSubstr("Estado actual: completa"));
  // A language without a catalogue gets the English text.
  RunResult swahili = run_shortlist({"status", code, "--db", uri, "--lang", "sw"});
  EXPECT_THAT(swahili.out, HasSubstr("Current status: complete"));
}

TEST(StatusCli, StoresAnInvalidSubmissionSoItsApplicantLearnsWhyAndCanCorrectIt) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  dir.write("v1/lima.yaml",
            "id: pe-lima\ntitle: Tienda en línea\nlanguage: es\napplicant: {name: Red Lima, "
            "country: PE}\nbudget: {total: cuarenta mil}\nsummary: Capacitación en comercio "
            "electrónico.\n");
  dir.write("v1/broken.yaml", "title: [unclosed\n");
  RunResult first = run_shortlist({"ingest", (dir.path() / "v1").string(), "--db", uri});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("lima.yaml (stored as invalid)\n             id pe-lima, "
                                   "tracking code "));
  const std::string code = code_in(first.out, "pe-lima");
  ASSERT_EQ(code.size(), 14u) << first.out;
  // A file that does not even parse names no one to store it for.
  EXPECT_THAT(first.out, ContainsRegex("broken.yaml\n             [0-9]+:[0-9]+: invalid YAML"));
  RunResult status = run_shortlist({"status", code, "--db", uri, "--lang", "es"});
  EXPECT_THAT(status.out, HasSubstr("Estado actual: incompleta o ilegible\n"));
  EXPECT_THAT(status.out, HasSubstr("budget.total must be a number, got 'cuarenta mil'"));

  RunResult again = run_shortlist({"ingest", (dir.path() / "v1").string(), "--db", uri});
  EXPECT_THAT(again.out, HasSubstr("(already stored as invalid)"));

  dir.write("v2/lima.yaml",
            "id: pe-lima\ntitle: Tienda en línea\nlanguage: es\napplicant: {name: Red Lima, "
            "country: PE}\nbudget: {total: 40000}\nsummary: Capacitación en comercio "
            "electrónico.\n");
  RunResult corrected = run_shortlist({"ingest", (dir.path() / "v2").string(), "--db", uri});
  EXPECT_THAT(corrected.out, HasSubstr("(stored as version 2)"));
  EXPECT_EQ(code_in(corrected.out, "pe-lima"), code);
  EXPECT_THAT(run_shortlist({"status", code, "--db", uri}).out,
              HasSubstr("Estado actual: completa\n"));  // in the proposal's language
}

TEST(StatusCli, CountsVersionsAndAnswersUnknownOrMalformedCodes) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  dir.write("v1/p.yaml", "id: p\ntitle: First draft\nlanguage: en\n");
  dir.write("v2/p.yaml", "id: p\ntitle: Revised draft\nlanguage: en\n");
  const std::string code =
      code_in(run_shortlist({"ingest", (dir.path() / "v1").string(), "--db", uri}).out, "p");
  RunResult second = run_shortlist({"ingest", (dir.path() / "v2").string(), "--db", uri});
  EXPECT_THAT(second.out, HasSubstr("(stored as version 2)"));
  EXPECT_EQ(code_in(second.out, "p"), code) << "a new version keeps its tracking code";
  RunResult status = run_shortlist({"status", code, "--db", uri, "--lang", "en"});
  EXPECT_THAT(status.out, ::testing::StartsWith("Status of your proposal “Revised draft”"));
  EXPECT_THAT(status.out, HasSubstr("You sent 2 versions; the latest is the one considered."));

  RunResult unknown =
      run_shortlist({"status", ingest::new_tracking_code(), "--db", uri, "--lang", "en"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.out,
            "No proposal has this tracking code. Check the code, or write to the organisers.\n");
  RunResult malformed = run_shortlist({"status", "K7QM-3XJD", "--db", uri, "--lang", "es"});
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_THAT(malformed.out, ::testing::StartsWith("«K7QM-3XJD» no es un código de seguimiento"));
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

// Four ingests at once into one database: two with batches of their own,
// two sending the same batch (a double click). Nothing is lost, nothing is
// stored twice, no writer fails on a lock.
void ingest_concurrently(const std::string& uri) {
  TempDir dir;
  for (int batch = 0; batch < 3; ++batch) {
    for (int i = 0; i < 40; ++i) {
      dir.write("b" + std::to_string(batch) + "/p" + std::to_string(batch) + "-" +
                    std::to_string(i) + ".yaml",
                "title: Batch " + std::to_string(batch) + " proposal " + std::to_string(i) +
                    "\nsummary: Digital trade training for small firms, group " +
                    std::to_string(batch * 100 + i) + ".\n");
    }
  }
  const std::vector<std::string> batches = {"b0", "b1", "b2", "b2"};
  std::vector<std::future<RunResult>> runs;
  for (const std::string& batch : batches) {
    runs.push_back(std::async(std::launch::async, [&, batch] {
      return run_shortlist(
          {"ingest", (dir.path() / batch).string(), "--db", uri, "--threads", "1"});
    }));
  }
  for (auto& run : runs) {
    RunResult result = run.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err.find("locked"), std::string::npos) << result.err;
  }
  Expected<store::Database> db = store::Database::open(uri);
  ASSERT_TRUE(db);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM submissions"), 120);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM submission_versions"), 120);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log"), 3 * 120);
  EXPECT_TRUE(store::verify_audit(*db).ok());
}

TEST(StoreConcurrency, SeveralIngestsAtOnceIntoOneSqliteFile) {
  TempDir dir;
  ingest_concurrently("sqlite:" + (dir.path() / "shortlist.db").string());
}

TEST(StoreConcurrency, SeveralIngestsAtOnceIntoOnePostgresDatabase) {
  PostgresSchema postgres("concurrency");
  SHORTLIST_NEEDS_POSTGRES(postgres);
  ingest_concurrently(postgres.uri());
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

class RunsCli : public CliStoreTest {};

TEST_P(RunsCli, RecordsRunsReproducesThemAndSaysWhatMoved) {
  const auto heavier =
      dir_.write("heavier.yaml",
                 "call: Test\nshortlist: {size: 3}\ncriteria:\n"
                 "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n"
                 "  - {id: record, weight: 3, plugin: field, params: {path: "
                 "fields.msmes_supported_before}}\n");
  const auto lighter =
      dir_.write("lighter.yaml",
                 "call: Test\nshortlist: {size: 3}\ncriteria:\n"
                 "  - {id: reach, weight: 3, plugin: field, params: {path: beneficiaries.msmes}}\n"
                 "  - {id: record, weight: 1, plugin: field, params: {path: "
                 "fields.msmes_supported_before}}\n");
  ASSERT_EQ(run_shortlist({"ingest", "submissions", "--db", uri_}).exit_code, 0);
  RunResult first =
      run_shortlist({"evaluate", "--criteria", heavier.string(), "--db", uri_, "--top", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("recorded as run 1\n"));
  RunResult second =
      run_shortlist({"evaluate", "--criteria", lighter.string(), "--db", uri_, "--top", "1"});
  EXPECT_THAT(second.err, HasSubstr("recorded as run 2\n"));

  RunResult list = run_shortlist({"runs", "list", "--db", uri_});
  EXPECT_THAT(list.out,
              ::testing::ContainsRegex("run 1  call main  [0-9T:.-]+Z  weighted_sum  14 ranked"));
  RunResult show = run_shortlist({"runs", "show", "1", "--db", uri_});
  ASSERT_EQ(show.exit_code, 0) << show.out << show.err;
  EXPECT_THAT(show.out, HasSubstr("plugin field 1.0.0 (SHA-256 "));
  EXPECT_THAT(show.out, HasSubstr("Recomputed from the snapshot alone: all 14 scores match.\n"));

  RunResult diff = run_shortlist({"runs", "diff", "1", "2", "--db", uri_});
  EXPECT_EQ(diff.exit_code, 0);
  EXPECT_THAT(diff.out, HasSubstr("    criterion reach weight 1 -> 3 (its share of the total 25% "
                                  "-> 75%)\n    criterion record weight 3 -> 1 (its share of the "
                                  "total 75% -> 25%)\n"));

  // A stored value changed behind Shortlist's back no longer reproduces.
  // (Scaling a whole criterion would not show: min-max scores ignore scale.)
  Expected<store::Database> db = store::Database::open(uri_);
  db->session() << "UPDATE run_scores SET raw = 0 WHERE run_id = 1 AND criterion_id = 'reach' "
                   "AND proposal_id = 'ng-lagos-payments'",
      now;
  RunResult tampered = run_shortlist({"runs", "show", "1", "--db", uri_});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_THAT(tampered.out,
              ::testing::ContainsRegex("Recomputed from the snapshot: [0-9]+ of 14 scores differ"));
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log WHERE action = 'run.recorded'"), 2);
  // Every score names its plugin, whose version and SHA-256 the run keeps.
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM run_scores s JOIN run_plugins p ON p.run_id = "
                  "s.run_id AND p.name = s.plugin WHERE s.run_id = 1 AND p.version = '1.0.0' "
                  "AND p.sha256 <> ''"),
            28);

  RunResult missing = run_shortlist({"runs", "show", "9", "--db", uri_});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("there is no run 9"));
}

// One raw weight moved: the diff shows that weight, not every share it
// moved; then a summary and the shortlist's entries and exits, each with
// the criterion that moved it that way; the rest only with --all.
TEST_P(RunsCli, DiffShowsTheWeightWrittenThenWhoEnteredAndLeftTheShortlistAndWhy) {
  const auto criteria = [&](const std::string& name, int msmes_weight) {
    return dir_.write(name,
                      "call: Test\nshortlist: {size: 3}\ncriteria:\n"
                      "  - {id: msmes, weight: " +
                          std::to_string(msmes_weight) +
                          ", plugin: field, params: {path: beneficiaries.msmes}}\n"
                          "  - {id: record, weight: 1, plugin: field, params: {path: "
                          "fields.msmes_supported_before}}\n"
                          "  - {id: budget, weight: 1, direction: min, plugin: field, "
                          "params: {path: budget.requested}}\n");
  };
  const auto before = criteria("before.yaml", 1);
  const auto after = criteria("after.yaml", 6);
  ASSERT_EQ(run_shortlist({"ingest", "submissions", "--db", uri_, "--call", "dc"}).exit_code, 0);
  ASSERT_EQ(run_shortlist({"evaluate", "--criteria", before.string(), "--db", uri_, "--call", "dc"})
                .exit_code,
            0);
  ASSERT_EQ(run_shortlist({"evaluate", "--criteria", after.string(), "--db", uri_, "--call", "dc"})
                .exit_code,
            0);

  RunResult diff = run_shortlist({"runs", "diff", "1", "2", "--db", uri_});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  const std::string& text = diff.out;
  EXPECT_THAT(text, ::testing::StartsWith("Run 1 -> run 2 of call dc\n"));
  // The weight as written; the two others kept theirs and are not listed.
  EXPECT_THAT(text, HasSubstr("    criterion msmes weight 1 -> 6 (its share of the total 33% "
                              "-> 75%)\n\n"));
  EXPECT_THAT(text, Not(HasSubstr("criterion record")));
  EXPECT_THAT(text, Not(HasSubstr("criterion budget")));
  // The summary comes before any proposal.
  EXPECT_THAT(text, ::testing::ContainsRegex("\n[0-9]+ proposals ranked in both: [0-9]+ changed "
                                             "rank, [0-9]+ changed score\nThe shortlist \\(3\\): "
                                             "[1-3] entered, [1-3] left\n"));
  // Each entry was lifted, each exit pulled down, by the criterion named,
  // or it says that its score moved the other way and others moved further.
  std::size_t entered = 0, left = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  entered  ", 0) == 0) {
      ++entered;
      EXPECT_THAT(line, ::testing::ContainsRegex(
                            "; (lifted most by [a-z]+ \\(its contribution \\+[0-9.]+\\)|its "
                            "score fell.*but others fell further)$"));
    }
    if (line.rfind("  left     ", 0) == 0) {
      ++left;
      EXPECT_THAT(line, ::testing::ContainsRegex(
                            "; (pulled down most by [a-z]+ \\(its contribution -[0-9.]+\\)|its "
                            "score rose.*but others rose past it)$"));
      EXPECT_THAT(line, Not(HasSubstr("(its contribution +")));
    }
  }
  EXPECT_GE(entered, 1u);
  EXPECT_EQ(entered, left);
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "\n[0-9]+ other proposals moved without entering or leaving the "
                        "shortlist: --all lists them\n$"));
  RunResult all = run_shortlist({"runs", "diff", "1", "2", "--all", "--db", uri_});
  EXPECT_THAT(all.out, HasSubstr("\nThe other "));
  EXPECT_THAT(all.out, Not(HasSubstr("--all lists them")));

  // Runs name their call, and keep to one with --call.
  const auto other =
      dir_.write("other/solo.yaml",
                 "title: Solo\nbeneficiaries: {msmes: 10}\nbudget: {total: 900, requested: 800, "
                 "currency: USD}\nfields: {msmes_supported_before: 5}\n");
  RunResult third = run_shortlist({"evaluate", "--criteria", before.string(), "--db", uri_,
                                   "--call", "other", "--submissions", other.string()});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  RunResult list = run_shortlist({"runs", "list", "--call", "dc", "--db", uri_});
  EXPECT_THAT(list.out, HasSubstr("run 1  call dc  "));
  EXPECT_THAT(list.out, HasSubstr("run 2  call dc  "));
  EXPECT_THAT(list.out, Not(HasSubstr("call other")));
  EXPECT_THAT(run_shortlist({"runs", "list", "--db", uri_}).out, HasSubstr("run 3  call other  "));
  RunResult refused = run_shortlist({"runs", "diff", "1", "3", "--call", "dc", "--db", uri_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_EQ(refused.err, "shortlist runs: run 3 is of call other, not dc\n");
}

// The store is the truth: `evaluate --db` ranks the call as stored, and files
// named with it are stored into the call first.
TEST_P(RunsCli, EvaluatingWithAStoreRanksWhatTheStoreHolds) {
  const auto criteria = dir_.write(
      "reach.yaml",
      "call: Test\ncriteria:\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  dir_.write("in/alpha.yaml", "title: Alpha\nbeneficiaries: {msmes: 10}\n");
  dir_.write("in/beta.yaml", "title: Beta\nbeneficiaries: {msmes: 30}\n");
  dir_.write("more/gamma.yaml", "title: Gamma\nbeneficiaries: {msmes: 20}\n");
  auto ranked_ids = [](const RunResult& run) {
    std::vector<std::string> ids;
    Poco::JSON::Array::Ptr ranking = parse_json_object(run.out)->getArray("ranking");
    for (std::size_t i = 0; ranking && i < ranking->size(); ++i) {
      ids.push_back(ranking->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    }
    return ids;
  };

  RunResult empty = run_shortlist(
      {"evaluate", "--criteria", criteria.string(), "--db", uri_, "--call", "dc-2027"});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_THAT(empty.err, HasSubstr("shortlist evaluate: call 'dc-2027' has no stored submissions"));

  ASSERT_EQ(
      run_shortlist({"ingest", (dir_.path() / "in").string(), "--db", uri_, "--call", "dc-2027"})
          .exit_code,
      0);
  RunResult stored = run_shortlist({"evaluate", "--criteria", criteria.string(), "--db", uri_,
                                    "--call", "dc-2027", "--format", "json"});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_EQ(ranked_ids(stored), (std::vector<std::string>{"beta", "alpha"}))
      << "the stored call, not the bundled samples";
  EXPECT_THAT(stored.err, HasSubstr("recorded as run 1\n"));

  RunResult both =
      run_shortlist({"evaluate", "--criteria", criteria.string(), "--db", uri_, "--call", "dc-2027",
                     "--submissions", (dir_.path() / "more").string(), "--format", "json"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(ranked_ids(both), (std::vector<std::string>{"beta", "gamma", "alpha"}))
      << "the files are stored into the call, and the call ranked";
  EXPECT_THAT(both.err, HasSubstr("recorded as run 2\n"));
  Expected<store::Database> db = store::Database::open(uri_);
  ASSERT_TRUE(db);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM submissions WHERE call_id = 'dc-2027'"), 3);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM run_entries WHERE run_id = 2"), 3);

  RunResult list = run_shortlist({"runs", "list", "--db", uri_});
  EXPECT_THAT(list.out, ContainsRegex("run 2  call dc-2027  [0-9T:.-]+Z  weighted_sum  3 ranked"));
}

// A withdrawn run is kept and audited, but is never again its call's latest.
TEST_P(RunsCli, AWithdrawnRunIsKeptButNoLongerTheLatest) {
  const auto criteria = dir_.write(
      "reach.yaml",
      "call: Test\ncriteria:\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  ASSERT_EQ(run_shortlist({"ingest", "submissions", "--db", uri_}).exit_code, 0);
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(run_shortlist(
                  {"evaluate", "--criteria", criteria.string(), "--db", uri_, "--format", "csv"})
                  .exit_code,
              0);
  }
  Expected<store::Database> db = store::Database::open(uri_);
  ASSERT_TRUE(db);
  EXPECT_EQ(store::latest_run(*db, "main"), 2);

  RunResult withdrawn =
      run_shortlist({"runs", "withdraw", "2", "--reason", "wrong weights", "--db", uri_});
  ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
  EXPECT_THAT(withdrawn.out, HasSubstr("run 2 withdrawn"));
  EXPECT_EQ(store::latest_run(*db, "main"), 1) << "the shortlist and the jury use run 1 again";
  EXPECT_THAT(run_shortlist({"runs", "list", "--db", uri_}).out,
              ContainsRegex("run 2  call main  .*  withdrawn\n"));
  RunResult show = run_shortlist({"runs", "show", "2", "--db", uri_});
  EXPECT_THAT(show.out, ContainsRegex("  withdrawn [0-9T:.-]+Z by cli: wrong weights\n"));
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log WHERE action = 'run.withdrawn'"), 1);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM runs"), 2) << "kept";

  RunResult again =
      run_shortlist({"runs", "withdraw", "2", "--reason", "still wrong", "--db", uri_});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("shortlist runs: run 2 was already withdrawn at "));
  RunResult unknown = run_shortlist({"runs", "withdraw", "9", "--reason", "x", "--db", uri_});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("shortlist runs: there is no run 9\n"));
  RunResult reasonless = run_shortlist({"runs", "withdraw", "1", "--db", uri_});
  EXPECT_EQ(reasonless.exit_code, 2);
  EXPECT_THAT(reasonless.err, HasSubstr("'withdraw' needs --reason TEXT"));
  RunResult released =
      run_shortlist({"feedback", "release", "--call", "main", "--run", "2", "--db", uri_});
  EXPECT_EQ(released.exit_code, 1);
  EXPECT_THAT(released.err, HasSubstr("run 2 was withdrawn (wrong weights)"));
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, RunsCli, ::testing::Values("sqlite", "postgresql"));

// Writers of different kinds at once — ingests and evaluations recording runs
// and moving statuses — and a long-lived connection, as a server would hold,
// that must see every other process's writes at once.
TEST_P(RunsCli, IngestsAndEvaluationsAtOnceAndEveryProcessSeesTheOthersWrites) {
  const auto criteria = dir_.write(
      "reach.yaml",
      "call: Test\ncriteria:\n"
      "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  for (int i = 0; i < 30; ++i) {
    dir_.write("more/p" + std::to_string(i) + ".yaml",
               "title: Extra proposal " + std::to_string(i) +
                   "\nsummary: Online invoicing for market traders, district " + std::to_string(i) +
                   ".\n");
  }
  Expected<store::Database> held = store::Database::open(uri_);
  ASSERT_TRUE(held);
  const std::vector<std::vector<std::string>> commands = {
      {"ingest", "submissions", "--db", uri_},
      {"ingest", (dir_.path() / "more").string(), "--db", uri_},
      {"evaluate", "--criteria", criteria.string(), "--submissions", "submissions", "--db", uri_,
       "--format", "csv"},
      {"evaluate", "--criteria", criteria.string(), "--submissions", "submissions", "--db", uri_,
       "--format", "csv"}};
  std::vector<std::future<RunResult>> runs;
  for (const auto& command : commands) {
    runs.push_back(std::async(std::launch::async, [&] { return run_shortlist(command); }));
  }
  std::string codes;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    RunResult result = runs[i].get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err.find("locked"), std::string::npos) << result.err;
    if (i == 0) codes = result.out;
  }
  EXPECT_EQ(count(*held, "SELECT COUNT(*) FROM submissions"), 45);  // one stored as invalid
  EXPECT_EQ(count(*held, "SELECT COUNT(DISTINCT id) FROM runs"), 2);
  EXPECT_EQ(count(*held, "SELECT COUNT(*) FROM run_entries WHERE run_id = 2"), 14);
  // An evaluation that ran after the ingest marked the bundled proposals.
  ASSERT_EQ(run_shortlist(commands[2]).exit_code, 0);
  EXPECT_EQ(count(*held, "SELECT COUNT(*) FROM submissions WHERE status = 'eligible'"), 14);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri_}).exit_code, 0);

  // What one process writes, the next reads at once, in both directions.
  const std::string code = code_in(codes, "ke-kisumu-ecert");
  ASSERT_EQ(run_shortlist({"feedback", "release", "--call", "main", "--run", "3", "--db", uri_})
                .exit_code,
            0);
  EXPECT_EQ(count(*held, "SELECT run_id FROM feedback_releases WHERE call_id = 'main'"), 3);
  EXPECT_THAT(run_shortlist({"status", code, "--db", uri_}).out, HasSubstr("your proposal ranked"));
  ASSERT_TRUE(store::withdraw_feedback(*held, "main", "organiser"));
  EXPECT_THAT(run_shortlist({"status", code, "--db", uri_}).out,
              Not(HasSubstr("your proposal ranked")));
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

TEST(StatusCli, EvaluationMarksEligibilityAndTheApplicantSeesTheFailedGate) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  RunResult ingest = run_shortlist({"ingest", "submissions", "--db", uri});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto criteria =
      dir.write("cap.yaml",
                "call: Test\ncriteria:\n"
                "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n"
                "gates:\n  - {id: grant_cap, field: budget.requested, max: 120000}\n");
  RunResult evaluate = run_shortlist({"evaluate", "--criteria", criteria.string(), "--db", uri});
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  EXPECT_THAT(evaluate.err, HasSubstr("marked 11 eligible and 3 ineligible in the store"));
  RunResult status =
      run_shortlist({"status", code_in(ingest.out, "ng-lagos-payments"), "--db", uri});
  EXPECT_THAT(status.out, HasSubstr("Current status: not eligible\n"));
  EXPECT_THAT(status.out, HasSubstr(": not eligible (gate 'grant_cap': budget.requested is 140000, "
                                    "above the maximum of 120000)\n"));
  RunResult eligible =
      run_shortlist({"status", code_in(ingest.out, "ke-kisumu-ecert"), "--db", uri});
  EXPECT_THAT(eligible.out, HasSubstr("Current status: eligible\n"));
}

// A gate whose plugin fails on a proposal judged nothing: the proposal is
// lost to the plugin, and stays as it was in the store, not ineligible.
TEST(StatusCli, AProposalAGatePluginFailedOnIsNotMarkedIneligible) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  dir.write("in/bad-one.yaml", "title: First\nbudget: {total: 10}\n");
  dir.write("in/good-one.yaml", "title: Second\nbudget: {total: 20}\n");
  const auto criteria =
      dir.write("gate.yaml",
                "call: Test\ncriteria:\n"
                "  - {id: total, weight: 1, plugin: field, params: {path: budget.total}}\n"
                "gates:\n  - {id: sane, plugin: throws}\n");
  RunResult evaluate = run_shortlist({"evaluate", "--criteria", criteria.string(), "--submissions",
                                      (dir.path() / "in").string(), "--plugins",
                                      test_plugin_dir().string(), "--db", uri});
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  EXPECT_THAT(evaluate.out, HasSubstr("1 excluded, 1 of them lost to plugin failures"));
  EXPECT_THAT(evaluate.err, HasSubstr("marked 1 eligible and 0 ineligible in the store"));
  Expected<store::Database> db = store::Database::open(uri);
  ASSERT_TRUE(db);
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM submissions WHERE id = 'bad-one' AND status = "
                  "'valid'"),
            1);
}

TEST(StatusCli, ShowsScoresOnlyOnceReleasedAndOnlyTheApplicantsOwn) {
  TempDir dir;
  const std::string uri = "sqlite:" + (dir.path() / "shortlist.db").string();
  RunResult ingest = run_shortlist({"ingest", "submissions", "--db", uri, "--call", "dc-2026"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto criteria =
      dir.write("reach.yaml",
                "call: Test\ncriteria:\n"
                "  - {id: reach, weight: 1, plugin: field, params: {path: beneficiaries.msmes}}\n");
  ASSERT_EQ(run_shortlist({"evaluate", "--criteria", criteria.string(), "--db", uri, "--call",
                           "dc-2026", "--format", "csv"})
                .exit_code,
            0);
  const std::string code = code_in(ingest.out, "ke-kisumu-ecert");
  RunResult before = run_shortlist({"status", code, "--db", uri});
  EXPECT_THAT(before.out, Not(HasSubstr("score")));

  RunResult release =
      run_shortlist({"feedback", "release", "--call", "dc-2026", "--run", "1", "--db", uri});
  ASSERT_EQ(release.exit_code, 0) << release.err;
  EXPECT_EQ(release.out, "applicants of call dc-2026 now see their scores from run 1\n");
  RunResult after = run_shortlist({"status", code, "--db", uri});
  EXPECT_THAT(after.out, HasSubstr("The organisers have released the evaluation ("));
  EXPECT_THAT(after.out, ContainsRegex("  your proposal ranked [0-9]+ of 14, with a score of "
                                       "[01]\\.[0-9]{3}\\.\n  reach: beneficiaries.msmes = "
                                       "[0-9]+\n$"));
  // Only this proposal's own line: no other proposal's id or title appears.
  EXPECT_THAT(after.out, Not(HasSubstr("ng-lagos-payments")));
  RunResult french = run_shortlist({"status", code, "--db", uri, "--lang", "fr"});
  EXPECT_THAT(french.out, ContainsRegex("votre proposition est classée [0-9]+ sur 14, avec un "
                                        "score de [01],[0-9]{3}\\."));

  RunResult other_call =
      run_shortlist({"feedback", "release", "--call", "dc-2027", "--run", "1", "--db", uri});
  EXPECT_EQ(other_call.exit_code, 1);
  EXPECT_THAT(other_call.err, HasSubstr("run 1 belongs to call 'dc-2026', not 'dc-2027'"));
  RunResult no_run =
      run_shortlist({"feedback", "release", "--call", "dc-2026", "--run", "7", "--db", uri});
  EXPECT_THAT(no_run.err, HasSubstr("there is no run 7"));
  RunResult bad_run =
      run_shortlist({"feedback", "release", "--call", "dc-2026", "--run", "x", "--db", uri});
  EXPECT_EQ(bad_run.exit_code, 2);

  RunResult withdraw = run_shortlist({"feedback", "withdraw", "--call", "dc-2026", "--db", uri});
  EXPECT_EQ(withdraw.out, "applicants of call dc-2026 no longer see scores\n");
  EXPECT_EQ(run_shortlist({"status", code, "--db", uri}).out, before.out);
  Expected<store::Database> db = store::Database::open(uri);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'feedback.%'"), 2);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", uri}).exit_code, 0);
}

}  // namespace
}  // namespace shortlist::testing

namespace shortlist::testing {
namespace {

std::string without_header(const std::string& jsonl) { return jsonl.substr(jsonl.find('\n') + 1); }

// Calls exported from a SQLite store into a target of each kind.
class TransferCli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    source_ = "sqlite:" + (dir_.path() / "source.db").string();
    if (GetParam() == "sqlite") {
      target_ = "sqlite:" + (dir_.path() / "target.db").string();
      return;
    }
    SHORTLIST_NEEDS_POSTGRES(postgres_.emplace("transfer"));
    target_ = postgres_->uri();
  }
  TempDir dir_;
  std::optional<PostgresSchema> postgres_;  // only for the PostgreSQL cases
  std::string source_;
  std::string target_;
};

TEST_P(TransferCli, MovesAWholeCallThatReadsTheSameInTheOtherDatabase) {
  ASSERT_EQ(
      run_shortlist({"ingest", "submissions", "--db", source_, "--call", "dc-2026"}).exit_code, 0);
  RunResult evaluate = run_shortlist({"evaluate", "--criteria", "criteria/digital-champions.yaml",
                                      "--db", source_, "--call", "dc-2026"});
  ASSERT_EQ(evaluate.exit_code, 0) << evaluate.err;
  ASSERT_EQ(
      run_shortlist({"feedback", "release", "--call", "dc-2026", "--run", "1", "--db", source_})
          .exit_code,
      0);
  const auto exported = dir_.path() / "dc-2026.jsonl";
  RunResult out = run_shortlist(
      {"export", "--db", source_, "--call", "dc-2026", "--output", exported.string()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::string summary =
      "15 submissions (15 versions, 44 status changes), 1 evaluation runs (84 scores)\n";
  EXPECT_EQ(out.err, "exported " + summary);

  RunResult in = run_shortlist({"import", exported.string(), "--db", target_});
  ASSERT_EQ(in.exit_code, 0) << in.err;
  EXPECT_EQ(in.out, "imported " + summary);

  // Exported again from the target, every row is the same, to the last digit.
  RunResult again = run_shortlist({"export", "--db", target_, "--call", "dc-2026"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(without_header(again.out), without_header(read_file(exported)));

  RunResult show = run_shortlist({"runs", "show", "1", "--db", target_});
  EXPECT_EQ(show.exit_code, 0) << show.out;
  EXPECT_THAT(show.out, HasSubstr("Recomputed from the snapshot alone: all 14 scores match.\n"));
  Expected<store::Database> source = store::Database::open(source_);
  std::string code;
  source->session() << "SELECT tracking_code FROM submissions ORDER BY id LIMIT 1", into(code), now;
  EXPECT_EQ(run_shortlist({"status", code, "--db", target_}).out,
            run_shortlist({"status", code, "--db", source_}).out);

  Expected<store::Database> target = store::Database::open(target_);
  EXPECT_EQ(count(*target, "SELECT COUNT(*) FROM audit_log WHERE action = 'call.imported'"), 1);
  EXPECT_EQ(run_shortlist({"audit", "verify", "--db", target_}).exit_code, 0);

  RunResult twice = run_shortlist({"import", exported.string(), "--db", target_});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.err, HasSubstr("the database already has call 'dc-2026'"));
  EXPECT_EQ(count(*target, "SELECT COUNT(*) FROM submissions"), 15);
}

TEST_P(TransferCli, NamesEveryBadLineAndImportsNothing) {
  const std::string header = R"({"shortlist":"call-export","format":1,"schema":5,"call":"dc-2026"})"
                             "\n";
  const std::string call =
      R"({"table":"calls","row":{"id":"dc-2026","name":"dc-2026","created_at":"2026-11-01T00:00:00Z"}})"
      "\n";
  const std::string applicant =
      R"({"table":"applicants","row":{"id":"dc-2026/KE/A","call_id":"dc-2026","name":"A","country":"KE","type":"ngo","email":"","created_at":"2026-11-01T00:00:00Z"}})"
      "\n";
  const std::string submission =
      R"({"table":"submissions","row":{"id":"ke-1","call_id":"dc-2026","tracking_code":"EBN4-EV6H-833X","applicant_name":"A","applicant_country":"KE","language":"en","status":"valid","current_version":1,"created_at":"2026-11-01T00:00:00Z","applicant_id":"dc-2026/KE/A"}})"
      "\n";
  std::string malformed = submission;
  malformed.replace(malformed.find("\"current_version\":1"), 19, "\"current_version\":\"one\"");
  std::string other_call = submission;
  other_call.replace(other_call.find("\"call_id\":\"dc-2026\""), 19, "\"call_id\":\"dc-2025\"");
  const auto bad =
      dir_.write("bad.jsonl", header + call + applicant + malformed + "{not json\n" + other_call +
                                  R"({"table":"juries","row":{}})"
                                  "\n");
  RunResult in = run_shortlist({"import", bad.string(), "--db", target_});
  EXPECT_EQ(in.exit_code, 1);
  EXPECT_THAT(in.err, HasSubstr(bad.string() + ":4: 'current_version' must be a whole number\n"));
  EXPECT_THAT(in.err, HasSubstr(bad.string() + ":5: not a JSON object"));
  EXPECT_THAT(in.err,
              HasSubstr(bad.string() + ":6: submissions row of call 'dc-2025', not 'dc-2026'\n"));
  EXPECT_THAT(in.err, HasSubstr(bad.string() + ":7: expected {\"table\": ..., \"row\": {...}}"));
  EXPECT_THAT(in.err, HasSubstr("nothing was imported\n"));

  // Rows that read well but that the database refuses: a status change of a
  // submission the file does not hold. The call before it is not kept.
  const auto orphan = dir_.write(
      "orphan.jsonl",
      header + call + applicant + submission +
          R"({"table":"status_history","row":{"submission_id":"tz-9","seq":1,"status":"received","reason":"","actor":"cli","at":"2026-11-01T00:00:00Z"}})"
          "\n");
  RunResult refused = run_shortlist({"import", orphan.string(), "--db", target_});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr(orphan.string() + ":5: the database refuses the row"));
  Expected<store::Database> target = store::Database::open(target_);
  EXPECT_EQ(count(*target, "SELECT COUNT(*) FROM calls"), 0);
  EXPECT_EQ(count(*target, "SELECT COUNT(*) FROM submissions"), 0);
  EXPECT_EQ(count(*target, "SELECT COUNT(*) FROM audit_log"), 0);

  RunResult not_export =
      run_shortlist({"import", dir_.write("x.jsonl", "{}\n").string(), "--db", target_});
  EXPECT_EQ(not_export.exit_code, 1);
  EXPECT_THAT(not_export.err, HasSubstr("x.jsonl:1: not a Shortlist call export"));
}

INSTANTIATE_TEST_SUITE_P(Databases, TransferCli, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace shortlist::testing
