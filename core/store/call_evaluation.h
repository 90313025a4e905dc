// Evaluating a call as the store holds it, and recording the run: the one
// use-case behind `shortlist evaluate --db` and POST /api/v1/runs, so that a
// recorded run always describes the call's stored current versions and both
// front ends record the same run for the same store.
//
// It lives in the store because the store already depends on evaluation (a
// run freezes an Evaluation) and is the layer that reads stored submissions.
// The JSON report a run keeps is rendered by the caller's function: report/
// reads the store (status_report), so the store must not reach up to it.
//
//   Expected<CallEvaluation> done = evaluate_stored_call(db, "main", config, scorers,
//       [&](const Evaluation& e) { return json_report(config, e, scorers); }, "cli");
//   if (done && done->run) std::cout << "recorded as run " << done->run->id;
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"
#include "core/store/database.h"
#include "core/store/run_store.h"

namespace shortlist::store {

// The call's current versions as an evaluation reads them: each valid one
// rebuilt as a proposal, each invalid one excluded with its stored reason.
Expected<ingest::Submissions> stored_submissions(Database& db, const std::string& call);

struct CallEvaluation {
  std::size_t stored = 0;  // current versions read, valid or not
  Evaluation evaluation;
  // The run recorded; none when nothing could be ranked (a run that ranks
  // nothing would become the call's latest and hide the one before).
  std::optional<RecordedRun> run;
};

// The JSON report kept with the run.
using RunReport = std::function<std::string(const Evaluation&)>;

// Evaluates the call's stored current versions with `scorers` and records
// the run (record_run) when anything was ranked. Fails when a stored
// version cannot be rebuilt, when the evaluation fails, or when the run
// cannot be recorded.
Expected<CallEvaluation> evaluate_stored_call(Database& db, const std::string& call,
                                              const CallConfig& config, Scorers& scorers,
                                              const RunReport& report, const std::string& actor,
                                              const EvaluationOptions& options = {});

}  // namespace shortlist::store
