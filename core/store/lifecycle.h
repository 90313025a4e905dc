// A submission's lifecycle, and the only moves it may make:
//
//   received -> valid | invalid(reason) | draft
//   valid    -> eligible | ineligible(reason)
//   eligible -> in_review -> shortlisted | waitlisted | not_shortlisted
//   eligible -> not_shortlisted   (never sent to the jury: still an outcome)
//   shortlisted | waitlisted -> awarded | not_awarded   (waitlisted -> shortlisted too)
//
// A draft is an online application its applicant has not yet sent: kept,
// never evaluated. A new version starts again at `received`, which is allowed until review
// begins. Every change is timestamped with who made it, in the status
// history and the audit log.
//
//   Expected<bool> changed = set_status(db, "ke-1", "ineligible", "gate 'grant_cap': ...", "cli");
#pragma once

#include <string>
#include <string_view>

#include "core/store/database.h"

namespace shortlist::store {

bool is_status(std::string_view status);
bool allowed_move(std::string_view from, std::string_view to);
// States that need a reason: invalid, ineligible.
bool needs_reason(std::string_view status);
// States that are an outcome: nothing follows them but a new decision on
// an ineligible proposal found eligible after all.
bool is_outcome(std::string_view status);
// States in which an applicant may still send a new version.
bool open_for_versions(std::string_view status);

// Moves a stored submission to `status`; false when it is there already.
// Problems: no such submission, a move the lifecycle does not allow, a
// missing reason.
Expected<bool> set_status(Database& db, const std::string& id, const std::string& status,
                          const std::string& reason, const std::string& actor);

// The same inside the caller's transaction.
Expected<bool> move_status(Database& tx, const std::string& id, const std::string& status,
                           const std::string& reason, const std::string& actor);

// Inside a transaction: records the change without checking the move, and
// queues the applicant's notice when the new status has one (outbox.h).
void record_status(Database& tx, const std::string& id, const std::string& status,
                   const std::string& reason, const std::string& actor, const std::string& at);

}  // namespace shortlist::store
