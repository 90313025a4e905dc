#include "core/store/lifecycle.h"

#include <Poco/Data/DataException.h>

#include <algorithm>
#include <map>

#include "core/store/audit_log.h"
#include "core/store/outbox.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

const std::map<std::string_view, std::vector<std::string_view>>& moves() {
  static const std::map<std::string_view, std::vector<std::string_view>> kMoves = {
      {"received", {"valid", "invalid", "draft"}},
      {"draft", {}},
      {"valid", {"eligible", "ineligible"}},
      {"invalid", {}},
      {"eligible", {"ineligible", "in_review", "not_shortlisted"}},
      {"ineligible", {"eligible"}},
      {"in_review", {"shortlisted", "waitlisted", "not_shortlisted"}},
      {"shortlisted", {"awarded", "not_awarded", "waitlisted"}},
      {"waitlisted", {"shortlisted", "awarded", "not_awarded"}},
      {"not_shortlisted", {}},
      {"awarded", {}},
      {"not_awarded", {}},
  };
  return kMoves;
}

}  // namespace

bool is_status(std::string_view status) { return moves().count(status) != 0; }

bool allowed_move(std::string_view from, std::string_view to) {
  auto it = moves().find(from);
  return it != moves().end() &&
         std::find(it->second.begin(), it->second.end(), to) != it->second.end();
}

bool needs_reason(std::string_view status) { return status == "invalid" || status == "ineligible"; }

bool is_outcome(std::string_view status) {
  return status == "invalid" || status == "ineligible" || status == "not_shortlisted" ||
         status == "awarded" || status == "not_awarded";
}

bool open_for_versions(std::string_view status) {
  return status == "received" || status == "draft" || status == "valid" || status == "invalid" ||
         status == "eligible" || status == "ineligible";
}

void record_status(Database& tx, const std::string& id, const std::string& status,
                   const std::string& reason, const std::string& actor, const std::string& at) {
  Poco::Int64 seq = 0;
  std::string key = id;
  tx.session() << tx.sql(
      "SELECT COALESCE(MAX(seq), 0) FROM status_history WHERE submission_id = ?"),
      into(seq), use(key), now;
  ++seq;
  ChangedRows written(tx, {{"submissions", {id}}, {"status_history", {id, std::to_string(seq)}}});
  std::string s = status, r = reason, a = actor, t = at;
  tx.session() << tx.sql(
      "INSERT INTO status_history (submission_id, seq, status, reason, actor, at) "
      "VALUES (?, ?, ?, ?, ?, ?)"),
      use(key), use(seq), use(s), use(r), use(a), use(t), now;
  tx.session() << tx.sql("UPDATE submissions SET status = ? WHERE id = ?"), use(s), use(key), now;
  append_audit(
      tx, {actor, "status.changed", id, audit_details({{"status", status}, {"reason", reason}})},
      written);
  // The applicant is told in the same transaction: the notice is lost only
  // if the change is.
  queue_status_notice(tx, id, status, reason);
}

Expected<bool> move_status(Database& tx, const std::string& id, const std::string& status,
                           const std::string& reason, const std::string& actor) {
  if (!is_status(status)) {
    return Diagnostic{"", {}, "'" + status + "' is not a status"};
  }
  if (needs_reason(status) && reason.empty()) {
    return Diagnostic{"", {}, "a submission is " + status + " only with a reason"};
  }
  std::vector<std::string> current;
  std::string key = id;
  tx.session() << tx.sql("SELECT status FROM submissions WHERE id = ?"), into(current), use(key),
      now;
  if (current.empty()) return Diagnostic{"", {}, "there is no submission '" + id + "'"};
  if (current[0] == status) return false;
  if (!allowed_move(current[0], status)) {
    return Diagnostic{
        "", {}, "submission '" + id + "' is " + current[0] + " and cannot become " + status};
  }
  record_status(tx, id, status, reason, actor, utc_now());
  return true;
}

Expected<bool> set_status(Database& db, const std::string& id, const std::string& status,
                          const std::string& reason, const std::string& actor) {
  return transact<bool>(db, "change the status",
                        [&](Database& tx) { return move_status(tx, id, status, reason, actor); });
}

}  // namespace shortlist::store
