// Opening the store from a command: the database at a URI, migrated to this
// binary's schema; problems are printed and mean exit status 1. And reading
// a run number.
//
//   Expected<store::Database> db = open_store(uri, std::cerr);
#pragma once

#include <ostream>
#include <string>

#include "core/store/database.h"

namespace shortlist::cli {

Expected<store::Database> open_store(const std::string& uri, std::ostream& err);

// "12" as run 12; throws UsageError for anything but a whole number from 1.
std::int64_t parse_run_id(const std::string& text);

}  // namespace shortlist::cli
