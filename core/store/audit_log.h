// The audit log: an append-only record of every state change, review,
// override and decision, hash-chained so that editing, deleting or
// reordering any entry is detected. Entry n stores the hash of entry n-1
// and its own hash over everything it says:
//
//   hash_n = SHA-256(previous_hash | seq | at | actor | action | subject | details)
//
//   append_audit(tx, {"cli", "submission.received", "ke-1", R"({"version":1})"});
//   AuditCheck check = verify_audit(db);  // check.ok, or check.first_bad and why
#pragma once

#include <Poco/Dynamic/Var.h>

#include <optional>
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

// Appends inside the caller's transaction.
void append_audit(Database& tx, const AuditEntry& entry);

struct AuditCheck {
  std::size_t entries = 0;
  std::optional<std::int64_t> first_bad;  // the first entry that does not hold
  std::string problem;                    // what is wrong with it
  std::string head;  // hash of the last entry: keep it apart to detect a cut tail
  bool ok() const { return !first_bad; }
};

AuditCheck verify_audit(Database& db);

// The current time as ISO 8601 UTC with milliseconds.
std::string utc_now();

}  // namespace shortlist::store
