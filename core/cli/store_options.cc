#include "core/cli/store_options.h"

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

}  // namespace shortlist::cli
