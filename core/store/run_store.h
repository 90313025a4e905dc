// Frozen evaluation runs: everything needed to show, check and compare a
// ranking later without the files or plugins that produced it — the
// criteria file's text and hash, each plugin's name, version and SHA-256,
// a hash of the input set, the seed, the report, and every score.
//
//   Expected<std::int64_t> id = record_run(db, "main", config, evaluation, scorers, report, "cli");
//   Expected<StoredRun> run = load_run(db, *id);
//   withdraw_run(db, *id, "the criteria file had the wrong weights", "cli");
//
// A withdrawn run is kept, with why, when and by whom, but is never again its
// call's latest run (latest_run, in jury_store.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/criteria/call_config.h"
#include "core/evaluation/evaluation.h"
#include "core/store/database.h"

namespace shortlist::store {

struct StoredScore {
  std::string criterion;
  double raw = 0;
  double normalized = 0;
  double contribution = 0;
  std::string explanation;
  std::string plugin;  // its name; version and SHA-256 in StoredRun::plugins
  // "" or, when the plugin gave no value, why (e.g. "not measurable in de")
  // and how the criterion's missing-value policy filled it in, as
  // CriterionResult::imputed says it. Runs recorded before schema 9: "".
  std::string imputed;
};

// What a reader is told of a score: the plugin's explanation and, for a
// value it could not give, why and how it was filled in, in brackets.
std::string explanation_shown(const StoredScore& score);

struct StoredEntry {
  std::int64_t rank = 0;
  std::string proposal;
  std::string title;
  double score = 0;
  bool shortlisted = false;
  std::vector<StoredScore> scores;  // in the criteria file's order
};

struct StoredPlugin {
  std::string name;
  std::string version;
  std::string sha256;
};

struct RunWithdrawal {
  std::string reason;
  std::string actor;
  std::string at;
};

struct StoredRun {
  std::int64_t id = 0;
  std::string call;
  std::string created_at;
  std::string actor;
  std::string method;
  std::int64_t seed = 0;
  std::string criteria_source;
  std::string criteria_content;
  std::string criteria_sha256;
  std::string inputs_sha256;
  std::string report;  // the JSON report as it was printed
  std::optional<RunWithdrawal> withdrawal;
  std::vector<StoredPlugin> plugins;
  std::vector<StoredEntry> entries;  // by rank
};

struct RecordedRun {
  std::int64_t id = 0;
  std::size_t eligible = 0;    // stored submissions the run found eligible
  std::size_t ineligible = 0;  // and those a gate excluded
};

// Records a run in one transaction (with an audit entry). In the same
// transaction the call's stored submissions become eligible, or ineligible
// with the gate's message; one not stored, or already further on, stays as
// it is.
Expected<RecordedRun> record_run(Database& db, const std::string& call, const CallConfig& config,
                                 const Evaluation& evaluation, const Scorers& scorers,
                                 const std::string& report, const std::string& actor);

Expected<StoredRun> load_run(Database& db, std::int64_t id);

// Marks a run withdrawn, with an audit entry, in one transaction. Refused
// for a run that does not exist, one already withdrawn, an empty reason,
// and a run whose scores applicants see (withdraw the feedback first).
Expected<RunWithdrawal> withdraw_run(Database& db, std::int64_t id, const std::string& reason,
                                     const std::string& actor);

struct RunSummary {
  std::int64_t id = 0;
  std::string call;
  std::string created_at;
  std::string method;
  std::size_t ranked = 0;
  std::string criteria_sha256;
  bool withdrawn = false;
};
std::vector<RunSummary> list_runs(Database& db);

// SHA-256 over the sorted content hashes of the proposals ranked and the
// sources excluded: equal for the same input set in any order.
std::string inputs_hash(const Evaluation& evaluation);

}  // namespace shortlist::store
