// Feedback the organisers release to applicants: the scores of one
// evaluation run of a call. Until it is released, `shortlist status` says
// nothing of scores; after, each applicant sees their own proposal's rank,
// score and per-criterion explanations — never another proposal's.
//
//   release_feedback(db, "dc-2026", 3, "cli");   // run 3's scores may be shown
//   std::optional<Feedback> f = released_feedback(db, "ke-1");
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/criteria/call_config.h"
#include "core/store/database.h"
#include "core/store/run_store.h"

namespace shortlist::store {

struct Feedback {
  std::int64_t run = 0;
  std::string released_at;
  std::size_t ranked = 0;  // how many proposals the run ranked
  StoredEntry entry;       // this proposal's rank, score and scores
  // Each criterion's label as the run's criteria file gives it, by id.
  std::map<std::string, LocalizedText> labels = {};
};

// Shows `run`'s scores to the call's applicants, in place of any run released
// before; false when that run is released already. Problems: no such run, or
// a run of another call.
Expected<bool> release_feedback(Database& db, const std::string& call, std::int64_t run,
                                const std::string& actor);
// The same inside the caller's transaction.
Expected<bool> release_feedback_in(Database& tx, const std::string& call, std::int64_t run,
                                   const std::string& actor);
// The run whose scores the call's applicants may see, if any.
std::optional<std::int64_t> released_run_of(Database& db, const std::string& call);

// Hides the call's scores again; false when none were released.
Expected<bool> withdraw_feedback(Database& db, const std::string& call, const std::string& actor);

// The released feedback for one submission, if its call has some and the
// released run ranked it.
std::optional<Feedback> released_feedback(Database& db, const std::string& submission_id);

}  // namespace shortlist::store
