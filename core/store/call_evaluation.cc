#include "core/store/call_evaluation.h"

#include "core/store/submission_store.h"

namespace shortlist::store {

Expected<ingest::Submissions> stored_submissions(Database& db, const std::string& call) {
  ingest::Submissions submissions;
  for (const CurrentVersion& version : current_versions(db, call)) {
    if (version.status == "invalid") {
      submissions.excluded.push_back({version.source, version.reason, version.id, "", ""});
      continue;
    }
    Expected<Proposal> proposal = proposal_from_stored(version);
    if (!proposal) return proposal.problems();
    submissions.proposals.push_back(std::move(proposal).value());
  }
  return submissions;
}

Expected<CallEvaluation> evaluate_stored_call(Database& db, const std::string& call,
                                              const CallConfig& config, Scorers& scorers,
                                              const RunReport& report, const std::string& actor,
                                              const EvaluationOptions& options) {
  Expected<ingest::Submissions> submissions = stored_submissions(db, call);
  if (!submissions) return submissions.problems();
  CallEvaluation done;
  done.stored = submissions->proposals.size() + submissions->excluded.size();
  Expected<Evaluation> evaluation =
      evaluate(config, scorers, std::move(submissions).value(), options);
  if (!evaluation) return evaluation.problems();
  done.evaluation = std::move(evaluation).value();
  if (done.evaluation.ranking.empty()) return done;
  Expected<RecordedRun> run =
      record_run(db, call, config, done.evaluation, scorers, report(done.evaluation), actor);
  if (!run) return run.problems();
  done.run = *run;
  return done;
}

}  // namespace shortlist::store
