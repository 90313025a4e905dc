// `shortlist audit verify` over the data, through the real binary, against
// SQLite and PostgreSQL: a call taken through every table (submissions,
// runs, a withdrawal, feedback, the jury, decisions), then each table
// edited by direct SQL, each edit named; rows rewritten after an edit; and
// a database whose log began before row digests, sealed once.
#include <Poco/Data/Session.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/store/database.h"
#include "core/util/digest.h"
#include "test_support.h"

namespace shortlist::testing {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kReviews =
    "proposal,juror,feasibility,feasibility_comment,impact,confidence,comment,abstain\n"
    "rw-kigali-trade-portal,farah,3,Timeline tight,4,0.8,,\n"
    "ng-lagos-payments,camille,2,Vague plan,3,1,,\n"
    "ng-lagos-payments,lucia,3,OK,3,1,,\n"
    "ke-kisumu-ecert,farah,4,Clear,5,1,,\n"
    "ke-kisumu-ecert,minh,5,Strong,4,1,,\n";

class AuditCli : public CliStoreTest {
 protected:
  RunResult shortlist(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", uri_});
    return run_shortlist(args);
  }

  // The bundled call through every table the audit covers.
  void prepare() {
    ASSERT_EQ(shortlist({"ingest", "submissions"}).exit_code, 0);
    ASSERT_EQ(shortlist({"evaluate", "--format", "csv"}).exit_code, 0);
    ASSERT_EQ(shortlist({"evaluate", "--format", "csv"}).exit_code, 0);
    ASSERT_EQ(shortlist({"runs", "withdraw", "2", "--reason", "run twice"}).exit_code, 0);
    ASSERT_EQ(shortlist({"feedback", "release", "--call", "main", "--run", "1"}).exit_code, 0);
    ASSERT_EQ(shortlist({"jury", "import", "criteria/digital-champions-jurors.yaml"}).exit_code, 0);
    ASSERT_EQ(shortlist({"jury", "assign", "--exclude", "co-pasto-pagos:paul", "--reason",
                         "advised them"})
                  .exit_code,
              0);
    const auto csv = dir_.write("reviews.csv", kReviews);
    RunResult reviews = shortlist({"jury", "reviews", csv.string()});
    ASSERT_EQ(reviews.exit_code, 0) << reviews.out << reviews.err;
    ASSERT_EQ(
        shortlist({"decide", "ke-kisumu-ecert", "awarded", "--reason", "strongest plan"}).exit_code,
        0);
    ASSERT_EQ(shortlist({"decide", "--release"}).exit_code, 0);
  }

  void execute(const std::string& sql) {
    Expected<store::Database> db = store::Database::open(uri_);
    ASSERT_TRUE(db);
    db->session() << sql, now;
  }
};

TEST_P(AuditCli, UntouchedDataVerifiesClean) {
  prepare();
  RunResult verify = shortlist({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr("chain intact\n"));
  EXPECT_THAT(verify.out, ContainsRegex("data: [0-9]+ rows, each as the audit log "
                                        "recorded it\n"));
  // An exported call imported elsewhere is recorded by its import.
  const auto file = dir_.path() / "main.jsonl";
  ASSERT_EQ(shortlist({"export", "--call", "main", "--output", file.string()}).exit_code, 0);
  const std::string other = "sqlite:" + (dir_.path() / "other.db").string();
  ASSERT_EQ(run_shortlist({"import", file.string(), "--db", other}).exit_code, 0);
  RunResult imported = run_shortlist({"audit", "verify", "--db", other});
  EXPECT_EQ(imported.exit_code, 0) << imported.out;
}

TEST_P(AuditCli, NamesEveryRowEditedAddedOrDeletedInEachTable) {
  prepare();
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"UPDATE calls SET name = 'another call'",
       "calls (main): name is another call now, not what entry "},
      {"UPDATE applicants SET email = 'x@example.org' WHERE id = (SELECT applicant_id FROM "
       "submissions WHERE id = 'ke-kisumu-ecert')",
       "): email is x@example.org now, not what entry "},
      {"UPDATE submissions SET status = 'awarded' WHERE id = 'ng-lagos-payments'",
       "submissions (ng-lagos-payments): status is awarded now, not what entry "},
      {"UPDATE submission_versions SET title = 'Another' WHERE submission_id = "
       "'bd-dhaka-ecommerce'",
       "submission_versions (bd-dhaka-ecommerce, 1): title is Another now"},
      {"DELETE FROM status_history WHERE submission_id = 'co-pasto-pagos' AND seq = 1",
       "status_history (co-pasto-pagos, 1): deleted; entry "},
      {"UPDATE runs SET seed = 99 WHERE id = 1", "runs (1): seed is 99 now"},
      {"UPDATE run_plugins SET version = '9.9' WHERE run_id = 1 AND name = 'field'",
       "run_plugins (1, field): version is 9.9 now"},
      {"UPDATE run_entries SET shortlisted = 1 - shortlisted WHERE run_id = 1 AND proposal_id = "
       "'ke-kisumu-ecert'",
       "run_entries (1, ke-kisumu-ecert): shortlisted is "},
      {"UPDATE run_scores SET raw = 5 WHERE run_id = 1 AND proposal_id = 'ke-kisumu-ecert' AND "
       "criterion_id = 'track_record'",
       "run_scores (1, ke-kisumu-ecert, track_record): raw is 5 now, not what entry "},
      // A value cannot forge lines of the report.
      {"UPDATE run_withdrawals SET reason = 'nothing\n  data: 0 rows'",
       "run_withdrawals (2): reason is nothing\\x0a  data: 0 rows now"},
      {"UPDATE feedback_releases SET run_id = 2", "feedback_releases (main): run_id is 2 now"},
      {"UPDATE jurors SET max_load = 99 WHERE id = 'amara'",
       "jurors (main, amara): max_load is 99"},
      {"INSERT INTO juror_conflicts (call_id, juror_id, kind, target, declared_at) VALUES "
       "('main', 'amara', 'proposal', 'co-pasto-pagos', 'now')",
       "juror_conflicts (main, amara, proposal, co-pasto-pagos): no audited change wrote it"},
      {"UPDATE assignments SET reason = 'forged' WHERE submission_id = 'ke-kisumu-ecert' AND "
       "juror_id = 'farah'",
       "assignments (ke-kisumu-ecert, farah): reason is forged now"},
      {"UPDATE assignment_exclusions SET reason = 'forged'",
       "assignment_exclusions (co-pasto-pagos, paul): reason is forged now"},
      {"UPDATE reviews SET confidence = 0.25 WHERE submission_id = 'ke-kisumu-ecert' AND "
       "juror_id = 'minh'",
       "reviews (ke-kisumu-ecert, minh): confidence is 0.25 now"},
      {"UPDATE review_scores SET score = 5 WHERE submission_id = 'ng-lagos-payments' AND "
       "juror_id = 'camille' AND criterion_id = 'feasibility'",
       "review_scores (ng-lagos-payments, camille, feasibility): score is 5 now, not what entry "},
      {"UPDATE decisions SET decision = 'not_awarded' WHERE submission_id = 'ke-kisumu-ecert'",
       "decisions (ke-kisumu-ecert): decision is not_awarded now"},
  };
  for (const auto& [sql, named] : edits) execute(sql);
  RunResult verify = shortlist({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_THAT(verify.out, HasSubstr("chain intact\n"));
  for (const auto& [sql, named] : edits) EXPECT_THAT(verify.out, HasSubstr(named)) << sql;
  EXPECT_THAT(verify.out, ContainsRegex("data: 18 of [0-9]+ rows differ from the audit "
                                        "log"));

  // The run names its edited score, not only how many scores moved.
  RunResult show = shortlist({"runs", "show", "1"});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_THAT(show.out, HasSubstr("run_scores (1, ke-kisumu-ecert, track_record): raw is 5 now"));
  EXPECT_THAT(show.out, HasSubstr("runs (1): seed is 99 now"));
  EXPECT_THAT(show.out, Not(HasSubstr("reviews (")));
}

// An edit that a later change writes over still shows: the change recorded
// what it found.
TEST_P(AuditCli, NamesAnEditALaterChangeWroteOver) {
  ASSERT_EQ(shortlist({"ingest", "submissions"}).exit_code, 0);
  execute("UPDATE submissions SET applicant_country = 'XX' WHERE id = 'ke-kisumu-ecert'");
  execute("UPDATE submissions SET applicant_country = 'KE' WHERE id = 'ke-kisumu-ecert'");
  execute("UPDATE submissions SET language = 'sw' WHERE id = 'ke-kisumu-ecert'");
  ASSERT_EQ(shortlist({"evaluate", "--format", "csv"}).exit_code, 0);  // valid -> eligible
  RunResult verify = shortlist({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_THAT(verify.out,
              ContainsRegex("submissions \\(ke-kisumu-ecert\\): edited outside Shortlist before "
                            "entry [0-9]+ \\(status.changed by cli, [^)]+\\) wrote it again"));
}

// A log begun before row digests: its rows are named as older until sealed,
// once; after the seal every row is checked.
TEST_P(AuditCli, SealsTheRowsWrittenBeforeDigestsOnce) {
  ASSERT_EQ(shortlist({"ingest", "submissions"}).exit_code, 0);
  RunResult fresh = shortlist({"audit", "seal"});
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_THAT(fresh.err, HasSubstr("there is nothing to seal"));
  {
    // The same entries as an older Shortlist wrote them: no row digests,
    // each hashed over what it said then.
    Expected<store::Database> db = store::Database::open(uri_);
    ASSERT_TRUE(db);
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> ats, actors, actions, subjects, details;
    db->session() << "SELECT seq, at, actor, action, subject, details FROM audit_log ORDER BY seq",
        into(seqs), into(ats), into(actors), into(actions), into(subjects), into(details), now;
    std::string previous;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      std::string hash =
          sha256_hex(previous + '\x1f' + std::to_string(seqs[i]) + '\x1f' + ats[i] + '\x1f' +
                     actors[i] + '\x1f' + actions[i] + '\x1f' + subjects[i] + '\x1f' + details[i]);
      db->session() << db->sql(
          "UPDATE audit_log SET row_digests = '', previous_hash = ?, hash = ? WHERE seq = ?"),
          use(previous), use(hash), use(seqs[i]), now;
      previous = hash;
    }
    db->session() << "UPDATE audit_coverage SET first_seq = (SELECT MAX(seq) + 1 FROM audit_log)",
        now;
  }
  RunResult older = shortlist({"audit", "verify"});
  EXPECT_EQ(older.exit_code, 1);
  EXPECT_THAT(older.out,
              ContainsRegex("[0-9]+ rows were written before the audit log recorded row digests"));
  EXPECT_THAT(older.out, HasSubstr("shortlist audit seal"));
  EXPECT_THAT(older.out, Not(HasSubstr("rows that are not what")));

  RunResult seal = shortlist({"audit", "seal"});
  ASSERT_EQ(seal.exit_code, 0) << seal.err;
  EXPECT_THAT(seal.out, ContainsRegex("recorded [0-9]+ rows written before"));
  RunResult sealed = shortlist({"audit", "verify"});
  EXPECT_EQ(sealed.exit_code, 0) << sealed.out;
  EXPECT_THAT(shortlist({"audit", "seal"}).err, HasSubstr("were sealed by entry"));

  execute("UPDATE submissions SET status = 'awarded' WHERE id = 'ng-lagos-payments'");
  RunResult edited = shortlist({"audit", "verify"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_THAT(edited.out, HasSubstr("submissions (ng-lagos-payments): status is awarded now, not "
                                    "what entry "));
  EXPECT_THAT(edited.out, HasSubstr("(audit.sealed by cli, "));
}

INSTANTIATE_TEST_SUITE_P(Databases, AuditCli, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace shortlist::testing
