// The store against SQLite and against a real PostgreSQL server. The
// PostgreSQL cases need SHORTLIST_TEST_POSTGRES (a postgresql:// URI of a
// database the tests may create schemas in); .ci/run starts a server and
// sets it.
#include <Poco/Data/Session.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "core/store/audit_log.h"
#include "core/store/call_transfer.h"
#include "core/store/lifecycle.h"
#include "core/store/migrations.h"
#include "core/store/store_test_fixture.h"
#include "core/store/submission_store.h"
#include "test_support.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::now;
using shortlist::testing::TempDir;

TEST_P(StoreTest, MigratesOnceAndRefusesANewerDatabase) {
  Database db = open();
  EXPECT_EQ(*migrate(db), latest_schema_version());  // a second run changes nothing
  db.session() << "INSERT INTO schema_version (version) VALUES (99)", now;
  Expected<int> newer = migrate(db);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.problems()[0].message,
            "the database has schema version 99, newer than the " +
                std::to_string(latest_schema_version()) +
                " this version of Shortlist knows: use a newer Shortlist");
}

TEST_P(StoreTest, StoresAProposalWithItsHistoryAndFindsItByTrackingCode) {
  Database db = open();
  Expected<StoredSubmission> stored =
      store_proposal(db, "dc-2026", proposal("sn-1", "Texte A"), "cli");
  ASSERT_TRUE(stored) << stored.problems()[0].message;
  EXPECT_EQ(stored->what, Stored::New);
  EXPECT_EQ(stored->version, 1);
  std::optional<SubmissionStatus> status = find_by_tracking_code(db, "CODE-sn-1");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->id, "sn-1");
  EXPECT_EQ(status->title, "Title of sn-1");
  EXPECT_EQ(status->status, "valid");
  ASSERT_EQ(status->history.size(), 2u);
  EXPECT_EQ(status->history[0].status, "received");
  EXPECT_EQ(status->history[1].status, "valid");
  EXPECT_EQ(status->history[1].actor, "cli");
  EXPECT_FALSE(find_by_tracking_code(db, "CODE-nobody"));
}

TEST_P(StoreTest, RecognisesTheSameTextAndVersionsAChangedOne) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "dc-2026", proposal("sn-1", "Texte A"), "cli"));
  // The same text again (a re-run, or a resend under a new code): not stored twice.
  Proposal again = proposal("sn-1", "Texte A");
  again.tracking_code = "CODE-other";
  Expected<StoredSubmission> same = store_proposal(db, "dc-2026", again, "cli");
  EXPECT_EQ(same->what, Stored::AlreadyStored);
  EXPECT_EQ(same->tracking_code, "CODE-sn-1");
  // New text under the same id: version 2, same tracking code.
  Expected<StoredSubmission> changed =
      store_proposal(db, "dc-2026", proposal("sn-1", "Texte B"), "cli");
  EXPECT_EQ(changed->what, Stored::NewVersion);
  EXPECT_EQ(changed->version, 2);
  EXPECT_EQ(changed->tracking_code, "CODE-sn-1");
  EXPECT_EQ(count_submissions(db), 1u);
  EXPECT_EQ(find_by_tracking_code(db, "CODE-sn-1")->history.size(), 4u);
}

// When the store first received a submission is when it was submitted,
// whatever file time it came with, and a new version keeps it: originality
// takes the earlier of two proposals as the original.
TEST_P(StoreTest, RebuildsEachProposalWithWhenTheStoreFirstReceivedIt) {
  Database db = open();
  Proposal first = proposal("sn-1", "Texte A");
  first.submitted_at = "2020-01-01T00:00:00.000Z";  // a file time, not the store's
  ASSERT_TRUE(store_proposal(db, "dc-2026", first, "cli"));
  ASSERT_TRUE(store_proposal(db, "dc-2026", proposal("sn-2", "Texte B"), "cli"));
  ASSERT_TRUE(store_proposal(db, "dc-2026", proposal("sn-1", "Texte C"), "cli"));
  Expected<ingest::Submissions> stored = stored_submissions(db, "dc-2026");
  ASSERT_TRUE(stored) << stored.problems()[0].message;
  ASSERT_EQ(stored->proposals.size(), 2u);
  std::string created_1, created_2;
  db.session() << "SELECT created_at FROM submissions WHERE id = 'sn-1'",
      Poco::Data::Keywords::into(created_1), now;
  db.session() << "SELECT created_at FROM submissions WHERE id = 'sn-2'",
      Poco::Data::Keywords::into(created_2), now;
  for (const Proposal& p : stored->proposals) {
    EXPECT_EQ(p.submitted_at, p.id == "sn-1" ? created_1 : created_2) << p.id;
    EXPECT_EQ(p.text("submitted_at"), p.submitted_at);
  }
  EXPECT_LE(created_1, created_2);
  EXPECT_NE(created_1, "2020-01-01T00:00:00.000Z");
}

TEST_P(StoreTest, KeepsOneApplicantPerOrganisationAndCall) {
  Database db = open();
  Proposal first = proposal("sn-1", "Texte A");
  first.fields["applicant.type"] = std::string("chamber_of_commerce");
  ASSERT_TRUE(store_proposal(db, "dc-2026", first, "cli"));
  Proposal second = proposal("sn-2", "Texte B");
  second.fields["applicant.email"] = std::string("contact@example.sn");
  second.fields["applicant.type"] = std::string("chamber_of_commerce");
  ASSERT_TRUE(store_proposal(db, "dc-2026", second, "cli"));
  ASSERT_TRUE(store_proposal(db, "dc-2027", proposal("sn-3", "Texte C"), "cli"));
  std::vector<std::string> ids, emails;
  db.session() << "SELECT id, email FROM applicants ORDER BY id", Poco::Data::Keywords::into(ids),
      Poco::Data::Keywords::into(emails), now;
  EXPECT_THAT(ids, ::testing::ElementsAre("dc-2026/SN/Chambre de commerce",
                                          "dc-2027/SN/Chambre de commerce"));
  EXPECT_EQ(emails[0], "contact@example.sn");  // as last sent
  Poco::Int64 linked = 0;
  db.session() << "SELECT COUNT(*) FROM submissions WHERE applicant_id = 'dc-2026/SN/Chambre de "
                  "commerce'",
      Poco::Data::Keywords::into(linked), now;
  EXPECT_EQ(linked, 2);
}

TEST_P(StoreTest, LeavesNothingHalfWrittenWhenAnOperationFails) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "dc-2026", proposal("sn-1", "Texte A"), "cli"));
  // A second proposal whose tracking code collides fails its insert: the
  // call row, versions, history and audit entry of that attempt all go.
  Proposal clash = proposal("sn-2", "Texte C");
  clash.tracking_code = "CODE-sn-1";
  EXPECT_FALSE(store_proposal(db, "dc-2027", clash, "cli"));
  Poco::Int64 calls = 0, versions = 0, audit = 0;
  db.session() << "SELECT COUNT(*) FROM calls", Poco::Data::Keywords::into(calls), now;
  db.session() << "SELECT COUNT(*) FROM submission_versions", Poco::Data::Keywords::into(versions),
      now;
  db.session() << "SELECT COUNT(*) FROM audit_log", Poco::Data::Keywords::into(audit), now;
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(versions, 1);
  EXPECT_EQ(audit, 3);  // stored, received, valid
  EXPECT_TRUE(verify_audit(db).ok());
}

// A unit of work that refuses after it has written is rolled back: a
// refusal leaves the store as it found it, as a thrown error does.
TEST_P(StoreTest, RollsBackAUnitOfWorkThatRefuses) {
  Database db = open();
  Expected<bool> refused = transact<bool>(db, "add a call", [](Database& tx) -> Expected<bool> {
    tx.session() << "INSERT INTO calls (id, name, created_at) VALUES ('dc-2026', 'Digital', "
                    "'2026-01-01T00:00:00Z')",
        now;
    return Diagnostic{"", {}, "the call is refused after all"};
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problems()[0].message, "the call is refused after all");
  Poco::Int64 calls = -1;
  db.session() << "SELECT COUNT(*) FROM calls", Poco::Data::Keywords::into(calls), now;
  EXPECT_EQ(calls, 0);
  // The connection is left usable, and accepted work is still committed.
  ASSERT_TRUE(transact<bool>(db, "add a call", [](Database& tx) -> Expected<bool> {
    tx.session() << "INSERT INTO calls (id, name, created_at) VALUES ('dc-2027', 'Digital', "
                    "'2027-01-01T00:00:00Z')",
        now;
    return true;
  }));
  db.session() << "SELECT COUNT(*) FROM calls", Poco::Data::Keywords::into(calls), now;
  EXPECT_EQ(calls, 1);
}

// Tampering with plain SQL, as someone with database access could.
TEST_P(StoreTest, AuditVerifyCatchesEditedDeletedAndReorderedEntries) {
  Database db = open();
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store_proposal(db, "dc-2026",
                               proposal("p" + std::to_string(i), "T" + std::to_string(i)), "cli"));
  }
  AuditCheck clean = verify_audit(db);
  EXPECT_TRUE(clean.ok()) << clean.problem;
  EXPECT_EQ(clean.entries, 15u);  // each: stored, received, valid

  db.session() << "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", now;
  AuditCheck edited = verify_audit(db);
  EXPECT_EQ(edited.first_bad, 3);
  EXPECT_EQ(edited.problem, "its content does not match its hash (edited)");
  db.session() << "UPDATE audit_log SET actor = 'cli' WHERE seq = 3", now;
  ASSERT_TRUE(verify_audit(db).ok());

  // Swap the contents of entries 2 and 4, hashes and all.
  db.session() << "UPDATE audit_log SET seq = -2 WHERE seq = 2", now;
  db.session() << "UPDATE audit_log SET seq = 2 WHERE seq = 4", now;
  db.session() << "UPDATE audit_log SET seq = 4 WHERE seq = -2", now;
  AuditCheck reordered = verify_audit(db);
  EXPECT_EQ(reordered.first_bad, 2);
  EXPECT_EQ(reordered.problem,
            "it does not follow the entry before it (deleted, inserted or reordered)");
  db.session() << "UPDATE audit_log SET seq = -4 WHERE seq = 4", now;
  db.session() << "UPDATE audit_log SET seq = 4 WHERE seq = 2", now;
  db.session() << "UPDATE audit_log SET seq = 2 WHERE seq = -4", now;
  ASSERT_TRUE(verify_audit(db).ok());

  db.session() << "DELETE FROM audit_log WHERE seq = 2", now;
  AuditCheck deleted = verify_audit(db);
  EXPECT_EQ(deleted.first_bad, 3);
  EXPECT_EQ(deleted.problem, "entries 2 to 2 are missing");
}

TEST_P(StoreTest, FollowsTheLifecycleAndRefusesOtherMoves) {
  Database db = open();
  ASSERT_TRUE(store_proposal(db, "dc-2026", proposal("sn-1", "Texte A"), "cli"));
  EXPECT_EQ(set_status(db, "sn-1", "shortlisted", "", "ana").problems()[0].message,
            "submission 'sn-1' is valid and cannot become shortlisted");
  EXPECT_EQ(set_status(db, "sn-1", "ineligible", "", "ana").problems()[0].message,
            "a submission is ineligible only with a reason");
  EXPECT_EQ(set_status(db, "nobody", "eligible", "", "ana").problems()[0].message,
            "there is no submission 'nobody'");
  EXPECT_EQ(set_status(db, "sn-1", "famous", "", "ana").problems()[0].message,
            "'famous' is not a status");
  for (const char* step : {"eligible", "in_review", "shortlisted", "awarded"}) {
    Expected<bool> moved = set_status(db, "sn-1", step, "", "ana");
    ASSERT_TRUE(moved) << step << ": " << moved.problems()[0].message;
    EXPECT_TRUE(*moved);
  }
  EXPECT_FALSE(*set_status(db, "sn-1", "awarded", "", "ana"));  // already there
  SubmissionStatus status = *find_by_tracking_code(db, "CODE-sn-1");
  EXPECT_EQ(status.status, "awarded");
  ASSERT_EQ(status.history.size(), 6u);
  EXPECT_EQ(status.history[5].actor, "ana");
  // Once review has begun, a new version is refused.
  Expected<StoredSubmission> late =
      store_proposal(db, "dc-2026", proposal("sn-1", "Texte B"), "cli");
  ASSERT_FALSE(late);
  EXPECT_EQ(
      late.problems()[0].message,
      "submission 'sn-1' is awarded: a new version is no longer accepted once review has begun");
  EXPECT_TRUE(verify_audit(db).ok());
}

INSTANTIATE_TEST_SUITE_P(Dialects, StoreTest,
                         ::testing::Values(Dialect::SQLite, Dialect::PostgreSQL), dialect_name);

// An export must carry every table of a call and every column of each: a
// migration that adds one without teaching the export would lose data.
// Accounts and sessions belong to the deployment, not to a call, and their
// credentials never leave it in an export; so does the outbox of e-mail,
// which holds receipts' edit keys until they are delivered.
TEST(CallTransfer, CarriesEveryTableAndColumnOfTheSchema) {
  TempDir dir;
  Expected<Database> db = Database::open("sqlite:" + (dir.path() / "s.db").string());
  ASSERT_TRUE(db);
  ASSERT_TRUE(migrate(*db));
  std::vector<std::string> tables;
  db->session() << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
                   "('schema_version', 'audit_log', 'audit_coverage', 'accounts', 'sessions', "
                   "'mail_outbox', 'mail_attempts') ORDER BY name",
      Poco::Data::Keywords::into(tables), now;
  std::vector<std::string> transferred;
  for (const auto& [table, columns] : transferred_columns()) {
    transferred.push_back(table);
    std::vector<std::string> names;
    db->session() << "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid",
        Poco::Data::Keywords::into(names), now;
    EXPECT_EQ(columns, names) << table;
  }
  std::sort(transferred.begin(), transferred.end());
  EXPECT_EQ(transferred, tables);
}

TEST(Database, RefusesUnknownUrisAndNamesWhatIsMissing) {
  EXPECT_EQ(
      Database::open("mysql://x/y").problems()[0].message,
      "unknown database URI 'mysql://x/y' (use sqlite:PATH or postgresql://user@host/dbname)");
  EXPECT_EQ(Database::open("sqlite:").problems()[0].message,
            "the SQLite URI names no file (sqlite:PATH)");
  EXPECT_EQ(
      postgresql_conninfo("postgresql://ann:s%40cret@db.example:6543/calls?sslmode=require")
          .value(),
      "host='db.example' port=6543 dbname='calls' user='ann' password='s@cret' sslmode='require'");
}

}  // namespace
}  // namespace shortlist::store
