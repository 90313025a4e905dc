#include "core/store/run_store.h"

#include <Poco/Data/DataException.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/store/audit_log.h"
#include "core/store/lifecycle.h"
#include "core/util/digest.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

}  // namespace

std::string inputs_hash(const Evaluation& evaluation) {
  std::vector<std::string> parts;
  for (const Proposal& p : evaluation.proposals) parts.push_back("ranked:" + p.content_hash);
  for (const ingest::Exclusion& e : evaluation.excluded) parts.push_back("excluded:" + e.source);
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const std::string& part : parts) joined += part + "\n";
  return sha256_hex(joined);
}

Expected<RecordedRun> record_run(Database& db, const std::string& call, const CallConfig& config,
                                 const Evaluation& evaluation, const Scorers& scorers,
                                 const std::string& report, const std::string& actor) {
  return transact<RecordedRun>(db, "record the run", [&](Database& tx) -> Expected<RecordedRun> {
    RecordedRun recorded;
    Poco::Int64 id = 0;
    tx.session() << "SELECT COALESCE(MAX(id), 0) + 1 FROM runs", into(id), now;
    std::string call_id = call, at = utc_now(), who = actor;
    std::string method(to_string(config.method));
    Poco::Int64 seed = static_cast<Poco::Int64>(config.seed);
    std::string source = config.source, content = config.content;
    std::string criteria_hash = sha256_hex(config.content), inputs = inputs_hash(evaluation);
    std::string text = report;
    const std::string run = std::to_string(id);
    ChangedRows written(
        tx,
        {{"runs", {run}}, {"run_plugins", {run}}, {"run_entries", {run}}, {"run_scores", {run}}});
    tx.session() << tx.sql(
        "INSERT INTO runs (id, call_id, created_at, actor, method, seed, "
        "criteria_source, criteria_content, criteria_sha256, inputs_sha256, "
        "report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        use(id), use(call_id), use(at), use(who), use(method), use(seed), use(source), use(content),
        use(criteria_hash), use(inputs), use(text), now;
    std::map<std::string, const LoadedPlugin*> plugins;
    for (const PluginInstance& s : scorers.criteria) plugins[s.plugin().name] = &s.plugin();
    for (const PluginInstance& s : scorers.gates) plugins[s.plugin().name] = &s.plugin();
    for (const auto& [name, plugin] : plugins) {
      std::string n = name, version = plugin->version, sha = plugin->sha256;
      tx.session() << tx.sql(
          "INSERT INTO run_plugins (run_id, name, version, sha256) VALUES (?, ?, ?, ?)"),
          use(id), use(n), use(version), use(sha), now;
    }
    for (const RankedProposal& entry : evaluation.ranking) {
      const Proposal& p = evaluation.proposals[entry.proposal];
      Poco::Int64 rank = static_cast<Poco::Int64>(entry.rank);
      Poco::Int64 shortlisted = entry.shortlisted ? 1 : 0;
      std::string proposal = p.id, title = p.title;
      double score = entry.score;
      tx.session() << tx.sql(
          "INSERT INTO run_entries (run_id, rank, proposal_id, title, score, "
          "shortlisted) VALUES (?, ?, ?, ?, ?, ?)"),
          use(id), use(rank), use(proposal), use(title), use(score), use(shortlisted), now;
      for (std::size_t j = 0; j < config.criteria.size(); ++j) {
        const CriterionResult& r = entry.criteria[j];
        std::string criterion = config.criteria[j].id, explanation = r.explanation,
                    plugin = scorers.criteria[j].plugin().name, imputed = r.imputed;
        double raw = r.raw, normalized = r.normalized, contribution = r.contribution;
        tx.session() << tx.sql(
            "INSERT INTO run_scores (run_id, proposal_id, criterion_id, raw, "
            "normalized, contribution, explanation, plugin, imputed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            use(id), use(proposal), use(criterion), use(raw), use(normalized), use(contribution),
            use(explanation), use(plugin), use(imputed), now;
      }
    }
    append_audit(tx,
                 {actor, "run.recorded", "run " + std::to_string(id),
                  audit_details({{"criteria_sha256", criteria_hash},
                                 {"inputs_sha256", inputs},
                                 {"ranked", evaluation.ranking.size()}})},
                 written);
    std::vector<std::string> ids;
    tx.session() << tx.sql("SELECT id FROM submissions WHERE call_id = ?"), into(ids), use(call_id),
        now;
    const std::set<std::string> stored(ids.begin(), ids.end());
    auto mark = [&](const std::string& submission, const std::string& status,
                    const std::string& reason) {
      if (!stored.count(submission)) return false;
      Expected<bool> moved = move_status(tx, submission, status, reason, actor);
      return moved && *moved;
    };
    for (const RankedProposal& entry : evaluation.ranking) {
      recorded.eligible += mark(evaluation.proposals[entry.proposal].id, "eligible", "");
    }
    for (const ingest::Exclusion& e : evaluation.excluded) {
      if (!e.gate.empty()) recorded.ineligible += mark(e.id, "ineligible", e.reason);
    }
    recorded.id = id;
    return recorded;
  });
}

std::string explanation_shown(const StoredScore& score) {
  if (score.imputed.empty()) return score.explanation;
  if (score.explanation.empty()) return "(" + score.imputed + ")";
  return score.explanation + " (" + score.imputed + ")";
}

Expected<StoredRun> load_run(Database& db, std::int64_t id) {
  StoredRun run;
  Poco::Int64 key = id;
  std::vector<std::string> calls;
  std::vector<Poco::Int64> seeds;
  db.session() << db.sql("SELECT call_id, seed FROM runs WHERE id = ?"), into(calls), into(seeds),
      use(key), now;
  if (calls.empty()) return Diagnostic{"", {}, "there is no run " + std::to_string(id)};
  run.id = id;
  run.call = calls[0];
  run.seed = seeds[0];
  db.session() << db.sql(
      "SELECT created_at, actor, method, criteria_source, criteria_content, "
      "criteria_sha256, inputs_sha256, report FROM runs WHERE id = ?"),
      into(run.created_at), into(run.actor), into(run.method), into(run.criteria_source),
      into(run.criteria_content), into(run.criteria_sha256), into(run.inputs_sha256),
      into(run.report), use(key), now;
  std::vector<std::string> why, who, when;
  db.session() << db.sql(
      "SELECT reason, actor, withdrawn_at FROM run_withdrawals WHERE run_id = ?"),
      into(why), into(who), into(when), use(key), now;
  if (!why.empty()) run.withdrawal = RunWithdrawal{why[0], who[0], when[0]};
  std::vector<std::string> names, versions, shas;
  db.session() << db.sql(
      "SELECT name, version, sha256 FROM run_plugins WHERE run_id = ? ORDER BY name"),
      into(names), into(versions), into(shas), use(key), now;
  for (std::size_t i = 0; i < names.size(); ++i)
    run.plugins.push_back({names[i], versions[i], shas[i]});
  std::vector<Poco::Int64> ranks, flags;
  std::vector<std::string> proposals, titles;
  std::vector<double> scores;
  db.session() << db.sql(
      "SELECT rank, proposal_id, title, score, shortlisted FROM run_entries "
      "WHERE run_id = ? ORDER BY rank"),
      into(ranks), into(proposals), into(titles), into(scores), into(flags), use(key), now;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    run.entries.push_back({ranks[i], proposals[i], titles[i], scores[i], flags[i] != 0, {}});
    at[proposals[i]] = i;
  }
  // Scores in the criteria file's order: the order they were written.
  std::vector<std::string> owners, criteria, explanations, plugins, imputed;
  std::vector<double> raws, normalized, contributions;
  db.session() << db.sql(
      "SELECT proposal_id, criterion_id, raw, normalized, contribution, explanation, plugin, "
      "imputed FROM run_scores WHERE run_id = ?"),
      into(owners), into(criteria), into(raws), into(normalized), into(contributions),
      into(explanations), into(plugins), into(imputed), use(key), now;
  Expected<CallConfig> config = parse_call_config(run.criteria_content, run.criteria_source);
  std::map<std::string, std::size_t> position;
  if (config) {
    for (std::size_t j = 0; j < config->criteria.size(); ++j) position[config->criteria[j].id] = j;
  }
  for (StoredEntry& entry : run.entries) entry.scores.resize(position.size());
  for (std::size_t i = 0; i < owners.size(); ++i) {
    auto entry = at.find(owners[i]);
    auto column = position.find(criteria[i]);
    if (entry == at.end() || column == position.end()) continue;
    run.entries[entry->second].scores[column->second] = {
        criteria[i],     raws[i],    normalized[i], contributions[i],
        explanations[i], plugins[i], imputed[i]};
  }
  return run;
}

Expected<RunWithdrawal> withdraw_run(Database& db, std::int64_t id, const std::string& reason,
                                     const std::string& actor) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Diagnostic{"", {}, "say why run " + std::to_string(id) + " is withdrawn"};
  }
  return transact<RunWithdrawal>(
      db, "withdraw run " + std::to_string(id), [&](Database& tx) -> Expected<RunWithdrawal> {
        Poco::Int64 key = id;
        std::vector<std::string> calls, before;
        tx.session() << tx.sql("SELECT call_id FROM runs WHERE id = ?"), into(calls), use(key), now;
        if (calls.empty()) return Diagnostic{"", {}, "there is no run " + std::to_string(id)};
        tx.session() << tx.sql("SELECT withdrawn_at FROM run_withdrawals WHERE run_id = ?"),
            into(before), use(key), now;
        if (!before.empty()) {
          return Diagnostic{
              "", {}, "run " + std::to_string(id) + " was already withdrawn at " + before[0]};
        }
        std::vector<Poco::Int64> released;
        tx.session() << tx.sql("SELECT run_id FROM feedback_releases WHERE run_id = ?"),
            into(released), use(key), now;
        if (!released.empty()) {
          return Diagnostic{"",
                            {},
                            "applicants of call '" + calls[0] + "' see their scores from run " +
                                std::to_string(id) +
                                ": withdraw that first (shortlist feedback withdraw)"};
        }
        RunWithdrawal withdrawal{reason, actor, utc_now()};
        ChangedRows written(tx, {{"run_withdrawals", {std::to_string(id)}}});
        tx.session() << tx.sql(
            "INSERT INTO run_withdrawals (run_id, reason, actor, withdrawn_at) "
            "VALUES (?, ?, ?, ?)"),
            use(key), use(withdrawal.reason), use(withdrawal.actor), use(withdrawal.at), now;
        append_audit(tx,
                     {actor, "run.withdrawn", "run " + std::to_string(id),
                      audit_details({{"call", calls[0]}, {"reason", reason}})},
                     written);
        return withdrawal;
      });
}

std::vector<RunSummary> list_runs(Database& db) {
  std::vector<Poco::Int64> ids, ranked, withdrawn;
  std::vector<std::string> calls, times, methods, hashes;
  db.session()
      << "SELECT r.id, r.call_id, r.created_at, r.method, r.criteria_sha256, "
         "COUNT(e.run_id), (SELECT COUNT(*) FROM run_withdrawals w WHERE w.run_id = r.id) "
         "FROM runs r LEFT JOIN run_entries e ON e.run_id = r.id "
         "GROUP BY r.id, r.call_id, r.created_at, r.method, r.criteria_sha256 ORDER BY r.id",
      into(ids), into(calls), into(times), into(methods), into(hashes), into(ranked),
      into(withdrawn), now;
  std::vector<RunSummary> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out.push_back({ids[i], calls[i], times[i], methods[i], static_cast<std::size_t>(ranked[i]),
                   hashes[i], withdrawn[i] > 0});
  }
  return out;
}

}  // namespace shortlist::store
