// Moving a whole call between databases — SQLite to PostgreSQL and back — as
// JSON Lines: a header line, then one line per stored row, parents first.
//
//   {"shortlist":"call-export","format":1,"schema":2,"call":"dc-2026","exported_at":"..."}
//   {"table":"calls","row":{"id":"dc-2026","name":"dc-2026","created_at":"..."}}
//   {"table":"submissions","row":{"id":"ke-1","call_id":"dc-2026",...}}
//
// The call, its submissions with every version and status change, its
// evaluation runs with every plugin and score, and the run whose feedback
// applicants see travel; the audit log stays
// with its database (its chain cannot be spliced into another), and the
// import appends one entry naming the file's SHA-256.
//
//   Expected<TransferCounts> n = export_call(db, "dc-2026", std::cout);
//   Expected<TransferCounts> m = import_call(other, file, "dc-2026.jsonl", "cli");
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

// Rows per table.
using TransferCounts = std::map<std::string, std::size_t>;

// The tables an export carries, parents first, each with its columns.
std::vector<std::pair<std::string, std::vector<std::string>>> transferred_columns();

// Problems: no such call.
Expected<TransferCounts> export_call(Database& db, const std::string& call, std::ostream& out);

// Reads every line before writing anything, then imports in one transaction.
// Evaluation runs are numbered after the runs already in `db`. Problems, each
// naming `source` and the line: not an export, a malformed row, a call the
// database already has, a row the database refuses. On any problem nothing
// is written.
Expected<TransferCounts> import_call(Database& db, std::istream& in, const std::string& source,
                                     const std::string& actor);

}  // namespace shortlist::store
