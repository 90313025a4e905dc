#include "core/store/migrations.h"

#include <Poco/Data/DataException.h>

#include <vector>

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

// Portable SQL: TEXT, BIGINT and explicit keys, the same in SQLite and
// PostgreSQL. Times are ISO 8601 UTC text.
const std::vector<std::vector<std::string>> kMigrations = {
    // 1: submissions with their versions and status history, and the audit log.
    {
        "CREATE TABLE calls (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL)",
        "CREATE TABLE submissions ("
        " id TEXT PRIMARY KEY,"
        " call_id TEXT NOT NULL REFERENCES calls(id),"
        " tracking_code TEXT NOT NULL UNIQUE,"
        " applicant_name TEXT NOT NULL,"
        " applicant_country TEXT NOT NULL,"
        " language TEXT NOT NULL,"
        " status TEXT NOT NULL,"
        " current_version BIGINT NOT NULL,"
        " created_at TEXT NOT NULL)",
        "CREATE TABLE submission_versions ("
        " submission_id TEXT NOT NULL REFERENCES submissions(id),"
        " version BIGINT NOT NULL,"
        " source TEXT NOT NULL,"
        " content_hash TEXT NOT NULL,"
        " encoding TEXT NOT NULL,"
        " title TEXT NOT NULL,"
        " document TEXT NOT NULL,"
        " received_at TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, version))",
        "CREATE INDEX submission_versions_by_hash ON submission_versions (content_hash)",
        "CREATE TABLE status_history ("
        " submission_id TEXT NOT NULL REFERENCES submissions(id),"
        " seq BIGINT NOT NULL,"
        " status TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " at TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, seq))",
        "CREATE TABLE audit_log ("
        " seq BIGINT PRIMARY KEY,"
        " at TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " details TEXT NOT NULL,"
        " previous_hash TEXT NOT NULL,"
        " hash TEXT NOT NULL)",
    },
    // 2: frozen evaluation runs.
    {
        "CREATE TABLE runs ("
        " id BIGINT PRIMARY KEY,"
        " call_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " method TEXT NOT NULL,"
        " seed BIGINT NOT NULL,"
        " criteria_source TEXT NOT NULL,"
        " criteria_content TEXT NOT NULL,"
        " criteria_sha256 TEXT NOT NULL,"
        " inputs_sha256 TEXT NOT NULL,"
        " report TEXT NOT NULL)",
        "CREATE TABLE run_plugins ("
        " run_id BIGINT NOT NULL REFERENCES runs(id),"
        " name TEXT NOT NULL,"
        " version TEXT NOT NULL,"
        " sha256 TEXT NOT NULL,"
        " PRIMARY KEY (run_id, name))",
        "CREATE TABLE run_entries ("
        " run_id BIGINT NOT NULL REFERENCES runs(id),"
        " rank BIGINT NOT NULL,"
        " proposal_id TEXT NOT NULL,"
        " title TEXT NOT NULL,"
        " score DOUBLE PRECISION NOT NULL,"
        " shortlisted BIGINT NOT NULL,"
        " PRIMARY KEY (run_id, proposal_id))",
        "CREATE TABLE run_scores ("
        " run_id BIGINT NOT NULL REFERENCES runs(id),"
        " proposal_id TEXT NOT NULL,"
        " criterion_id TEXT NOT NULL,"
        " raw DOUBLE PRECISION NOT NULL,"
        " normalized DOUBLE PRECISION NOT NULL,"
        " contribution DOUBLE PRECISION NOT NULL,"
        " explanation TEXT NOT NULL,"
        " PRIMARY KEY (run_id, proposal_id, criterion_id))",
    },
    // 3: feedback released to applicants, one evaluation run per call.
    {
        "CREATE TABLE feedback_releases ("
        " call_id TEXT PRIMARY KEY REFERENCES calls(id),"
        " run_id BIGINT NOT NULL REFERENCES runs(id),"
        " released_at TEXT NOT NULL,"
        " actor TEXT NOT NULL)",
    },
    // 4: the jury: jurors and their declared conflicts, assignments (and the
    // organiser's exclusions), reviews with a score per jury criterion, and
    // decisions, released to applicants when the organiser says so.
    {
        "CREATE TABLE jurors ("
        " call_id TEXT NOT NULL REFERENCES calls(id),"
        " id TEXT NOT NULL,"
        " name TEXT NOT NULL,"
        " email TEXT NOT NULL,"
        " organisation TEXT NOT NULL,"
        " country TEXT NOT NULL,"
        " languages TEXT NOT NULL,"
        " max_load BIGINT NOT NULL,"
        " partners TEXT NOT NULL,"
        " added_at TEXT NOT NULL,"
        " PRIMARY KEY (call_id, id))",
        "CREATE TABLE juror_conflicts ("
        " call_id TEXT NOT NULL,"
        " juror_id TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " target TEXT NOT NULL,"
        " declared_at TEXT NOT NULL,"
        " PRIMARY KEY (call_id, juror_id, kind, target),"
        " FOREIGN KEY (call_id, juror_id) REFERENCES jurors(call_id, id))",
        "CREATE TABLE assignments ("
        " submission_id TEXT NOT NULL REFERENCES submissions(id),"
        " juror_id TEXT NOT NULL,"
        " call_id TEXT NOT NULL,"
        " manual BIGINT NOT NULL,"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " assigned_at TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, juror_id),"
        " FOREIGN KEY (call_id, juror_id) REFERENCES jurors(call_id, id))",
        "CREATE TABLE assignment_exclusions ("
        " submission_id TEXT NOT NULL REFERENCES submissions(id),"
        " juror_id TEXT NOT NULL,"
        " call_id TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " excluded_at TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, juror_id),"
        " FOREIGN KEY (call_id, juror_id) REFERENCES jurors(call_id, id))",
        "CREATE TABLE reviews ("
        " submission_id TEXT NOT NULL,"
        " juror_id TEXT NOT NULL,"
        " abstained BIGINT NOT NULL,"
        " confidence DOUBLE PRECISION NOT NULL,"
        " comment TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " submitted_at TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, juror_id),"
        " FOREIGN KEY (submission_id, juror_id) REFERENCES assignments(submission_id, juror_id))",
        "CREATE TABLE review_scores ("
        " submission_id TEXT NOT NULL,"
        " juror_id TEXT NOT NULL,"
        " criterion_id TEXT NOT NULL,"
        " score DOUBLE PRECISION NOT NULL,"
        " comment TEXT NOT NULL,"
        " PRIMARY KEY (submission_id, juror_id, criterion_id),"
        " FOREIGN KEY (submission_id, juror_id) REFERENCES reviews(submission_id, juror_id))",
        "CREATE TABLE decisions ("
        " submission_id TEXT PRIMARY KEY REFERENCES submissions(id),"
        " decision TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " decided_at TEXT NOT NULL,"
        " released_at TEXT NOT NULL)",
    },
    // 5: applicants, the organisations behind the submissions: one per call,
    // name (as written) and country, with their type and contact as last
    // sent. Existing submissions get theirs from what they recorded.
    {
        "CREATE TABLE applicants ("
        " id TEXT PRIMARY KEY,"
        " call_id TEXT NOT NULL REFERENCES calls(id),"
        " name TEXT NOT NULL,"
        " country TEXT NOT NULL,"
        " type TEXT NOT NULL,"
        " email TEXT NOT NULL,"
        " created_at TEXT NOT NULL)",
        "INSERT INTO applicants (id, call_id, name, country, type, email, created_at) "
        "SELECT call_id || '/' || applicant_country || '/' || applicant_name, call_id, "
        "applicant_name, applicant_country, '', '', MIN(created_at) FROM submissions "
        "GROUP BY call_id, applicant_country, applicant_name",
        "ALTER TABLE submissions ADD COLUMN applicant_id TEXT REFERENCES applicants(id)",
        "UPDATE submissions SET applicant_id = call_id || '/' || applicant_country || '/' || "
        "applicant_name",
    },
    // 6: each score names the plugin that gave it (its version and SHA-256
    // are the run's, in run_plugins); scores recorded before stay ''.
    {
        "ALTER TABLE run_scores ADD COLUMN plugin TEXT NOT NULL DEFAULT ''",
    },
    // 7: accounts of the web service (organisers and jurors, a juror's
    // account naming the juror it is), and their sessions, kept by the
    // SHA-256 of their token. Disabled and revoked are times, '' when not.
    {
        "CREATE TABLE accounts ("
        " name TEXT PRIMARY KEY,"
        " role TEXT NOT NULL,"
        " juror_id TEXT NOT NULL,"
        " password TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " disabled_at TEXT NOT NULL)",
        "CREATE TABLE sessions ("
        " token_hash TEXT PRIMARY KEY,"
        " account TEXT NOT NULL REFERENCES accounts(name),"
        " csrf TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " expires_at TEXT NOT NULL,"
        " revoked_at TEXT NOT NULL)",
    },
    // 8: runs withdrawn by an organiser, kept but never again a call's
    // latest run: when, by whom and why.
    {
        "CREATE TABLE run_withdrawals ("
        " run_id BIGINT PRIMARY KEY REFERENCES runs(id),"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " withdrawn_at TEXT NOT NULL)",
    },
    // 9: a score the plugin could not give (a proposal in a language it
    // cannot read, say), with why and how the missing-value policy filled
    // it in, so that every view of a stored run can say so; scores
    // recorded before stay ''.
    {
        "ALTER TABLE run_scores ADD COLUMN imputed TEXT NOT NULL DEFAULT ''",
    },
    // 10: each audit entry records the digests of the rows its change wrote
    // (audit_log.h), and the database remembers the first entry that does:
    // rows written before it are unknown to the log until `audit seal`.
    {
        "ALTER TABLE audit_log ADD COLUMN row_digests TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE audit_coverage (first_seq BIGINT NOT NULL)",
        "INSERT INTO audit_coverage (first_seq) SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log",
    },
    // 11: when each session was last used, for the idle timeout beside the
    // absolute expiry; sessions from before count from their start.
    {
        "ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT ''",
        "UPDATE sessions SET last_seen_at = created_at",
    },
    // 12: the jury's word to the applicant beside each decision, and what a
    // call's applicants see once its decisions are released (the decision;
    // with the jury's feedback; or with the automatic scores too); and the
    // under-reviewed proposals an organiser let into the final shortlist.
    {
        "ALTER TABLE decisions ADD COLUMN comment TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE decision_releases ("
        " call_id TEXT PRIMARY KEY REFERENCES calls(id),"
        " shown TEXT NOT NULL,"
        " released_at TEXT NOT NULL,"
        " actor TEXT NOT NULL)",
        "CREATE TABLE jury_admissions ("
        " submission_id TEXT PRIMARY KEY REFERENCES submissions(id),"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " admitted_at TEXT NOT NULL)",
    },
    // 13: the outbox of e-mail to applicants (core/store/outbox.h), written
    // in the transaction of the change that causes it, and each attempt to
    // deliver a message. `secret` is what to blank in the body once it is
    // delivered (an edit key); times are ISO 8601 UTC text.
    {
        "CREATE TABLE mail_outbox ("
        " id BIGINT PRIMARY KEY,"
        " recipient TEXT NOT NULL,"
        " language TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " secret TEXT NOT NULL,"
        " submission_id TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " state TEXT NOT NULL,"
        " attempts BIGINT NOT NULL,"
        " next_attempt_at TEXT NOT NULL,"
        " claimed_at TEXT NOT NULL,"
        " sent_at TEXT NOT NULL,"
        " last_error TEXT NOT NULL)",
        "CREATE INDEX mail_outbox_by_state ON mail_outbox (state, next_attempt_at)",
        "CREATE TABLE mail_attempts ("
        " mail_id BIGINT NOT NULL REFERENCES mail_outbox(id),"
        " attempt BIGINT NOT NULL,"
        " at TEXT NOT NULL,"
        " outcome TEXT NOT NULL,"
        " detail TEXT NOT NULL,"
        " PRIMARY KEY (mail_id, attempt))",
    },
    // 14: online applications: the SHA-256 of each one's edit key (the key
    // itself is shown to the applicant once and never kept), the language
    // the applicant wrote in; and each extension of a call's deadline, the
    // latest one being the call's deadline, with why, when and by whom.
    {
        "CREATE TABLE application_keys ("
        " submission_id TEXT PRIMARY KEY REFERENCES submissions(id),"
        " key_hash TEXT NOT NULL,"
        " language TEXT NOT NULL,"
        " created_at TEXT NOT NULL)",
        "CREATE TABLE deadline_extensions ("
        " call_id TEXT NOT NULL REFERENCES calls(id),"
        " seq BIGINT NOT NULL,"
        " closes TEXT NOT NULL,"
        " reason TEXT NOT NULL,"
        " actor TEXT NOT NULL,"
        " at TEXT NOT NULL,"
        " PRIMARY KEY (call_id, seq))",
    },
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Expected<int> migrate(Database& db) {
  try {
    Poco::Int64 version = 0;
    db.transaction([&](Database& tx) {
      tx.session() << "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", now;
      tx.session() << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version), now;
    });
    if (version > latest_schema_version()) {
      return Diagnostic{"",
                        {},
                        "the database has schema version " + std::to_string(version) +
                            ", newer than the " + std::to_string(latest_schema_version()) +
                            " this version of Shortlist knows: use a newer Shortlist"};
    }
    for (auto next = static_cast<std::size_t>(version); next < kMigrations.size(); ++next) {
      db.transaction([&](Database& tx) {
        // Another process may have applied it while this one waited.
        Poco::Int64 current = 0;
        tx.session() << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(current), now;
        if (current > static_cast<Poco::Int64>(next)) return;
        for (const std::string& statement : kMigrations[next]) tx.session() << statement, now;
        Poco::Int64 applied = static_cast<Poco::Int64>(next + 1);
        tx.session() << tx.sql("INSERT INTO schema_version (version) VALUES (?)"), use(applied),
            now;
      });
    }
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "cannot update the database schema: " + e.displayText()};
  }
  return latest_schema_version();
}

}  // namespace shortlist::store
