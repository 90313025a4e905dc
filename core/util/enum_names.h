// One table per enum of the names users write in configuration files, from
// which both directions are derived, so that a name cannot be spelt one way
// when parsed and another when printed.
//
//   constexpr EnumName<Direction> kDirections[] = {{Direction::Max, "max"}, {Direction::Min,
//   "min"}}; name_of(kDirections, Direction::Min);        // "min" parse_name(kDirections, "max");
//   // Direction::Max all_names(kDirections);                      // {"max", "min"}
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace shortlist {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumName<E> (&names)[N], E value) {
  for (const EnumName<E>& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

template <class E, std::size_t N>
constexpr std::optional<E> parse_name(const EnumName<E> (&names)[N], std::string_view name) {
  for (const EnumName<E>& entry : names) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::vector<std::string_view> all_names(const EnumName<E> (&names)[N]) {
  std::vector<std::string_view> out;
  for (const EnumName<E>& entry : names) out.push_back(entry.name);
  return out;
}

}  // namespace shortlist
