// The store's schema, as numbered migrations applied in order when a
// database is opened. The version is kept in `schema_version`; a database
// whose version is newer than this binary knows is refused rather than
// misread.
//
//   Expected<int> version = migrate(db);  // applies what is missing, returns the version
#pragma once

#include "core/store/database.h"

namespace shortlist::store {

// The newest schema this binary knows.
int latest_schema_version();

// Applies every missing migration, each in its own transaction. Problems:
// a database newer than this binary, or a migration that fails.
Expected<int> migrate(Database& db);

}  // namespace shortlist::store
