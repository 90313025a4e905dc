// What the store keeps of online applications beyond their versions: the
// edit key each was given (as its SHA-256 only) and the extensions of a
// call's deadline, each audited.
//
//   extend_deadline(db, "dc-2026", "2026-06-07T23:59:59Z", "the portal was down", "cli");
//   std::optional<DeadlineExtension> latest = latest_extension(db, "dc-2026");
//   std::optional<StoredApplication> mine = find_application(db, "7Q2M-KD4X-9TBW");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

struct DeadlineExtension {
  std::string call;
  std::int64_t seq = 0;
  std::string closes;  // ISO 8601 UTC, "2026-06-07T23:59:59Z"
  std::string reason;
  std::string actor;
  std::string at;
};

// Records a new deadline for `call` (stored as a call when new), audited
// as "call.deadline_extended". `closes` is ISO 8601 UTC; whether it is
// later than the deadline it replaces is the caller's to check.
Expected<DeadlineExtension> extend_deadline(Database& db, const std::string& call,
                                            const std::string& closes, const std::string& reason,
                                            const std::string& actor);
// The latest extension of `call`'s deadline, if any: the deadline in force.
std::optional<DeadlineExtension> latest_extension(Database& db, const std::string& call);
// Every extension, oldest first.
std::vector<DeadlineExtension> deadline_extensions(Database& db, const std::string& call);

// An online application as its applicant may read it back.
struct StoredApplication {
  std::string id;
  std::string call;
  std::string tracking_code;
  std::string key_hash;  // SHA-256 of the edit key, hex
  std::string language;  // the applicant's
  std::string status;
  std::int64_t version = 1;
  std::string document;  // the current version, JSON as stored
};
// The application with this tracking code (canonical form); nullopt when
// there is none, or when the submission came in otherwise than online.
std::optional<StoredApplication> find_application(Database& db, const std::string& code);

}  // namespace shortlist::store
