#include "core/ingest/csv.h"

#include <algorithm>
#include <set>

namespace shortlist::ingest {
namespace {

struct Record {
  std::vector<std::string> cells;
  int line = 0;  // physical line where the record starts
  bool unterminated = false;
};

char detect_delimiter(std::string_view text) {
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    commas += c == ',';
    semicolons += c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

// Splits the text into records, following quotes across lines.
std::vector<Record> records_of(std::string_view text, char delimiter) {
  std::vector<Record> records;
  Record record;
  std::string cell;
  bool quoted = false;
  bool any = false;  // anything seen in this record
  int line = 1;
  record.line = 1;
  auto end_cell = [&] {
    record.cells.push_back(std::move(cell));
    cell.clear();
  };
  auto end_record = [&] {
    end_cell();
    records.push_back(std::move(record));
    record = Record{};
    record.line = line;
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.find_first_not_of(" \t") == std::string::npos) {
      cell.clear();
      quoted = true;
      any = true;
    } else if (c == delimiter) {
      end_cell();
      any = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n' || c == '\r') {
      ++line;
      end_record();
    } else {
      cell += c;
      any = true;
    }
  }
  if (quoted) record.unterminated = true;
  if (any || quoted) end_record();
  return records;
}

std::string trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Puts `value` at the dotted `path` under `map`, creating mappings on the way.
void place(Node& map, std::string_view path, Node value) {
  const std::size_t dot = path.find('.');
  const std::string key(path.substr(0, dot));
  auto it = std::find_if(map.members.begin(), map.members.end(),
                         [&](const auto& member) { return member.first == key; });
  if (dot == std::string_view::npos) {
    map.members.emplace_back(key, std::move(value));
    return;
  }
  if (it == map.members.end()) {
    Node child;
    child.kind = Node::Kind::Map;
    map.members.emplace_back(key, std::move(child));
    it = std::prev(map.members.end());
  }
  place(it->second, path.substr(dot + 1), std::move(value));
}

}  // namespace

Expected<std::vector<CsvRow>> read_csv_documents(std::string_view text, const std::string& source,
                                                 const std::string& stem, std::size_t max_rows) {
  const char delimiter = detect_delimiter(text);
  std::vector<Record> records = records_of(text, delimiter);
  if (records.empty()) return Diagnostic{source, {}, "the file is empty"};

  std::vector<std::string> header;
  std::set<std::string> seen;
  Diagnostics problems;
  for (std::size_t k = 0; k < records[0].cells.size(); ++k) {
    std::string name = trimmed(records[0].cells[k]);
    if (name.empty()) {
      problems.push_back(
          {source + "#row=1", {}, "column " + std::to_string(k + 1) + " has no name"});
    } else if (!seen.insert(name).second) {
      problems.push_back({source + "#row=1", {}, "column '" + name + "' appears twice"});
    } else if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) {
      problems.push_back(
          {source + "#row=1", {}, "column '" + name + "' is not a dotted field name"});
    }
    header.push_back(std::move(name));
  }
  for (const std::string& a : header) {
    for (const std::string& b : header) {
      if (b.size() > a.size() && b.compare(0, a.size(), a) == 0 && b[a.size()] == '.') {
        problems.push_back({source + "#row=1",
                            {},
                            "columns '" + a + "' and '" + b + "' overlap: '" + a +
                                "' cannot be both a value and a group"});
      }
    }
  }
  if (!problems.empty()) return problems;

  std::vector<CsvRow> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    const std::string number = std::to_string(r + 1);
    CsvRow row{source + "#row=" + number, stem + "-row" + number, Diagnostic{}};
    bool blank = true;
    for (const std::string& cell : record.cells) blank = blank && trimmed(cell).empty();
    if (blank && !record.unterminated) continue;
    if (rows.size() == max_rows) {
      rows.push_back({row.source, row.default_id,
                      Diagnostic{row.source,
                                 {},
                                 "more than " + std::to_string(max_rows) +
                                     " rows: this row and the rest are not read "
                                     "(the limit is --max-csv-rows)"}});
      break;
    }
    if (record.unterminated) {
      row.document = Diagnostic{
          row.source,
          {},
          "a quoted cell opened on line " + std::to_string(record.line) + " is never closed"};
    } else if (record.cells.size() != header.size()) {
      row.document = Diagnostic{row.source,
                                {},
                                std::to_string(record.cells.size()) +
                                    " cells, but the header has " + std::to_string(header.size())};
    } else {
      Document document{row.source, {}};
      document.root.kind = Node::Kind::Map;
      for (std::size_t k = 0; k < header.size(); ++k) {
        std::string value = trimmed(record.cells[k]);
        if (value.empty()) continue;
        Node cell;
        cell.kind = Node::Kind::Scalar;
        cell.scalar = std::move(value);
        place(document.root, header[k], std::move(cell));
      }
      row.document = std::move(document);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace shortlist::ingest
