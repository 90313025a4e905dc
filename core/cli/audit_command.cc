// `shortlist audit verify --db URI`: checks the audit log's hash chain and
// names the first entry that does not hold.
#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/store_options.h"
#include "core/store/audit_log.h"

namespace shortlist::cli {

int run_audit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << "usage: shortlist audit verify --db URI\n\n"
             "Checks that no audit entry was edited, deleted or reordered.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty() || options.positional[0] != "verify")
      throw UsageError("expected 'verify'");
    if (!options.last("db")) throw UsageError("--db is required");
  } catch (const UsageError& e) {
    err << "shortlist audit: " << e.what() << "\nusage: shortlist audit verify --db URI\n";
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  const store::AuditCheck check = store::verify_audit(*db);
  if (!check.ok()) {
    out << "audit log: entry " << *check.first_bad << " does not hold: " << check.problem << "\n";
    return 1;
  }
  out << "audit log: " << check.entries << " entries, chain intact\n"
      << "head: " << (check.head.empty() ? "(empty)" : check.head)
      << "\n(keep the head elsewhere: a log cut short after it is caught by comparing)\n";
  return 0;
}

}  // namespace shortlist::cli
