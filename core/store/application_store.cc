#include "core/store/application_store.h"

#include <Poco/Data/DataException.h>

#include "core/store/audit_log.h"

namespace shortlist::store {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

Expected<DeadlineExtension> extend_deadline(Database& db, const std::string& call,
                                            const std::string& closes, const std::string& reason,
                                            const std::string& actor) {
  return transact<DeadlineExtension>(
      db, "extend the deadline", [&](Database& tx) -> Expected<DeadlineExtension> {
        std::string call_id = call;
        Poco::Int64 calls = 0, seq = 0;
        tx.session() << tx.sql("SELECT COUNT(*) FROM calls WHERE id = ?"), into(calls),
            use(call_id), now;
        tx.session() << tx.sql(
            "SELECT COALESCE(MAX(seq), 0) FROM deadline_extensions WHERE call_id = ?"),
            into(seq), use(call_id), now;
        DeadlineExtension out{call, seq + 1, closes, reason, actor, utc_now()};
        ChangedRows written(
            tx, {{"calls", {call}}, {"deadline_extensions", {call, std::to_string(out.seq)}}});
        if (calls == 0) {  // extended before any application came in
          std::string created = out.at;
          tx.session() << tx.sql("INSERT INTO calls (id, name, created_at) VALUES (?, ?, ?)"),
              use(call_id), use(call_id), use(created), now;
        }
        Poco::Int64 next = out.seq;
        tx.session() << tx.sql(
            "INSERT INTO deadline_extensions (call_id, seq, closes, reason, actor, at) "
            "VALUES (?, ?, ?, ?, ?, ?)"),
            use(call_id), use(next), use(out.closes), use(out.reason), use(out.actor), use(out.at),
            now;
        append_audit(tx,
                     {actor, "call.deadline_extended", call,
                      audit_details({{"closes", closes}, {"reason", reason}})},
                     written);
        return out;
      });
}

std::vector<DeadlineExtension> deadline_extensions(Database& db, const std::string& call) {
  std::string key = call;
  std::vector<Poco::Int64> seqs;
  std::vector<std::string> closes, reasons, actors, times;
  db.session() << db.sql(
      "SELECT seq, closes, reason, actor, at FROM deadline_extensions WHERE call_id = ? "
      "ORDER BY seq"),
      into(seqs), into(closes), into(reasons), into(actors), into(times), use(key), now;
  std::vector<DeadlineExtension> out;
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    out.push_back({call, seqs[i], closes[i], reasons[i], actors[i], times[i]});
  }
  return out;
}

std::optional<DeadlineExtension> latest_extension(Database& db, const std::string& call) {
  std::vector<DeadlineExtension> all = deadline_extensions(db, call);
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::optional<StoredApplication> find_application(Database& db, const std::string& code) {
  std::string key = code;
  std::vector<std::string> ids, calls, hashes, languages, statuses, documents;
  std::vector<Poco::Int64> versions;
  db.session() << db.sql(
      "SELECT s.id, s.call_id, k.key_hash, k.language, s.status, s.current_version, v.document "
      "FROM submissions s JOIN application_keys k ON k.submission_id = s.id "
      "JOIN submission_versions v ON v.submission_id = s.id AND v.version = s.current_version "
      "WHERE s.tracking_code = ?"),
      into(ids), into(calls), into(hashes), into(languages), into(statuses), into(versions),
      into(documents), use(key), now;
  if (ids.empty()) return std::nullopt;
  return StoredApplication{ids[0],       calls[0],    code,        hashes[0],
                           languages[0], statuses[0], versions[0], documents[0]};
}

}  // namespace shortlist::store
