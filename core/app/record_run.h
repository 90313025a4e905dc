// record_run: an evaluation kept in the store as a run of its call, and
// evaluate_stored_call: the call ranked as the store holds it and recorded —
// the one use-case behind `shortlist evaluate --db` and POST /api/v1/runs,
// so that both front ends record the same run for the same store.
//
//   Expected<app::PreparedCall> prepared = app::prepare_call(config, registry);
//   Expected<app::StoredCallOutcome> done =
//       app::evaluate_stored_call(db, "main", *prepared, {}, {"cli"});
//   if (done && done->run) std::cout << "recorded as run " << done->run->id;
#pragma once

#include <optional>
#include <string>

#include "core/app/evaluate_call.h"
#include "core/store/database.h"
#include "core/store/run_store.h"

namespace shortlist::app {

struct RecordOptions {
  std::string actor;                   // in the run and its audit entry
  std::string report_language = "en";  // labels given per language, in the kept report
};

// Records `evaluation` as a run of `call` in one transaction with its audit
// entry, keeping the JSON report the evaluation gives (with the run's
// criteria, plugins and inputs hash); the call's stored submissions become
// eligible, or ineligible with their gate's message.
Expected<store::RecordedRun> record_run(store::Database& db, const std::string& call,
                                        const PreparedCall& prepared, const Evaluation& evaluation,
                                        const RecordOptions& options);

struct StoredCallOutcome {
  std::size_t stored = 0;  // current versions read, valid or not
  CallOutcome outcome;
  // The run recorded; none when nothing could be ranked (a run that ranks
  // nothing would become the call's latest and hide the one before).
  std::optional<store::RecordedRun> run;
};

// Evaluates the call's stored current versions and, when anything was
// ranked, records the run (record_run), so that a recorded run always
// describes what the store holds. Fails when a stored version cannot be
// rebuilt, the evaluation fails, or the run cannot be recorded.
Expected<StoredCallOutcome> evaluate_stored_call(store::Database& db, const std::string& call,
                                                 PreparedCall& prepared,
                                                 const EvaluateOptions& evaluate,
                                                 const RecordOptions& record);

}  // namespace shortlist::app
