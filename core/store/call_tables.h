// The tables that hold a call — its submissions, runs, jury and decisions —
// each with its typed columns, its key, and the rows that belong to a call.
// One description for the export and import of a call (call_transfer.h)
// and for the digests the audit log keeps of every row (audit_log.h).
//
//   for (const Table& table : call_tables()) {
//     std::vector<std::vector<Value>> rows = select_rows(db, table, table.of_call, {text(call)});
//   }
#pragma once

#include <Poco/Types.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/store/database.h"

namespace shortlist::store {

enum class Type { Text, Integer, Real };

struct Column {
  const char* name;
  Type type;
  // For a column added after exports without it were written: the value
  // a row without it takes on import. nullptr: the column is required.
  const char* absent = nullptr;
};

struct Table {
  const char* name;
  std::vector<Column> columns;
  const char* of_call;  // the rows of a call, `?` being its id
  const char* order;    // an order that makes exports stable
  std::vector<const char*> key;
};

// Parents before children, as an import needs them.
const std::vector<Table>& call_tables();
// nullptr when there is no such table.
const Table* find_table(std::string_view name);

// One stored value; only the member of the column's type is used.
struct Value {
  std::string text;
  Poco::Int64 integer = 0;
  double real = 0;
};
inline Value text_value(std::string text) { return Value{std::move(text), 0, 0}; }

// The column's position, or the number of columns when there is none.
std::size_t column_index(const Table& table, std::string_view name);
// "id, call_id, ..." in the table's order.
std::string column_list(const Table& table);
// A value as text: text as it is, numbers in their shortest exact form.
std::string value_text(Type type, const Value& value);

// A value of the column's type read from its text form (a key written as text).
Value value_of(Type type, const std::string& text);

// The rows of `table` matching `where` (with `?` placeholders, bound in order
// to `parameters`, each of the type of `types`), ordered by `order` if given.
std::vector<std::vector<Value>> select_rows(Database& db, const Table& table,
                                            const std::string& where,
                                            const std::vector<Type>& types,
                                            const std::vector<Value>& parameters,
                                            const std::string& order = "");

}  // namespace shortlist::store
