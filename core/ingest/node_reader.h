// NodeReader: typed reads from a Document's nodes that record a located
// problem instead of failing, so that one pass reports everything wrong with
// a file. Used for submissions and for criteria files alike.
//
//   NodeReader reader(document.source);
//   std::optional<double> total = reader.number(*node, "budget.total");
//   if (!reader.ok()) return reader.take_problems();
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ingest/document.h"

namespace shortlist::ingest {

// The number a plain (unquoted) scalar spells, if it spells one exactly.
std::optional<double> plain_number(const Node& node);

class NodeReader {
 public:
  explicit NodeReader(std::string source) : source_(std::move(source)) {}

  void problem(const Node& at, std::string message) { problem_at(at.position, std::move(message)); }
  void problem_at(SourcePosition at, std::string message) {
    problems_.push_back({source_, at, std::move(message)});
  }
  bool ok() const { return problems_.empty(); }
  const std::string& source() const { return source_; }
  Diagnostics take_problems() { return std::move(problems_); }

  // Each records "<what> must be ..." when the node is not of the kind.
  std::optional<std::string> text(const Node& node, std::string_view what);
  std::optional<double> number(const Node& node, std::string_view what);
  std::optional<double> non_negative(const Node& node, std::string_view what);
  bool is_map(const Node& node, std::string_view what);

  // Records "unknown <noun> '<prefix><key>'<where>" with a "did you mean" for
  // every key of `map` not in `known`.
  void unknown_keys(const Node& map, const std::vector<std::string_view>& known,
                    std::string_view noun, std::string_view prefix, std::string_view where = "");

 private:
  std::string source_;
  Diagnostics problems_;
};

}  // namespace shortlist::ingest
