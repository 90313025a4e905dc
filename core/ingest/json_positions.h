// JsonPositions: where each value of a JSON text was written.
//
// Poco::JSON parses and decodes; it does not say where a value or a syntax
// error is. This scanner walks the same text once and records the line and
// column of every value by its path ("/budget/total", "/sections/0"), so that
// messages about JSON submissions name their place like YAML ones do. It
// decodes nothing but keys; it is not a second parser of values.
//
//   JsonPositions where = JsonPositions::scan(text, 64);
//   if (auto* e = where.find("/budget/total")) report(e->position);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/diagnostic.h"

namespace shortlist::ingest {

class JsonPositions {
 public:
  struct Entry {
    SourcePosition position;
    std::string literal;  // numbers, true/false/null as written
  };

  static JsonPositions scan(std::string_view text, int max_depth);

  const Entry* find(const std::string& path) const;
  // The first syntax error the scan met, if any, and where.
  const std::optional<std::string>& error() const { return error_; }
  SourcePosition error_position() const { return error_position_; }

 private:
  std::map<std::string, Entry> entries_;
  std::optional<std::string> error_;
  SourcePosition error_position_;

  friend class JsonScanner;
};

}  // namespace shortlist::ingest
