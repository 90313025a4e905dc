#include "core/store/feedback.h"

#include <Poco/Data/DataException.h>

#include "core/store/audit_log.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

std::optional<Poco::Int64> released_run(Database& tx, std::string call) {
  std::vector<Poco::Int64> runs;
  tx.session() << tx.sql("SELECT run_id FROM feedback_releases WHERE call_id = ?"), into(runs),
      use(call), now;
  if (runs.empty()) return std::nullopt;
  return runs[0];
}

}  // namespace

std::optional<std::int64_t> released_run_of(Database& db, const std::string& call) {
  return released_run(db, call);
}

Expected<bool> release_feedback(Database& db, const std::string& call, std::int64_t run,
                                const std::string& actor) {
  return transact<bool>(db, "release feedback for call '" + call + "'",
                        [&](Database& tx) { return release_feedback_in(tx, call, run, actor); });
}

Expected<bool> release_feedback_in(Database& tx, const std::string& call, std::int64_t run,
                                   const std::string& actor) {
  Poco::Int64 id = run;
  std::vector<std::string> calls;
  tx.session() << tx.sql("SELECT call_id FROM runs WHERE id = ?"), into(calls), use(id), now;
  if (calls.empty() || calls[0] != call) {
    return Diagnostic{"",
                      {},
                      calls.empty() ? "there is no run " + std::to_string(run)
                                    : "run " + std::to_string(run) + " belongs to call '" +
                                          calls[0] + "', not '" + call + "'"};
  }
  std::vector<std::string> withdrawn;
  tx.session() << tx.sql("SELECT reason FROM run_withdrawals WHERE run_id = ?"), into(withdrawn),
      use(id), now;
  if (!withdrawn.empty()) {
    return Diagnostic{
        "", {}, "run " + std::to_string(run) + " was withdrawn (" + withdrawn[0] + ")"};
  }
  const std::optional<Poco::Int64> before = released_run(tx, call);
  if (before == id) return false;
  std::string call_id = call, at = utc_now(), who = actor;
  ChangedRows written(tx, {{"feedback_releases", {call}}});
  if (before) {
    tx.session() << tx.sql(
        "UPDATE feedback_releases SET run_id = ?, released_at = ?, actor = ? "
        "WHERE call_id = ?"),
        use(id), use(at), use(who), use(call_id), now;
  } else {
    tx.session() << tx.sql(
        "INSERT INTO feedback_releases (call_id, run_id, released_at, actor) "
        "VALUES (?, ?, ?, ?)"),
        use(call_id), use(id), use(at), use(who), now;
  }
  append_audit(tx, {actor, "feedback.released", call, audit_details({{"run", id}})}, written);
  return true;
}

Expected<bool> withdraw_feedback(Database& db, const std::string& call, const std::string& actor) {
  return transact<bool>(
      db, "withdraw feedback for call '" + call + "'", [&](Database& tx) -> Expected<bool> {
        const std::optional<Poco::Int64> before = released_run(tx, call);
        if (!before) return false;
        std::string call_id = call;
        ChangedRows written(tx, {{"feedback_releases", {call}}});
        tx.session() << tx.sql("DELETE FROM feedback_releases WHERE call_id = ?"), use(call_id),
            now;
        append_audit(tx, {actor, "feedback.withdrawn", call, audit_details({{"run", *before}})},
                     written);
        return true;
      });
}

std::optional<Feedback> released_feedback(Database& db, const std::string& submission_id) {
  std::string id = submission_id;
  std::vector<Poco::Int64> runs;
  std::vector<std::string> times;
  db.session() << db.sql(
      "SELECT f.run_id, f.released_at FROM feedback_releases f "
      "JOIN submissions s ON s.call_id = f.call_id WHERE s.id = ?"),
      into(runs), into(times), use(id), now;
  if (runs.empty()) return std::nullopt;
  Expected<StoredRun> run = load_run(db, runs[0]);
  if (!run) return std::nullopt;
  for (StoredEntry& entry : run->entries) {
    if (entry.proposal == submission_id) {
      Feedback feedback{run->id, times[0], run->entries.size(), std::move(entry)};
      // The labels of the file the run was made with, so that an applicant
      // reads each criterion as the call names it in their language.
      if (Expected<CallConfig> config =
              parse_call_config(run->criteria_content, run->criteria_source)) {
        for (const Criterion& criterion : config->criteria) {
          feedback.labels[criterion.id] = criterion.label;
        }
      }
      return feedback;
    }
  }
  return std::nullopt;
}

}  // namespace shortlist::store
