#include "core/store/audit_log.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "core/util/digest.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

std::string entry_hash(const std::string& previous, std::int64_t seq, const std::string& at,
                       const AuditEntry& e) {
  // Fields joined with a separator that cannot occur in them unescaped.
  std::string text = previous + '\x1f' + std::to_string(seq) + '\x1f' + at + '\x1f' + e.actor +
                     '\x1f' + e.action + '\x1f' + e.subject + '\x1f' + e.details;
  return sha256_hex(text);
}

}  // namespace

std::string audit_details(const std::vector<std::pair<std::string, Poco::Dynamic::Var>>& fields) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [key, value] : fields) object->set(key, value);
  std::ostringstream text;
  Poco::JSON::Stringifier::stringify(object, text);
  return text.str();
}

std::string utc_now() {
  return Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

void append_audit(Database& tx, const AuditEntry& entry) {
  Poco::Int64 last = 0;
  std::string previous;
  tx.session() << "SELECT COALESCE(MAX(seq), 0) FROM audit_log", into(last), now;
  if (last > 0) {
    tx.session() << tx.sql("SELECT hash FROM audit_log WHERE seq = ?"), into(previous), use(last),
        now;
  }
  Poco::Int64 seq = last + 1;
  std::string at = utc_now();
  std::string hash = entry_hash(previous, seq, at, entry);
  AuditEntry e = entry;
  tx.session() << tx.sql(
      "INSERT INTO audit_log (seq, at, actor, action, subject, details, "
      "previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      use(seq), use(at), use(e.actor), use(e.action), use(e.subject), use(e.details), use(previous),
      use(hash), now;
}

AuditCheck verify_audit(Database& db) {
  AuditCheck check;
  Poco::Data::Statement select(db.session());
  select << "SELECT seq, at, actor, action, subject, details, previous_hash, hash FROM audit_log "
            "ORDER BY seq",
      now;
  Poco::Data::RecordSet rows(select);
  std::string previous;
  std::int64_t expected = 1;
  for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
    ++check.entries;
    const std::int64_t seq = rows["seq"].convert<std::int64_t>();
    const AuditEntry entry{
        rows["actor"].convert<std::string>(), rows["action"].convert<std::string>(),
        rows["subject"].convert<std::string>(), rows["details"].convert<std::string>()};
    const std::string at = rows["at"].convert<std::string>();
    const std::string stored_previous = rows["previous_hash"].convert<std::string>();
    const std::string stored_hash = rows["hash"].convert<std::string>();
    auto bad = [&](std::string why) {
      check.first_bad = seq;
      check.problem = std::move(why);
    };
    if (seq != expected) {
      bad(seq > expected ? "entries " + std::to_string(expected) + " to " +
                               std::to_string(seq - 1) + " are missing"
                         : "entry numbers repeat");
      break;
    }
    if (stored_previous != previous) {
      bad("it does not follow the entry before it (deleted, inserted or reordered)");
      break;
    }
    if (entry_hash(previous, seq, at, entry) != stored_hash) {
      bad("its content does not match its hash (edited)");
      break;
    }
    previous = stored_hash;
    ++expected;
  }
  check.head = previous;
  return check;
}

}  // namespace shortlist::store
