// The audit log: an append-only record of every state change, review,
// override and decision, hash-chained so that editing, deleting or
// reordering any entry is detected. Entry n stores the hash of entry n-1
// and its own hash over everything it says, with the digests of the rows
// the change wrote:
//
//   hash_n = SHA-256(previous_hash | seq | at | actor | action | subject | details | row_digests)
//
// A change that writes the call's tables (call_tables.h) names the rows it
// writes before writing them and hands them to the entry: the entry records
// each row's SHA-256 as it was before and as it is after. `verify_audit`
// replays the log to what every row should be and compares it with what the
// tables hold, naming each row edited, added or deleted outside Shortlist.
//
//   ChangedRows rows(tx, {{"decisions", {proposal}}});
//   tx.session() << "INSERT INTO decisions ...", now;
//   append_audit(tx, {"cli", "decision.recorded", proposal, details}, rows);
//   AuditCheck check = verify_audit(db);  // check.ok(), or what does not hold
//
// Rows written before the log recorded digests (schema 10) are unknown to it
// until `seal_audit` records them once, as they are then.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

struct AuditEntry {
  std::string actor;    // who: a user name, or "cli"
  std::string action;   // what, dotted: "submission.received", "status.changed"
  std::string subject;  // which: a submission id, a run id
  std::string details;  // JSON
};

// An entry's details: a JSON object with the keys in the order given.
//   audit_details({{"version", 2}, {"content_hash", hash}})
std::string audit_details(const std::vector<std::pair<std::string, Poco::Dynamic::Var>>& fields);

// The rows of `table` whose key begins with `key` (key columns as text, in
// the table's key order): what one change writes there, all of it.
struct RowScope {
  std::string table;
  std::vector<std::string> key;
};

// The rows a change is about to write. Made before the first write (it
// digests the rows as they are), handed to append_audit after the last (it
// digests them again).
class ChangedRows {
 public:
  ChangedRows(Database& tx, std::vector<RowScope> scopes);
  // Every row of call `call` in every table, new: what an import brought.
  static ChangedRows whole_call(std::string call);

  struct Row {
    std::vector<std::string> key;
    std::string digest;
    std::string columns;  // 8 hex digits of each column's own digest
  };
  struct Group {
    std::string table;
    std::optional<std::vector<std::string>> scope;  // none: rows added, none replaced
    std::vector<Row> before;
    std::string call;        // for a whole call: its rows
    std::vector<Row> after;  // given (a seal), or read by append_audit
  };

  explicit ChangedRows(std::vector<Group> groups) : groups_(std::move(groups)) {}
  const std::vector<Group>& groups() const { return groups_; }

 private:
  std::vector<Group> groups_;
};

// Appends inside the caller's transaction.
void append_audit(Database& tx, const AuditEntry& entry);
// With the digests of the rows the change wrote.
void append_audit(Database& tx, const AuditEntry& entry, const ChangedRows& rows);

// A row that is not what the log says it should be.
struct RowProblem {
  enum class Kind {
    Edited,         // differs from what the log recorded
    Missing,        // the log recorded it; it is gone
    Unrecorded,     // no audited change wrote it
    Predates,       // no audited change wrote it, and the log began before digests
    ChangedBefore,  // edited, added or deleted outside Shortlist, then written again
  };
  Kind kind = Kind::Edited;
  std::string table;
  std::vector<std::string> key;
  std::string entry;   // the entry that recorded it: "entry 12 (review.submitted by ana, ...)"
  std::string change;  // for ChangedBefore: "edited", "added" or "deleted"
  // The columns that differ from what was recorded (all of them for an
  // unrecorded row), with their values now.
  std::vector<std::pair<std::string, std::string>> now;
};

// "review_scores (ke-1, j-2, impact): score is 5 now, not what entry 12 (...) recorded"
std::string describe(const RowProblem& problem);

struct AuditCheck {
  std::size_t entries = 0;
  std::optional<std::int64_t> first_bad;  // the first entry that does not hold
  std::string problem;                    // what is wrong with it
  std::string head;      // hash of the last entry: keep it apart to detect a cut tail
  std::size_t rows = 0;  // rows compared with the log
  std::vector<RowProblem> row_problems;  // in table order, then key order
  std::int64_t digests_from = 1;         // the first entry that recorded row digests
  std::optional<std::int64_t> sealed;    // the entry that recorded the older rows
  bool ok() const { return !first_bad && row_problems.empty(); }
};

// Only the rows of these tables whose key begins with `key`.
struct RowFilter {
  std::set<std::string> tables;
  std::vector<std::string> key;
};

// Run it inside a transaction (Database::transaction) for one consistent
// picture of the log and the rows while others write.
AuditCheck verify_audit(Database& db, const std::optional<RowFilter>& only = std::nullopt);

// Records, in one entry, the digests of the rows written before the log
// recorded digests, as they are now. Refused when the chain does not hold,
// when any row the log knows differs from it, when there is nothing to seal
// (a database that has recorded digests from its first entry), and once done.
// Returns how many rows it recorded.
Expected<std::size_t> seal_audit(Database& db, const std::string& actor);

// The current time as ISO 8601 UTC with milliseconds.
std::string utc_now();

}  // namespace shortlist::store
