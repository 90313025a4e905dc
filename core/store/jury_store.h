// The jury in the store: the roster of a call with declared conflicts, the
// assignments (the solver's and the organiser's), reviews, and decisions.
// Each operation is one transaction with its audit entries; a refused one
// writes nothing.
//
//   save_jurors(db, "main", roster, "cli");
//   record_review(db, "main", config.jury, {"ke-1", "amara", false, "", 1, {{"feasibility", 4}}},
//   "amara"); record_decision(db, "ke-1", "awarded", "strongest plan for paperless trade", "cli");
//   release_decisions(db, "main", "cli");   // statuses move; applicants see them
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/jury/juror.h"
#include "core/store/database.h"

namespace shortlist::store {

// Adds the roster's jurors to a call, or updates those already there (their
// declared conflicts are replaced by the roster's). Returns how many are new.
Expected<std::size_t> save_jurors(Database& db, const std::string& call,
                                  const std::vector<jury::Juror>& jurors, const std::string& actor);
std::vector<jury::Juror> load_jurors(Database& db, const std::string& call);

// A proposal as the jury workflow sees it.
struct JuryProposal {
  jury::ProposalForJury proposal;  // id, language, applicant name, country
  std::string title;
  std::string status;
};

// The proposals a run shortlisted that are eligible or already in review,
// in rank order. Problems: no such run, a run of another call.
Expected<std::vector<JuryProposal>> shortlisted_proposals(Database& db, const std::string& call,
                                                          std::int64_t run);
// The proposals in review (assigned) for a call.
std::vector<JuryProposal> proposals_in_review(Database& db, const std::string& call);
// Latest run of a call that was not withdrawn, if any.
std::optional<std::int64_t> latest_run(Database& db, const std::string& call);

struct StoredAssignment {
  std::string proposal;
  std::string juror;
  bool manual = false;
  std::string reason = {};  // why the organiser made it
};
std::vector<StoredAssignment> load_assignments(Database& db, const std::string& call);

struct StoredExclusion {
  std::string proposal;
  std::string juror;
  std::string reason;
};
std::vector<StoredExclusion> load_exclusions(Database& db, const std::string& call);

// Records pairings, each proposal moving to in_review; pairs already stored
// are left alone. Returns how many are new.
Expected<std::size_t> save_assignments(Database& db, const std::string& call,
                                       const std::vector<StoredAssignment>& assignments,
                                       const std::string& actor);
// The organiser keeps a juror away from a proposal; an assignment without a
// review yet is withdrawn. Refused once the juror has reviewed it.
Expected<bool> exclude_pairing(Database& db, const std::string& call, const std::string& proposal,
                               const std::string& juror, const std::string& reason,
                               const std::string& actor);

struct ReviewScore {
  std::string criterion;
  double score = 0;
  std::string comment;
};

struct ReviewRecord {
  std::string proposal;
  std::string juror;
  bool abstained = false;
  std::string comment;              // overall; the reason when abstaining
  double confidence = 1;            // the juror's own, > 0
  std::vector<ReviewScore> scores;  // one per jury criterion unless abstaining
  std::string submitted_at = {};    // set by the store
};

// Checks the review against the call's jury criteria (every criterion once,
// within its scale, a comment where required; or an abstention with a
// reason) and that the juror is assigned and review is still open, then
// stores it, replacing the juror's earlier review of that proposal. Returns
// true when it replaced one.
Expected<bool> record_review(Database& db, const std::string& call, const JurySettings& settings,
                             const ReviewRecord& review, const std::string& actor);
std::vector<ReviewRecord> load_reviews(Database& db, const std::string& call);

// Decisions: awarded, not_awarded, waitlisted, shortlisted, not_shortlisted.
bool is_decision(const std::string& decision);

// Records (or replaces, until released) the decision on a proposal in
// review; its status does not change until the call's decisions are
// released.
Expected<bool> record_decision(Database& db, const std::string& proposal,
                               const std::string& decision, const std::string& reason,
                               const std::string& actor);

struct StoredDecision {
  std::string proposal;
  std::string decision;
  std::string reason;
  std::string actor;
  std::string decided_at;
  std::string released_at;  // empty until released
};
std::vector<StoredDecision> load_decisions(Database& db, const std::string& call);

// Moves every proposal with an unreleased decision to that status (through
// shortlisted where the lifecycle needs it), in one transaction. Returns how
// many were released.
Expected<std::size_t> release_decisions(Database& db, const std::string& call,
                                        const std::string& actor);

}  // namespace shortlist::store
