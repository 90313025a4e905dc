// `shortlist runs list|show ID|diff A B|withdraw ID --reason TEXT --db URI`:
// the evaluation runs kept in the store. `show` re-ranks from the snapshot
// alone, says whether the scores match and names each of the run's rows
// that is not what the audit log recorded; `diff` says what moved between
// two runs and why; `withdraw` keeps a run but stops it being its call's
// latest (the shortlist, the jury's default run).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/ranking/ranking.h"
#include "core/report/report.h"
#include "core/store/audit_log.h"
#include "core/store/run_store.h"
#include "core/text/unicode.h"

namespace shortlist::cli {
namespace {

using report::fixed;

// The scores the snapshot's criteria and raw values give; empty when the
// stored criteria no longer parse.
std::vector<double> recompute(const store::StoredRun& run, std::string& problem) {
  Expected<CallConfig> config = parse_call_config(run.criteria_content, run.criteria_source);
  if (!config) {
    problem = "the stored criteria do not parse: " + config.problems()[0].to_string();
    return {};
  }
  const std::size_t m = config->criteria.size();
  DecisionMatrix raw(run.entries.size(), m);
  for (std::size_t i = 0; i < run.entries.size(); ++i) {
    for (std::size_t j = 0; j < m; ++j) raw.at(i, j) = run.entries[i].scores[j].raw;
  }
  Expected<PreparedRanking> prepared =
      PreparedRanking::prepare(config->method, raw, config->models());
  if (!prepared) {
    problem = prepared.problems()[0].message;
    return {};
  }
  return prepared->evaluate(normalized_weights(configured_weights(config->models()))).score;
}

// Names each row of the run that is not what the audit log recorded; false
// when there is one, or when the log itself does not hold.
bool check_against_audit(store::Database& db, std::int64_t id, std::ostream& out) {
  store::AuditCheck check;
  try {
    db.transaction([&](store::Database& tx) {
      check = store::verify_audit(tx, store::RowFilter{{"runs", "run_plugins", "run_entries",
                                                        "run_scores", "run_withdrawals"},
                                                       {std::to_string(id)}});
    });
  } catch (const Poco::Exception& e) {
    out << "Cannot check the run against the audit log: " << e.displayText() << "\n";
    return false;
  }
  if (check.first_bad) {
    out << "The audit log does not hold from entry " << *check.first_bad << " (" << check.problem
        << "): shortlist audit verify\n";
    return false;
  }
  std::size_t named = 0, older = 0;
  for (const store::RowProblem& problem : check.row_problems) {
    if (problem.kind == store::RowProblem::Kind::Predates) {
      ++older;
      continue;
    }
    if (named++ == 0) out << "Rows of this run that are not what the audit log recorded:\n";
    out << "  " << store::describe(problem) << "\n";
  }
  if (older > 0) {
    out << "The run was recorded before the audit log recorded row digests: the log cannot say "
           "whether its rows were edited (shortlist audit seal).\n";
  }
  return named == 0;
}

int show(store::Database& db, std::int64_t id, std::ostream& out, std::ostream& err) {
  Expected<store::StoredRun> run = store::load_run(db, id);
  if (!run) {
    err << "shortlist runs: " << run.problems()[0].message << "\n";
    return 1;
  }
  out << "Run " << run->id << " of call " << run->call << ", " << run->created_at << " by "
      << run->actor << "\n  method " << run->method << ", seed " << run->seed << "\n  criteria "
      << run->criteria_source << " (SHA-256 " << run->criteria_sha256 << ")\n  inputs SHA-256 "
      << run->inputs_sha256 << "\n";
  if (run->withdrawal) {
    out << "  withdrawn " << run->withdrawal->at << " by " << run->withdrawal->actor << ": "
        << run->withdrawal->reason << "\n";
  }
  for (const store::StoredPlugin& p : run->plugins) {
    out << "  plugin " << p.name << " " << p.version << " (SHA-256 " << p.sha256 << ")\n";
  }
  out << "\n";
  for (const store::StoredEntry& e : run->entries) {
    out << (e.shortlisted ? "* " : "  ")
        << std::string(e.rank < 10    ? 3
                       : e.rank < 100 ? 2
                                      : 1,
                       ' ')
        << e.rank << "  " << fixed(e.score, 3) << "  " << text::fit_to_width(e.proposal, 28) << "  "
        << text::fit_to_width(e.title, 50) << "\n";
  }
  std::string problem;
  const std::vector<double> scores = recompute(*run, problem);
  if (scores.empty() && !run->entries.empty()) {
    out << "\nCannot recompute from the snapshot: " << problem << "\n";
    return 1;
  }
  std::size_t differ = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::fabs(scores[i] - run->entries[i].score) > 1e-9) ++differ;
  }
  if (differ > 0) {
    out << "\nRecomputed from the snapshot: " << differ << " of " << scores.size()
        << " scores differ from those recorded.\n";
  } else {
    out << "\nRecomputed from the snapshot alone: all " << scores.size() << " scores match.\n";
  }
  return check_against_audit(db, id, out) && differ == 0 ? 0 : 1;
}

int diff(store::Database& db, std::int64_t a_id, std::int64_t b_id, std::ostream& out,
         std::ostream& err) {
  Expected<store::StoredRun> a = store::load_run(db, a_id);
  Expected<store::StoredRun> b = store::load_run(db, b_id);
  for (const auto* run : {&a, &b}) {
    if (!*run) {
      err << "shortlist runs: " << run->problems()[0].message << "\n";
      return 1;
    }
  }
  out << "Run " << a_id << " -> run " << b_id << "\n";
  if (a->method != b->method) out << "  method " << a->method << " -> " << b->method << "\n";
  if (a->seed != b->seed) out << "  seed " << a->seed << " -> " << b->seed << "\n";
  if (a->inputs_sha256 != b->inputs_sha256) out << "  the input set changed\n";
  if (a->criteria_sha256 != b->criteria_sha256) {
    out << "  the criteria changed:\n";
    Expected<CallConfig> ca = parse_call_config(a->criteria_content, a->criteria_source);
    Expected<CallConfig> cb = parse_call_config(b->criteria_content, b->criteria_source);
    if (ca && cb) {
      auto weights = [](const CallConfig& c) {
        std::map<std::string, double> out;
        const auto w = normalized_weights(configured_weights(c.models()));
        for (std::size_t j = 0; j < c.criteria.size(); ++j) out[c.criteria[j].id] = w[j];
        return out;
      };
      const auto wa = weights(*ca);
      const auto wb = weights(*cb);
      std::set<std::string> ids;
      for (const auto& [id, w] : wa) ids.insert(id);
      for (const auto& [id, w] : wb) ids.insert(id);
      for (const std::string& id : ids) {
        const bool in_a = wa.count(id) != 0;
        const bool in_b = wb.count(id) != 0;
        if (!in_a)
          out << "    criterion " << id << " added (weight " << fixed(wb.at(id), 3) << ")\n";
        if (!in_b) out << "    criterion " << id << " removed\n";
        if (in_a && in_b && std::fabs(wa.at(id) - wb.at(id)) > 1e-12) {
          out << "    criterion " << id << " weight " << fixed(wa.at(id), 3) << " -> "
              << fixed(wb.at(id), 3) << "\n";
        }
      }
    }
  }
  std::map<std::string, std::string> plugins_a;
  for (const auto& p : a->plugins) plugins_a[p.name] = p.version + " " + p.sha256.substr(0, 12);
  for (const auto& p : b->plugins) {
    const std::string now_is = p.version + " " + p.sha256.substr(0, 12);
    if (plugins_a.count(p.name) && plugins_a[p.name] != now_is) {
      out << "  plugin " << p.name << " " << plugins_a[p.name] << " -> " << now_is << "\n";
    }
  }

  std::map<std::string, const store::StoredEntry*> before;
  for (const auto& e : a->entries) before[e.proposal] = &e;
  std::size_t moved = 0;
  for (const store::StoredEntry& now_entry : b->entries) {
    auto it = before.find(now_entry.proposal);
    if (it == before.end()) {
      out << "  " << now_entry.proposal << ": new, rank " << now_entry.rank << "\n";
      ++moved;
      continue;
    }
    const store::StoredEntry& was = *it->second;
    before.erase(it);
    if (was.rank == now_entry.rank && std::fabs(was.score - now_entry.score) < 1e-12 &&
        was.shortlisted == now_entry.shortlisted) {
      continue;
    }
    ++moved;
    out << "  " << now_entry.proposal << ": rank " << was.rank << " -> " << now_entry.rank
        << ", score " << fixed(was.score, 3) << " -> " << fixed(now_entry.score, 3);
    if (was.shortlisted != now_entry.shortlisted) {
      out << (now_entry.shortlisted ? ", entered the shortlist" : ", left the shortlist");
    }
    // Why: the criterion whose contribution changed most.
    const store::StoredScore* biggest = nullptr;
    double change = 0;
    for (const store::StoredScore& s : now_entry.scores) {
      for (const store::StoredScore& old : was.scores) {
        if (old.criterion == s.criterion &&
            std::fabs(s.contribution - old.contribution) > std::fabs(change)) {
          change = s.contribution - old.contribution;
          biggest = &s;
        }
      }
    }
    if (biggest != nullptr && std::fabs(change) > 1e-12) {
      out << "; most from " << biggest->criterion << " (" << (change > 0 ? "+" : "")
          << fixed(change, 3) << ")";
    }
    out << "\n";
  }
  for (const auto& [id, entry] : before) {
    out << "  " << id << ": no longer ranked (was rank " << entry->rank << ")\n";
    ++moved;
  }
  if (moved == 0) out << "  the ranking is the same\n";
  return 0;
}

}  // namespace

int run_runs(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("reason", "", "TEXT", "why the run is withdrawn (for 'withdraw')")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  const char* usage =
      "usage: shortlist runs list|show ID|diff A B --db URI\n"
      "       shortlist runs withdraw ID --reason TEXT --db URI\n";
  try {
    options = line.parse(3);
    if (options.flag("help")) {
      out << usage << "\nThe evaluation runs recorded by 'evaluate --db'.\n\n" << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("expected list, show, diff or withdraw");
    if (!options.last("db")) throw UsageError("--db is required");
    const std::string& verb = options.positional[0];
    const std::size_t wanted = verb == "list"                         ? 1
                               : verb == "show" || verb == "withdraw" ? 2
                               : verb == "diff"                       ? 3
                                                                      : 0;
    if (wanted == 0) throw UsageError("expected list, show, diff or withdraw, not '" + verb + "'");
    if (verb == "withdraw" && !options.last("reason"))
      throw UsageError("'withdraw' needs --reason TEXT: why the run is withdrawn");
    if (options.positional.size() != wanted)
      throw UsageError("'" + verb + "' takes " + std::to_string(wanted - 1) + " run number(s)");
    for (std::size_t i = 1; i < wanted; ++i) parse_run_id(options.positional[i]);
  } catch (const UsageError& e) {
    err << "shortlist runs: " << e.what() << "\n" << usage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const std::string& verb = options.positional[0];
  if (verb == "show") return show(*db, parse_run_id(options.positional[1]), out, err);
  if (verb == "diff")
    return diff(*db, parse_run_id(options.positional[1]), parse_run_id(options.positional[2]), out,
                err);
  if (verb == "withdraw") {
    const std::int64_t id = parse_run_id(options.positional[1]);
    Expected<store::RunWithdrawal> withdrawn =
        store::withdraw_run(*db, id, *options.last("reason"), "cli");
    if (!withdrawn) {
      err << "shortlist runs: " << withdrawn.problems()[0].message << "\n";
      return 1;
    }
    out << "run " << id << " withdrawn; it is kept, but no longer its call's latest run\n";
    return 0;
  }
  for (const store::RunSummary& run : store::list_runs(*db)) {
    out << "run " << run.id << "  call " << run.call << "  " << run.created_at << "  " << run.method
        << "  " << run.ranked << " ranked  criteria " << run.criteria_sha256.substr(0, 12)
        << (run.withdrawn ? "  withdrawn" : "") << "\n";
  }
  return 0;
}

}  // namespace shortlist::cli
