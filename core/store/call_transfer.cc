#include "core/store/call_transfer.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <istream>
#include <ostream>
#include <vector>

#include "core/store/audit_log.h"
#include "core/store/lifecycle.h"
#include "core/store/migrations.h"
#include "core/util/digest.h"

namespace shortlist::store {
namespace {

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

constexpr int kFormat = 1;
constexpr const char* kKind = "call-export";

enum class Type { Text, Integer, Real };

struct Column {
  const char* name;
  Type type;
  // For a column added after exports without it were written: the value
  // a row without it takes on import. nullptr: the column is required.
  const char* absent = nullptr;
};

// A table that travels with its call: its columns, the rows belonging to
// the call (`?` is the call's id), and an order that makes exports stable.
struct Table {
  const char* name;
  std::vector<Column> columns;
  const char* of_call;
  const char* order;
};

constexpr const char* kRunsOfCall = "run_id IN (SELECT id FROM runs WHERE call_id = ?)";
constexpr const char* kSubmissionsOfCall =
    "submission_id IN (SELECT id FROM submissions WHERE call_id = ?)";

// Parents before children, as the import needs them.
const std::vector<Table>& tables() {
  static const std::vector<Table> kTables = {
      {"calls",
       {{"id", Type::Text}, {"name", Type::Text}, {"created_at", Type::Text}},
       "id = ?",
       "id"},
      {"applicants",
       {{"id", Type::Text},
        {"call_id", Type::Text},
        {"name", Type::Text},
        {"country", Type::Text},
        {"type", Type::Text},
        {"email", Type::Text},
        {"created_at", Type::Text}},
       "call_id = ?",
       "id"},
      {"submissions",
       {{"id", Type::Text},
        {"call_id", Type::Text},
        {"tracking_code", Type::Text},
        {"applicant_name", Type::Text},
        {"applicant_country", Type::Text},
        {"language", Type::Text},
        {"status", Type::Text},
        {"current_version", Type::Integer},
        {"created_at", Type::Text},
        {"applicant_id", Type::Text}},
       "call_id = ?",
       "id"},
      {"submission_versions",
       {{"submission_id", Type::Text},
        {"version", Type::Integer},
        {"source", Type::Text},
        {"content_hash", Type::Text},
        {"encoding", Type::Text},
        {"title", Type::Text},
        {"document", Type::Text},
        {"received_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, version"},
      {"status_history",
       {{"submission_id", Type::Text},
        {"seq", Type::Integer},
        {"status", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, seq"},
      {"runs",
       {{"id", Type::Integer},
        {"call_id", Type::Text},
        {"created_at", Type::Text},
        {"actor", Type::Text},
        {"method", Type::Text},
        {"seed", Type::Integer},
        {"criteria_source", Type::Text},
        {"criteria_content", Type::Text},
        {"criteria_sha256", Type::Text},
        {"inputs_sha256", Type::Text},
        {"report", Type::Text}},
       "call_id = ?",
       "id"},
      {"run_plugins",
       {{"run_id", Type::Integer},
        {"name", Type::Text},
        {"version", Type::Text},
        {"sha256", Type::Text}},
       kRunsOfCall,
       "run_id, name"},
      {"run_entries",
       {{"run_id", Type::Integer},
        {"rank", Type::Integer},
        {"proposal_id", Type::Text},
        {"title", Type::Text},
        {"score", Type::Real},
        {"shortlisted", Type::Integer}},
       kRunsOfCall,
       "run_id, rank, proposal_id"},
      {"run_scores",
       {{"run_id", Type::Integer},
        {"proposal_id", Type::Text},
        {"criterion_id", Type::Text},
        {"raw", Type::Real},
        {"normalized", Type::Real},
        {"contribution", Type::Real},
        {"explanation", Type::Text},
        {"plugin", Type::Text},
        {"imputed", Type::Text, ""}},
       kRunsOfCall,
       "run_id, proposal_id, criterion_id"},
      {"run_withdrawals",
       {{"run_id", Type::Integer},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"withdrawn_at", Type::Text}},
       kRunsOfCall,
       "run_id"},
      {"feedback_releases",
       {{"call_id", Type::Text},
        {"run_id", Type::Integer},
        {"released_at", Type::Text},
        {"actor", Type::Text}},
       "call_id = ?",
       "call_id"},
      {"jurors",
       {{"call_id", Type::Text},
        {"id", Type::Text},
        {"name", Type::Text},
        {"email", Type::Text},
        {"organisation", Type::Text},
        {"country", Type::Text},
        {"languages", Type::Text},
        {"max_load", Type::Integer},
        {"partners", Type::Text},
        {"added_at", Type::Text}},
       "call_id = ?",
       "id"},
      {"juror_conflicts",
       {{"call_id", Type::Text},
        {"juror_id", Type::Text},
        {"kind", Type::Text},
        {"target", Type::Text},
        {"declared_at", Type::Text}},
       "call_id = ?",
       "juror_id, kind, target"},
      {"assignments",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"call_id", Type::Text},
        {"manual", Type::Integer},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"assigned_at", Type::Text}},
       "call_id = ?",
       "submission_id, juror_id"},
      {"assignment_exclusions",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"call_id", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"excluded_at", Type::Text}},
       "call_id = ?",
       "submission_id, juror_id"},
      {"reviews",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"abstained", Type::Integer},
        {"confidence", Type::Real},
        {"comment", Type::Text},
        {"actor", Type::Text},
        {"submitted_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, juror_id"},
      {"review_scores",
       {{"submission_id", Type::Text},
        {"juror_id", Type::Text},
        {"criterion_id", Type::Text},
        {"score", Type::Real},
        {"comment", Type::Text}},
       kSubmissionsOfCall,
       "submission_id, juror_id, criterion_id"},
      {"decisions",
       {{"submission_id", Type::Text},
        {"decision", Type::Text},
        {"reason", Type::Text},
        {"actor", Type::Text},
        {"decided_at", Type::Text},
        {"released_at", Type::Text}},
       kSubmissionsOfCall,
       "submission_id"},
  };
  return kTables;
}

const Table* find_table(const std::string& name) {
  for (const Table& t : tables()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

// One stored value; only the member of the column's type is used.
struct Value {
  std::string text;
  Poco::Int64 integer = 0;
  double real = 0;
};

// The column's position, or the number of columns when there is none.
std::size_t column_index(const Table& table, std::string_view name) {
  for (std::size_t k = 0; k < table.columns.size(); ++k) {
    if (name == table.columns[k].name) return k;
  }
  return table.columns.size();
}

std::string column_list(const Table& table) {
  std::string list;
  for (const Column& c : table.columns) list += (list.empty() ? "" : ", ") + std::string(c.name);
  return list;
}

// The call's rows of `table`, row by row.
std::vector<std::vector<Value>> select_rows(Database& db, const Table& table, std::string call) {
  const std::size_t n = table.columns.size();
  std::vector<std::vector<std::string>> texts(n);
  std::vector<std::vector<Poco::Int64>> integers(n);
  std::vector<std::vector<double>> reals(n);
  Poco::Data::Statement select(db.session());
  select << db.sql("SELECT " + column_list(table) + " FROM " + table.name + " WHERE " +
                   table.of_call + " ORDER BY " + table.order);
  for (std::size_t k = 0; k < n; ++k) {
    switch (table.columns[k].type) {
      case Type::Text:
        select, into(texts[k]);
        break;
      case Type::Integer:
        select, into(integers[k]);
        break;
      case Type::Real:
        select, into(reals[k]);
        break;
    }
  }
  select, use(call);
  select.execute();
  std::vector<std::vector<Value>> rows;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t count = std::max({texts[k].size(), integers[k].size(), reals[k].size()});
    rows.resize(std::max(rows.size(), count), std::vector<Value>(n));
    for (std::size_t i = 0; i < count; ++i) {
      Value& v = rows[i][k];
      switch (table.columns[k].type) {
        case Type::Text:
          v.text = std::move(texts[k][i]);
          break;
        case Type::Integer:
          v.integer = integers[k][i];
          break;
        case Type::Real:
          v.real = reals[k][i];
          break;
      }
    }
  }
  return rows;
}

Poco::JSON::Object::Ptr ordered() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

void write_line(const Poco::JSON::Object::Ptr& object, std::ostream& out) {
  Poco::JSON::Stringifier::stringify(object, out);
  out << '\n';
}

// A row read from the file, checked against its table.
struct Row {
  const Table* table = nullptr;
  std::vector<Value> values;
  int line = 0;
};

Diagnostic problem_at(const std::string& source, int line, const std::string& message) {
  return Diagnostic{source, {line, 0}, message};
}

// The row's values in column order, or what is wrong with them.
std::optional<std::string> read_values(const Table& table, const Poco::JSON::Object& row,
                                       std::vector<Value>& values) {
  for (const std::string& name : row.getNames()) {
    if (column_index(table, name) == table.columns.size()) {
      return std::string(table.name) + " has no column '" + name + "'";
    }
  }
  for (const Column& c : table.columns) {
    if (!row.has(c.name) && c.absent != nullptr) {
      Value value;
      value.text = c.absent;
      values.push_back(std::move(value));
      continue;
    }
    if (!row.has(c.name)) return std::string(table.name) + " row without '" + c.name + "'";
    const Poco::Dynamic::Var& v = row.get(c.name);
    Value value;
    switch (c.type) {
      case Type::Text:
        if (!v.isString()) return std::string("'") + c.name + "' must be a string";
        value.text = v.extract<std::string>();
        break;
      case Type::Integer:
        if (!v.isInteger()) return std::string("'") + c.name + "' must be a whole number";
        value.integer = v.convert<Poco::Int64>();
        break;
      case Type::Real:
        if (!v.isNumeric()) return std::string("'") + c.name + "' must be a number";
        value.real = v.convert<double>();
        break;
    }
    values.push_back(std::move(value));
  }
  return std::nullopt;
}

// What the header says, or the problems with it.
struct Header {
  std::string call;
};

Expected<Header> read_header(const Poco::JSON::Object& header, const std::string& source) {
  if (header.optValue<std::string>("shortlist", "") != kKind) {
    return problem_at(source, 1, "not a Shortlist call export (the first line names none)");
  }
  if (header.optValue<int>("format", 0) != kFormat) {
    return problem_at(source, 1,
                      "export format " + header.optValue<std::string>("format", "?") +
                          " is not the format " + std::to_string(kFormat) +
                          " this version of Shortlist reads");
  }
  if (header.optValue<int>("schema", 0) > latest_schema_version()) {
    return problem_at(source, 1,
                      "the export comes from a newer schema (" +
                          header.optValue<std::string>("schema", "?") + ") than the " +
                          std::to_string(latest_schema_version()) + " this Shortlist knows");
  }
  Header h{header.optValue<std::string>("call", "")};
  if (h.call.empty()) return problem_at(source, 1, "the header names no call");
  return h;
}

// Checks that tie a row to the header's call.
std::optional<std::string> belongs_to_call(const Row& row, const std::string& call) {
  const Table& t = *row.table;
  const std::string_view name = t.name;
  const std::size_t own = column_index(t, name == "calls" ? "id" : "call_id");
  if (own < t.columns.size() && row.values[own].text != call) {
    return std::string(t.name) + " row of call '" + row.values[own].text + "', not '" + call + "'";
  }
  const std::size_t status = column_index(t, "status");
  if (status < t.columns.size() && !is_status(row.values[status].text)) {
    return "'" + row.values[status].text + "' is not a status";
  }
  return std::nullopt;
}

void insert_row(Database& tx, Row& row) {
  const Table& t = *row.table;
  std::string marks;
  for (std::size_t k = 0; k < t.columns.size(); ++k) marks += k == 0 ? "?" : ", ?";
  Poco::Data::Statement insert(tx.session());
  insert << tx.sql("INSERT INTO " + std::string(t.name) + " (" + column_list(t) + ") VALUES (" +
                   marks + ")");
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    Value& v = row.values[k];
    switch (t.columns[k].type) {
      case Type::Text:
        insert, use(v.text);
        break;
      case Type::Integer:
        insert, use(v.integer);
        break;
      case Type::Real:
        insert, use(v.real);
        break;
    }
  }
  insert.execute();
}

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> transferred_columns() {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const Table& table : tables()) {
    out.push_back({table.name, {}});
    for (const Column& c : table.columns) out.back().second.push_back(c.name);
  }
  return out;
}

Expected<TransferCounts> export_call(Database& db, const std::string& call, std::ostream& out) {
  TransferCounts counts;
  std::optional<Diagnostic> missing;
  try {
    // One transaction: a consistent picture while others write.
    db.transaction([&](Database& tx) {
      for (const Table& table : tables()) {
        std::vector<std::vector<Value>> rows = select_rows(tx, table, call);
        if (std::string_view(table.name) == "calls") {
          if (rows.empty()) {
            missing = Diagnostic{"", {}, "there is no call '" + call + "'"};
            return;
          }
          Poco::JSON::Object::Ptr header = ordered();
          header->set("shortlist", kKind);
          header->set("format", kFormat);
          header->set("schema", latest_schema_version());
          header->set("call", call);
          header->set("exported_at", utc_now());
          write_line(header, out);
        }
        for (const std::vector<Value>& values : rows) {
          Poco::JSON::Object::Ptr row = ordered();
          for (std::size_t k = 0; k < table.columns.size(); ++k) {
            const Column& c = table.columns[k];
            switch (c.type) {
              case Type::Text:
                row->set(c.name, values[k].text);
                break;
              case Type::Integer:
                row->set(c.name, values[k].integer);
                break;
              case Type::Real:
                row->set(c.name, values[k].real);
                break;
            }
          }
          Poco::JSON::Object::Ptr line = ordered();
          line->set("table", std::string(table.name));
          line->set("row", row);
          write_line(line, out);
        }
        counts[table.name] = rows.size();
      }
    });
  } catch (const Poco::Exception& e) {
    return Diagnostic{"", {}, "cannot export call '" + call + "': " + e.displayText()};
  }
  if (missing) return *missing;
  return counts;
}

Expected<TransferCounts> import_call(Database& db, std::istream& in, const std::string& source,
                                     const std::string& actor) {
  // Read and check everything first: a bad line must not leave half a call.
  Diagnostics problems;
  std::string bytes, text;
  std::optional<Header> header;
  std::vector<Row> rows;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    bytes += text + "\n";
    if (text.empty()) continue;
    Poco::JSON::Object::Ptr object;
    try {
      Poco::JSON::Parser parser;
      object = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
      problems.push_back(problem_at(source, line, "not a JSON object: " + e.displayText()));
      continue;
    }
    if (!header) {
      Expected<Header> h = read_header(*object, source);
      if (!h) return h.problems();
      header = *h;
      continue;
    }
    const Table* table = find_table(object->optValue<std::string>("table", ""));
    Poco::JSON::Object::Ptr values = object->getObject("row");
    if (!table || !values) {
      problems.push_back(problem_at(
          source, line, "expected {\"table\": ..., \"row\": {...}} naming a table of a call"));
      continue;
    }
    Row row{table, {}, line};
    if (auto problem = read_values(*table, *values, row.values)) {
      problems.push_back(problem_at(source, line, *problem));
      continue;
    }
    if (auto problem = belongs_to_call(row, header->call)) {
      problems.push_back(problem_at(source, line, *problem));
      continue;
    }
    rows.push_back(std::move(row));
  }
  if (!header) return problem_at(source, 0, "empty: not a Shortlist call export");
  const std::size_t calls =
      static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const Row& r) {
        return std::string_view(r.table->name) == "calls";
      }));
  if (problems.empty() && calls != 1) {
    problems.push_back(problem_at(
        source, 0, "an export holds its call once, not " + std::to_string(calls) + " times"));
  }
  if (!problems.empty()) return problems;

  TransferCounts counts;
  const std::string file_hash = sha256_hex(bytes);
  std::optional<Diagnostic> refused;
  try {
    db.transaction([&](Database& tx) {
      counts.clear();
      refused.reset();
      Poco::Int64 present = 0, last_run = 0;
      std::string call = header->call;
      tx.session() << tx.sql("SELECT COUNT(*) FROM calls WHERE id = ?"), into(present), use(call),
          now;
      if (present > 0) {
        refused = problem_at(source, 0,
                             "the database already has call '" + call +
                                 "': an import brings a call into a database without it");
        return;
      }
      // Runs are numbered on from the database's own.
      tx.session() << "SELECT COALESCE(MAX(id), 0) FROM runs", into(last_run), now;
      std::map<Poco::Int64, Poco::Int64> run_ids;
      for (Row row : rows) {  // a copy: a retried transaction starts from the file's ids
        const Table& t = *row.table;
        const bool is_run = std::string_view(t.name) == "runs";
        const std::size_t run_column = column_index(t, is_run ? "id" : "run_id");
        if (run_column < t.columns.size()) {
          Poco::Int64& id = row.values[run_column].integer;
          if (is_run) {
            id = run_ids[id] = last_run + static_cast<Poco::Int64>(run_ids.size()) + 1;
          } else if (auto known = run_ids.find(id); known != run_ids.end()) {
            id = known->second;
          } else {
            refused = problem_at(source, row.line,
                                 "run " + std::to_string(id) + " is not in the export before it");
            throw Poco::Exception("refused");
          }
        }
        try {
          insert_row(tx, row);
        } catch (const Poco::Exception& e) {
          refused =
              problem_at(source, row.line, "the database refuses the row: " + e.displayText());
          throw;
        }
        ++counts[t.name];
      }
      std::vector<std::pair<std::string, Poco::Dynamic::Var>> details = {{"sha256", file_hash}};
      for (const auto& [table, n] : counts) details.emplace_back(table, n);
      append_audit(tx, {actor, "call.imported", call, audit_details(details)});
    });
  } catch (const Poco::Exception& e) {
    if (refused) return *refused;
    return problem_at(source, 0, "cannot import: " + e.displayText());
  }
  if (refused) return *refused;
  return counts;
}

}  // namespace shortlist::store
