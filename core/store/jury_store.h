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
#include <optional>
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

// The organiser lets a proposal with fewer scored reviews than the call
// asks for into the jury's final shortlist, with a reason (audited).
// Refused for a proposal not in review. Returns false when already admitted
// (the reason is replaced).
Expected<bool> admit_under_reviewed(Database& db, const std::string& call,
                                    const std::string& proposal, const std::string& reason,
                                    const std::string& actor);
struct StoredAdmission {
  std::string proposal;
  std::string reason;
  std::string actor;
  std::string admitted_at;
};
std::vector<StoredAdmission> load_admissions(Database& db, const std::string& call);

// Decisions: awarded, not_awarded, waitlisted, shortlisted, not_shortlisted.
bool is_decision(const std::string& decision);

// Records (or replaces, until released) the decision on a proposal in
// review, or on an eligible one the jury never read (not_shortlisted); its
// status does not change until the call's decisions are released.
// `comment` is the jury's word to the applicant, shown only when the
// organiser releases the jury's feedback with the decisions.
Expected<bool> record_decision(Database& db, const std::string& proposal,
                               const std::string& decision, const std::string& reason,
                               const std::string& actor, const std::string& comment = "");

// Gives `decision` to every proposal of the call that has none recorded and
// is not at an outcome already (invalid, ineligible, not_shortlisted,
// awarded, not_awarded), in one transaction. Refused whole, naming each
// proposal the lifecycle does not let become `decision`. Returns the ids
// decided, in id order.
Expected<std::vector<std::string>> record_remaining_decisions(Database& db, const std::string& call,
                                                              const std::string& decision,
                                                              const std::string& reason,
                                                              const std::string& actor,
                                                              const std::string& comment = "");

struct StoredDecision {
  std::string proposal;
  std::string decision;
  std::string reason;
  std::string actor;
  std::string decided_at;
  std::string released_at;   // empty until released
  std::string comment = {};  // the jury's word to the applicant, or ""
};
std::vector<StoredDecision> load_decisions(Database& db, const std::string& call);

// What applicants read once the decisions are released: the decision alone
// (with its reason); with the jury's comment; or with the automatic scores
// of an evaluation run too. Anything less than `scores` hides scores that
// `shortlist feedback release` showed before, so that a rank from the
// automatic run never stands beside a decision it did not make.
enum class Shown { Decision, Feedback, Scores };
std::string_view to_string(Shown shown);
std::optional<Shown> parse_shown(std::string_view text);

struct Release {
  Shown shown = Shown::Decision;
  // With Shown::Scores: the run whose scores applicants see; by default
  // the run released already, else the call's latest.
  std::optional<std::int64_t> run = std::nullopt;
};

// Moves every proposal with an unreleased decision to that status (through
// shortlisted where the lifecycle needs it) and records what applicants
// see, in one transaction. Returns how many decisions were released; the
// choice of what is shown is replaced even when none were.
Expected<std::size_t> release_decisions(Database& db, const std::string& call,
                                        const std::string& actor, const Release& release = {});

}  // namespace shortlist::store
