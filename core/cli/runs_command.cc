// `shortlist runs list|show ID|diff A B|withdraw ID --reason TEXT --db URI`:
// the evaluation runs kept in the store, each naming its call (`--call`
// keeps to one). `show` re-ranks from the snapshot alone, says whether the
// scores match and names each of the run's rows that is not what the audit
// log recorded; `diff` says what changed between two runs (each weight as
// written, not every share it moved), then who entered and left the
// shortlist and the criterion that moved each that way, then, with --all,
// every other proposal that moved; `withdraw` keeps a run but stops it
// being its call's latest (the shortlist, the jury's default run).
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

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

// A weight as the organiser wrote it: "3", "0.5".
std::string written(double weight) {
  std::ostringstream out;
  out << weight;
  return out.str();
}

std::string percent(double share) { return std::to_string(std::lround(100 * share)) + "%"; }

// What changed in the criteria file: each criterion's weight as written,
// with its share of the total beside it (moving one weight moves every
// share, so only the weights written differently are listed), criteria
// added or removed, a direction or a plugin changed.
void criteria_changes(const store::StoredRun& a, const store::StoredRun& b, std::ostream& out) {
  out << "  the criteria changed (" << a.criteria_source << " -> " << b.criteria_source << "):\n";
  Expected<CallConfig> ca = parse_call_config(a.criteria_content, a.criteria_source);
  Expected<CallConfig> cb = parse_call_config(b.criteria_content, b.criteria_source);
  if (!ca || !cb) {
    out << "    (a stored criteria file no longer parses: the change cannot be shown)\n";
    return;
  }
  struct Written {
    const Criterion* criterion;
    double share;
  };
  auto by_id = [](const CallConfig& c) {
    std::map<std::string, Written> out;
    const auto w = normalized_weights(configured_weights(c.models()));
    for (std::size_t j = 0; j < c.criteria.size(); ++j) {
      out[c.criteria[j].id] = {&c.criteria[j], w[j]};
    }
    return out;
  };
  const auto wa = by_id(*ca);
  const auto wb = by_id(*cb);
  std::size_t listed = 0;
  for (const auto& [id, was] : wa) {
    if (wb.count(id) == 0) {
      out << "    criterion " << id << " removed (weight " << written(was.criterion->weight) << ", "
          << percent(was.share) << " of the total)\n";
      ++listed;
    }
  }
  for (const auto& [id, now_is] : wb) {
    auto it = wa.find(id);
    if (it == wa.end()) {
      out << "    criterion " << id << " added (weight " << written(now_is.criterion->weight)
          << ", " << percent(now_is.share) << " of the total)\n";
      ++listed;
      continue;
    }
    const Criterion& x = *it->second.criterion;
    const Criterion& y = *now_is.criterion;
    if (std::fabs(x.weight - y.weight) > 1e-12) {
      out << "    criterion " << id << " weight " << written(x.weight) << " -> "
          << written(y.weight) << " (its share of the total " << percent(it->second.share) << " -> "
          << percent(now_is.share) << ")\n";
      ++listed;
    }
    if (x.direction != y.direction) {
      auto name = [](Direction d) { return d == Direction::Max ? "max" : "min"; };
      out << "    criterion " << id << " direction " << name(x.direction) << " -> "
          << name(y.direction) << "\n";
      ++listed;
    }
    if (x.scorer.plugin != y.scorer.plugin || x.scorer.measure != y.scorer.measure ||
        x.scorer.params_json != y.scorer.params_json) {
      out << "    criterion " << id << " scored differently: plugin " << x.scorer.plugin
          << (x.scorer.measure.empty() ? "" : " (" + x.scorer.measure + ")") << " "
          << x.scorer.params_json << " -> " << y.scorer.plugin
          << (y.scorer.measure.empty() ? "" : " (" + y.scorer.measure + ")") << " "
          << y.scorer.params_json << "\n";
      ++listed;
    }
  }
  if (listed == 0) {
    out << "    no criterion's weight, direction or scoring: the file changed elsewhere (gates, "
           "shortlist, labels, jury settings)\n";
  }
}

// The criterion whose contribution moved most in the direction `sign`
// (+1: up, -1: down), with the change; nullopt when none moved that way.
std::optional<std::pair<std::string, double>> moved_most(const store::StoredEntry& was,
                                                         const store::StoredEntry& now_entry,
                                                         int sign) {
  std::optional<std::pair<std::string, double>> best;
  for (const store::StoredScore& s : now_entry.scores) {
    for (const store::StoredScore& old : was.scores) {
      if (old.criterion != s.criterion) continue;
      const double change = s.contribution - old.contribution;
      if (change * sign > 1e-12 && (!best || change * sign > best->second * sign)) {
        best = {s.criterion, change};
      }
    }
  }
  return best;
}

std::string signed_fixed(double value) { return (value > 0 ? "+" : "") + fixed(value, 3); }

// Why a proposal moved as it did: the criterion that moved it that way, and
// when its own score went the other way, that others moved past it.
std::string why_it_moved(const store::StoredEntry& was, const store::StoredEntry& now_entry,
                         bool rose) {
  const double score_change = now_entry.score - was.score;
  const int sign = rose ? 1 : -1;
  if (score_change * sign > 1e-12) {
    if (auto most = moved_most(was, now_entry, sign)) {
      return std::string(rose ? "lifted most by " : "pulled down most by ") + most->first +
             " (its contribution " + signed_fixed(most->second) + ")";
    }
    return rose ? "its score rose" : "its score fell";
  }
  if (std::fabs(score_change) <= 1e-12) {
    return rose ? "its score is the same; others fell below it"
                : "its score is the same; others rose past it";
  }
  // Its score moved against its rank: others moved further.
  std::string out = rose ? "its score fell" : "its score rose";
  if (auto most = moved_most(was, now_entry, -sign)) {
    out += " (most from " + most->first + ", its contribution " + signed_fixed(most->second) + ")";
  }
  return out + (rose ? ", but others fell further" : ", but others rose past it");
}

std::string moved_line(const store::StoredEntry& was, const store::StoredEntry& now_entry) {
  return "rank " + std::to_string(was.rank) + " -> " + std::to_string(now_entry.rank) + ", score " +
         fixed(was.score, 3) + " -> " + fixed(now_entry.score, 3);
}

int diff(store::Database& db, std::int64_t a_id, std::int64_t b_id, bool all,
         const std::optional<std::string>& call, std::ostream& out, std::ostream& err) {
  Expected<store::StoredRun> a = store::load_run(db, a_id);
  Expected<store::StoredRun> b = store::load_run(db, b_id);
  for (const auto* run : {&a, &b}) {
    if (!*run) {
      err << "shortlist runs: " << run->problems()[0].message << "\n";
      return 1;
    }
    if (call && (*run)->call != *call) {
      err << "shortlist runs: run " << (*run)->id << " is of call " << (*run)->call << ", not "
          << *call << "\n";
      return 1;
    }
  }
  out << "Run " << a_id << " -> run " << b_id << " of call " << b->call;
  if (a->call != b->call) out << " (run " << a_id << " is of call " << a->call << ")";
  out << "\n";
  if (a->method != b->method) out << "  method " << a->method << " -> " << b->method << "\n";
  if (a->seed != b->seed) out << "  seed " << a->seed << " -> " << b->seed << "\n";
  if (a->inputs_sha256 != b->inputs_sha256) out << "  the input set changed\n";
  if (a->criteria_sha256 != b->criteria_sha256) criteria_changes(*a, *b, out);
  std::map<std::string, std::string> plugins_a;
  for (const auto& p : a->plugins) plugins_a[p.name] = p.version + " " + p.sha256.substr(0, 12);
  for (const auto& p : b->plugins) {
    const std::string now_is = p.version + " " + p.sha256.substr(0, 12);
    if (plugins_a.count(p.name) && plugins_a[p.name] != now_is) {
      out << "  plugin " << p.name << " " << plugins_a[p.name] << " -> " << now_is << "\n";
    }
  }

  // Every proposal's move, sorted into the shortlist's entries and exits
  // and the rest.
  std::map<std::string, const store::StoredEntry*> before;
  for (const auto& e : a->entries) before[e.proposal] = &e;
  std::vector<std::string> entered, left, rest;
  std::size_t rank_changed = 0, score_changed = 0, in_both = 0;
  for (const store::StoredEntry& now_entry : b->entries) {
    auto it = before.find(now_entry.proposal);
    if (it == before.end()) {
      const std::string line = now_entry.proposal + "  new in this run, rank " +
                               std::to_string(now_entry.rank) + ", score " +
                               fixed(now_entry.score, 3);
      (now_entry.shortlisted ? entered : rest).push_back(line);
      continue;
    }
    const store::StoredEntry& was = *it->second;
    before.erase(it);
    ++in_both;
    const bool rank_moved = was.rank != now_entry.rank;
    const bool score_moved = std::fabs(was.score - now_entry.score) >= 1e-12;
    rank_changed += rank_moved;
    score_changed += score_moved;
    if (!rank_moved && !score_moved && was.shortlisted == now_entry.shortlisted) continue;
    const bool rose =
        now_entry.rank < was.rank || (now_entry.rank == was.rank && now_entry.score > was.score);
    const std::string line = now_entry.proposal + "  " + moved_line(was, now_entry) + "; " +
                             why_it_moved(was, now_entry, rose);
    if (was.shortlisted != now_entry.shortlisted) {
      (now_entry.shortlisted ? entered : left).push_back(line);
    } else {
      rest.push_back(line);
    }
  }
  for (const auto& [id, entry] : before) {
    const std::string line =
        id + "  no longer ranked (was rank " + std::to_string(entry->rank) + ")";
    (entry->shortlisted ? left : rest).push_back(line);
  }

  std::size_t shortlist_size = 0;
  for (const store::StoredEntry& e : b->entries) shortlist_size += e.shortlisted;
  out << "\n"
      << in_both << " proposals ranked in both: " << rank_changed << " changed rank, "
      << score_changed << " changed score\n";
  if (entered.empty() && left.empty()) {
    out << "The shortlist (" << shortlist_size << ") is the same\n";
  } else {
    out << "The shortlist (" << shortlist_size << "): " << entered.size() << " entered, "
        << left.size() << " left\n";
    for (const std::string& line : entered) out << "  entered  " << line << "\n";
    for (const std::string& line : left) out << "  left     " << line << "\n";
  }
  if (rest.empty()) return 0;
  if (!all) {
    out << rest.size() << (rest.size() == 1 ? " other proposal" : " other proposals")
        << " moved without entering or leaving the shortlist: --all lists them\n";
    return 0;
  }
  out << "The other " << rest.size() << (rest.size() == 1 ? " proposal" : " proposals")
      << " that moved:\n";
  for (const std::string& line : rest) out << "  " << line << "\n";
  return 0;
}

}  // namespace

int run_runs(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "only this call's runs (a run of another call is refused)")
      .option("reason", "", "TEXT", "why the run is withdrawn (for 'withdraw')")
      .option("all", "", "",
              "diff: also every proposal that moved within or outside the "
              "shortlist, not only its entries and exits")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  const char* usage =
      "usage: shortlist runs list [--call ID] --db URI\n"
      "       shortlist runs show ID --db URI\n"
      "       shortlist runs diff A B [--all] --db URI\n"
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
  const std::optional<std::string> call = options.last("call");
  if (verb == "diff") {
    return diff(*db, parse_run_id(options.positional[1]), parse_run_id(options.positional[2]),
                options.flag("all"), call, out, err);
  }
  if (verb == "show" || verb == "withdraw") {
    const std::int64_t id = parse_run_id(options.positional[1]);
    if (call) {
      Expected<store::StoredRun> run = store::load_run(*db, id);
      if (run && run->call != *call) {
        err << "shortlist runs: run " << id << " is of call " << run->call << ", not " << *call
            << "\n";
        return 1;
      }
    }
  }
  if (verb == "show") return show(*db, parse_run_id(options.positional[1]), out, err);
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
    if (call && run.call != *call) continue;
    out << "run " << run.id << "  call " << run.call << "  " << run.created_at << "  " << run.method
        << "  " << run.ranked << " ranked  criteria " << run.criteria_sha256.substr(0, 12)
        << (run.withdrawn ? "  withdrawn" : "") << "\n";
  }
  return 0;
}

}  // namespace shortlist::cli
