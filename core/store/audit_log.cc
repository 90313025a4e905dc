#include "core/store/audit_log.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <map>
#include <sstream>

#include "core/store/call_tables.h"
#include "core/util/digest.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

using Key = std::vector<std::string>;
constexpr std::size_t kColumnDigits = 8;

std::string entry_hash(const std::string& previous, std::int64_t seq, const std::string& at,
                       const AuditEntry& e, const std::string& row_digests) {
  // Fields joined with a separator that cannot occur in them unescaped. An
  // entry without rows hashes as entries did before rows were recorded.
  std::string text = previous + '\x1f' + std::to_string(seq) + '\x1f' + at + '\x1f' + e.actor +
                     '\x1f' + e.action + '\x1f' + e.subject + '\x1f' + e.details;
  if (!row_digests.empty()) text += '\x1f' + row_digests;
  return sha256_hex(text);
}

const Table& table_named(const std::string& name) {
  const Table* table = find_table(name);
  if (table == nullptr) throw Poco::InvalidArgumentException("no audited table " + name);
  return *table;
}

// A row's SHA-256 over its table and every column, each value's length
// before it so that no two rows read alike; with `columns`, 8 hex digits of
// each column's own digest, to name the column that changed.
ChangedRows::Row digest_row(const Table& table, const std::vector<Value>& values, bool columns) {
  ChangedRows::Row row;
  std::string all = table.name;
  all += '\x1e';
  for (std::size_t k = 0; k < table.columns.size(); ++k) {
    const std::string text = value_text(table.columns[k].type, values[k]);
    std::string piece = table.columns[k].name;
    piece += '=' + std::to_string(text.size()) + ':' + text;
    if (columns) row.columns += sha256_hex(piece).substr(0, kColumnDigits);
    all += piece + '\x1f';
  }
  for (const char* name : table.key) {
    const std::size_t k = column_index(table, name);
    row.key.push_back(value_text(table.columns[k].type, values[k]));
  }
  row.digest = sha256_hex(all);
  return row;
}

// The rows of `table` whose key begins with `prefix`, digested.
std::vector<ChangedRows::Row> rows_under(Database& db, const Table& table, const Key& prefix,
                                         bool columns) {
  std::string where;
  std::vector<Type> types;
  std::vector<Value> values;
  for (std::size_t i = 0; i < prefix.size() && i < table.key.size(); ++i) {
    const Type type = table.columns[column_index(table, table.key[i])].type;
    where += (where.empty() ? "" : " AND ") + std::string(table.key[i]) + " = ?";
    types.push_back(type);
    values.push_back(value_of(type, prefix[i]));
  }
  std::vector<ChangedRows::Row> out;
  for (const auto& row : select_rows(db, table, where, types, values)) {
    out.push_back(digest_row(table, row, columns));
  }
  return out;
}

std::string json_text(const std::string& text) {
  std::ostringstream out;
  Poco::JSON::Stringifier::formatString(text, out);
  return out.str();
}

std::string json_key(const Key& key) {
  std::string out = "[";
  for (std::size_t i = 0; i < key.size(); ++i) out += (i ? "," : "") + json_text(key[i]);
  return out + "]";
}

std::string serialise(const std::vector<ChangedRows::Group>& groups) {
  if (groups.empty()) return "";
  std::string out = "[";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const ChangedRows::Group& group = groups[g];
    out += (g ? ",{" : "{") + std::string("\"table\":") + json_text(group.table);
    if (group.scope) {
      out += ",\"scope\":" + json_key(*group.scope) + ",\"before\":[";
      for (std::size_t i = 0; i < group.before.size(); ++i) {
        out += (i ? ",[" : "[") + json_key(group.before[i].key) + "," +
               json_text(group.before[i].digest) + "]";
      }
      out += "]";
    }
    out += ",\"rows\":[";
    for (std::size_t i = 0; i < group.after.size(); ++i) {
      const ChangedRows::Row& row = group.after[i];
      out += (i ? ",[" : "[") + json_key(row.key) + "," + json_text(row.digest) + "," +
             json_text(row.columns) + "]";
    }
    out += "]}";
  }
  return out + "]";
}

Key key_of(const Poco::JSON::Array::Ptr& array) {
  Key key;
  for (std::size_t i = 0; i < array->size(); ++i) key.push_back(array->getElement<std::string>(i));
  return key;
}

bool starts_with(const Key& key, const Key& prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

// What the log says a row should be.
struct Recorded {
  std::string digest;
  std::string columns;
  std::size_t entry = 0;  // in Replay::entries
};

// The log replayed: what every row should be now.
struct Replay {
  std::map<std::string, std::map<Key, Recorded>> tables;
  std::vector<std::string> entries;  // "entry 12 (review.submitted by ana, 2026-...)"
};

// A value as a report line shows it: cut short, and with control
// characters escaped, so that an edited value cannot forge lines of the report.
std::string shown(std::string text) {
  constexpr std::size_t kLongest = 60;
  if (text.size() > kLongest) {
    std::size_t cut = kLongest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

void apply(Replay& replay, AuditCheck& check, const std::string& text, bool predating,
           const std::optional<RowFilter>& only) {
  Poco::JSON::Parser parser;
  const Poco::JSON::Array::Ptr groups = parser.parse(text).extract<Poco::JSON::Array::Ptr>();
  const std::size_t entry = replay.entries.size() - 1;
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const Poco::JSON::Object::Ptr group = groups->getObject(static_cast<unsigned>(g));
    const std::string table = group->getValue<std::string>("table");
    if (only && !only->tables.count(table)) continue;
    std::map<Key, Recorded>& expected = replay.tables[table];
    auto changed_before = [&](const Key& key, const char* change) {
      if (only && !starts_with(key, only->key)) return;
      RowProblem problem;
      problem.kind = RowProblem::Kind::ChangedBefore;
      problem.table = table;
      problem.key = key;
      problem.entry = replay.entries[entry];
      problem.change = change;
      check.row_problems.push_back(std::move(problem));
    };
    if (group->has("scope")) {
      const Key scope = key_of(group->getArray("scope"));
      std::map<Key, std::string> before;
      const Poco::JSON::Array::Ptr rows = group->getArray("before");
      for (std::size_t i = 0; i < rows->size(); ++i) {
        const Poco::JSON::Array::Ptr row = rows->getArray(static_cast<unsigned>(i));
        before[key_of(row->getArray(0))] = row->getElement<std::string>(1);
      }
      auto it = expected.lower_bound(scope);
      while (it != expected.end() && starts_with(it->first, scope)) {
        auto was = before.find(it->first);
        if (was == before.end()) {
          changed_before(it->first, "deleted");
        } else {
          if (was->second != it->second.digest) changed_before(it->first, "edited");
          before.erase(was);
        }
        it = expected.erase(it);
      }
      // Rows the log did not know: written before it recorded digests, or
      // added outside Shortlist.
      if (!predating) {
        for (const auto& [key, digest] : before) changed_before(key, "added");
      }
    }
    const Poco::JSON::Array::Ptr rows = group->getArray("rows");
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const Poco::JSON::Array::Ptr row = rows->getArray(static_cast<unsigned>(i));
      expected[key_of(row->getArray(0))] = {row->getElement<std::string>(1),
                                            row->getElement<std::string>(2), entry};
    }
  }
}

// Compares the rows of the tables with what the replayed log says.
void compare(Database& db, Replay& replay, AuditCheck& check, bool predating,
             const std::optional<RowFilter>& only) {
  for (const Table& table : call_tables()) {
    if (only && !only->tables.count(table.name)) continue;
    std::map<Key, Recorded>& expected = replay.tables[table.name];
    std::vector<std::vector<Value>> rows;
    {
      std::string where;
      std::vector<Type> types;
      std::vector<Value> values;
      if (only) {
        for (std::size_t i = 0; i < only->key.size() && i < table.key.size(); ++i) {
          const Type type = table.columns[column_index(table, table.key[i])].type;
          where += (where.empty() ? "" : " AND ") + std::string(table.key[i]) + " = ?";
          types.push_back(type);
          values.push_back(value_of(type, only->key[i]));
        }
      }
      rows = select_rows(db, table, where, types, values, table.order);
    }
    check.rows += rows.size();
    for (const std::vector<Value>& values : rows) {
      ChangedRows::Row row = digest_row(table, values, false);
      auto it = expected.find(row.key);
      if (it != expected.end() && it->second.digest == row.digest) {
        expected.erase(it);
        continue;
      }
      RowProblem problem;
      problem.table = table.name;
      problem.key = row.key;
      if (it == expected.end()) {
        problem.kind = predating ? RowProblem::Kind::Predates : RowProblem::Kind::Unrecorded;
        for (std::size_t k = 0; k < table.columns.size(); ++k) {
          problem.now.emplace_back(table.columns[k].name,
                                   shown(value_text(table.columns[k].type, values[k])));
        }
      } else {
        problem.kind = RowProblem::Kind::Edited;
        problem.entry = replay.entries[it->second.entry];
        const std::string columns = digest_row(table, values, true).columns;
        for (std::size_t k = 0; k < table.columns.size(); ++k) {
          const std::size_t at = k * kColumnDigits;
          if (columns.compare(at, kColumnDigits, it->second.columns, at, kColumnDigits) != 0) {
            problem.now.emplace_back(table.columns[k].name,
                                     shown(value_text(table.columns[k].type, values[k])));
          }
        }
        expected.erase(it);
      }
      check.row_problems.push_back(std::move(problem));
    }
    for (const auto& [key, recorded] : expected) {
      if (only && !starts_with(key, only->key)) continue;
      RowProblem problem;
      problem.kind = RowProblem::Kind::Missing;
      problem.table = table.name;
      problem.key = key;
      problem.entry = replay.entries[recorded.entry];
      check.row_problems.push_back(std::move(problem));
    }
  }
}

std::string joined(const Key& key) {
  std::string out;
  for (const std::string& part : key) out += (out.empty() ? "" : ", ") + part;
  return out;
}

}  // namespace

ChangedRows::ChangedRows(Database& tx, std::vector<RowScope> scopes) {
  for (RowScope& scope : scopes) {
    Group group;
    group.table = std::move(scope.table);
    group.before = rows_under(tx, table_named(group.table), scope.key, false);
    group.scope = std::move(scope.key);
    groups_.push_back(std::move(group));
  }
}

ChangedRows ChangedRows::whole_call(std::string call) {
  std::vector<Group> groups;
  for (const Table& table : call_tables()) {
    Group group;
    group.table = table.name;
    group.call = call;
    groups.push_back(std::move(group));
  }
  return ChangedRows(std::move(groups));
}

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
  append_audit(tx, entry, ChangedRows(std::vector<ChangedRows::Group>{}));
}

void append_audit(Database& tx, const AuditEntry& entry, const ChangedRows& rows) {
  std::vector<ChangedRows::Group> groups = rows.groups();
  for (ChangedRows::Group& group : groups) {
    const Table& table = table_named(group.table);
    if (group.scope) {
      group.after = rows_under(tx, table, *group.scope, true);
    } else if (!group.call.empty()) {
      for (const auto& row : select_rows(tx, table, table.of_call, {Type::Text},
                                         {text_value(group.call)}, table.order)) {
        group.after.push_back(digest_row(table, row, true));
      }
    }
  }
  std::string row_digests = serialise(groups);
  Poco::Int64 last = 0;
  std::string previous;
  tx.session() << "SELECT COALESCE(MAX(seq), 0) FROM audit_log", into(last), now;
  if (last > 0) {
    tx.session() << tx.sql("SELECT hash FROM audit_log WHERE seq = ?"), into(previous), use(last),
        now;
  }
  Poco::Int64 seq = last + 1;
  std::string at = utc_now();
  std::string hash = entry_hash(previous, seq, at, entry, row_digests);
  AuditEntry e = entry;
  tx.session() << tx.sql(
      "INSERT INTO audit_log (seq, at, actor, action, subject, details, "
      "previous_hash, hash, row_digests) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      use(seq), use(at), use(e.actor), use(e.action), use(e.subject), use(e.details), use(previous),
      use(hash), use(row_digests), now;
}

AuditCheck verify_audit(Database& db, const std::optional<RowFilter>& only) {
  AuditCheck check;
  {
    Poco::Int64 first = 1;
    db.session() << "SELECT COALESCE(MIN(first_seq), 1) FROM audit_coverage", into(first), now;
    check.digests_from = first;
  }
  Replay replay;
  std::string previous;
  std::int64_t expected = 1;
  // In slices of the log, so that memory holds one slice of entries at a time.
  constexpr int kSlice = 2000;
  Poco::Int64 after = 0;
  for (bool more = true; more && !check.first_bad;) {
    std::vector<Poco::Int64> seqs;
    std::vector<std::string> ats, actors, actions, subjects, details, previous_hashes, hashes,
        digests;
    db.session() << db.sql(
        "SELECT seq, at, actor, action, subject, details, previous_hash, hash, row_digests "
        "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT " +
        std::to_string(kSlice)),
        into(seqs), into(ats), into(actors), into(actions), into(subjects), into(details),
        into(previous_hashes), into(hashes), into(digests), use(after), now;
    more = seqs.size() == static_cast<std::size_t>(kSlice);
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      ++check.entries;
      const std::int64_t seq = seqs[i];
      const AuditEntry entry{std::move(actors[i]), std::move(actions[i]), std::move(subjects[i]),
                             std::move(details[i])};
      const std::string& at = ats[i];
      const std::string& row_digests = digests[i];
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
      if (previous_hashes[i] != previous) {
        bad("it does not follow the entry before it (deleted, inserted or reordered)");
        break;
      }
      if (entry_hash(previous, seq, at, entry, row_digests) != hashes[i]) {
        bad("its content does not match its hash (edited)");
        break;
      }
      if (entry.action == "audit.sealed" && !check.sealed) check.sealed = seq;
      if (!row_digests.empty()) {
        replay.entries.push_back("entry " + std::to_string(seq) + " (" + entry.action + " by " +
                                 entry.actor + ", " + at + ")");
        const bool predating = check.digests_from > 1 && !check.sealed;
        try {
          apply(replay, check, row_digests, predating, only);
        } catch (const Poco::Exception& e) {
          bad("its row digests do not read: " + e.displayText());
          break;
        }
      }
      previous = std::move(hashes[i]);
      ++expected;
      after = seq;
    }
  }
  check.head = previous;
  // Rows cannot be checked against a log that does not hold.
  if (check.first_bad) {
    check.row_problems.clear();
    return check;
  }
  compare(db, replay, check, check.digests_from > 1 && !check.sealed, only);
  return check;
}

std::string describe(const RowProblem& problem) {
  std::string out = problem.table + " (" + joined(problem.key) + "): ";
  auto values = [&] {
    std::string list;
    for (const auto& [column, value] : problem.now) {
      list += (list.empty() ? "" : ", ") + column + " = " + value;
    }
    return list;
  };
  switch (problem.kind) {
    case RowProblem::Kind::Edited:
      if (problem.now.size() == 1) {
        return out + problem.now[0].first + " is " + problem.now[0].second + " now, not what " +
               problem.entry + " recorded";
      }
      if (problem.now.empty()) return out + "differs from what " + problem.entry + " recorded";
      return out + "differs from what " + problem.entry + " recorded; now " + values();
    case RowProblem::Kind::Missing:
      return out + "deleted; " + problem.entry + " recorded it";
    case RowProblem::Kind::Unrecorded:
      return out + "no audited change wrote it (" + values() + ")";
    case RowProblem::Kind::Predates:
      return out + "written before the audit log recorded row digests";
    case RowProblem::Kind::ChangedBefore:
      return out + problem.change + " outside Shortlist before " + problem.entry +
             " wrote it again";
  }
  return out;
}

Expected<std::size_t> seal_audit(Database& db, const std::string& actor) {
  return transact<std::size_t>(
      db, "seal the audit log", [&](Database& tx) -> Expected<std::size_t> {
        const AuditCheck check = verify_audit(tx);
        auto refused = [](std::string why) { return Diagnostic{"", {}, std::move(why)}; };
        if (check.first_bad) {
          return refused("the audit log does not hold at entry " +
                         std::to_string(*check.first_bad) + ": " + check.problem);
        }
        if (check.sealed) {
          return refused("the rows written before row digests were sealed by entry " +
                         std::to_string(*check.sealed));
        }
        if (check.digests_from <= 1) {
          return refused(
              "the audit log has recorded the digest of every row since this database was created: "
              "there is nothing to seal");
        }
        std::map<std::string, std::set<Key>> older;
        std::size_t differ = 0;
        for (const RowProblem& problem : check.row_problems) {
          if (problem.kind == RowProblem::Kind::Predates) {
            older[problem.table].insert(problem.key);
          } else {
            ++differ;
          }
        }
        if (differ > 0) {
          return refused(
              std::to_string(differ) +
              " rows differ from what the audit log recorded (shortlist audit verify names "
              "them): a seal records only rows the log has never known");
        }
        std::vector<ChangedRows::Group> groups;
        std::size_t sealed = 0;
        for (const Table& table : call_tables()) {
          auto keys = older.find(table.name);
          if (keys == older.end()) continue;
          ChangedRows::Group group;
          group.table = table.name;
          for (const auto& values : select_rows(tx, table, "", {}, {}, table.order)) {
            ChangedRows::Row row = digest_row(table, values, true);
            if (keys->second.count(row.key)) group.after.push_back(std::move(row));
          }
          sealed += group.after.size();
          groups.push_back(std::move(group));
        }
        append_audit(tx, {actor, "audit.sealed", "", audit_details({{"rows", sealed}})},
                     ChangedRows(std::move(groups)));
        return sealed;
      });
}

}  // namespace shortlist::store
