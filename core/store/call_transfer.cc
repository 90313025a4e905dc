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
#include "core/store/call_tables.h"
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

// The call's rows of `table`, row by row.
std::vector<std::vector<Value>> rows_of_call(Database& db, const Table& table, std::string call) {
  return select_rows(db, table, table.of_call, {Type::Text}, {text_value(std::move(call))},
                     table.order);
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
      values.push_back(text_value(c.absent));
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
  for (const Table& table : call_tables()) {
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
      for (const Table& table : call_tables()) {
        std::vector<std::vector<Value>> rows = rows_of_call(tx, table, call);
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
      append_audit(tx, {actor, "call.imported", call, audit_details(details)},
                   ChangedRows::whole_call(call));
    });
  } catch (const Poco::Exception& e) {
    if (refused) return *refused;
    return problem_at(source, 0, "cannot import: " + e.displayText());
  }
  if (refused) return *refused;
  return counts;
}

}  // namespace shortlist::store
