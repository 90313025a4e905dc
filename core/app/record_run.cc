#include "core/app/record_run.h"

#include <sstream>

#include "core/report/report.h"
#include "core/store/submission_store.h"

namespace shortlist::app {

Expected<store::RecordedRun> record_run(store::Database& db, const std::string& call,
                                        const PreparedCall& prepared, const Evaluation& evaluation,
                                        const RecordOptions& options) {
  // The report kept is the JSON report of the whole ranking, as
  // `evaluate --format json` prints it without --top.
  std::ostringstream report;
  write_json(report, ReportInput{*prepared.config, evaluation, prepared.scorers},
             ReportOptions{options.report_language, {}});
  return store::record_run(db, call, *prepared.config, evaluation, prepared.scorers, report.str(),
                           options.actor);
}

Expected<StoredCallOutcome> evaluate_stored_call(store::Database& db, const std::string& call,
                                                 PreparedCall& prepared,
                                                 const EvaluateOptions& evaluate,
                                                 const RecordOptions& record) {
  Expected<ingest::Submissions> submissions = store::stored_submissions(db, call);
  if (!submissions) return std::move(submissions).take_problems();
  StoredCallOutcome done;
  done.stored = submissions->proposals.size() + submissions->excluded.size();
  Expected<CallOutcome> outcome = evaluate_call(prepared, std::move(submissions).value(), evaluate);
  if (!outcome) return std::move(outcome).take_problems();
  done.outcome = std::move(outcome).value();
  if (done.outcome.evaluation.ranking.empty()) return done;
  Expected<store::RecordedRun> run =
      record_run(db, call, prepared, done.outcome.evaluation, record);
  if (!run) return std::move(run).take_problems();
  done.run = *run;
  return done;
}

}  // namespace shortlist::app
