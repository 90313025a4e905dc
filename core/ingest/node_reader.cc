#include "core/ingest/node_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/util/suggest.h"

namespace shortlist::ingest {

std::optional<double> plain_number(const Node& node) {
  if (node.kind != Node::Kind::Scalar || node.quoted) return std::nullopt;
  double value = 0;
  const char* begin = node.scalar.data();
  const char* end = begin + node.scalar.size();
  auto [stop, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::string> NodeReader::text(const Node& node, std::string_view what) {
  if (node.kind == Node::Kind::Scalar) return node.scalar;
  problem(node, std::string(what) + " must be text, not " + std::string(node.kind_name()));
  return std::nullopt;
}

std::optional<double> NodeReader::number(const Node& node, std::string_view what) {
  if (std::optional<double> value = plain_number(node)) return value;
  const std::string got =
      node.kind == Node::Kind::Scalar ? "'" + node.scalar + "'" : std::string(node.kind_name());
  problem(node, std::string(what) + " must be a number, got " + got);
  return std::nullopt;
}

std::optional<double> NodeReader::non_negative(const Node& node, std::string_view what) {
  std::optional<double> value = number(node, what);
  if (value && *value < 0) {
    problem(node, std::string(what) + " must not be negative");
    return std::nullopt;
  }
  return value;
}

bool NodeReader::is_map(const Node& node, std::string_view what) {
  if (node.kind == Node::Kind::Map) return true;
  problem(node, std::string(what) + " must be a mapping of names to values, not " +
                    std::string(node.kind_name()));
  return false;
}

void NodeReader::unknown_keys(const Node& map, const std::vector<std::string_view>& known,
                              std::string_view noun, std::string_view prefix,
                              std::string_view where) {
  for (const auto& [key, value] : map.members) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    problem_at(value.key_position, "unknown " + std::string(noun) + " '" + std::string(prefix) +
                                       key + "'" + std::string(where) + did_you_mean(key, known));
  }
}

}  // namespace shortlist::ingest
