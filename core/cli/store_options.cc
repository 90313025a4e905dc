#include "core/cli/store_options.h"

#include <charconv>

#include "core/cli/command_line.h"
#include "core/store/migrations.h"

namespace shortlist::cli {

Expected<store::Database> open_store(const std::string& uri, std::ostream& err) {
  Expected<store::Database> db = store::Database::open(uri);
  if (!db) {
    err << "shortlist: " << uri << ": " << db.problems()[0].message << "\n";
    return db;
  }
  Expected<int> version = store::migrate(*db);
  if (!version) {
    err << "shortlist: " << uri << ": " << version.problems()[0].message << "\n";
    return std::move(version).take_problems();
  }
  return db;
}

std::int64_t parse_run_id(const std::string& text) {
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id < 1) {
    throw UsageError("'" + text + "' is not a run number");
  }
  return id;
}

}  // namespace shortlist::cli
