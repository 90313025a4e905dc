// CSV submissions, one proposal per row (RFC 4180): the header names the
// fields, dotted names nest (`applicant.name`, `budget.total`,
// `sections.context`), cells may be quoted and span lines, `""` is a quote
// inside a quoted cell, and the delimiter is `;` or `,`, whichever the header
// uses. Rows are numbered as in a spreadsheet: the header is row 1. An empty
// cell is an absent field; an entirely empty row is skipped.
//
//   Expected<std::vector<CsvRow>> rows = read_csv_documents(text, "calls/export.csv", 100000);
//   for (CsvRow& row : *rows) if (row.document) build_proposal(*row.document, row.default_id);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/document.h"

namespace shortlist::ingest {

struct CsvRow {
  std::string source;      // "file#row=N"
  std::string default_id;  // "<file stem>-row<N>"
  Expected<Document> document;
};

// Fails as a whole only when the header is unusable; a bad row is a row
// whose document holds the problem. Past `max_rows` data rows, reading stops
// with a final row saying so.
Expected<std::vector<CsvRow>> read_csv_documents(std::string_view text, const std::string& source,
                                                 const std::string& stem, std::size_t max_rows);

}  // namespace shortlist::ingest
