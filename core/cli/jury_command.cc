// `shortlist jury ...`: the jury workflow from the command line — the roster,
// the assignment, reviews (one at a time or from a CSV file), progress, the
// report with calibrated scores, and the proposal as a juror sees it.
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/data_paths.h"
#include "core/cli/output_file.h"
#include "core/cli/store_options.h"
#include "core/criteria/call_config.h"
#include "core/ingest/csv.h"
#include "core/ingest/node_reader.h"
#include "core/jury/assignment.h"
#include "core/jury/juror_file.h"
#include "core/jury/jury_report.h"
#include "core/report/juror_view.h"
#include "core/report/jury_report_output.h"
#include "core/report/report.h"
#include "core/store/jury_store.h"
#include "core/store/run_store.h"
#include "core/store/submission_store.h"
#include "core/text/unicode.h"
#include "core/util/digest.h"

namespace shortlist::cli {
namespace {

constexpr const char* kUsage =
    "usage: shortlist jury import FILE --db URI [--call ID]\n"
    "       shortlist jury add --id ID --name NAME --languages LIST --db URI [--call ID] ...\n"
    "       shortlist jury assign --db URI [--call ID] [--criteria FILE] [--run N] [--dry-run]\n"
    "                             [--pin PROPOSAL:JUROR]... [--exclude PROPOSAL:JUROR]... "
    "[--reason TEXT]\n"
    "       shortlist jury review --juror J --proposal P --score CRITERION=VALUE... --db URI\n"
    "       shortlist jury review --juror J --proposal P --abstain REASON --db URI\n"
    "       shortlist jury reviews FILE.csv --db URI [--call ID] [--criteria FILE]\n"
    "       shortlist jury progress --db URI [--call ID] [--criteria FILE]\n"
    "       shortlist jury report --db URI [--call ID] [--criteria FILE] [--run N] [--cut N]\n"
    "                             [--format table|json|html] [--language LANG] [--output FILE]\n"
    "       shortlist jury show PROPOSAL --juror J --db URI [--call ID] [--criteria FILE]\n"
    "       shortlist jury admit PROPOSAL --reason TEXT --db URI [--call ID]\n";

// What every sub-command shares: the store, the call, the criteria file.
struct Context {
  store::Database db;
  std::string call;
  CallConfig config;
};

CommandLine jury_options(const std::vector<std::string>& args) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call (default: main)")
      .option("criteria", "c", "FILE", "criteria YAML with the jury settings (default: bundled)")
      .option("run", "", "N", "the evaluation run (default: the call's latest)")
      .option("dry-run", "", "", "assign: print the assignment without storing it")
      .option("pin", "", "PROPOSAL:JUROR", "assign: make this pairing whatever the rules say", true)
      .option("exclude", "", "PROPOSAL:JUROR", "assign: never make this pairing", true)
      .option("reason", "", "TEXT", "assign, admit: why the organiser pins, excludes or admits")
      .option("juror", "", "ID", "the juror")
      .option("proposal", "", "ID", "the proposal")
      .option("score", "", "CRITERION=VALUE", "review: a jury criterion's score", true)
      .option("comment", "", "CRITERION=TEXT", "review: a comment on a criterion", true)
      .option("note", "", "TEXT", "review: an overall comment")
      .option("confidence", "", "X", "review: the juror's confidence, above 0 (default 1)")
      .option("abstain", "", "REASON", "review: abstain instead of scoring")
      .option("id", "", "ID", "add: the juror's id")
      .option("name", "", "NAME", "add: the juror's name")
      .option("email", "", "ADDRESS", "add: the juror's e-mail")
      .option("organisation", "", "NAME", "add: the juror's organisation")
      .option("country", "", "CC", "add: the juror's country (ISO 3166-1 alpha-2)")
      .option("languages", "", "LIST", "add: e.g. en:native|fr:working")
      .option("max-load", "", "N", "add: proposals at most (default 10)")
      .option("cut", "", "N", "report: places the jury fills (default: the shortlist size)")
      .option("format", "f", "FORMAT", "report: table, json or html (the meeting's page)")
      .option("language", "l", "LANG", "report --format html: the language of the call's labels")
      .option("output", "o", "FILE", "report: write to FILE instead of standard output")
      .option("help", "h", "", "show this help");
  return line;
}

std::pair<std::string, std::string> split_pair(const std::string& text, char separator,
                                               const std::string& option) {
  const auto at = text.find(separator);
  if (at == std::string::npos || at == 0 || at + 1 == text.size()) {
    throw UsageError("--" + option + " takes A" + std::string(1, separator) + "B, got '" + text +
                     "'");
  }
  return {text.substr(0, at), text.substr(at + 1)};
}

double parse_number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(value)) {
    throw UsageError(what + " must be a number, got '" + text + "'");
  }
  return value;
}

std::size_t parse_count(const std::string& text, const std::string& what) {
  const double value = parse_number(text, what);
  if (value < 1 || value != std::floor(value)) {
    throw UsageError(what + " must be a whole number of at least 1");
  }
  return static_cast<std::size_t>(value);
}

// Opens the store and reads the criteria; prints problems. Exit status on failure.
std::optional<int> open_context(const ParsedOptions& options, std::optional<Context>& context,
                                std::ostream& err) {
  if (!options.last("db")) throw UsageError("--db is required");
  std::optional<CallConfig> config = read_criteria(options, err);
  if (!config) return 2;
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  context.emplace(
      Context{std::move(db).value(), options.last("call").value_or("main"), std::move(*config)});
  return std::nullopt;
}

int import_roster(Context& c, const std::string& file, std::ostream& out, std::ostream& err) {
  Expected<std::vector<jury::Juror>> jurors = jury::load_jurors(file);
  if (!jurors) {
    for (const Diagnostic& d : jurors.problems()) err << d << "\n";
    err << "shortlist jury: nothing imported\n";
    return 2;
  }
  Expected<std::size_t> added = store::save_jurors(c.db, c.call, *jurors, "cli");
  if (!added) {
    err << "shortlist jury: " << added.problems()[0].message << "\n";
    return 1;
  }
  out << jurors->size() << " jurors in call " << c.call << " (" << *added << " new, "
      << jurors->size() - *added << " updated) from " << file << "\n";
  return 0;
}

int add_juror(Context& c, const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  // The same checks as a roster file: the options written as a one-juror YAML.
  Poco::JSON::Object::Ptr juror = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const char* key : {"id", "name", "email", "organisation", "country", "languages"}) {
    if (auto value = options.last(key)) juror->set(key, *value);
  }
  if (auto load = options.last("max-load"))
    juror->set("max_load", parse_count(*load, "--max-load"));
  std::ostringstream yaml;
  yaml << "jurors:\n  - ";
  Poco::JSON::Stringifier::stringify(juror, yaml);
  Expected<std::vector<jury::Juror>> jurors = jury::parse_jurors(yaml.str(), "--options");
  if (!jurors) {
    for (const Diagnostic& d : jurors.problems())
      err << "shortlist jury add: " << d.message << "\n";
    return 2;
  }
  Expected<std::size_t> added = store::save_jurors(c.db, c.call, *jurors, "cli");
  if (!added) {
    err << "shortlist jury: " << added.problems()[0].message << "\n";
    return 1;
  }
  out << (*added ? "added juror " : "updated juror ") << jurors->front().id << " to call " << c.call
      << "\n";
  return 0;
}

std::int64_t chosen_run(Context& c, const ParsedOptions& options) {
  if (auto run = options.last("run")) return parse_run_id(*run);
  if (auto latest = store::latest_run(c.db, c.call)) return *latest;
  throw UsageError("call " + c.call +
                   " has no evaluation run: run `shortlist evaluate --db` first");
}

int assign(Context& c, const ParsedOptions& options, std::ostream& out, std::ostream& err) {
  const std::int64_t run = chosen_run(c, options);
  const bool dry_run = options.flag("dry-run");
  const std::string reason = options.last("reason").value_or("");
  if ((options.flag("pin") || options.flag("exclude")) && reason.empty()) {
    throw UsageError("--pin and --exclude need --reason: the audit log keeps why");
  }
  std::vector<std::pair<std::string, std::string>> pins, excludes;
  for (const std::string& p : options.all("pin")) pins.push_back(split_pair(p, ':', "pin"));
  for (const std::string& e : options.all("exclude")) {
    excludes.push_back(split_pair(e, ':', "exclude"));
  }
  if (!dry_run) {
    for (const auto& [proposal, juror] : excludes) {
      Expected<bool> done = store::exclude_pairing(c.db, c.call, proposal, juror, reason, "cli");
      if (!done) {
        err << "shortlist jury: " << done.problems()[0].message << "\n";
        return 1;
      }
    }
  }

  jury::AssignmentRequest request;
  request.jurors = store::load_jurors(c.db, c.call);
  if (request.jurors.empty()) {
    err << "shortlist jury: call " << c.call
        << " has no jurors: `shortlist jury import FILE` first\n";
    return 1;
  }
  Expected<std::vector<store::JuryProposal>> shortlisted =
      store::shortlisted_proposals(c.db, c.call, run);
  if (!shortlisted) {
    err << "shortlist jury: " << shortlisted.problems()[0].message << "\n";
    return 1;
  }
  std::map<std::string, std::size_t> proposal_index, juror_index;
  for (const store::JuryProposal& p : *shortlisted) {
    proposal_index[p.proposal.id] = request.proposals.size();
    request.proposals.push_back(p.proposal);
  }
  for (std::size_t j = 0; j < request.jurors.size(); ++j) juror_index[request.jurors[j].id] = j;
  request.rules = c.config.jury.conflicts;
  request.reviewers = c.config.jury.reviewers;
  request.min_level = c.config.jury.min_level;
  auto pairing = [&](const std::string& proposal, const std::string& juror,
                     bool manual) -> std::optional<jury::Pairing> {
    if (!proposal_index.count(proposal) || !juror_index.count(juror)) return std::nullopt;
    return jury::Pairing{proposal_index[proposal], juror_index[juror], manual};
  };
  // What is stored stays: the solver only fills the gaps around it.
  std::set<std::pair<std::string, std::string>> stored;
  for (const store::StoredAssignment& a : store::load_assignments(c.db, c.call)) {
    stored.insert({a.proposal, a.juror});
    if (auto p = pairing(a.proposal, a.juror, a.manual)) request.required.push_back(*p);
  }
  for (const auto& [proposal, juror] : pins) {
    std::optional<jury::Pairing> p = pairing(proposal, juror, true);
    if (!p) {
      err << "shortlist jury: --pin " << proposal << ":" << juror << ": "
          << (proposal_index.count(proposal)
                  ? "no juror '" + juror + "' in call " + c.call
                  : "'" + proposal + "' is not on run " + std::to_string(run) + "'s shortlist")
          << "\n";
      return 1;
    }
    request.required.push_back(*p);
  }
  for (const store::StoredExclusion& e : store::load_exclusions(c.db, c.call)) {
    if (auto p = pairing(e.proposal, e.juror, true)) request.forbidden.push_back(*p);
  }
  for (const auto& [proposal, juror] : excludes) {
    if (auto p = pairing(proposal, juror, true)) request.forbidden.push_back(*p);
  }

  const jury::Assignment result = jury::assign_jurors(request);
  std::vector<store::StoredAssignment> fresh;
  std::set<std::pair<std::string, std::string>> pinned(pins.begin(), pins.end());
  for (const jury::Pairing& p : result.pairings) {
    const std::string& proposal = request.proposals[p.proposal].id;
    const std::string& juror = request.jurors[p.juror].id;
    if (stored.count({proposal, juror})) continue;
    const bool manual = pinned.count({proposal, juror}) > 0;
    fresh.push_back({proposal, juror, manual, manual ? reason : ""});
  }
  if (!dry_run) {
    Expected<std::size_t> saved = store::save_assignments(c.db, c.call, fresh, "cli");
    if (!saved) {
      err << "shortlist jury: " << saved.problems()[0].message << "\n";
      return 1;
    }
  }
  out << report::jury_assignment_text(request, result, run, dry_run ? 0 : fresh.size());
  return 0;
}

// A review's scores from "criterion=value" options.
store::ReviewRecord review_from_options(const ParsedOptions& options) {
  store::ReviewRecord review;
  review.juror = options.last("juror").value_or("");
  review.proposal = options.last("proposal").value_or("");
  if (review.juror.empty() || review.proposal.empty()) {
    throw UsageError("--juror and --proposal are required");
  }
  if (auto confidence = options.last("confidence")) {
    review.confidence = parse_number(*confidence, "--confidence");
  }
  if (auto reason = options.last("abstain")) {
    review.abstained = true;
    review.comment = *reason;
    if (options.flag("score")) throw UsageError("--abstain gives no --score");
    return review;
  }
  review.comment = options.last("note").value_or("");
  std::map<std::string, std::string> comments;
  for (const std::string& c : options.all("comment"))
    comments.insert(split_pair(c, '=', "comment"));
  for (const std::string& s : options.all("score")) {
    const auto [criterion, value] = split_pair(s, '=', "score");
    review.scores.push_back({criterion, parse_number(value, "--score " + criterion), ""});
  }
  for (store::ReviewScore& s : review.scores) {
    if (auto it = comments.find(s.criterion); it != comments.end()) s.comment = it->second;
  }
  return review;
}

int record_one(Context& c, const store::ReviewRecord& review, std::ostream& out,
               std::ostream& err) {
  Expected<bool> revised = store::record_review(c.db, c.call, c.config.jury, review, review.juror);
  if (!revised) {
    err << "shortlist jury: " << revised.problems()[0].message << "\n";
    return 1;
  }
  out << (review.abstained ? "recorded " + review.juror + "'s abstention on " + review.proposal
                           : (*revised ? "revised " : "recorded ") + review.juror +
                                 "'s review of " + review.proposal)
      << "\n";
  return 0;
}

// Reviews from a CSV file, one per row: proposal, juror, a column per jury
// criterion (its id) with an optional `<id>_comment`, and optional
// confidence, comment and abstain (the reason). Each row is stored on its
// own; a bad row is reported with its row number and the rest go on.
int import_reviews(Context& c, const std::string& file, std::ostream& out, std::ostream& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << file << ": cannot open the reviews file\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  Expected<std::vector<ingest::CsvRow>> rows =
      ingest::read_csv_documents(text.str(), file, "reviews", 100000);
  if (!rows) {
    for (const Diagnostic& d : rows.problems()) err << d << "\n";
    return 2;
  }
  std::size_t stored = 0, refused = 0;
  for (ingest::CsvRow& row : *rows) {
    if (!row.document) {
      for (const Diagnostic& d : row.document.problems()) err << d << "\n";
      ++refused;
      continue;
    }
    const ingest::Node& root = row.document->root;
    ingest::NodeReader reader(row.source);
    std::vector<std::string_view> known = {"proposal", "juror", "confidence", "comment", "abstain"};
    std::vector<std::string> comment_columns;
    for (const JuryCriterion& criterion : c.config.jury.criteria) {
      known.push_back(criterion.id);
      comment_columns.push_back(criterion.id + "_comment");
    }
    for (const std::string& column : comment_columns) known.push_back(column);
    reader.unknown_keys(root, known, "column", "");
    store::ReviewRecord review;
    auto text_of = [&](std::string_view key) -> std::string {
      const ingest::Node* node = root.find(key);
      return node ? reader.text(*node, key).value_or("") : "";
    };
    review.proposal = text_of("proposal");
    review.juror = text_of("juror");
    if (review.proposal.empty() || review.juror.empty()) {
      reader.problem(root, "a review row needs proposal and juror");
    }
    if (const ingest::Node* confidence = root.find("confidence")) {
      review.confidence = reader.number(*confidence, "confidence").value_or(1);
    }
    if (const std::string reason = text_of("abstain"); !reason.empty()) {
      review.abstained = true;
      review.comment = reason;
    } else {
      review.comment = text_of("comment");
      for (const JuryCriterion& criterion : c.config.jury.criteria) {
        if (const ingest::Node* score = root.find(criterion.id)) {
          if (auto value = reader.number(*score, criterion.id)) {
            review.scores.push_back({criterion.id, *value, text_of(criterion.id + "_comment")});
          }
        }
      }
    }
    if (!reader.ok()) {
      for (const Diagnostic& d : reader.take_problems()) err << d << "\n";
      ++refused;
      continue;
    }
    Expected<bool> result = store::record_review(c.db, c.call, c.config.jury, review, review.juror);
    if (!result) {
      err << row.source << ": " << result.problems()[0].message << "\n";
      ++refused;
      continue;
    }
    ++stored;
  }
  out << stored << " reviews stored from " << file;
  if (refused > 0) out << ", " << refused << " refused (see above)";
  out << "\n";
  return refused > 0 ? 1 : 0;
}

// Why the run gives no proposal its automatic scores, when the cause is the
// call's: no run, or a criteria file whose criteria the run did not score
// (the bundled file, say, for a call evaluated with its own). "" otherwise.
std::string why_no_automatic_scores(const Context& c, std::optional<std::int64_t> run,
                                    const store::StoredRun* stored) {
  if (c.config.criteria.empty()) return "";
  if (!run) {
    return "call " + c.call +
           " has no evaluation run to take automatic scores from: run `shortlist evaluate "
           "--db` first";
  }
  if (stored == nullptr || stored->entries.empty()) return "";
  std::set<std::string> scored;
  for (const store::StoredEntry& entry : stored->entries) {
    for (const store::StoredScore& s : entry.scores) scored.insert(s.criterion);
  }
  std::string missing;
  for (const Criterion& criterion : c.config.criteria) {
    if (scored.count(criterion.id) == 0) missing += (missing.empty() ? "" : ", ") + criterion.id;
  }
  if (missing.empty()) return "";
  return "the criteria file " + c.config.source + " (SHA-256 " +
         sha256_hex(c.config.content).substr(0, 12) + ") is not the one run " +
         std::to_string(*run) + " was evaluated with, " + stored->criteria_source + " (SHA-256 " +
         stored->criteria_sha256.substr(0, 12) + "): the run has no scores for its criteria " +
         missing + "; give the run's criteria file with --criteria";
}

// Everything the report needs, read from the store.
jury::JuryReport analyse(Context& c, std::optional<std::int64_t> run, std::size_t cut) {
  std::map<std::string, std::vector<double>> automatic;
  std::map<std::string, std::vector<std::string>> explanations;
  std::optional<store::StoredRun> stored_run;
  if (run) {
    Expected<store::StoredRun> stored = store::load_run(c.db, *run);
    if (!stored) throw UsageError(stored.problems()[0].message);
    stored_run.emplace(std::move(stored).value());
    for (const store::StoredEntry& entry : stored_run->entries) {
      std::vector<double> values;
      std::vector<std::string> why;
      for (const Criterion& criterion : c.config.criteria) {
        for (const store::StoredScore& s : entry.scores) {
          if (s.criterion != criterion.id) continue;
          values.push_back(s.raw);
          why.push_back(store::explanation_shown(s));
        }
      }
      if (values.size() == c.config.criteria.size()) {
        automatic[entry.proposal] = values;
        explanations[entry.proposal] = why;
      }
    }
  }
  std::vector<jury::ProposalInput> proposals;
  for (const store::JuryProposal& p : store::proposals_in_review(c.db, c.call)) {
    proposals.push_back(
        {p.proposal.id, p.title, automatic[p.proposal.id], explanations[p.proposal.id]});
  }
  std::vector<std::string> jurors;
  for (const jury::Juror& j : store::load_jurors(c.db, c.call)) jurors.push_back(j.id);
  std::vector<std::pair<std::string, std::string>> assignments;
  for (const store::StoredAssignment& a : store::load_assignments(c.db, c.call)) {
    assignments.push_back({a.proposal, a.juror});
  }
  std::vector<jury::ReviewInput> reviews;
  for (const store::ReviewRecord& r : store::load_reviews(c.db, c.call)) {
    jury::ReviewInput input{r.proposal, r.juror, r.abstained, r.confidence, {}, r.comment, {}};
    for (const store::ReviewScore& s : r.scores) {
      input.scores.push_back({s.criterion, s.score});
      if (!s.comment.empty()) input.comments.push_back({s.criterion, s.comment});
    }
    reviews.push_back(std::move(input));
  }
  std::set<std::string> admitted;
  for (const store::StoredAdmission& a : store::load_admissions(c.db, c.call)) {
    admitted.insert(a.proposal);
  }
  return jury::analyse_jury(c.config, std::move(proposals), jurors, assignments, reviews, cut,
                            why_no_automatic_scores(c, run, stored_run ? &*stored_run : nullptr),
                            admitted);
}

int show_report(Context& c, const ParsedOptions& options, bool progress_only, std::ostream& out,
                std::ostream& err) {
  std::optional<std::int64_t> run;
  if (auto given = options.last("run")) {
    run = parse_run_id(*given);
  } else {
    run = store::latest_run(c.db, c.call);
  }
  const std::size_t cut = options.last("cut") ? parse_count(*options.last("cut"), "--cut") : 0;
  const std::string format = options.last("format").value_or("table");
  if (format != "table" && format != "json" && format != "html") {
    throw UsageError("--format must be table, json or html");
  }
  const jury::JuryReport report = analyse(c, run, cut);
  const std::string text =
      progress_only      ? report::jury_progress_text(report)
      : format == "json" ? report::jury_report_json(report, c.config, run)
      : format == "html"
          ? report::jury_report_html(report, c.config, run, options.last("language").value_or("en"))
          : report::jury_report_text(report, c.config, run);
  if (auto file = options.last("output")) return write_atomically(*file, text, err) ? 0 : 1;
  out << text;
  return 0;
}

// The proposal as the juror sees it: refused when not assigned; with blind
// review, the applicant's name, organisation and contact hidden wherever
// they appear.
int show_proposal(Context& c, const std::string& proposal, const ParsedOptions& options,
                  std::ostream& out, std::ostream& err) {
  const std::string juror = options.last("juror").value_or("");
  if (juror.empty()) throw UsageError("--juror is required");
  bool assigned = false;
  for (const store::StoredAssignment& a : store::load_assignments(c.db, c.call)) {
    assigned = assigned || (a.proposal == proposal && a.juror == juror);
  }
  if (!assigned) {
    err << "shortlist jury: " << juror << " is not assigned to " << proposal << "\n";
    return 1;
  }
  const std::optional<std::string> stored = store::current_document(c.db, proposal);
  if (!stored) {
    err << "shortlist jury: there is no proposal '" << proposal << "'\n";
    return 1;
  }
  Expected<report::JurorView> view = report::juror_view(*stored, proposal, c.config.jury.blind);
  if (!view) {
    err << "shortlist jury: " << view.problems()[0].message << "\n";
    return 1;
  }
  const std::string& language = view->language;
  out << view->title << "\n"
      << proposal << " · " << view->languages << (view->blind ? " · blind review" : "") << "\n\n";
  for (const auto& [key, value] : view->fields) out << key << ": " << value << "\n";
  out << "\n" << view->summary << "\n";
  for (const Section& section : view->sections) {
    out << "\n## " << section.name << "\n" << section.text << "\n";
  }
  if (!c.config.jury.criteria.empty()) {
    out << "\nTo score (" << juror << "):\n";
    for (const JuryCriterion& criterion : c.config.jury.criteria) {
      out << "  " << criterion.id << " — " << criterion.label.in(language) << ", "
          << report::fixed(criterion.scale_min, 0) << " to "
          << report::fixed(criterion.scale_max, 0)
          << (criterion.comment_required ? ", comment required" : "") << "\n";
      if (!criterion.guidance.empty()) out << "      " << criterion.guidance.in(language) << "\n";
    }
  }
  return 0;
}

// The organiser lets an under-reviewed proposal into the final shortlist.
int admit(Context& c, const std::string& proposal, const ParsedOptions& options, std::ostream& out,
          std::ostream& err) {
  const std::optional<std::string> reason = options.last("reason");
  if (!reason || reason->empty()) throw UsageError("jury admit needs --reason");
  Expected<bool> admitted = store::admit_under_reviewed(c.db, c.call, proposal, *reason, "cli");
  if (!admitted) {
    err << "shortlist jury: " << admitted.problems()[0].message << "\n";
    return 1;
  }
  out << (*admitted ? "admitted " : "admitted again, with the new reason, ") << proposal
      << " to the jury's final shortlist despite too few reviews\n";
  return 0;
}

}  // namespace

int run_jury(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line = jury_options(args);
  ParsedOptions options;
  try {
    options = line.parse(2);
    if (options.flag("help") || options.positional.empty()) {
      (options.flag("help") ? out : err)
          << kUsage
          << "\nThe jury workflow (docs/jury.md): import the roster, assign the proposals a\n"
             "run shortlisted, record reviews, follow progress, read the calibrated report,\n"
             "then record decisions with `shortlist decide`.\n\n"
          << line.help();
      return options.flag("help") ? 0 : 2;
    }
    const std::string action = options.positional[0];
    static const std::set<std::string> kActions = {
        "import", "add", "assign", "review", "reviews", "progress", "report", "show", "admit"};
    if (!kActions.count(action)) throw UsageError("unknown jury command '" + action + "'");
    const bool takes_argument =
        action == "import" || action == "reviews" || action == "show" || action == "admit";
    if (takes_argument != (options.positional.size() == 2)) {
      throw UsageError(takes_argument ? "jury " + action + " needs one argument"
                                      : "jury " + action + " takes no argument");
    }
    std::optional<Context> context;
    if (std::optional<int> failed = open_context(options, context, err)) return *failed;
    Context& c = *context;
    const std::string argument = takes_argument ? options.positional[1] : "";
    if (action == "import") return import_roster(c, argument, out, err);
    if (action == "add") return add_juror(c, options, out, err);
    if (action == "assign") return assign(c, options, out, err);
    if (action == "review") return record_one(c, review_from_options(options), out, err);
    if (action == "reviews") return import_reviews(c, argument, out, err);
    if (action == "show") return show_proposal(c, argument, options, out, err);
    if (action == "admit") return admit(c, argument, options, out, err);
    return show_report(c, options, action == "progress", out, err);
  } catch (const UsageError& e) {
    err << "shortlist jury: " << e.what() << "\n" << kUsage;
    return 2;
  }
}

}  // namespace shortlist::cli
