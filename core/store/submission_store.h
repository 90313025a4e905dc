// Submissions in the store: each accepted proposal with its versions (an
// applicant may resubmit before the deadline), its status history, and an
// audit entry for every change — each operation one transaction.
//
//   Expected<StoredSubmission> s = store_proposal(db, "dc-2026", proposal, "cli");
//   std::optional<SubmissionStatus> st = find_by_tracking_code(db, "7Q2M-KD4X-9TBW");
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ingest/submission_reader.h"
#include "core/model/proposal.h"
#include "core/store/database.h"
#include "core/store/outbox.h"

struct sqlite3_stmt;

namespace shortlist::store {

enum class Stored {
  New,            // a new submission, version 1
  NewVersion,     // a known id with new text: the next version
  AlreadyStored,  // this exact text is stored already (a re-run, or a resend)
};

struct StoredSubmission {
  Stored what = Stored::New;
  std::string id;
  std::string tracking_code;  // the stored one: a new version keeps its code
  std::int64_t version = 1;
};

// Stores `proposal` for `call_id` (the call is created if new).
Expected<StoredSubmission> store_proposal(Database& db, const std::string& call_id,
                                          const Proposal& proposal, const std::string& actor);

// An online application's version (core/app/submit_application.h): stored
// as store_proposal stores a file, as a draft when the applicant keeps it
// unfinished, and, when new, with the SHA-256 of its edit key.
struct ApplicationVersion {
  bool draft = false;
  std::string edit_key_hash;  // for a new application
  std::string language;       // the applicant's, for what is sent to them
  // The receipt e-mailed to a new application's applicant (store/outbox.h),
  // queued in the transaction that stores it; none without an address.
  std::optional<Receipt> receipt = {};
};
Expected<StoredSubmission> store_application(Database& db, const std::string& call_id,
                                             const Proposal& proposal, const std::string& actor,
                                             const ApplicationVersion& application);

// A submission that was read but is invalid: stored as such, with the
// reason, so that the applicant can look it up and send a corrected version.
struct InvalidSubmission {
  std::string id;
  std::string title;
  std::string language;
  std::string applicant;
  std::string country;
  std::string content_hash;  // of the bytes as sent
  std::string source;
  std::string reason;
  std::string tracking_code;  // for a new submission
};

// Stores an invalid submission: received, then invalid with the reason; the
// same bytes sent again are recognised, and a corrected version follows it
// under the same id and tracking code.
Expected<StoredSubmission> store_invalid(Database& db, const std::string& call_id,
                                         const InvalidSubmission& submission,
                                         const std::string& actor);

// A batch as read, stored the way `shortlist ingest --db` stores it, in the
// order its versions apply (oldest file first, so that each id's newest
// file is its current version): every proposal (store_proposal), every
// valid version a later file replaced, and every exclusion that was read but
// is invalid (store_invalid; one that could not be read has nothing to
// keep). Each proposal's tracking code becomes the stored one.
struct StoredBatch {
  std::vector<Expected<StoredSubmission>> proposals;  // one per batch.proposals
  // One per batch.excluded; none for an exclusion with nothing to store.
  // An invalid file is stored as invalid, a valid version a later file
  // replaced as an earlier version.
  std::vector<std::optional<Expected<StoredSubmission>>> excluded;
  std::size_t failed = 0;     // proposals and exclusions that could not be stored
  std::string first_failure;  // the first one's reason
};
StoredBatch store_batch(Database& db, const std::string& call_id, ingest::Submissions& batch,
                        const std::string& actor);

struct StatusChange {
  std::string status;
  std::string reason;
  std::string actor;
  std::string at;
};

struct SubmissionStatus {
  std::string id;
  std::string title;
  std::string language;
  std::string status;
  std::int64_t version = 1;
  std::vector<StatusChange> history;  // oldest first
  bool feedback_released = false;     // the call's organisers released feedback
  // What the organisers chose to show with the call's decisions ("decision",
  // "feedback" or "scores"); "" until they released them.
  std::string shown = {};
  std::string jury_comment = {};  // released with the decision, or ""

  bool decisions_released() const { return !shown.empty(); }
  // Scores are shown when released, unless the decisions came out without them.
  bool scores_shown() const { return feedback_released && (shown.empty() || shown == "scores"); }
  bool jury_comment_shown() const {
    return !jury_comment.empty() && (shown == "feedback" || shown == "scores");
  }
};

// `code` as stored (canonical form).
std::optional<SubmissionStatus> find_by_tracking_code(Database& db, const std::string& code);

// The same lookup prepared once for a connection and run for many codes:
// preparing the statement is most of a lookup's cost. Used by one thread at
// a time, with the connection it was made for.
class TrackingCodeLookup {
 public:
  explicit TrackingCodeLookup(Database& db);
  ~TrackingCodeLookup();
  TrackingCodeLookup(const TrackingCodeLookup&) = delete;
  TrackingCodeLookup& operator=(const TrackingCodeLookup&) = delete;
  std::optional<SubmissionStatus> find(const std::string& code);

 private:
  Database& db_;
  // On SQLite the statement is SQLite's own, prepared once (Poco prepares
  // a statement again at every execution); elsewhere, Poco's.
  sqlite3_stmt* sqlite_ = nullptr;
};

// A call's submissions as its organisers see them at a glance, by id.
struct SubmissionSummary {
  std::string id;
  std::string title;
  std::string status;
  std::string language;
  std::string country;
};
std::vector<SubmissionSummary> list_submissions(Database& db, const std::string& call);

// The organisations that applied to a call, as they last wrote their name,
// country and e-mail: what blind review hides from jurors.
struct ApplicantSummary {
  std::string name;
  std::string country;
  std::string email;
};
std::vector<ApplicantSummary> list_applicants(Database& db, const std::string& call);

// The current version of each of a call's submissions, by id: what an
// evaluation of the stored call reads (proposal_from_stored rebuilds it).
struct CurrentVersion {
  std::string id;
  std::string status;
  std::string reason;  // of the latest status change
  std::string source;  // the file it was read from
  std::string tracking_code;
  std::string document;      // JSON, as document_of wrote it
  std::string submitted_at;  // when the store first received the submission
};
std::vector<CurrentVersion> current_versions(Database& db, const std::string& call);

// A proposal rebuilt from its stored document: its text analysed again
// (ingest::analyse_text), so that it is what ingestion made of it.
Expected<Proposal> proposal_from_stored(const CurrentVersion& version);

// The call's current versions as an evaluation reads them: each valid one
// rebuilt as a proposal, each invalid one excluded with its stored reason;
// drafts, which their applicants have not sent, are left out.
Expected<ingest::Submissions> stored_submissions(Database& db, const std::string& call);

// The stored document (JSON) of a submission's current version.
std::optional<std::string> current_document(Database& db, const std::string& id);

std::size_t count_submissions(Database& db);

}  // namespace shortlist::store
