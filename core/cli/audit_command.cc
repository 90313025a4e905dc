// `shortlist audit verify --db URI`: checks the audit log's hash chain and
// every row of the call's tables against the digests the log recorded,
// naming the first entry that does not hold and each row that differs.
// `shortlist audit seal --db URI`: records, once, the rows of a database
// written before the log recorded row digests.
#include <map>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/audit_log.h"

namespace shortlist::cli {
namespace {

constexpr const char* kUsage =
    "usage: shortlist audit verify --db URI\n"
    "       shortlist audit seal --db URI\n";

int verify(store::Database& db, std::ostream& out, std::ostream& err) {
  store::AuditCheck check;
  try {
    // One transaction: the log and the rows as one picture while others write.
    db.transaction([&](store::Database& tx) { check = store::verify_audit(tx); });
  } catch (const Poco::Exception& e) {
    err << "shortlist audit: cannot read the store: " << e.displayText() << "\n";
    return 1;
  }
  if (check.first_bad) {
    out << "audit log: entry " << *check.first_bad << " does not hold: " << check.problem << "\n";
    return 1;
  }
  out << "audit log: " << check.entries << " entries, chain intact\n"
      << "head: " << (check.head.empty() ? "(empty)" : check.head)
      << "\n(keep the head elsewhere: a log cut short after it is caught by comparing)\n";
  std::map<std::string, std::size_t> predating;
  std::size_t differ = 0;
  for (const store::RowProblem& problem : check.row_problems) {
    if (problem.kind == store::RowProblem::Kind::Predates) {
      ++predating[problem.table];
      continue;
    }
    if (differ++ == 0) out << "rows that are not what the audit log recorded:\n";
    out << "  " << store::describe(problem) << "\n";
  }
  if (!predating.empty()) {
    std::size_t rows = 0;
    std::string tables;
    for (const auto& [table, n] : predating) {
      rows += n;
      tables += (tables.empty() ? "" : ", ") + table + " " + std::to_string(n);
    }
    out << rows << " rows were written before the audit log recorded row digests (entry "
        << check.digests_from << " is the first that does): " << tables
        << ".\nThe log cannot vouch for them: check them (against a backup, the call's minutes),"
           " then record them once with 'shortlist audit seal --db URI'.\n";
  }
  if (differ > 0) {
    out << "data: " << differ << " of " << check.rows
        << " rows differ from the audit log: they were changed outside Shortlist\n";
  } else if (predating.empty()) {
    out << "data: " << check.rows << " rows, each as the audit log recorded it\n";
  }
  return check.ok() ? 0 : 1;
}

}  // namespace

int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << kUsage
          << "\nverify: checks that no audit entry was edited, deleted or reordered, and that\n"
             "every row of the calls' tables is what the audit log recorded.\n"
             "seal: records, once, the rows of a database written before the log recorded\n"
             "row digests, as they are now.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty() ||
        (options.positional[0] != "verify" && options.positional[0] != "seal"))
      throw UsageError("expected 'verify' or 'seal'");
    if (!options.last("db")) throw UsageError("--db is required");
  } catch (const UsageError& e) {
    err << "shortlist audit: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  if (options.positional[0] == "verify") return verify(*db, out, err);
  Expected<std::size_t> sealed = store::seal_audit(*db, "cli");
  if (!sealed) {
    err << "shortlist audit: " << sealed.problems()[0].message << "\n";
    return 1;
  }
  out << "audit log: recorded " << *sealed
      << " rows written before the log recorded row digests; 'audit verify' now checks them\n";
  return 0;
}

}  // namespace shortlist::cli
