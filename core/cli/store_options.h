// Opening the store from a command: the database at a URI, migrated to this
// binary's schema; problems are printed and mean exit status 1.
//
//   Expected<store::Database> db = open_store(uri, std::cerr);
#pragma once

#include <ostream>
#include <string>

#include "core/store/database.h"

namespace shortlist::cli {

Expected<store::Database> open_store(const std::string& uri, std::ostream& err);

}  // namespace shortlist::cli
