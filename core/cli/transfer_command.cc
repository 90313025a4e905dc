// `shortlist export --db URI --call ID [--output FILE]` and
// `shortlist import FILE --db URI`: a whole call moved between databases as
// JSON Lines.
#include <fstream>
#include <sstream>

#include "core/cli/command_line.h"
#include "core/cli/commands.h"
#include "core/cli/output_file.h"
#include "core/cli/store_options.h"
#include "core/store/call_transfer.h"

namespace shortlist::cli {
namespace {

std::string summary(const store::TransferCounts& counts) {
  auto n = [&](const char* table) {
    auto it = counts.find(table);
    return std::to_string(it == counts.end() ? 0 : it->second);
  };
  return n("submissions") + " submissions (" + n("submission_versions") + " versions, " +
         n("status_history") + " status changes), " + n("runs") + " evaluation runs (" +
         n("run_scores") + " scores)";
}

}  // namespace

int run_export(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage = "usage: shortlist export --db URI --call ID [--output FILE]\n";
  CommandLine line(args);
  line.option("db", "", "URI", "the store (sqlite:PATH or postgresql://...)")
      .option("call", "", "ID", "the call to export")
      .option("output", "o", "FILE", "write to FILE instead of standard output")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse();
    if (options.flag("help")) {
      out << kUsage
          << "\nWrites a call — submissions, versions, status history, evaluation runs\n"
             "and scores — as JSON Lines, for `shortlist import` into another database.\n\n"
          << line.help();
      return 0;
    }
    if (!options.last("db")) throw UsageError("--db is required");
    if (!options.last("call")) throw UsageError("--call is required");
  } catch (const UsageError& e) {
    err << "shortlist export: " << e.what() << "\n" << kUsage;
    return 2;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  std::ostringstream text;
  Expected<store::TransferCounts> counts = store::export_call(*db, *options.last("call"), text);
  if (!counts) {
    err << "shortlist export: " << counts.problems()[0].message << "\n";
    return 1;
  }
  if (auto output = options.last("output")) {
    if (!write_atomically(*output, text.str(), err)) return 1;
  } else {
    out << text.str();
  }
  err << "exported " << summary(*counts) << "\n";
  return 0;
}

int run_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  constexpr const char* kUsage = "usage: shortlist import FILE --db URI\n";
  CommandLine line(args);
  line.option("db", "", "URI", "the store to import into (sqlite:PATH or postgresql://...)")
      .option("help", "h", "", "show this help");
  ParsedOptions options;
  try {
    options = line.parse(1);
    if (options.flag("help")) {
      out << kUsage
          << "\nBrings a call written by `shortlist export` into a database that does not\n"
             "have it yet, all of it or — on any problem — none of it.\n\n"
          << line.help();
      return 0;
    }
    if (options.positional.empty()) throw UsageError("give the export file");
    if (!options.last("db")) throw UsageError("--db is required");
  } catch (const UsageError& e) {
    err << "shortlist import: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const std::string file = options.positional[0];
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err << "shortlist import: cannot read " << file << "\n";
    return 1;
  }
  Expected<store::Database> db = open_store(*options.last("db"), err);
  if (!db) return 1;
  Expected<store::TransferCounts> counts = store::import_call(*db, in, file, "cli");
  if (!counts) {
    for (const Diagnostic& d : counts.problems()) err << d << "\n";
    err << "nothing was imported\n";
    return 1;
  }
  out << "imported " << summary(*counts) << "\n";
  return 0;
}

}  // namespace shortlist::cli
